"""Terminal rendering of a Derivation: numbered steps, Unicode math, one step a block.

>>> from derive.derivation import derive
>>> print(render_text(derive("follower")).splitlines()[0])
Voltage follower (unity-gain buffer): transfer function
"""
import textwrap

from sympy import Add, Eq, Mul, S, UnevaluatedExpr
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.pretty_symbology import pretty_use_unicode
from sympy.printing.pretty.stringpict import prettyForm

from ..derivation.outline import step_order
from ..notation.names import unicode_symbol_name
from . import compact
from ..text import circuit_title, explain, method_text, model_assumptions, title_key, ui
from ..text.escape import terminal_text
from .textbook import ordered_terms, split_product
from ..text.numerals import localized
from .units import numeric_value, quantity_units

WIDTH = 88


def arrange(expr, signals=()):
    """``expr`` rebuilt unevaluated in textbook order, for SymPy's pretty printer.

    Only the order and grouping change (``arrange(e).doit() == e``): ratios of
    resistors first as one fraction, then ``(1 + ...)`` gains, then signals.

    >>> from sympy import symbols
    >>> R1, R2, R5, RG = symbols("R1 R2 R5 RG", positive=True)
    >>> V1, V2 = symbols("V1 V2", real=True)
    >>> print(_pretty(R2*(V1 - V2)*(2*R5/RG + 1)/R1))
    R₂ ⎛    2⋅R₅⎞          
    ──⋅⎜1 + ────⎟⋅(V₁ - V₂)
    R₁ ⎝     RG ⎠          
    """
    if expr.is_Atom:
        return expr
    if isinstance(expr, Eq):
        return Eq(arrange(expr.lhs, signals), arrange(expr.rhs, signals), evaluate=False)
    if isinstance(expr, Add):
        return Add(*[arrange(t, signals) for t in ordered_terms(expr, signals)], evaluate=False)
    if isinstance(expr, Mul):
        p = split_product(expr)
        factors = []
        if p.denominator:
            factors.append(UnevaluatedExpr(Mul(p.coefficient, *p.numerator) / Mul(*p.denominator)))
        elif p.coefficient != 1 or not (p.numerator or p.gains or p.signals):
            factors += [p.coefficient] + p.numerator
        else:
            factors += p.numerator
        factors += [arrange(f, signals) for f in p.gains + p.signals]
        product = Mul(*factors, evaluate=False) if len(factors) > 1 else factors[0]
        return Mul(-1, product, evaluate=False) if p.negative else product
    return expr.func(*[arrange(a, signals) for a in expr.args])


class _TextPrinter(PrettyPrinter):
    """SymPy's pretty printer with the one naming rule of the terminal
    (:func:`derive.notation.names.unicode_symbol_name`)."""

    def _print_Symbol(self, e, bold_name=False):
        return prettyForm(unicode_symbol_name(e.name))

    def _print_ImaginaryUnit(self, e):
        return prettyForm("j")      # the engineer's imaginary unit, as in s = j·2π·f


def _pretty(obj, signals=(), **settings):
    printer = _TextPrinter(dict(use_unicode=True, order="none", **settings))
    flag = pretty_use_unicode(True)
    try:
        return printer.doprint(arrange(obj, signals))
    finally:
        pretty_use_unicode(flag)


def math_text(obj, signals=()):
    """A SymPy object as one-line Unicode text (for prose).

    What pretty-prints over several lines (a fraction) is written on one, with
    the same names as the equations (``V₁``) and ``·`` for products, never as
    SymPy source text (``Rb*Vin/(Ra + Rb)``).

    >>> from sympy import symbols
    >>> Ra, Rb, Vin = symbols("Ra Rb Vin", positive=True)
    >>> math_text(Rb * Vin / (Ra + Rb))
    'Rb·Vin/(Ra + Rb)'
    """
    art = _pretty(obj, signals)
    return art if "\n" not in art else _one_line(arrange(obj, signals))


def _one_line(obj):
    from sympy.printing.str import StrPrinter

    class _Printer(StrPrinter):
        def _print_Symbol(self, symbol):
            return unicode_symbol_name(symbol.name)

        def _print_Equality(self, expr):
            return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

        def _print_Pi(self, expr):
            return "π"

        def _print_ImaginaryUnit(self, expr):
            return "j"

        def _print_Pow(self, expr, rational=False):
            if expr.exp == S.Half:
                base = self._print(expr.base)
                return f"√{base}" if expr.base.is_Atom else f"√({base})"
            return super()._print_Pow(expr, rational)

    return _Printer({"order": "none"}).doprint(obj).replace("**", "^").replace("*", "·")


