"""Label text for elements: the value's symbol (R_{G}) or number (49.4 kΩ).

>>> from sympy import Symbol, Integer
>>> value_label(Symbol("RG"), "ohm")
Label(latex='$R_{G}$', mathtext='$R_{G}$')
>>> value_label(Integer(49400), "ohm").latex
'\\\\SI{49.4}{\\\\kilo\\\\ohm}'
"""
from sympy import latex

from ..notation.names import latex_symbol_name
from ..notation.units import si_latex, si_plain
from .geometry import Label


def value_label(value, unit):
    """The label of an element whose value is ``value`` (a SymPy expression) in ``unit``."""
    if value is None:
        return Label("", "")
    if value.is_Symbol:
        text = f"${latex_symbol_name(value.name)}$"
        return Label(text, text)
    if value.is_Rational:
        return Label(si_latex(value, unit), si_plain(value, unit))
    names = {s: latex_symbol_name(s.name) for s in value.free_symbols}
    text = f"${latex(value, symbol_names=names)}$"
    return Label(text, text)


def name_label(name):
    """A label from a symbol or element name (U1 -> U_{1}, Vout -> V_{out})."""
    text = f"${latex_symbol_name(name)}$"
    return Label(text, text)
