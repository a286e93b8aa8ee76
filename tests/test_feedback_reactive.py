"""Negative feedback of circuits with capacitors and inductors, proved from the
circuit (every op-amp an integrator w/s with its own gain-bandwidth w > 0):
the built-ins against characteristic polynomials written by hand here (their
nodal matrices typed in, the Routh table worked out), refusals of positive
feedback through a capacitor, and the symbolic verdict against roots found
numerically (numpy) on random circuits, values and speeds.
"""
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sympy import Matrix, Poly, Rational, Symbol, cancel, expand, fraction, symbols, together

from derive.circuit.library import load_circuit
from derive.circuit.netlist import parse_netlist
from derive.derivation import PositiveFeedbackError, check_solvable, derive, feedback_conditions
from derive.derivation.poles import closed_loop_blocks
from derive.errors import DeriveError
from derive.text import model_assumptions

s = Symbol("s")
R, C, Rf, Cf, Rin = symbols("R C Rf Cf Rin", positive=True)
R1, R2, R3, C1, C2 = symbols("R1 R2 R3 C1 C2", positive=True)
w = Symbol("w_feedback_U1", positive=True)


def _block_polynomial(circuit):
    """The engine's polynomial of the circuit's one op-amp block (an expression)."""
    from sympy.polys.matrices import DomainMatrix

    (block,) = closed_loop_blocks(circuit)
    k = len(block.matrix)
    return block, DomainMatrix([list(r) for r in block.matrix], (k, k), block.ring.to_domain()).det().as_expr()


def _same_roots(engine, hand):
    """Equal up to a factor that is a monomial in positive symbols and a power of s."""
    ratio = cancel(engine / hand)
    num, den = fraction(ratio)
    for part in (num, den):
        assert len(part.as_ordered_terms()) == 1 and part.as_coeff_Mul()[0] > 0, ratio


def _all_positive(expr):
    expr = expand(expr)
    if expr.is_number:
        return expr > 0
    return all(c > 0 for c in Poly(expr, *sorted(expr.free_symbols, key=str)).coeffs())


# Each built-in's nodal matrix typed in by hand (unknowns: the nodes' voltages;
# op-amp row: s*Vout - w*(V+ - V-) = 0), with the polynomial it must give.
HAND = {
    # m: (1/R + sC) Vm - sC Vout; U1: s Vout + w Vm
    "integrator": (Matrix([[1 / R + s * C, -s * C], [w, s]]), 1),
    # m: (sC + 1/R) Vm - Vout/R; U1: s Vout + w Vm
    "differentiator": (Matrix([[s * C + 1 / R, -1 / R], [w, s]]), 0),
    "lossy-integrator": (Matrix([[1 / Rin + 1 / Rf + s * Cf, -1 / Rf - s * Cf], [w, s]]), 0),
    "tia": (Matrix([[1 / Rf + s * Cf, -1 / Rf - s * Cf], [w, s]]), 0),
    # a, b, out; U1 a follower: s Vout - w (Vb - Vout)
    "sallen-key-lp": (Matrix([[1 / R1 + 1 / R2 + s * C1, -1 / R2, -s * C1],
                              [-1 / R2, 1 / R2 + s * C2, 0],
                              [0, -w, s + w]]), 0),
    # a, m, out; U1 inverting at m
    "mfb-bandpass": (Matrix([[1 / R1 + 1 / R2 + s * C1 + s * C2, -s * C2, -s * C1],
                             [-s * C2, s * C2 + 1 / R3, -1 / R3],
                             [0, w, s]]), 0),
}


@pytest.mark.parametrize("name", sorted(HAND))
def test_each_single_opamp_builtin_is_proved_against_its_hand_polynomial(name):
    matrix, zero_roots = HAND[name]
    hand = together(matrix.det())
    hand = fraction(hand)[0]
    circuit = load_circuit(name)
    block, engine = _block_polynomial(circuit)
    _same_roots(engine, hand)
    # the roots at s = 0 set aside are those of the hand polynomial: the integrator's 1/s
    q = Poly(expand(hand), s)
    low = min(m[0] for m in q.monoms())
    assert low == zero_roots
    coeffs = Poly(expand(hand / s ** low), s).all_coeffs()
    assert block.degree == len(coeffs) - 1
    # Routh by hand: every coefficient positive (all their terms positive), and
    # for degree 3 the one condition a2*a1 > a3*a0
    assert all(_all_positive(a) for a in coeffs), coeffs
    if len(coeffs) == 4:
        a3, a2, a1, a0 = coeffs
        assert _all_positive(a2 * a1 - a3 * a0)
    assert block.verdict == "proved" and block.stability.conditions == ()
    assert feedback_conditions(circuit.matched()) == ()
    assert derive(name).feedback == ()


