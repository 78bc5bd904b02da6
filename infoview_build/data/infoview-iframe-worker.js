/* infoview: search on a site opened from disk.
 *
 * Browsers refuse to start a Web Worker from a file:// page, and Material's search runs
 * in one. This runs the worker's script in a hidden same-origin iframe instead, giving
 * it the two things a worker talks through: postMessage() and the "message" event.
 * Material's search worker knows this arrangement (it looks for parent.IFrameWorker).
 * Loaded from the site itself: the site makes no request to another host.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
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
