"""Units of a derivation's quantities, so a numeric result reads ``Vout = -1 V``.

A numeric deck (``V1 in 0 0.1``, ``R1 in m 10k``) gives steps whose right-hand
side is a plain number: a node voltage, a current, the output. Every renderer
writes such a number with its unit and SI prefix through the one formatter of
:mod:`derive.notation.units` (``-17/1000`` volt is ``-17 mV``), with ``=`` when
that text is exact and ``≈`` when it is rounded.

>>> from derive.circuit.netlist import parse_netlist
>>> from derive.derivation import derive
>>> d = derive(parse_netlist("Vin in 0 0.1\\nR1 in m 10k\\nR2 m out 100k\\nU1 0 m out"))
>>> numeric_value(d.result, quantity_units(d))
('=', '-1 V', '\\\\SI{-1}{\\\\volt}')
"""
from ..circuit.values import TYPED, read_number
from ..notation.units import si_latex, si_plain


def quantity_units(derivation):
    """``{symbol: unit}`` for the quantities of ``derivation``: node voltages and the
    output in volt, currents in ampere."""
    units = {q.symbol: ("volt" if q.what == "node" else "ampere") for q in derivation.quantities}
    units[derivation.circuit.output_symbol] = "volt"
    return units


def numeric_value(equation, units):
    """``(relation, plain text, LaTeX)`` for an equation that gives a quantity of known
    unit a plain exact number other than 0, else None. The relation is ``=`` if the text is
    exact, ``≈`` if it is rounded.

    >>> from sympy import Eq, Rational, Symbol
    >>> I = Symbol("I_R1")
    >>> numeric_value(Eq(I, Rational(1, 100000)), {I: "ampere"})
    ('=', '10 µA', '\\\\SI{10}{\\\\micro\\\\ampere}')
    >>> numeric_value(Eq(I, Rational(1, 3)), {I: "ampere"})[:2]
    ('≈', '333.3 mA')
    """
    lhs, rhs = equation.lhs, equation.rhs
    if not getattr(rhs, "is_Rational", False) or rhs == 0 or lhs not in units:
        return None                  # 0 needs no unit: a virtual ground reads V_m = 0
    unit = units[lhs]
    text = si_plain(rhs, unit)
    exact = read_number(text.replace(" ", ""), TYPED) == rhs
    return ("=" if exact else "≈"), text, si_latex(rhs, unit)
