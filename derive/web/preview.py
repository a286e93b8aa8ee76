"""The live preview: how the checker reads an answer, as LaTeX, before it is graded.

The answer goes through the checker's own parser (never evaluated), with the
size limit checked before any parsing; the tree it builds is printed as LaTeX
with the structure the student wrote (no simplification), so "we read your
answer as …" shows exactly what will be graded. Names come out as textbook
symbols (``RG`` -> ``R_{G}``) and every piece of the LaTeX is built from the
parsed tree, never copied from the student's text.

>>> from derive.checker.vocabulary import Vocabulary
>>> v = Vocabulary(["R1", "R2", "R5", "RG", "V1", "V2"])
>>> preview("R2/R1*(1+2R5/RG)*(V1-V2)", v)["latex"]
'\\\\frac{R_{2}}{R_{1}} \\\\cdot \\\\left(1 + \\\\frac{2 \\\\cdot R_{5}}{R_{G}}\\\\right) \\\\cdot \\\\left(V_{1} - V_{2}\\\\right)'
>>> preview("eval(R1)", v)["ok"]
False
"""
from fractions import Fraction

from ..checker.errors import AnswerError
from ..checker.limits import LIMITS
from ..text import message
from ..checker.numbers import decimal_text
from ..checker.parser import parse
from ..notation.names import latex_symbol_name

_PREC = {"add": 1, "sub": 1, "mul": 2, "neg": 3, "pow": 4}
UNIT_LATEX = {"ohm": r"\Omega", "volt": r"\mathrm{V}", "ampere": r"\mathrm{A}", "farad": r"\mathrm{F}",
              "henry": r"\mathrm{H}", "hertz": r"\mathrm{Hz}", "second": r"\mathrm{s}",
              "radian_per_second": r"\mathrm{rad/s}", "siemens": r"\mathrm{S}"}
# Names of the s-domain written in Greek: π, ω, τ, ω₀, ω_p, ω_z.
GREEK_LATEX = {"π": r"\pi", "ω": r"\omega", "tau": r"\tau", "omega_0": r"\omega_{0}",
               "omega_p": r"\omega_{p}", "omega_z": r"\omega_{z}"}


def _number(value):
    text = decimal_text(value, 12)
    if "e" in text:
        mantissa, _, exp = text.partition("e")
        return f"{mantissa} \\times 10^{{{int(exp)}}}"
    if value.denominator != 1 and len(text) > 14:
        return f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
    return text


def _prec(tree):
    if tree[0] == "num":
        return 3 if tree[1] < 0 else 5
    if tree[0] == "div":
        return 5          # a \frac is a block of its own
    return _PREC.get(tree[0], 5)


def _paren(text):
    return f"\\left({text}\\right)"


def to_latex(tree):
    """LaTeX for a parsed answer tree, keeping its structure.

    >>> to_latex(("pow", ("sub", ("sym", "V1"), ("sym", "V2")), Fraction(1, 2)))
    '\\\\sqrt{V_{1} - V_{2}}'
    >>> to_latex(("num", Fraction(8490), "ohm"))
    '8490\\\\,\\\\Omega'
    >>> to_latex(("div", ("num", Fraction(1), None), ("mul", ("sym", "π"), ("sym", "tau"))))
    '\\\\frac{1}{\\\\pi \\\\cdot \\\\tau}'
    """
    kind = tree[0]
    if kind == "num":
        text = _number(tree[1])
        unit = tree[2] if len(tree) > 2 else None
        return text + (f"\\,{UNIT_LATEX[unit]}" if unit in UNIT_LATEX else "")
    if kind == "sym":
        return GREEK_LATEX.get(tree[1]) or latex_symbol_name(tree[1])
    if kind == "call":
        inner = to_latex(tree[2])
        return f"\\sqrt{{{inner}}}" if tree[1] == "sqrt" else f"\\left|{inner}\\right|"
    if kind == "neg":
        inner = to_latex(tree[1])
        return "-" + (_paren(inner) if _prec(tree[1]) <= 3 else inner)
    if kind == "div":
        return f"\\frac{{{to_latex(tree[1])}}}{{{to_latex(tree[2])}}}"
    if kind == "pow":
        exponent = tree[2]
        if exponent == Fraction(1, 2):
            return f"\\sqrt{{{to_latex(tree[1])}}}"
        base = to_latex(tree[1])
        if _prec(tree[1]) <= 4 or tree[1][0] == "div":
            base = _paren(base)
        exp = str(exponent.numerator) if exponent.denominator == 1 else \
            f"{exponent.numerator}/{exponent.denominator}"
        return f"{base}^{{{exp}}}"
    p = _PREC[kind]
    left, right = to_latex(tree[1]), to_latex(tree[2])
    if _prec(tree[1]) < p:
        left = _paren(left)
    rp = _prec(tree[2])
    if rp < p or (rp == p and kind == "sub") or (rp == 3 and kind != "add"):
        right = _paren(right)
    op = {"add": " + ", "sub": " - ", "mul": " \\cdot "}[kind]
    return left + op + right


def preview(answer, vocabulary, lang="en", limits=LIMITS):
    """``{"ok": True, "latex": ..., "lhs": ...}`` for a readable answer, else
    ``{"ok": False, "message": ...}`` (the checker's reason, in ``lang``)."""
    if not isinstance(answer, str):
        return {"ok": False, "message": message("not_text", lang)}
    if len(answer) > limits.max_length:     # before any parsing
        return {"ok": False, "message": message("too_long", lang, length=len(answer), limit=limits.max_length)}
    try:
        parsed = parse(answer, vocabulary, limits)
        latex = to_latex(parsed.tree)
    except AnswerError as err:
        return {"ok": False, "message": err.text(lang)}
    except RecursionError:
        return {"ok": False, "message": message("too_deep", lang, limit=limits.max_depth)}
    if parsed.lhs is not None:
        latex = f"{latex_symbol_name(parsed.lhs)} = {latex}"
    return {"ok": True, "latex": latex}
