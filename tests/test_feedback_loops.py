"""The negative-feedback check looks at all op-amps together, not one at a time.

Every claim is compared with the independent oracle
``tests.support.reference.reference_stable`` (its own MNA matrix, every op-amp
an integrator w/s with its own gain-bandwidth w, roots found numerically).
The circuits here are the ones where checking one op-amp at a time with the
others ideal (the Schur complement det D / D_other) gives the wrong answer.
"""
import random

import pytest
from sympy import Rational

from derive.circuit.library import load_circuit
from derive.circuit.netlist import parse_netlist
# the check and its error through the package, as derive() uses them (pytest's
# importlib mode may import the module file a second time for its doctests)
from derive.derivation import PositiveFeedbackError, derive, feedback_conditions
from derive.derivation.loops import loop_matrix
from tests.support.reference import numeric_point, reference_stable

# Two stages, each with positive feedback of its own (U1's output reaches its
# own + through R2, U2's its own + through R4), coupled crosswise.
CROSS = """Vin in 0 Vin
Rin in a {Rin}
R1 o2 a {R1}
R2 a o1 {R2}
U1 a 0 o1
R3 o1 b {R3}
R4 b o2 {R4}
U2 b 0 o2
.output o2 Vout"""

# U1 an inverting stage; U2's own output reaches only its + (R5), and U1's
# output reaches it there too (R7), while U2's output returns to U1's - (R9).
ONE_SIDED = """Vin in 0 Vin
Rin in m1 {Rin}
Rf1 m1 o1 {Rf1}
R9 o2 m1 {R9}
U1 0 m1 o1
R5 o2 p2 {R5}
R6 p2 0 {R6}
R7 o1 p2 {R7}
U2 p2 0 o2
.output o2 Vout"""

# Both op-amps with negative feedback of their own, each output also reaching
# the other's inverting input: stable only while the loop through both is weaker.
COUPLED = """Vin in 0 Vin
Rin in m1 Rin
Rf1 m1 o1 Rf1
Rx o2 m1 Rx
U1 0 m1 o1
Ra o2 m2 Ra
Rb m2 0 Rb
Ry o1 m2 Ry
U2 0 m2 o2
.output o2 Vout"""

BANDWIDTHS = [(1, 1), (1, 1000), (1000, 1), (7, 3)]


def _circuit(template, **values):
    names = {"Rin", "R1", "R2", "R3", "R4", "Rf1", "R9", "R5", "R6", "R7"}
    return parse_netlist(template.format(**({n: n for n in names} | values)))


def _stable_for(circuit, point, bandwidths=BANDWIDTHS):
    names = [op.name for op in circuit.opamps]
    return [reference_stable(circuit, point, dict(zip(names, map(Rational, w)))) for w in bandwidths]


def _one_at_a_time(circuit, point):
    """The old check: each op-amp's return difference with the other one ideal."""
    D = loop_matrix(circuit).subs(point)
    det = D.det()
    return [det / D[1, 1], det / D[0, 0]]


def test_each_alone_negative_but_the_loop_positive_is_refused():
    c = _circuit(CROSS, Rin="10k", R1="1k", R2="10k", R3="1k", R4="10k")
    assert all(d > 0 for d in _one_at_a_time(c, {}))        # one at a time: both look negative
    assert not any(_stable_for(c, {}))                        # but no bandwidths make it stable
    with pytest.raises(PositiveFeedbackError) as info:
        feedback_conditions(c)
    assert "U1's output feeds back to its non-inverting input (+, node a)" in str(info.value)


def test_the_symbolic_cross_coupled_pair_is_refused_for_all_values():
    c = _circuit(CROSS)
    for seed in range(4):
        point = numeric_point(c.symbols, seed)
        assert not any(_stable_for(c, point))
    with pytest.raises(PositiveFeedbackError):
        derive(c)


def test_the_opamp_at_fault_is_named_not_its_partner():
    c = _circuit(ONE_SIDED, Rin="1k", Rf1="10k", R9="1k", R5="10k", R6="1k", R7="1k")
    d1, d2 = _one_at_a_time(c, {})
    assert d1 < 0 < d2                 # one at a time blames U1 ...
    slow_u2, fast_u2 = _stable_for(c, {}, [(1000, 1), (1, 1000)])
    assert slow_u2 and not fast_u2     # ... but U1 is fine: U2's own + feedback needs U2 slow
    with pytest.raises(PositiveFeedbackError) as info:
        feedback_conditions(c)
    assert "U2's output feeds back to its non-inverting input (+, node p2)" in str(info.value)