def labelled_equations(label, equations, signals=()):
    """``label: a = b, c = d`` as lines: on one line when it fits, else the label
    and each equation pretty-printed (indented) below it.

    >>> from sympy import Symbol, sqrt
    >>> labelled_equations("Poles", [Eq(Symbol("s"), -1/Symbol("tau"))])
    ['Poles: s = -1/τ']
    >>> print("\\n".join(labelled_equations("Natural frequency", [Eq(Symbol("f_0"), 1/sqrt(Symbol("L")*Symbol("C"))/2)] * 4)).splitlines()[0])
    Natural frequency:
    """
    line = f"{label}: " + ", ".join(math_text(Eq(e.lhs, e.rhs, evaluate=False), signals) for e in equations)
    if len(line) <= WIDTH:
        return [line]
    return [f"{label}:"] + [equation_block(e, signals=signals) for e in equations]


def equation_block(eq, indent=4, signals=(), units=None, names=None, where=None, lang="en"):
    """An equation pretty-printed over several lines, indented; a quantity of
    known unit (``units``, see :mod:`derive.render.units`) equal to a plain
    number reads ``Vout = -1 V``. Decimals take ``lang``'s mark (``93,98`` in Spanish):
    a point and a comma have the same width, so the drawing keeps its columns.

    A very large one (a ladder's node voltage) is drawn with its long sums
    named (``names``, an :class:`~derive.render.compact.Abbreviations` shared by
    the whole text; ``where`` is this step's number) and each new name
    written out below in one wrapped line (see :mod:`derive.render.compact`).
    """
    return localized(_block(eq, indent, signals, units, names, where, lang), lang)


def _block(eq, indent, signals, units, names, where, lang):
    shown = numeric_value(eq, units or {})
    if shown and eq.lhs.is_Symbol:
        return " " * indent + f"{unicode_symbol_name(eq.lhs.name)} {shown[0]} {shown[1]}"
    eq = Eq(eq.lhs, eq.rhs, evaluate=False)
    if not compact.size_over(eq):
        return textwrap.indent(_pretty(eq, signals, num_columns=WIDTH - indent), " " * indent)
    skeleton, new, old = (names or compact.Abbreviations()).shorten(eq, where)
    pad = " " * indent
    art = None if compact.size_over(skeleton) else _pretty(skeleton, signals, num_columns=WIDTH - indent)
    if art is None or "↪" in art:     # still too wide to draw: one line, wrapped
        out = [compact.wrapped(compact.line_text(arrange(skeleton, signals)), WIDTH, pad)]
    else:
        out = [textwrap.indent(art, pad)]
    if old:
        out.append(pad + ui("abbreviations_before", lang, names=", ".join(
            f"{unicode_symbol_name(name.name)} ({step})" for name, step in old)))
    if new:
        out.append(pad + ui("abbreviations_where", lang))
    for name, expr in new:
        out.append(compact.wrapped(f"{unicode_symbol_name(name.name)} = {compact.line_text(expr)}", WIDTH, pad + "  "))
    return "\n".join(out)


def step_numbers(derivation):
    """``{step id: number}``, numbering from 1 in the order of the outline."""
    return {s.id: i for i, s in enumerate(step_order(derivation), start=1)}


def render_text(derivation, lang="en"):
    """The whole derivation as terminal text: the outline's steps as one numbered
    list (a special case's condition too), then the result and the special cases' results."""
    numbers = step_numbers(derivation)
    c = derivation.circuit
    signals = [e.value for e in c.sources]
    units = quantity_units(derivation)
    out = [ui(title_key(c, lang), lang, circuit=terminal_text(circuit_title(c, lang))),
           method_text(derivation, lang), ""]
    out.append(ui("assumptions", lang))
    general = [ui("general_form", lang)] if derivation.general else []
    for line in model_assumptions(derivation, lang, math_text) + general:
        out.append(textwrap.fill(line, WIDTH, initial_indent="  • ", subsequent_indent="    "))
    out.append("")
    cases = set(derivation.case_ids)
    names = compact.Abbreviations()
    for step in step_order(derivation):
        if step.id in cases:
            continue
        n = numbers[step.id]
        text = explain(step, lang, math=math_text)
        if step.uses:
            text += f" ({ui('uses', lang, steps=', '.join(f'({numbers[u]})' for u in step.uses))})"
        out.append(textwrap.fill(text, WIDTH, initial_indent=f"({n}) ", subsequent_indent="    "))
        out.append(equation_block(step.equation, signals=signals, units=units, names=names, where=n, lang=lang))
        out.append("")
    out.append(ui("result", lang))
    out.append(equation_block(derivation.result, signals=signals, units=units, names=names,
                              where=ui("result", lang), lang=lang))
    if derivation.case_ids:
        out += ["", ui("special_cases", lang)]
        for cid in derivation.case_ids:
            step = derivation.step(cid)
            out.append(textwrap.fill(explain(step, lang, math=math_text), WIDTH, initial_indent="  "))
            out.append(equation_block(step.equation, signals=signals, units=units, names=names,
                                      where=ui("special_cases", lang), lang=lang))
    return "\n".join(out).rstrip() + "\n"
