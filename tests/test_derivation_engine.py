"""Every strategy on every circuit: all steps proved, results equal the nodal solution."""
import dataclasses

import pytest
from sympy import Eq, cancel

from derive.circuit import builtin_names, load_circuit, parse_netlist
from derive.derivation import STRATEGIES, derive
from derive.derivation.forms import gain_form, linear_form
from derive.derivation.verify import verify
from derive.errors import DeriveError, UnprovedStepError
from derive.solver import solve


@pytest.mark.parametrize("general", [False, True])
@pytest.mark.parametrize("method", sorted(STRATEGIES))
@pytest.mark.parametrize("name", builtin_names())
def test_every_strategy_on_every_builtin(name, method, general):
    d = derive(name, method=method, general=general)
    circuit = load_circuit(name)
    circuit = circuit.general() if general else circuit.matched()
    assert cancel(d.result.rhs - solve(circuit).output) == 0
    assert d.result.lhs == circuit.output_symbol
    ids = [s.id for s in d.steps]
    assert len(ids) == len(set(ids))
    for s in d.steps:                      # uses point backwards only
        assert all(ids.index(u) < ids.index(s.id) for u in s.uses)


def test_a_wrong_sign_is_refused():
    d = derive("inamp")
    steps = list(d.steps)
    i = next(k for k, s in enumerate(steps) if s.id == "s1-U2")
    bad = steps[i]
    steps[i] = dataclasses.replace(bad, equation=Eq(bad.equation.lhs, -bad.equation.rhs, evaluate=False))
    with pytest.raises(UnprovedStepError) as info:
        verify(dataclasses.replace(d, steps=tuple(steps)))
    assert info.value.step.id == "s1-U2"


def test_a_false_assumption_use_is_refused():
    # The simplification of Vout1 needs R5 = R6: without that use it is false.
    d = derive("inamp")
    steps = [dataclasses.replace(s, uses=tuple(u for u in s.uses if u != "assume-R6"))
             if s.id == "s1-simplify" else s for s in d.steps]
    with pytest.raises(UnprovedStepError):
        verify(dataclasses.replace(d, steps=tuple(steps)))


def test_user_netlist_gets_an_honest_derivation():
    c = parse_netlist("""
    V1 in 0 Vs
    R1 in a Ra
    R2 a 0 Rb
    R3 a m Rc
    R4 m out Rf
    U1 0 m out
    """)
    for method in STRATEGIES:
        d = derive(c, method=method)
        assert cancel(d.result.rhs - solve(c).output) == 0


def test_finite_gain_nodal_derivation():
    c = load_circuit("noninverting").with_finite_gain()
    d = derive(c, method="nodal")
    assert any(s.kind == "open_loop_gain" for s in d.steps)
    assert cancel(d.result.rhs - solve(c).output) == 0


def test_unknown_method_is_a_clear_error():
    with pytest.raises(DeriveError, match="unknown method"):
        derive("inamp", method="magic")


def test_forms_never_change_the_value():
    from sympy import symbols

    R1, R2, R5, RG, V1, V2 = symbols("R1 R2 R5 RG V1 V2", positive=True)
    for e in [R2 * (2 * R5 + RG) / (R1 * RG), (R5 + RG) / RG, R1 / (R1 + R2), 3 * R1 / R2]:
        assert cancel(gain_form(e) - e) == 0
    e = R2 * (2 * R5 + RG) * (V1 - V2) / (R1 * RG) + 7 * V1
    assert cancel(linear_form(e, [V1, V2]) - e) == 0


def test_zero_ohm_resistor_is_a_wire_in_derivations():
    c = parse_netlist("V1 in 0 Vin\nR1 in m 0\nR2 m out R2\nR3 out 0 R3\n")
    for method in STRATEGIES:
        d = derive(c, method=method)
        assert cancel(d.result.rhs - solve(c).output) == 0
