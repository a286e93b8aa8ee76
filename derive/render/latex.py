"""LaTeX for SymPy expressions in textbook notation.

Symbols get their textbook names (``RG`` -> ``R_{G}``, ``Vout1`` ->
``V_{out1}``), products and sums the order a textbook writes them in (see
:mod:`derive.render.textbook`), and decimal numbers go through siunitx's
``\\num`` so the document's decimal sign applies to them.

>>> from sympy import Eq, symbols
>>> R1, R2, R5, RG = symbols("R1 R2 R5 RG", positive=True)
>>> V1, V2, Vout = symbols("V1 V2 Vout", real=True)
>>> print(latex(Eq(Vout, R2*(V1 - V2)*(2*R5/RG + 1)/R1)))
V_{out} = \\frac{R_{2}}{R_{1}} \\left(1 + \\frac{2 R_{5}}{R_{G}}\\right) (V_{1} - V_{2})
>>> print(latex(-V1 + V2))
V_{2} - V_{1}
"""
import re

from sympy import Add, Float, Mul, Pow, Rational
from sympy.printing.latex import LatexPrinter

from ..notation.names import latex_symbol_name
from .textbook import ordered_terms, rational_parts, split_product
from .units import numeric_value

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MAX_LINE_WIDTH = 62      # estimated glyphs on one displayed line (A4, 11pt, 2.5 cm margins)


class TextbookLatexPrinter(LatexPrinter):
    """A SymPy LaTeX printer with textbook names and textbook order.

    The extra setting ``signals`` (a sequence of symbols, e.g. the circuit's
    sources) orders the terms of a sum: ``(V1 - V2) gain + Vref``.
    """

    printmethod = "_textbook_latex"
    _default_settings = {**LatexPrinter._default_settings, "signals": ()}

    def _print_Symbol(self, expr, style="plain"):
        if _IDENTIFIER.match(expr.name):
            return latex_symbol_name(expr.name)
        return super()._print_Symbol(expr, style)

    def _print_Basic(self, expr):
        # Constants (pi, I, oo) print through their own ``_latex``, which SymPy calls only
        # for the default printmethod; ours is ``_textbook_latex``, so call it here.
        own = getattr(expr, "_latex", None)
        return own(self) if own is not None and not expr.args else super()._print_Basic(expr)

    def _print_ImaginaryUnit(self, expr):
        return "j"          # the engineer's imaginary unit, as the terminal writes it (s = j·2π·f)

    def _print_Float(self, expr):
        return rf"\num{{{float(expr)!r}}}"   # shortest round-trip digits; siunitx reads 1e-07 too

    # -- sums -------------------------------------------------------------
    def sum_pieces(self, expr):
        """The terms of ``expr`` as ``(sign, latex)`` pairs in textbook order."""
        pieces = []
        for term in ordered_terms(expr, self._settings["signals"]):
            product = split_product(_merged_roots(term) if isinstance(term, Mul) else term)
            pieces.append(("-" if product.negative else "+", self._product(product)))
        return pieces

    def _print_Add(self, expr, order=None):
        out = []
        for i, (sign, body) in enumerate(self.sum_pieces(expr)):
            if i == 0:
                out.append(body if sign == "+" else f"-{body}")
            else:
                out.append(f" {sign} {body}")
        return "".join(out)

    # -- products ---------------------------------------------------------
    def _print_Mul(self, expr):
        product = split_product(_merged_roots(expr))
        return ("-" if product.negative else "") + self._product(product)

    def _paren(self, tex):
        if r"\frac" in tex:
            return rf"\left({tex}\right)"
        return f"({tex})"

    def _factor(self, factor, alone):
        """A factor inside a product: sums in parentheses unless ``alone`` in a fraction part."""
        tex = self._print(factor)
        if isinstance(factor, Add) and not alone:
            return self._paren(tex)
        return tex

    def _product(self, p):
        coefficient = p.coefficient
        if isinstance(coefficient, Float):
            top, bottom = [self._print(coefficient)], []
        else:
            num, den = rational_parts(coefficient)
            top = [str(num)] if num != 1 else []
            bottom = [str(den)] if den != 1 else []
        fraction = bool(p.denominator) or bool(bottom)
        top += [self._factor(f, fraction and len(p.numerator) == 1 and not top) for f in p.numerator]
        bottom += [self._factor(f, len(p.denominator) == 1 and not bottom) for f in p.denominator]
        gains = [rf"\left({self._print(g)}\right)" for g in p.gains]
        signals = [self._factor(s, False) for s in p.signals]
        if bottom and not top and not gains and p.signals:
            # A plain quotient: the signal goes on top, (V2 - V1)/Rg.
            alone = len(p.signals) == 1
            top = [self._factor(s, alone) for s in p.signals]
            signals = []
        if bottom:
            ratio = rf"\frac{{{' '.join(top) or '1'}}}{{{' '.join(bottom)}}}"
        else:
            ratio = " ".join(top)
        parts = [part for part in [ratio, *gains, *signals] if part]
        return " ".join(parts) or "1"