def test_a_conditional_loop_states_its_condition_and_the_oracle_agrees():
    c = parse_netlist(COUPLED)
    (condition,) = feedback_conditions(c)
    assert condition.opamp == "U1+U2"
    rng = random.Random(3)
    seen = set()
    for seed in range(12):
        point = numeric_point(c.symbols, rng.randint(0, 10**6))
        holds = bool(condition.condition.subs(point))
        assert all(_stable_for(c, point)) == holds, (point, condition)
        assert not holds or all(_stable_for(c, point))
        seen.add(holds)
    assert seen == {True, False}
    d = derive(c, "nodal")
    assert [f.condition for f in d.feedback] == [condition.condition]


@pytest.mark.parametrize("name", ["inamp", "inamp2", "noninverting", "diffamp", "inamp-ic"])
def test_builtins_need_no_condition_and_are_stable_for_any_bandwidths(name):
    c = load_circuit(name).matched()
    assert feedback_conditions(c) == ()
    point = numeric_point(c.symbols, 1)
    names = [op.name for op in c.opamps]
    rng = random.Random(9)
    for _ in range(3):
        w = {n: Rational(rng.randint(1, 999)) * 10 ** rng.randint(0, 3) for n in names}
        assert reference_stable(c, point, w)


def test_a_three_opamp_ring_is_checked_against_the_oracle():
    # three inverting stages in a ring, each locally negative; the ring's gain
    # (-1)^3 = -1 around it makes the whole loop negative too, but only while
    # the ring is not too strong for the integrators' phase (a condition on values).
    ring = """Vin in 0 Vin
Rin in m1 1k
R1 m1 o1 1k
U1 0 m1 o1
Ra o1 m2 1k
Rb m2 o2 {g}
U2 0 m2 o2
Rc o2 m3 1k
Rd m3 o3 {g}
U3 0 m3 o3
Rr o3 m1 1k
.output o3 Vout"""
    outcomes = set()
    for g in ("1k", "100k"):
        c = parse_netlist(ring.format(g=g))
        names = [op.name for op in c.opamps]
        stable = all(reference_stable(c, {}, dict(zip(names, map(Rational, w))))
                     for w in [(1, 1, 1), (1, 10, 100), (100, 10, 1)])
        try:
            feedback_conditions(c)
            refused = False
        except PositiveFeedbackError:
            refused = True
        assert refused == (not stable), g
        outcomes.add(refused)
    assert outcomes == {True, False}


def test_a_test_circuit_beyond_the_size_limit_is_not_a_refusal(monkeypatch):
    """Driving every op-amp's output removes the virtual grounds that keep a wide
    summer small: its test circuit can be over the size limit while the circuit is
    not (eleven inputs behind dividers: 177,147 terms, the test circuit 1.5 million).
    The loop matrix is then unavailable, not the derivation refused."""
    import derive.solver
    from derive.circuit.cost import CircuitTooLarge
    from derive.circuit.library import load_circuit
    from derive.derivation.loops import loop_system
    from derive.text.messages import Message

    def too_large(circuit):
        raise CircuitTooLarge(Message("no_source", circuit=circuit.name))

    monkeypatch.setattr(derive.solver, "solve", too_large)
    assert loop_system(load_circuit("inverting")) is None


def test_a_follower_whose_inputs_are_both_op_amp_outputs_keeps_the_polynomial_route():
    """A follower after a stage: its inputs are the driven outputs themselves, so its
    own drive is in no solved node's ring. The loop matrix still comes from the
    solver's polynomials (one ring over all), not from differentiating expressions
    (a nine-input summer into such a follower took 100 s there, 3.6 s now)."""
    from sympy import Matrix, symbols

    from derive.circuit.netlist import parse_netlist
    from derive.derivation.loops import loop_system

    loop = loop_system(parse_netlist("V1 in 0\nR1 in m1\nRf1 m1 o1\nU1 0 m1 o1\nU2 o1 out out\n"))
    R1, Rf1 = symbols("R1 Rf1", positive=True)
    assert loop.ring is not None
    assert (loop.D - Matrix([[R1 / (R1 + Rf1), 0], [-1, 1]])).applyfunc(lambda e: e.cancel()) == Matrix.zeros(2)
