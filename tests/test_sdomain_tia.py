"""The transimpedance amplifier derived the textbook way: the current source's
current flows into the virtual ground and on through Z_f = Rf || 1/(s Cf)."""
import pytest
from sympy import Symbol, cancel

from derive.circuit.library import load_circuit
from derive.circuit.netlist import parse_netlist
from derive.derivation import derive

s = Symbol("s")


def P(name):
    return Symbol(name, positive=True)


def V(name):
    return Symbol(name, real=True)


Rf, Cf, Ip = P("Rf"), P("Cf"), V("Ip")
ZF = Rf / (1 + s * Rf * Cf)


@pytest.mark.parametrize("method", [None, "virtual-short", "superposition"])
def test_tia_by_the_virtual_ground_and_the_parallel_impedance(method):
    d = derive("tia", method=method)
    assert d.method == (method or "virtual-short")     # no fallback to nodal analysis
    kinds = [step.kind for step in d.steps]
    assert "kcl" not in kinds and "solution" not in kinds
    z = d.step(next(step.id for step in d.steps if step.kind == "parallel_impedance"))
    assert cancel(z.equation.rhs - ZF) == 0
    stage = next(step for step in d.steps if step.kind == "transimpedance_stage")
    assert z.id in stage.uses
    assert cancel(stage.equation.rhs + Ip * ZF) == 0
    assert cancel(d.result.rhs + Ip * ZF) == 0


def test_a_current_and_a_voltage_into_one_virtual_ground_by_superposition():
    # Each scenario counts only its own source: the current source inside the
    # stage is zero while Vin acts (it was counted twice, and refused by the proof).
    c = parse_netlist("Vin in 0 Vin\nR1 in m R1\nI1 0 m Ib\nR2 m out R2\nC2 m out C2\n"
                      "U1 0 m out\n.output out Vout\n", name="tia-sum")
    d = derive(c, method="superposition")
    assert d.method == "superposition"
    z2 = P("R2") / (1 + s * P("R2") * P("C2"))
    parts = {step.kind: step for step in d.steps if step.kind.endswith("_stage")}
    assert cancel(parts["inverting_stage"].equation.rhs + z2 / P("R1") * V("Vin")) == 0
    assert cancel(parts["transimpedance_stage"].equation.rhs + z2 * V("Ib")) == 0
    assert cancel(d.result.rhs + z2 * (V("Vin") / P("R1") + V("Ib"))) == 0


def test_the_tia_is_described_as_a_transimpedance_amplifier_in_both_languages():
    from derive.render.text import render_text

    d = derive(load_circuit("tia"))
    assert "transimpedance amplifier" in render_text(d, "en")
    assert "amplificador de transimpedancia" in render_text(d, "es")
