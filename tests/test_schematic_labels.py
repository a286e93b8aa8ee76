"""Symbol names and SI values as the schematic (and the LaTeX printer) write them."""
from fractions import Fraction

import pytest
from sympy import Integer, Rational, Symbol

from derive.circuit.library import load_circuit
from derive.notation.names import latex_symbol_name
from derive.notation.units import si_latex, si_plain
from derive.schematic.layout import layout_circuit

NAMES = {
    "RG": "R_{G}", "R5": "R_{5}", "Rg": "R_{g}", "Vout1": "V_{out1}", "V11": "V_{11}",
    "Vinp": "V_{inp}", "A_U1": "A_{U1}", "R1a": "R_{1a}", "Rin": "R_{in}", "Rf": "R_{f}",
    "I_RG": "I_{RG}", "R": "R", "V": "V",
}


@pytest.mark.parametrize("name, tex", sorted(NAMES.items()))
def test_first_letter_then_subscript(name, tex):
    assert latex_symbol_name(name) == tex


@pytest.mark.parametrize("bad", ["", "1R", "R G", "R{G}", "\\alpha", None])
def test_names_that_are_not_identifiers_are_refused(bad):
    with pytest.raises(ValueError, match="not a symbol name"):
        latex_symbol_name(bad)


@pytest.mark.parametrize("value, unit, tex, plain", [
    (Integer(49400), "ohm", r"\SI{49.4}{\kilo\ohm}", "49.4 kΩ"),
    (Integer(10000), "ohm", r"\SI{10}{\kilo\ohm}", "10 kΩ"),
    (Integer(4700000), "ohm", r"\SI{4.7}{\mega\ohm}", "4.7 MΩ"),
    (Integer(470), "ohm", r"\SI{470}{\ohm}", "470 Ω"),
    (Rational(1, 1000), "volt", r"\SI{1}{\milli\volt}", "1 mV"),
    (Rational(13135, 100000), "volt", r"\SI{131.35}{\milli\volt}", "131.35 mV"),
    (Rational(-5, 2), "volt", r"\SI{-2.5}{\volt}", "-2.5 V"),
    (Fraction(1, 3), "volt", r"\SI{333.3}{\milli\volt}", "333.3 mV"),
    (Rational(999999, 1000), "ohm", r"\SI{999.999}{\ohm}", "999.999 Ω"),
    (0, "ohm", r"\SI{0}{\ohm}", "0 Ω"),
])
def test_si_values_exact_in_and_prefixed_out(value, unit, tex, plain):
    assert si_latex(value, unit) == tex
    assert si_plain(value, unit) == plain


def test_rounding_that_carries_moves_to_the_next_prefix():
    # 999.99996666... rounds to 1000 at four digits: that is 1 k, not "1000".
    assert si_latex(Rational(29999999, 30000), "ohm") == r"\SI{1}{\kilo\ohm}"


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unknown unit"):
        si_latex(1, "furlong")


def test_schematic_labels_are_values_not_element_names():
    lay = layout_circuit(load_circuit("inamp-wiki"))
    labels = {p.element: p.label.latex for p in lay.parts}
    assert labels["R1a"] == labels["R1b"] == "$R_{1}$"
    assert labels["Rg"] == "$R_{g}$"
    lay = layout_circuit(load_circuit("inamp").substitute({Symbol("RG", positive=True): Integer(49400)}))
    assert {p.element: p.label.latex for p in lay.parts}["RG"] == r"\SI{49.4}{\kilo\ohm}"
    terminals = {t.element: t.label.latex for t in lay.terminals}
    assert terminals == {"V1": "$V_{1}$", "V2": "$V_{2}$", None: "$V_{out}$"}
