/* infoview: Material's search worker, on a site opened from disk and with hyphenated words.
 *
 * Browsers refuse to start a Web Worker from a file:// page, and Material's search runs
 * in one. This runs the worker's script in a hidden same-origin iframe instead, giving
 * it the two things a worker talks through: postMessage() and the "message" event.
 * Material's search worker knows this arrangement (it looks for parent.IFrameWorker).
 * Over http, the worker is started from a small script of its own that loads Material's
 * and then hyphenatedWords() (below). Loaded from the site itself, before Material's
 * scripts: the site makes no request to another host.
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

  /* Over http: Material's worker script, then the hyphenatedWords() patch, in one worker.
   * The scripts Material's worker imports (languages) are found beside its own script. */
  function SearchWorker(url, options) {
    if (!SEARCH_WORKER.test(String(url))) {
      return new NativeWorker(url, options);
    }
    var script = new URL(url, location.href).href;
    var source = "var infoviewScript = " + JSON.stringify(script) + ";\n" +
      "var infoviewImport = self.importScripts;\n" +
      "self.importScripts = function () {\n" +
      "  return infoviewImport.apply(self, Array.prototype.map.call(arguments, function (u) {\n" +
      "    return new URL(u, infoviewScript).href;\n" +
      "  }));\n" +
      "};\n" +
      "self.importScripts(infoviewScript);\n" +
      "(" + hyphenatedWords.toString() + ")(self.lunr);\n";
    try {
      var blob = new Blob([source], { type: "text/javascript" });
      return new NativeWorker(URL.createObjectURL(blob), options);
    } catch (error) {
      return new NativeWorker(url, options);
    }
  }

  if (location.protocol !== "file:") {
    if (typeof NativeWorker === "function" && typeof Blob === "function") {
      window.Worker = SearchWorker;
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