def test_the_differentiator_is_stable_for_every_value_but_underdamped_when_fast():
    """R C s**2 + s + w: both roots in the left half-plane for all positive values
    (Routh, degree 2), a complex pair of damping 1/(2 sqrt(w R C)) once w R C > 1/4:
    the textbook peaking of a differentiator, not positive feedback."""
    _, engine = _block_polynomial(load_circuit("differentiator"))
    _same_roots(engine, R * C * s ** 2 + s + w)
    roots = np.roots([1e3 * 1e-6, 1, 1e7])        # R = 1k, C = 1 uF, w = 2 pi 1.6 MHz
    assert all(r.real < 0 for r in roots) and all(abs(r.imag) > 0 for r in roots)


def test_the_ecg_front_end_is_proved_block_by_block():
    blocks = closed_loop_blocks(load_circuit("ecg-front-end").matched())
    assert [(b.opamps, b.verdict, b.degree) for b in blocks] == [
        ((0, 1), "proved", 2), ((2,), "proved", 1), ((3,), "proved", 1), ((4,), "proved", 1)]
    assert all(b.stability.conditions == () for b in blocks)
    assert derive("ecg-front-end").feedback == ()


SWAPPED_INTEGRATOR = "Vin in 0 Vin\nR1 in m R\nC1 m out C\nU1 m 0 out\n.output out Vout"
SWAPPED_DIFFERENTIATOR = "Vin in 0 Vin\nC1 in p C\nR1 p out R\nU1 p 0 out\n.output out Vout"


@pytest.mark.parametrize("netlist", [SWAPPED_INTEGRATOR, SWAPPED_DIFFERENTIATOR], ids=["integrator", "differentiator"])
def test_positive_feedback_through_a_capacitor_is_refused(netlist):
    c = parse_netlist(netlist)
    # by hand: the integrator gives s (C s + 1/R - w C) (a root at w - 1/(R C) > 0
    # once the op-amp is fast), the differentiator C s**2 + s/R - w/R (a constant
    # term negative for every value: a positive real root)
    with pytest.raises(PositiveFeedbackError) as info:
        feedback_conditions(c)
    assert "U1's output feeds back to its non-inverting input (+, node " in str(info.value)
    with pytest.raises(PositiveFeedbackError):
        derive(c)


def test_a_phase_shift_loop_is_refused_as_unstable_not_as_positive_feedback():
    """An inverting amplifier whose feedback returns through three RC lags: negative
    at DC, but with U1 an integrator the loop's phase turns it positive (it oscillates)."""
    c = parse_netlist("\n".join([
        "Vin in 0 Vin", "Rin in m Rin", "Ra out a R", "Ca a 0 C", "Rb a b R", "Cb b 0 C",
        "Rc b m R", "Cc m 0 C", "U1 0 m out", ".output out Vout"]))
    with pytest.raises(PositiveFeedbackError) as info:
        feedback_conditions(c)
    assert "U1's loop is not stable" in str(info.value)


def test_a_loop_of_integrators_says_it_was_checked_only_with_fast_opamps():
    tow_thomas = parse_netlist("\n".join([
        "V1 in 0 Vin", "R1 in a R1", "R2 a o1 R2", "C1 a o1 C1", "U1 0 a o1", "R3 o1 b R3",
        "C2 b o2 C2", "U2 0 b o2", "R5 o2 c R5", "R6 c o3 R6", "U3 0 c o3", "R4 o3 a R4",
        ".output o2 Vout"]))
    (cond,) = feedback_conditions(tow_thomas)
    assert (cond.opamp, cond.condition, cond.kind) == ("U1+U2+U3", None, "sampled_fast")
    d = derive(tow_thomas)
    en, es = model_assumptions(d, "en")[-1], model_assumptions(d, "es")[-1]
    assert en.startswith("The loop through U1, U2 and U3 was found to be negative feedback")
    assert "well above the circuit's own frequencies" in en and "not proved for all values" in en
    assert es.startswith("Que el lazo que pasa por U1, U2 y U3 es de realimentación negativa")
    assert "no está demostrado" in es


def test_a_single_opamp_sampled_sentence_names_the_opamp_not_a_loop():
    from dataclasses import replace

    from derive.derivation.derivation import Derivation
    from derive.derivation.feedback import FeedbackCondition

    d = replace(derive("sallen-key-lp"), feedback=(FeedbackCondition("U1", None, "sampled_fast"),))
    assert model_assumptions(d, "en")[-1].startswith("U1 was found to have negative feedback")
    assert model_assumptions(d, "es")[-1].startswith("Que U1 tiene realimentación negativa")
    assert isinstance(d, Derivation)


