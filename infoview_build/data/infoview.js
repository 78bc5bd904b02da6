// A table or drawing wider than the screen scrolls sideways: such a region must be reachable
// with the keyboard (WCAG 2.1.1). Material wraps tables when it shows a page, so this runs
// after it, on every page load and instant navigation.
(function () {
  function focusable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (region) {
      if (region.scrollWidth > region.clientWidth && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", "Table, scrolls sideways");
      }
    });
    document.body.dataset.infoviewReady = "1";
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { setTimeout(focusable, 0); });
  } else {
    window.addEventListener("load", focusable);
  }
})();
