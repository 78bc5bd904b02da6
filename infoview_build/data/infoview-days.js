// A built page is the view of the day it was built. Read on a later day, each dated item
// is said again for the reader's own date ("due today", "3 days overdue"), the dashboard
// files it under Overdue, Due today or Coming week, and past the last day the build
// foresaw the page says how old it is. Without scripts the page stays the build day's view.
// Nothing here fetches anything: it works the same from a server and from file://.
(function () {
  var DAY = 86400000;
  var WEEK = 7; // the dashboard's coming week, in days (site/render.py, WEEK_DAYS)

  // A YYYY-MM-DD day as a number of milliseconds (UTC midnight), NaN when it is no day.
  function day(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  }

  function iso(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  // The reader's own date, in their time zone.
  function readerToday() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function days(n) {
    return n === 1 ? "1 day" : n + " days";
  }

  // The words of 'infoview todo' and of the build (plan/checklists.py, due_phrase).
  function phrase(ahead) {
    if (ahead === 0) return "due today";
    if (ahead === 1) return "due tomorrow";
    if (ahead > 1) return "due in " + ahead + " days";
    return days(-ahead) + " overdue";
  }

  function redate(today) {
    document.querySelectorAll(".infoview-today").forEach(function (el) {
      el.textContent = iso(today);
    });
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var due = day(el.dataset.due);
      if (isNaN(due)) return;
      var row = el.closest("li, td");
      if (today > day(el.dataset.until)) {
        // Past the last day it shows (a prep list once the interview is held).
        if (row && row.tagName === "LI") {
          row.hidden = true;
          row.dataset.gone = "1";
        } else if (row) {
          row.textContent = "–";
        }
        return;
      }
      var ahead = Math.round((due - today) / DAY);
      el.textContent = phrase(ahead);
      el.classList.toggle("infoview-due--overdue", ahead < 0);
      if (!row) return;
      row.dataset.ahead = String(ahead);
      // Known from its day on (the build put it in the page, hidden, for that day).
      if (row.tagName === "LI") row.hidden = today < day(el.dataset.from);
    });
    var nothing = document.querySelector(".infoview-nothing");
    if (nothing && !document.querySelector(".infoview-dashboard")) {
      nothing.hidden = Array.prototype.some.call(
        document.querySelectorAll("li[data-ahead]"), function (li) { return !li.hidden; });
    }
  }

  // The dashboard's three groups, filled again for the reader's day; the items keep their
  // order (oldest due first), since the groups come in that order too.
  function refile(board) {
    var groups = {};
    board.querySelectorAll(".infoview-group").forEach(function (group) {
      groups[group.dataset.group] = group;
    });
    if (!groups.overdue || !groups["due-today"] || !groups["coming-week"]) return;
    var items = [];
    ["overdue", "due-today", "coming-week"].forEach(function (name) {
      groups[name].querySelectorAll("li").forEach(function (li) { items.push(li); });
    });
    var counts = {overdue: 0, today: 0, week: 0};
    items.forEach(function (li) {
      if (li.dataset.gone || li.dataset.ahead === undefined) return;
      var ahead = +li.dataset.ahead;
      // The coming week of the reader's day: items further ahead wait, hidden.
      if (ahead > WEEK) li.hidden = true;
      if (li.hidden) return;
      var name = ahead < 0 ? "overdue" : ahead === 0 ? "due-today" : "coming-week";
      counts[ahead < 0 ? "overdue" : ahead === 0 ? "today" : "week"] += 1;
      groups[name].querySelector("ul").appendChild(li);
    });
    // A long section shows its first items only: those left out (the build day's "And N
    // more") stay in the count, the ones of today's section now overdue.
    function rest(name) { return +(groups[name].dataset.rest || 0); }
    counts.overdue += rest("overdue") + rest("due-today");
    counts.week += rest("coming-week");
    Object.keys(counts).forEach(function (name) {
      var el = board.querySelector('[data-count="' + name + '"]');
      if (el) el.textContent = counts[name].toLocaleString("en-US");  // 1,234 as built
    });
    groups.overdue.hidden = counts.overdue === 0;
    groups["due-today"].hidden = counts.today === 0;
    groups["coming-week"].hidden = counts.week === 0;
    var total = counts.overdue + counts.today + counts.week;
    var some = board.querySelector(".infoview-counts");
    var none = board.querySelector(".infoview-nothing");
    if (some && none) {
      some.hidden = total === 0;
      none.hidden = total !== 0;
    }
  }

  // Interviews ahead: those now past leave, the one on the reader's day says "today".
  function interviewsAhead(board, today) {
    var left = 0;
    board.querySelectorAll("li[data-day]").forEach(function (li) {
      var when = day(li.dataset.day);
      li.hidden = when < today;
      if (!li.hidden) left += 1;
      var mark = li.querySelector(".infoview-on-today");
      if (when === today && !mark) {
        mark = document.createElement("strong");
        mark.className = "infoview-on-today";
        mark.textContent = "today";
        var link = li.querySelector("a");
        if (link) link.after(" ", mark);
      } else if (when !== today && mark) {
        if (mark.previousSibling && mark.previousSibling.nodeType === 3) {
          mark.previousSibling.remove();
        }
        mark.remove();
      }
    });
    var none = board.querySelector(".infoview-none-ahead");
    if (none && board.querySelector("li[data-day]")) none.hidden = left > 0;
  }

  // Past the last day the build knew every item of: say so, once, under the title.
  function warn(built) {
    if (document.querySelector(".infoview-stale")) return;
    var note = document.createElement("p");
    note.className = "infoview-stale";
    note.setAttribute("role", "note");
    note.append("Built on " + iso(built) + " — run ");
    var code = document.createElement("code");
    code.textContent = "infoview build";
    note.append(code, " for newer items.");
    var title = document.querySelector("article h1") || document.querySelector("h1");
    if (title) {
      title.after(note);
    } else {
      document.body.prepend(note);
    }
  }

  function update() {
    var info = document.querySelector("[data-built]");
    if (!info) return;
    var built = day(info.dataset.built);
    var horizon = day(info.dataset.horizon);
    var today = readerToday();
    // The build day's view is right on the build day (and on a clock that is behind).
    if (isNaN(built) || today <= built) return;
    redate(today);
    var board = document.querySelector(".infoview-dashboard");
    if (board) {
      refile(board);
      interviewsAhead(board, today);
    }
    if (!(today <= horizon)) warn(built);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
