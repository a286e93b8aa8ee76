"""Pictures for notebook cells: the schematic and plots, as PNG and SVG.

Both formats travel in one output, so Jupyter and the HTML export show the SVG
and the LaTeX/PDF export uses the PNG. The bytes are deterministic (no date,
fixed SVG ids), so an executed notebook is the same every time it is built.

>>> from derive.circuit.library import load_circuit
>>> picture = schematic(load_circuit("inverting"))
>>> sorted(picture._repr_mimebundle_())
['image/png', 'image/svg+xml']
"""
import base64
import io

SVG_SALT = "derive"
PNG_DPI = 100


class Picture:
    """An image shown as PNG and SVG (``png`` bytes, ``svg`` text)."""

    def __init__(self, png, svg):
        self.png, self.svg = png, svg

    def __repr__(self):
        return f"<picture: {len(self.png)} bytes PNG, {len(self.svg)} characters SVG>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "image/png": base64.b64encode(self.png).decode("ascii"),
            "image/svg+xml": self.svg,
        }

    def save(self, path_stem):
        """Write ``<path_stem>.png`` and ``<path_stem>.svg``; return both paths."""
        png, svg = f"{path_stem}.png", f"{path_stem}.svg"
        with open(png, "wb") as f:
            f.write(self.png)
        with open(svg, "w", encoding="utf-8") as f:
            f.write(self.svg)
        return png, svg


def latex(expr, **settings):
    """Textbook LaTeX for notebook outputs (``init_printing(latex_printer=latex)``).

    The printer of :mod:`derive.render.latex`, except that decimal numbers are
    printed plainly: ``\\num`` is siunitx, which Jupyter's MathJax does not know.

    >>> from sympy import Float, Symbol
    >>> latex(Float("86.02") * Symbol("RG", positive=True))
    '86.02 R_{G}'
    """
    from ..render.latex import TextbookLatexPrinter

    class NotebookLatexPrinter(TextbookLatexPrinter):
        def _print_Float(self, expr):
            text = super()._print_Float(expr)
            return text[len("\\num{"):-1] if text.startswith("\\num{") else text

    return NotebookLatexPrinter(settings).doprint(expr)


def schematic(circuit):
    """The circuit's schematic drawn by schemdraw (layout of :mod:`derive.schematic`)."""
    from ..schematic.layout import layout_circuit
    from ..schematic.schemdraw_backend import draw

    lay = layout_circuit(circuit)
    png = draw(circuit, "matplotlib", lay).get_imagedata("png")
    svg = draw(circuit, "svg", lay).get_imagedata("svg")
    return Picture(png, svg.decode("utf-8") if isinstance(svg, bytes) else svg)


def figure(fig):
    """A matplotlib ``Figure`` as a Picture, with no timestamp and fixed SVG ids.

    Build figures with ``matplotlib.figure.Figure()`` (not pyplot), so nothing
    else draws them a second time.
    """
    import matplotlib

    images = {}
    with matplotlib.rc_context({"svg.hashsalt": SVG_SALT}):
        for fmt, metadata in (("png", {"Software": None}), ("svg", {"Date": None})):
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=PNG_DPI, bbox_inches="tight", metadata=metadata)
            images[fmt] = buf.getvalue()
    return Picture(images["png"], images["svg"].decode("utf-8"))


class Quantity:
    """An equation ``V = number`` shown with its unit: exact, then ``= -17 mV`` (``≈`` when rounded)."""

    def __init__(self, equation, unit):
        from ..notation.units import si_plain
        from ..render.units import numeric_value

        self.equation = equation
        self.shown = numeric_value(equation, {equation.lhs: unit})
        self.plain = si_plain(equation.rhs, unit) if self.shown else None

    def __repr__(self):
        if not self.shown:
            return str(self.equation)
        return f"{self.equation.lhs} = {self.equation.rhs} {self.shown[0]} {self.shown[1]}"

    def _repr_latex_(self):
        tex = f"{latex(self.equation.lhs)} = {latex(self.equation.rhs)}"
        if self.shown:
            number, unit = self.shown[1].split(" ")
            relation = "=" if self.shown[0] == "=" else "\\approx"
            tex += f" {relation} {number}\\,\\text{{{unit}}}"
        return f"$\\displaystyle {tex}$"


def with_unit(equation, unit="volt"):
    """The equation as a cell output that adds the value with its SI prefix and unit
    when the right side is a number (``Vout = -17/1000 = -17 mV``).

    >>> from sympy import Eq, Rational, Symbol
    >>> q = with_unit(Eq(Symbol("Vout"), Rational(-17, 1000)))
    >>> q, q._repr_latex_()
    (Vout = -17/1000 = -17 mV, '$\\\\displaystyle V_{out} = - \\\\frac{17}{1000} = -17\\\\,\\\\text{mV}$')
    """
    return Quantity(equation, unit)
