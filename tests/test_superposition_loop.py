"""Superposition on a loop of op-amps (the Tow-Thomas biquad): each stage is written
in terms of the others' outputs and the stage equations are solved together, as a
textbook does, instead of abandoning the stages for Kirchhoff's law at every node."""
from pathlib import Path

from sympy import cancel

from derive.circuit.netlist import read_netlist
from derive.derivation import derive
from tests.support.reference import numeric_point, reference_voltages

TOW_THOMAS = Path(__file__).parent / "data" / "anycircuit" / "tow_thomas.net"


def _used(d):
    """Ids of the steps the result rests on (through their uses)."""
    todo, seen = [d.result_id], set()
    while todo:
        s = d.step(todo.pop())
        if s.id not in seen:
            seen.add(s.id)
            todo += list(s.uses)
    return seen


def test_the_tow_thomas_loop_is_solved_from_its_stage_equations():
    d = derive(read_netlist(TOW_THOMAS), "superposition")
    kinds = [s.kind for s in d.steps]
    assert d.method == "superposition"
    assert not any(k.startswith("kcl") for k in kinds), kinds
    stages = [s for s in d.steps if s.params.get("opamp") in ("U1", "U2", "U3") and s.kind.endswith("stage")]
    assert sorted(s.params["opamp"] for s in stages) == ["U1", "U2", "U3"]
    solution = next(s for s in d.steps if s.kind == "loop_solution")
    assert {s.id for s in stages} <= set(solution.uses)
    # every step written is one the result needs (no stage equations left unused)
    assert {s.id for s in d.steps if s.kind != "assumption"} <= _used(d)
    # the value (test_anycircuit compares every method with the reference solver too)
    c = read_netlist(TOW_THOMAS)
    point = numeric_point(c.symbols, 3)
    assert cancel(d.result.rhs.subs(point) - reference_voltages(c, point)[c.output]) == 0
