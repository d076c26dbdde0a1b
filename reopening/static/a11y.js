/* Accessibility fixes for the book's theme (sphinx-book-theme 1.x, myst-nb).
 *
 * axe-core rule label-content-name-mismatch (WCAG 2.5.3 "Label in Name"): a control whose
 * visible text is not part of its accessible name. The theme's search buttons show
 * "Search Ctrl + K" but are named "Search"; the colour-mode button and myst-nb's
 * "Show code cell source" toggles carry an aria-label that differs from what they show.
 * Speech-input users say what they see, so the name must contain the visible text: where a
 * control shows text, we drop the aria-label and let the visible text name it.
 */
(function () {
  "use strict";
  function visibleText(el) {
    return (el.innerText || "").replace(/\s+/g, " ").trim();
  }
  function fixLabels(root) {
    // The colour-mode button is named "Color mode"; its three icons carry titles ("Light",
    // "Dark", "System Settings") that axe counts as visible text. They are decoration.
    // Font Awesome turns each icon into an <svg> with its own <title> and aria-labelledby, which
    // axe-core 4.14 reads as the button's visible text ("Light"), not "Color mode". The icons
    // only decorate the named button: strip their titles as well as hiding them.
    root.querySelectorAll(".theme-switch-button i, .theme-switch-button svg").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.removeAttribute("role");
      icon.querySelectorAll("title").forEach(function (t) { t.remove(); });
    });
    root.querySelectorAll("button[aria-label], summary[aria-label], a[aria-label]").forEach(function (el) {
      var shown = visibleText(el);
      var label = el.getAttribute("aria-label") || "";
      if (shown && label.toLowerCase().indexOf(shown.toLowerCase()) === -1) {
        el.removeAttribute("aria-label");
      }
    });
  }
  /* Wide tables on a phone: the table scrolls inside its own box (the theme's wrapper, or a
   * code cell's output), with a visible hint, and the box takes keyboard focus so the arrow keys
   * scroll it (axe-core rule scrollable-region-focusable, WCAG 2.1.1). */
  var SCROLLABLE = ".bd-article .pst-scrollable-table-container, .bd-article .output.text_html";
  function markScrollables(root) {
    root.querySelectorAll(SCROLLABLE).forEach(function (box) {
      if (!box.querySelector("table")) { return; }
      var wide = box.scrollWidth > box.clientWidth + 2;
      var hint = box.previousElementSibling;
      var hasHint = hint && hint.classList && hint.classList.contains("scroll-hint");
      if (wide) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table: scroll sideways to see every column");
        box.classList.add("is-wide");
        if (!hasHint) {
          var p = document.createElement("p");
          p.className = "scroll-hint";
          p.setAttribute("aria-hidden", "true");
          p.textContent = "Scroll sideways to see the whole table \u2192";
          box.parentNode.insertBefore(p, box);
        }
      } else if (box.classList.contains("is-wide")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.classList.remove("is-wide");
        if (hasHint) { hint.remove(); }
      }
    });
  }
  window.addEventListener("resize", function () { markScrollables(document); });
  function fixAll() { fixLabels(document); markScrollables(document); }
  document.addEventListener("DOMContentLoaded", fixAll);
  window.addEventListener("load", fixAll);
  /* Icons and some tables are drawn by scripts after the page has loaded. */
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fixAll(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
