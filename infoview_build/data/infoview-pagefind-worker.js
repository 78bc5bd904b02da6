/* infoview: Material's search box, answered by Pagefind (over http).
 *
 * Material talks to its search worker in four messages: SETUP (0) with the index, READY (1),
 * QUERY (2) with what was typed, RESULT (3) with the results, grouped by page. This worker
 * speaks the same messages, but searches the Pagefind index that `infoview build` writes
 * into pagefind/: the browser loads only the small parts of the index that a query needs,
 * instead of the whole search_index.json on every page. Started by
 * infoview-iframe-worker.js in place of Material's worker; the site's root is found from
 * this script's own address (assets/infoview/ below it).
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var FIRST = 10;     /* results sent at once, with their excerpts */
var MORE = 40;      /* results sent once those are shown */
var SECTIONS = 5;   /* headings shown below a page */
var WORDS = 30;     /* words around the first match, in an excerpt */

var root = self.location.href.replace(/assets\/infoview\/[^\/]*$/, "");
var loading = null;
var latest = 0;

function pagefind() {
  if (!loading) {
    loading = import(root + "pagefind/pagefind.js").then(function (module) {
      return module.options({ excerptLength: WORDS }).then(function () {
        return module.init();
      }).then(function () {
        return module;
      });
    });
  }
  return loading;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* Pagefind's excerpt, its <mark> kept and everything else shown as text: Material puts
 * the text of a result into the page as HTML. */
function excerpt(text) {
  return String(text || "").split(/(<mark>|<\/mark>)/).map(function (part) {
    return part === "<mark>" || part === "</mark>" ? part : escapeHtml(unescapeHtml(part));
  }).join("");
}

function unescapeHtml(text) {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (all, name) {
    return { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" }[name];
  });
}

/* A root-relative address of Pagefind ("/contacts/ada-quill.html"), as Material wants it:
 * relative to the site's root, whatever folder the site is served from. */
function located(url) {
  return String(url).replace(/^\/+/, "");
}

function terms(query) {
  var found = {};
  query.toLowerCase().split(/\s+/).forEach(function (word) {
    word = word.replace(/^[+\-"]+|["*~^]+$/g, "");
    if (word) {
      found[word] = true;
    }
  });
  return found;
}

function group(result, data, words) {
  var title = escapeHtml((data.meta && data.meta.title) || data.url);
  var page = {
    location: located(data.url), title: title, text: excerpt(data.excerpt),
    score: result.score, terms: words
  };
  var items = [page];
  (data.sub_results || []).forEach(function (section) {
    if (items.length > SECTIONS || String(section.url).indexOf("#") < 0
        || section.title === (data.meta && data.meta.title)) {
      return;
    }
    items.push({
      location: located(section.url), title: escapeHtml(section.title),
      text: excerpt(section.excerpt), score: result.score / 2, terms: words
    });
  });
  return items;
}

function search(number, query) {
  return pagefind().then(function (module) {
    return module.search(query);
  }).then(function (found) {
    var results = (found && found.results) || [];
    var words = terms(query);
    function send(count) {
      return Promise.all(results.slice(0, count).map(function (result) {
        return result.data().then(function (data) { return group(result, data, words); });
      })).then(function (items) {
        if (number === latest) {
          self.postMessage({ type: RESULT, data: { items: items } });
        }
      });
    }
    return send(FIRST).then(function () {
      if (results.length > FIRST && number === latest) {
        return send(FIRST + MORE);
      }
    });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    pagefind().catch(function () {});  /* loaded while the reader types */
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var number = ++latest;
    var query = String(message.data || "").trim();
    if (!query) {
      self.postMessage({ type: RESULT, data: { items: [] } });
      return;
    }
    search(number, query).catch(function (error) {
      console.warn("infoview: search failed", error);
      if (number === latest) {
        self.postMessage({ type: RESULT, data: { items: [] } });
      }
    });
  }
});
