// Render the formulas pymdownx.arithmatex marked (class "arithmatex") with the vendored KaTeX.
// Only those elements: "$" written in note text elsewhere stays text. Runs again after every
// instant navigation (document$), and never twice on one element.
(function () {
  "use strict";
  function render(root) {
    if (typeof katex === "undefined") return;
    root.querySelectorAll(".arithmatex:not([data-cg-math])").forEach(function (el) {
      var text = el.textContent.trim();
      var display = el.tagName === "DIV";
      var m = /^\\\[([\s\S]*)\\\]$/.exec(text) || /^\\\(([\s\S]*)\\\)$/.exec(text);
      if (!m) return;
      el.setAttribute("data-cg-math", "");
      katex.render(m[1], el, { displayMode: display, throwOnError: false, trust: false,
                               strict: "ignore", output: "htmlAndMathml" });
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  }
})();
