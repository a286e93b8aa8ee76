"""The element interface: an element type is one class, found from one place.

A hypothetical element defined only here goes through the netlist reader, the
solver and ``derive show`` without any package module knowing it; current
sources, capacitors and inductors go through the same interface.
"""
from argparse import Namespace
from dataclasses import dataclass

import pytest
from sympy import Symbol, simplify

from derive.circuit.elements import ELEMENT_TYPES, LAPLACE, Passive
from derive.circuit.netlist import parse_netlist
from derive.derivation import derive
from derive.errors import NetlistError
from derive.solver import solve
from derive.spice.export import spice_deck
from reference import numeric_point, reference_voltages


@dataclass(frozen=True)
class TwinResistor(Passive):
    """Hypothetical: a resistance of exactly twice the value written (a fixed ratio 2)."""

    letter = "W"
    kind = "twin resistor"
    role = "resistance"
    unit = "ohm"

    def admittance(self):
        return 1 / (2 * self.value)


TYPES = {**ELEMENT_TYPES, "W": TwinResistor}
R = lambda name: Symbol(name, positive=True)   # noqa: E731
V = lambda name: Symbol(name, real=True)       # noqa: E731


def test_an_element_defined_only_in_a_test_goes_through_netlist_solver_and_show(capsys):
    text = "V1 in 0 Vin\nR1 in m Rin\nW1 m out Rf\nU1 0 m out\n"
    with pytest.raises(NetlistError, match="unknown element 'W1'"):
        parse_netlist(text)
    c = parse_netlist(text, types=TYPES)
    assert c.element("W1").impedance() == 2 * R("Rf")
    assert simplify(solve(c).output + 2 * R("Rf") * V("Vin") / R("Rin")) == 0
    d = derive(c)   # every step is proved before it is returned
    assert simplify(d.result.rhs + 2 * R("Rf") * V("Vin") / R("Rin")) == 0
    from derive.cli import cmd_show

    cmd_show.run(Namespace(circuit=c, method=None, general=False, lang="en", json=False))
    shown = capsys.readouterr().out
    assert "Vout" in shown and "2*Rf" in shown.replace(" ", "").replace("⋅", "*")
    # numbers work as for any passive
    numeric = parse_netlist("V1 in 0 1\nR1 in m 1k\nW1 m out 1k\nU1 0 m out\n", types=TYPES)
    assert solve(numeric).output == -2


def test_current_source_follows_spice_direction():
    # I1 from node 0 through the source into node a: +I flows into a, through R to ground
    c = parse_netlist("I1 0 a I1\nR1 a 0 R1\n.output a", name="i")
    assert simplify(solve(c).output - V("I1") * R("R1")) == 0
    c = parse_netlist("I1 a 0 I1\nR1 a 0 R1\n.output a", name="i")
    assert simplify(solve(c).output + V("I1") * R("R1")) == 0
    assert simplify(solve(c).current("I1") - V("I1")) == 0


def test_transimpedance_amplifier_with_a_current_source():
    c = parse_netlist("I1 0 m Iin\nR1 m out Rf\nU1 0 m out\n", name="tia")
    assert simplify(solve(c).output + R("Rf") * V("Iin")) == 0
    for method in ("virtual-short", "superposition", "nodal"):
        d = derive(c, method=method)
        assert simplify(d.result.rhs + R("Rf") * V("Iin")) == 0, method


def test_capacitor_and_inductor_are_impedances_in_s():
    c = parse_netlist("V1 in 0 Vin\nR1 in out R\nC1 out 0 C\n", name="rc")
    assert simplify(solve(c).output - V("Vin") / (1 + LAPLACE * R("R") * R("C"))) == 0
    c = parse_netlist("V1 in 0 Vin\nR1 in out R\nL1 out 0 L\n", name="rl")
    assert simplify(solve(c).output - V("Vin") * LAPLACE * R("L") / (R("R") + LAPLACE * R("L"))) == 0
    c = parse_netlist("V1 in 0 Vin\nL1 in m L\nC1 m out C\nR1 out 0 R\n", name="rlc")
    expected = V("Vin") * R("R") / (R("R") + LAPLACE * R("L") + 1 / (LAPLACE * R("C")))
    assert simplify(solve(c).output - expected) == 0


def test_integrator_derived_with_impedances_every_step_proved():
    c = parse_netlist("V1 in 0 Vin\nR1 in m R\nC1 m out C\nU1 0 m out\n", name="integrator")
    for method in ("virtual-short", "superposition", "nodal"):
        d = derive(c, method=method)
        assert simplify(d.result.rhs + V("Vin") / (LAPLACE * R("R") * R("C"))) == 0, method


def test_reactive_circuits_agree_with_the_reference_solver():
    for text in ("V1 in 0 Vin\nR1 in m R1\nC1 m out C1\nR2 m out R2\nU1 0 m out\n",
                 "V1 in 0 Vin\nR1 in a R1\nR2 a b R2\nC1 a out C1\nC2 b 0 C2\nU1 b out out\n",
                 "V1 in 0 Vin\nI1 0 m I1\nL1 in m L1\nC1 m out C1\nU1 0 m out\n"):
        c = parse_netlist(text, name="x")
        point = numeric_point(c.symbols, seed=len(text))
        expected = reference_voltages(c, point)[c.output]
        assert simplify(solve(c).output.subs(point) - expected) == 0, text


def test_values_of_c_and_l_read_with_spice_suffixes_and_checked():
    c = parse_netlist("V1 in 0 1\nR1 in out 1k\nC1 out 0 10n\nL1 out 0 4.7u\nC2 out 0 1uF\nC3 out 0 100p\n",
                      name="x")
    assert c.element("C1").value * 10**8 == 1 and c.element("L1").value * 10**7 == 47
    assert c.element("C2").value * 10**6 == 1 and c.element("C3").value * 10**10 == 1
    with pytest.raises(NetlistError, match="capacitance must be positive"):
        parse_netlist("V1 in 0 1\nR1 in out 1k\nC1 out 0 0\n")
    with pytest.raises(NetlistError, match="Laplace variable"):
        parse_netlist("V1 in 0 1\nR1 in out 1k\nC1 out 0 s\n")
    with pytest.raises(NetlistError, match="used as a capacitance here but as a resistance"):
        parse_netlist("V1 in 0 1\nR1 in out X\nC1 out 0 X\n")


def test_spice_cards_come_from_the_elements():
    c = parse_netlist("I1 0 a 1m\nR1 a b 1k\nC1 b 0 10n\nL1 b 0 1m\n.output a", name="x")
    text = spice_deck(c).text
    assert "i1 0 a DC 0.001\n" in text and "c1 b 0 0.00000001\n" in text and "l1 b 0 0.001\n" in text
