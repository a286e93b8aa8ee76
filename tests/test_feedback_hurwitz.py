"""Loops of three or more op-amps: negative feedback proved (Liénard-Chipart,
symbolically), or stated as an exact or a sufficient condition, or said to be
checked only at sample values, or refused.

Every claim is compared with the independent oracle of
``tests.support.reference`` (its own MNA matrix, every op-amp an integrator
w/s with its own gain-bandwidth, roots found numerically).
"""
import random

import pytest
from sympy import Rational

from derive.circuit.netlist import parse_netlist
from derive.derivation import PositiveFeedbackError, derive, feedback_conditions
from derive.derivation.hurwitz import loop_stability
from derive.derivation.loops import blocks, loop_system
from derive.render.json_out import derivation_json
from derive.text import model_assumptions
from tests.support.reference import numeric_point, reference_stable, reference_stable_for_all_bandwidths

# The input stage of an in-amp whose common mode (the midpoint of RG) is driven
# back into both inputs by an inverting amplifier U4, through the source
# resistances (a right-leg drive): U1, U2 and U4 are one loop of three.
DRIVEN_COMMON_MODE = """V1 s1 0 V1
V2 s2 0 V2
Rs1 s1 in1 Rs1
Rs2 s2 in2 Rs2
Rd1 d in1 Rd1
Rd2 d in2 Rd2
U1 in1 g1 o1
U2 in2 g2 o2
R5 o1 g1 R5
RGa g1 cm RGa
RGb cm g2 RGb
R6 g2 o2 R6
Rcm cm m4 Rcm
Rf4 m4 d Rf4
U4 0 m4 d
.output o1 Vo1"""

# Two inverting stages and a non-inverting one in a ring: the gain around the
# ring is positive, so it is negative feedback only while each stage's own
# feedback outweighs it (det D > 0, a condition on the resistors).
POSITIVE_RING = """Vin in 0 Vin
Rin in m1 {Rin}
R1 m1 o1 {R1}
U1 0 m1 o1
Ra o1 m2 {Ra}
Rb m2 o2 {Rb}
U2 0 m2 o2
Rc o2 p3 {Rc}
Rd p3 0 {Rd}
Rf3 o3 m3 {Rf3}
Rg3 m3 0 {Rg3}
U3 p3 m3 o3
Rr o3 m1 {Rr}
.output o3 Vout"""

# Three inverting stages in a ring (gain around it -1 at equal resistors): the
# phase of three integrators makes it unstable when the ring is strong.
NEGATIVE_RING = """Vin in 0 Vin
Rin in m1 {Rin}
R1 m1 o1 {R1}
U1 0 m1 o1
Ra o1 m2 {Ra}
Rb m2 o2 {Rb}
U2 0 m2 o2
Rc o2 m3 {Rc}
Rd m3 o3 {Rd}
U3 0 m3 o3
Rr o3 m1 {Rr}
.output o3 Vout"""


def _netlist(template, **values):
    names = {"Rin", "R1", "Ra", "Rb", "Rc", "Rd", "Rf3", "Rg3", "Rr"}
    return parse_netlist(template.format(**({n: n for n in names} | values)))


def _proof(circuit):
    loop = loop_system(circuit)
    (block,) = [b for b in blocks(loop.D) if len(b) > 2]
    return loop_stability(loop.ring, loop.row, sorted(block), circuit.symbols)


def test_a_driven_common_mode_loop_of_three_is_proved_for_all_positive_values():
    c = parse_netlist(DRIVEN_COMMON_MODE)
    proof = _proof(c)
    assert proof is not None and not proof.never and proof.conditions == ()
    assert feedback_conditions(c) == ()
    names = [op.name for op in c.opamps]
    rng = random.Random(4)
    w = {n: Rational(rng.randint(1, 999)) * 10 ** rng.randint(0, 2) for n in names}
    assert reference_stable(c, numeric_point(c.symbols, 2), w)


def test_a_ring_with_positive_gain_states_the_exact_condition_and_the_oracle_agrees():
    c = _netlist(POSITIVE_RING)
    (cond,) = feedback_conditions(c)
    assert (cond.opamp, cond.kind) == ("U1+U2+U3", "exact")
    seen = set()
    for seed in (0, 1, 5, 6):
        point = numeric_point(c.symbols, seed)
        holds = bool(cond.condition.subs(point))
        assert reference_stable_for_all_bandwidths(c, point, tries=1) == holds, (point, cond)
        seen.add(holds)
    assert seen == {True, False}
    d = derive(c, "nodal")
    assert [f.condition for f in d.feedback] == [cond.condition]
    en, es = model_assumptions(d, "en")[-1], model_assumptions(d, "es")[-1]
    assert en.startswith("The loop through U1, U2 and U3 is negative feedback") and " only if " in en
    assert es.startswith("El lazo que pasa por U1, U2 y U3") and " solo si " in es


