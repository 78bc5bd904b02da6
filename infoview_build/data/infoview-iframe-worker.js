/* infoview: Material's search, over http from Pagefind, and on a site opened from disk.
 *
 * Over http, Material's search box is answered by infoview-pagefind-worker.js, which reads
 * the Pagefind index a piece at a time (see PagefindWorker below).
 *
 * From disk (file://), browsers refuse to start a Web Worker and to load Pagefind's
 * modules, so Material's own search (lunr) runs, on search_index.js: this runs its worker's
 * script in a hidden same-origin iframe, giving it the two things a worker talks through:
 * postMessage() and the "message" event. Material's search worker knows this arrangement
 * (it looks for parent.IFrameWorker); hyphenatedWords() (below) is applied to it. Loaded
 * from the site itself, before Material's scripts: the site makes no request to another
 * host.
 */
(function () {
  "use strict";

  /* Hyphenated words, whole and in parts. Material's search (lunr) reads "on-call" in a query
   * as "on" and "call", and "on" is a stop word: notes that merely say "call" ranked above
   * the one about being on call. When the site's search separator (mkdocs.yml) does not
   * split words at hyphens, this runs inside the search worker, after Material's script: a
   * query keeps "on-call" whole (a leading "-" still means "must not contain"), and the
   * index holds every hyphenated word whole and, for a search of one part, in its parts.
   * With a separator that splits at hyphens, nothing changes. */
  function hyphenatedWords(lunr) {
    if (!lunr || !lunr.Builder || !lunr.QueryLexer || !lunr.Pipeline) {
      return;
    }
    function parts(token) {
      var word = token.toString();
      if (word.indexOf("-") < 0) {
        return token;
      }
      var whole = word.replace(/^-+|-+$/g, "");
      if (!whole) {
        return null;
      }
      var words = whole.indexOf("-") < 0 ? [whole] : [whole].concat(whole.split(/-+/));
      return words.map(function (each) {
        return token.clone(function () { return each; });
      });
    }
    lunr.Pipeline.registerFunction(parts, "infoviewHyphenatedWords");
    var add = lunr.Builder.prototype.add;
    lunr.Builder.prototype.add = function (doc, attributes) {
      // Material sets the separator while it configures the index, before the first note
      if (!this.infoviewChecked) {
        this.infoviewChecked = true;
        if (!new RegExp(lunr.tokenizer.separator.source).test("-")) {
          lunr.QueryLexer.termSeparator = /\s+/;
          if (this.pipeline._stack.indexOf(lunr.stopWordFilter) >= 0) {
            this.pipeline.before(lunr.stopWordFilter, parts);
          } else {
            this.pipeline.add(parts);
          }
        }
      }
      return add.call(this, doc, attributes);
    };
  }

  var SEARCH_WORKER = /workers\/search\.[^\/]*\.js$/;
  var NativeWorker = window.Worker;

  /* Over http, search is Pagefind's (infoview-pagefind-worker.js answers Material's search
   * box): the worker Material asks for is that one, and the big search_index.json that
   * Material would download first is a small file with its settings and no pages. */
  var INDEX = /search\/search_index\.json(?:[?#].*)?$/;
  var STUB = "search/infoview-pagefind.json";

  function PagefindWorker(url, options) {
    if (!SEARCH_WORKER.test(String(url))) {
      return new NativeWorker(url, options);
    }
    var script = new URL(url, location.href).href;
    var root = script.replace(/assets\/javascripts\/workers\/[^\/]*$/, "");
    return new NativeWorker(root + "assets/infoview/infoview-pagefind-worker.js");
  }

  if (location.protocol !== "file:") {
    if (typeof NativeWorker === "function" && typeof XMLHttpRequest === "function") {
      window.Worker = PagefindWorker;
      var open = XMLHttpRequest.prototype.open;
      XMLHttpRequest.prototype.open = function (method, url) {
        var args = Array.prototype.slice.call(arguments);
        if (INDEX.test(String(url))) {
          args[1] = String(url).replace(INDEX, STUB);
        }
        return open.apply(this, args);
      };
    }
    return;
  }

  function copy(data) {
    return typeof structuredClone === "function" ? structuredClone(data) : data;
  }

  function IFrameWorker(url) {
    var worker = this;
    var inside = [];   // "message" listeners of the worker's script
    var outside = [];  // "message" listeners of the page
    var waiting = [];  // messages posted before the script has loaded
    var loaded = false;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    (document.body || document.documentElement).appendChild(frame);
    var scope = frame.contentWindow;

    scope.addEventListener = function (type, listener) {
      if (type === "message") {
        inside.push(listener);
      }
    };
    scope.postMessage = function (data) {
      var event = { data: copy(data), target: worker };
      setTimeout(function () {
        if (typeof worker.onmessage === "function") {
          worker.onmessage(event);
        }
        outside.forEach(function (listener) { listener(event); });
      }, 0);
    };

    function deliver(data) {
      var event = { data: copy(data) };
      setTimeout(function () {
        if (typeof scope.onmessage === "function") {
          scope.onmessage(event);
        }
        inside.forEach(function (listener) { listener(event); });
      }, 0);
    }

    worker.onmessage = null;
    worker.onerror = null;
    worker.postMessage = function (data) {
      if (loaded) {
        deliver(data);
      } else {
        waiting.push(data);
      }
    };
    worker.addEventListener = function (type, listener) {
      if (type === "message") {
        outside.push(listener);
      }
    };
    worker.removeEventListener = function (type, listener) {
      outside = outside.filter(function (other) { return other !== listener; });
    };
    worker.terminate = function () {
      frame.remove();
    };

    var script = scope.document.createElement("script");
    script.src = new URL(url, location.href).href;
    script.onload = function () {
      hyphenatedWords(scope.lunr);
      loaded = true;
      waiting.splice(0).forEach(deliver);
    };
    script.onerror = function (error) {
      if (typeof worker.onerror === "function") {
        worker.onerror(error);
      }
    };
    scope.document.head.appendChild(script);
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