def _merged_roots(expr):
    """``sqrt(C1) sqrt(C2)/sqrt(R1)`` as ``sqrt(C1 C2)/sqrt(R1)`` for printing: SymPy splits
    the root of a product of positive symbols and keeps ``1/sqrt(R1)`` as a factor
    ``R1**(-1/2)``; a textbook writes one root above the line and one below.
    Only the form changes, never the value."""
    up, down, rest = [], [], []
    for factor in expr.args:
        if isinstance(factor, Pow) and factor.exp == Rational(1, 2):
            up.append(factor.base)
        elif isinstance(factor, Pow) and factor.exp == Rational(-1, 2):
            down.append(factor.base)
        else:
            rest.append(factor)
    if len(up) < 2 and not down:
        return expr
    if up:
        rest.append(Pow(Mul(*up), Rational(1, 2), evaluate=False) if len(up) > 1 else Pow(up[0], Rational(1, 2)))
    if down:
        root = Pow(Mul(*down), Rational(1, 2), evaluate=False) if len(down) > 1 else Pow(down[0], Rational(1, 2))
        rest.append(Pow(root, -1, evaluate=False))
    return Mul(*rest, evaluate=False)


def latex(expr, signals=(), **settings):
    """LaTeX for a SymPy expression or equation, in textbook notation.

    ``signals`` orders the terms of sums (give the circuit's sources).

    >>> from sympy import symbols
    >>> R, RG = symbols("R RG", positive=True)
    >>> Vinp, Vinm, Vref = symbols("Vinp Vinm Vref", real=True)
    >>> print(latex(Vref + (Vinp - Vinm)*(1 + 2*R/RG), signals=[Vinp, Vinm, Vref]))
    \\left(1 + \\frac{2 R}{R_{G}}\\right) (V_{inp} - V_{inm}) + V_{ref}
    """
    return TextbookLatexPrinter(dict(settings, signals=tuple(signals))).doprint(expr)


def equation_lines(equation, signals=(), width=MAX_LINE_WIDTH, units=None):
    """An equation as ``align`` lines, broken before ``+``/``-`` when too wide.

    Returns a list of strings: the first is ``lhs &= ...``, each further line
    starts ``&\\quad + ...``; joined with ``\\\\`` they make one equation.

    >>> from sympy import Eq, symbols
    >>> a, b = symbols("a b", real=True)
    >>> equation_lines(Eq(a, b))
    ['a &= b']
    """
    printer = TextbookLatexPrinter({"signals": tuple(signals)})
    lhs = printer.doprint(equation.lhs)
    shown = numeric_value(equation, units or {})
    if shown:                        # a quantity equal to a number: with its unit (see render.units)
        return [f"{lhs} &{'=' if shown[0] == '=' else chr(92) + 'approx'} {shown[2]}"]
    rhs = printer.doprint(equation.rhs)
    if visible_width(lhs) + visible_width(rhs) + 2 <= width or not isinstance(equation.rhs, Add):
        return [f"{lhs} &= {rhs}"]
    lines, current = [], f"{lhs} &= "
    first = True
    for sign, body in printer.sum_pieces(equation.rhs):
        piece = (body if sign == "+" else f"-{body}") if first else f"{sign} {body}"
        if not first and visible_width(current) + visible_width(piece) > width:
            lines.append(current.rstrip())
            current = r"&\quad "
        current += piece + " "
        first = False
    lines.append(current.rstrip())
    return lines


_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def _group(tex, i):
    """The text of the brace group (or single token) starting at ``tex[i]``, and the index after it."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i >= len(tex):
        return "", i
    if tex[i] != "{":
        m = _COMMAND.match(tex, i)
        end = m.end() if m else i + 1
        return tex[i:end], end
    depth = 0
    for j in range(i, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[j], 0)
        if depth == 0:
            return tex[i + 1:j], j + 1
    return tex[i + 1:], len(tex)


def visible_width(tex):
    """A rough width of math LaTeX in glyphs (fractions count their wider part).

    >>> visible_width(r"\\frac{R_{2}}{R_{1}}") < visible_width("R_{2} R_{1}")
    True
    """
    width, i = 0.0, 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            m = _COMMAND.match(tex, i)
            name, i = m.group(1), m.end()
            if name == "frac":
                a, i = _group(tex, i)
                b, i = _group(tex, i)
                width += max(visible_width(a), visible_width(b)) + 0.5
            elif name in ("left", "right"):
                i += 1
                width += 0.6
            elif name == "quad":
                width += 2
            elif name in ("SI", "num", "boxed", "text", "mathrm"):
                continue
            else:
                width += 1
        elif c in "_^":
            g, i = _group(tex, i + 1)
            width += 0.7 * visible_width(g)
        elif c in "+-=":
            width += 2
            i += 1
        elif c in "{} &":
            i += 1
        else:
            width += 1
            i += 1
    return width