def test_the_ring_with_positive_gain_is_refused_where_its_stage_cannot_outweigh_it():
    c = _netlist(POSITIVE_RING, Rin="1k", R1="10k", Ra="1k", Rb="10k", Rc="1k", Rd="10k",
                 Rf3="10k", Rg3="1k", Rr="1k")
    assert not reference_stable(c, {})
    with pytest.raises(PositiveFeedbackError) as info:
        derive(c)
    assert "the loop through U1–U2–U3 is not stable" in str(info.value)
    assert "line 4" in str(info.value)


def test_a_three_stage_ring_gets_a_sufficient_condition_that_the_oracle_confirms():
    c = _netlist(NEGATIVE_RING)
    (cond,) = feedback_conditions(c)
    assert (cond.opamp, cond.kind) == ("U1+U2+U3", "sufficient")
    rng = random.Random(11)
    found = 0
    for _ in range(400):            # points where the condition holds: stable for any speeds
        point = numeric_point(c.symbols, rng.randint(0, 10**6))
        if cond.condition.subs(point):
            assert reference_stable_for_all_bandwidths(c, point, tries=2)
            found += 1
            if found == 2:
                break
    assert found == 2
    # far outside it (the ring 100 times stronger than each stage's own feedback): unstable
    strong = {s: Rational(1000) for s in c.symbols} | {s: Rational(100000) for s in c.symbols
                                                         if s.name in ("Rb", "Rd")}
    assert not cond.condition.subs(strong) and not reference_stable(c, strong)
    en = model_assumptions(derive(c, "nodal"), "en")[-1]
    assert "for any gain-bandwidths of its op-amps if" in en and "a weaker condition may do" in en


def test_where_no_proof_is_found_the_loop_is_said_to_be_checked_at_samples():
    # 2*d1*d2*d3 < e < 8*d1*d2*d3: stable for any speeds, but no coefficient-wise proof
    c = _netlist(NEGATIVE_RING, Rin="1k", R1="1k", Ra="1k", Rb="2k", Rc="1k", Rd="2k", Rr="1k")
    assert _proof(c) is None
    assert reference_stable_for_all_bandwidths(c, {}, tries=3)
    (cond,) = feedback_conditions(c)
    assert (cond.opamp, cond.condition, cond.kind) == ("U1+U2+U3", None, "sampled")
    d = derive(c, "nodal")
    assert model_assumptions(d, "en")[-1].startswith(
        "The loop through U1, U2 and U3 was found to be negative feedback")
    assert "sin demostrarlo para todos los valores" in model_assumptions(d, "es")[-1]
    assert derivation_json(d, "en")["assumptions"] == [str(a) for a in d.assumptions]


def test_a_numeric_ring_in_reach_of_the_proof_is_proved_and_one_too_strong_is_refused():
    weak = _netlist(NEGATIVE_RING, Rin="1k", R1="1k", Ra="1k", Rb="1k", Rc="1k", Rd="1k", Rr="1k")
    assert _proof(weak).conditions == () and feedback_conditions(weak) == ()
    strong = _netlist(NEGATIVE_RING, Rin="1k", R1="1k", Ra="1k", Rb="5k", Rc="1k", Rd="5k", Rr="1k")
    assert not reference_stable(strong, {})         # unstable with equal speeds
    with pytest.raises(PositiveFeedbackError):
        feedback_conditions(strong)


def test_beyond_the_bound_on_size_the_loop_is_checked_at_samples_and_says_so(monkeypatch):
    from derive.derivation import hurwitz

    c = _netlist(POSITIVE_RING)
    monkeypatch.setattr(hurwitz, "MAX_TERMS", 1)
    assert _proof(c) is None
    exact, sampled = feedback_conditions.__wrapped__(c)
    # the necessary condition det D > 0 is still stated; the rest only checked at samples
    assert (exact.kind, sampled.kind, sampled.condition) == ("exact", "sampled", None)
    monkeypatch.undo()
    (cond,) = feedback_conditions.__wrapped__(c)         # the same condition, proved exact
    for seed in (0, 1):
        point = numeric_point(c.symbols, seed)
        assert bool(exact.condition.subs(point)) == bool(cond.condition.subs(point))


def test_sufficient_conditions_of_one_loop_are_stated_together():
    """Sufficient conditions are enough only together: one sentence names them all
    ("… if A and B"), not one sentence each claiming to be enough."""
    import dataclasses

    from sympy import symbols

    from derive.derivation.feedback import FeedbackCondition

    R1, R2, R3 = symbols("R1 R2 R3", positive=True)
    d = derive(_netlist(NEGATIVE_RING), "nodal")
    two = (FeedbackCondition("U1+U2+U3", R1 > R2, "sufficient"), FeedbackCondition("U1+U2+U3", R2 > R3, "sufficient"))
    d = dataclasses.replace(d, feedback=two)
    en, es = model_assumptions(d, "en"), model_assumptions(d, "es")
    assert len(en) == len(es) == 2
    assert "if R1 > R2 and R2 > R3 (proved enough" in en[1].replace("₁", "1").replace("₂", "2").replace("₃", "3")
    assert " y " in es[1]