# --- the verdict against roots found numerically ---------------------------

def _oracle_polynomial(circuit, point, speeds):
    """Its own nodal matrix (R, C, L; op-amp rows s*Vout - w*(V+ - V-)), exact
    at ``point``, as a polynomial in s with its roots at 0 set aside."""
    nodes = [n for n in circuit.nodes if n != "0"]
    fixed = {e.nodes[0] for e in circuit.elements if e.name[0] in "V" and e.nodes[1] == "0"}
    unknown = [n for n in nodes if n not in fixed]
    index = {n: i for i, n in enumerate(unknown)}
    outputs = {e.nodes[2]: e for e in circuit.elements if e.name[0] == "U"}
    M = [[0] * len(unknown) for _ in unknown]
    for e in circuit.elements:
        letter = e.name[0]
        if letter in "RCL":
            value = e.value.subs(point)
            y = {"R": 1 / value, "C": s * value, "L": 1 / (s * value)}[letter]
            a, b = e.nodes
            for x, z in ((a, b), (b, a)):
                if x in index and x not in outputs:
                    M[index[x]][index[x]] += y
                    if z in index:
                        M[index[x]][index[z]] -= y
    for out, op in outputs.items():
        plus, minus, _ = op.nodes
        row = M[index[out]] = [0] * len(unknown)
        row[index[out]] += s
        for node, sign in ((plus, -1), (minus, 1)):
            if node in index:
                row[index[node]] += sign * speeds[op.name]
    num = fraction(together(Matrix(M).det(method="berkowitz")))[0]
    poly = Poly(expand(num), s)
    low = min(m[0] for m in poly.monoms())
    return Poly(expand(num / s ** low), s)


def _stable(poly):
    """Every root with a negative real part, by the Hurwitz matrix (exact: every
    coefficient and every leading principal minor positive), written here apart
    from the engine's Routh table and Liénard-Chipart."""
    a = poly.all_coeffs()
    if a[0] < 0:
        a = [-c for c in a]
    n = len(a) - 1
    if any(c <= 0 for c in a):
        return False
    H = Matrix(n, n, lambda i, j: a[2 * j - i + 1] if 0 <= 2 * j - i + 1 <= n else 0)
    return all(H[:k, :k].det() > 0 for k in range(1, n + 1))


@st.composite
def rc_circuits(draw):
    """One op-amp: an input part and a feedback part at node x, maybe a part to
    ground there; at node y a part to ground, maybe one from the output (positive
    feedback) and one from the input; each part an R or a C; the inputs
    sometimes swapped."""
    def part(name, a, b):
        letter = draw(st.sampled_from("RC"))
        return f"{letter}{name} {a} {b} {letter}{name}"

    lines = ["Vin in 0 Vin", part("1", "in", "x"), part("2", "x", "out"), part("5", "y", "0")]
    if draw(st.booleans()):
        lines.append(part("3", "x", "0"))
    if draw(st.booleans()):
        lines.append(part("4", "out", "y"))
    if draw(st.booleans()):
        lines.append(part("6", "in", "y"))
    plus, minus = ("x", "y") if draw(st.integers(0, 2)) == 0 else ("y", "x")
    lines += [f"U1 {plus} {minus} out", ".output out Vout"]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(rc_circuits(), st.integers(0, 10**6))
def test_the_verdict_agrees_with_numeric_roots(netlist, seed):
    try:
        circuit = parse_netlist(netlist)
        assume(circuit.reactive)
        check_solvable(circuit)
        verdict = feedback_conditions(circuit)
    except PositiveFeedbackError:
        verdict = "refused"
    except DeriveError:
        assume(False)
    (block,) = closed_loop_blocks(circuit) or [None]
    assume(block is not None)
    rng = random.Random(seed)
    point = {x: Rational(rng.randint(100, 999)) * Rational(10) ** rng.randint(-9, 4) for x in circuit.symbols
             if x.is_positive}
    grid = [Rational(10) ** k for k in range(-12, 40, 2)]
    stable = [_stable(_oracle_polynomial(circuit, point, {"U1": v})) for v in grid]
    if verdict == ():
        assert block.verdict == "proved" and all(stable), (netlist, point)
    elif verdict == "refused" and block.verdict in ("never", "none"):
        assert not all(stable), (netlist, point)    # for every value, some speeds are unstable
    elif verdict != "refused" and all(c.kind in ("exact", "sufficient") for c in verdict):
        if all(bool(c.condition.subs(point)) for c in verdict):      # stated conditions are enough
            assert all(stable), (netlist, point, verdict)
