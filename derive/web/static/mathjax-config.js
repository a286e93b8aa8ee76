// MathJax 3 settings (a file of its own: the Content-Security-Policy allows no inline script).
// Nothing is typeset automatically: app.js renders the LaTeX the server built, element by element.
window.MathJax = {
  startup: {typeset: false},
  svg: {fontCache: "local"},   // each formula carries its glyphs (typeset one by one)
  options: {enableMenu: false}
};
