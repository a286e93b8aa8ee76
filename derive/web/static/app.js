// derive serve: math rendering and the live preview ("we read your answer as ...").
// The LaTeX always comes from the server (built from the parsed answer, never
// copied from what was typed); text from the server is inserted as text.
(function () {
  "use strict";

  var styled = false;

  function whenMathJax() {
    return new Promise(function (resolve) {
      (function wait() {
        if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
          window.MathJax.startup.promise.then(function () {
            if (!styled) {        // the SVG output's stylesheet (not added when typesetting by hand)
              document.head.appendChild(window.MathJax.svgStylesheet());
              styled = true;
            }
            resolve();
          });
        } else {
          setTimeout(wait, 30);
        }
      })();
    });
  }

  function renderMath(el, latex) {
    return whenMathJax().then(function () {
      return window.MathJax.tex2svgPromise(latex, {display: false});
    }).then(function (node) {
      el.replaceChildren(node);
      el.classList.add("rendered");
    }).catch(function () {
      el.textContent = latex;
    });
  }

  function renderAll(root) {
    root.querySelectorAll(".math[data-latex]").forEach(function (el) {
      renderMath(el, el.getAttribute("data-latex"));
    });
  }

  function setupPreview(form) {
    var input = form.querySelector("#answer");
    var box = form.querySelector("#preview");
    var label = form.querySelector("#preview-label");
    var math = form.querySelector("#preview-math");
    var url = form.getAttribute("data-preview");
    var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
    var timer = null;
    var asked = 0;

    function show(state, text) {
      box.setAttribute("data-state", state);
      label.textContent = text;
    }

    function ask() {
      var answer = input.value;
      var mine = ++asked;
      if (!answer.trim()) {
        math.replaceChildren();
        show("empty", box.getAttribute("data-empty"));
        return;
      }
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": token},
        body: JSON.stringify({answer: answer})
      }).then(function (r) { return r.json(); }).then(function (data) {
        if (mine !== asked) { return; }
        if (data.ok) {
          show("ok", box.getAttribute("data-label"));
          math.setAttribute("data-latex", data.latex);
          return renderMath(math, data.latex).then(function () {
            if (mine === asked) { box.setAttribute("data-rendered", String(mine)); }
          });
        }
        math.replaceChildren();
        math.removeAttribute("data-latex");
        show("error", box.getAttribute("data-error") + " " + data.message);
      }).catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    if (input.value) { ask(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    renderAll(document);
    var form = document.getElementById("answer-form");
    if (form) { setupPreview(form); }
    var verdict = document.getElementById("verdict");
    if (verdict && window.location.hash === "#verdict") { verdict.focus(); }
  });
})();
