"""Is the op-amps' feedback negative? Decided from the circuit, not assumed.

The virtual short (and the nullor the solver uses) describes an op-amp only
where the closed loop is stable. Model every op-amp at once as a single-pole
integrator, A_i(s) = w_i/s, each with its own unknown gain-bandwidth w_i > 0.
The loop matrix D (:mod:`derive.derivation.loops`: how much op-amp j's output
reaches op-amp i's inverting input more than its non-inverting one) gives the
characteristic polynomial det(s I + W D), whose coefficient of s**(n-k) is the
sum over k op-amps S of w_S times the principal minor D[S, S].

Stable for every choice of the w_i (op-amps of unknown speed) needs every
principal minor >= 0 and det D > 0, as those coefficients must be positive
whatever the w_i; for one op-amp (D_ii > 0) and for two in one loop
(D_11, D_22 >= 0, not both 0, and det > 0) that is also sufficient, by
Routh-Hurwitz for degrees one and two. Op-amps whose outputs do not reach
each other in a cycle are separate blocks (the polynomial factors into the
strongly connected components of D's graph), so an in-amp is one pair and one
single op-amp. With symbolic resistances each condition is a ratio of
polynomials; if every coefficient of both has one sign, its sign holds for
all positive values (that is the proof). Otherwise the condition is stated as
an assumption, or, if it holds nowhere, the circuit is refused.

A loop of three or more op-amps is decided by the Liénard-Chipart criterion
proved symbolically (:func:`derive.derivation.hurwitz.loop_stability`): stable
for all positive values, or under stated conditions (exact ones, or a
sufficient one where a Hurwitz determinant's sign depends on the values). Where
that cannot be done (beyond its bounds on size, or a sign that depends on the
op-amps' speeds) the necessary minors are checked and then Routh-Hurwitz at
exact random values and bandwidths, and the derivation says that the loop was
checked only at sample values. A circuit whose loop matrix does not exist
(outputs that do not determine the inputs) or that has capacitors or inductors
is decided the same way on the characteristic polynomial of its whole nodal
matrix, block by block (:mod:`derive.derivation.poles`): proved for all
positive values and speeds, stated as a condition, refused, or checked at
sample values and said so.

Checking one op-amp at a time with the others ideal (the Schur complement
det D / det D_rest) is not enough: two op-amps each with positive feedback
of its own can look negative that way while det D < 0 (a real pole in the
right half-plane whatever the w_i).

>>> from derive.circuit.netlist import parse_netlist
>>> c = parse_netlist("Vin in 0\\nRin in m\\nRf m out\\nU1 0 m out")
>>> feedback_conditions(c)
()
>>> swapped = parse_netlist("Vin in 0\\nRin in p\\nRf p out\\nU1 p 0 out")
>>> feedback_conditions(swapped)
Traceback (most recent call last):
...
derive.derivation.feedback.PositiveFeedbackError: line 4: U1's output feeds back to its non-inverting input (+, node p) more than to its inverting input (-, node 0): with positive feedback there is no virtual short and no linear gain (the output saturates), so the circuit is not an amplifier; return the feedback to the inverting input.
"""
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from random import Random

from sympy import Add, Matrix, Mul, Poly, S, Symbol, fraction

from ..errors import CircuitError
from ..text.messages import Message
from .hurwitz import hurwitz_stable, loop_stability
from .loops import blocks, characteristic, loop_rows, loop_system, row_monomials, speed_symbols
from .poles import closed_loop_blocks, stable_at_samples

POINTS = 3


class PositiveFeedbackError(CircuitError):
    """An op-amp whose loop is not negative feedback: no virtual short holds (names the op-amp's line)."""

    def __init__(self, opamp, node, reason="positive", others=(), source=None):
        self.opamp, self.node, self.reason = opamp, node, reason
        if reason == "none":
            text = Message("feedback_none", opamp=opamp.name, out=opamp.output, minus=opamp.minus)
        elif reason == "unstable":
            text = Message("feedback_unstable", opamp=opamp.name, node=node, minus=opamp.minus)
        elif reason == "loop":
            text = Message("feedback_loop", opamp=Message.joined([opamp.name, *others], "–"), minus=opamp.minus)
        else:
            text = Message("feedback_positive", opamp=opamp.name, node=node, minus=opamp.minus)
        super().__init__(text, getattr(opamp, "line", None), source)


@dataclass(frozen=True)
class FeedbackCondition:
    """``opamp``'s loop (``"U1+U2"`` for a loop of several) is negative feedback
    under ``condition`` (``expr > 0``). ``kind``: ``"exact"``, only if it holds
    (and, with the others of its loop, if); ``"sufficient"``, proved enough but
    maybe more than needed; ``"sampled"``, no condition (None) proved: the loop
    was found stable at sample values only; ``"sampled_fast"``, the same with
    op-amps fast beside the circuit's own frequencies (capacitors, inductors)."""

    opamp: str
    condition: object
    kind: str = "exact"


def _sign(poly_expr, symbols):
    """+1 or -1 if every coefficient has that sign (the sign for all positive values), else 0."""
    if poly_expr.is_number:
        return int(bool(poly_expr > 0)) - int(bool(poly_expr < 0))
    signs = {_term_sign(term) for term in Add.make_args(poly_expr)}
    if signs in ({1}, {-1}):        # already a sum of monomials of one sign: no expansion needed
        return signs.pop()
    coeffs = Poly(poly_expr.expand(), *symbols).coeffs()
    if all(c > 0 for c in coeffs):
        return 1
    if all(c < 0 for c in coeffs):
        return -1
    return 0


def _term_sign(term):
    """The sign of a monomial ``c * R1**a * ...`` in positive symbols, else 0 (not a monomial)."""
    coeff, rest = term.as_coeff_Mul()
    for factor in Mul.make_args(rest):
        base, exp = factor.as_base_exp()
        if not (base.is_Symbol and base.is_positive and exp.is_Integer):
            return 0
    return 1 if coeff > 0 else -1 if coeff < 0 else 0


def _positive_symbols(circuit):
    return [s for s in circuit.symbols if s.is_positive]


@dataclass
class _Verdict:
    """What is known about ``expr > 0`` for all positive values: +1 always, -1 never
    (<= 0 everywhere), 0 identically zero, None: it depends (``condition``)."""

    sign: object
    condition: object = None


def _decide(expr, symbols):
    if expr == 0:
        return _Verdict(0)
    num, den = fraction(expr)
    if not all(s.is_positive for s in expr.free_symbols):
        return _Verdict(None, expr > 0)
    sign = _sign(num, symbols) * _sign(den, symbols)
    if sign:
        return _Verdict(sign)
    num, den = fraction(expr.cancel())          # a condition to state: in lowest terms
    den_sign = _sign(den, symbols)
    if not den_sign:
        return _Verdict(None, expr > 0)
    _, num = Poly(num, *symbols).terms_gcd()        # a common monomial factor is positive
    return _Verdict(None, num.primitive()[1].as_expr() * den_sign > 0)


@lru_cache(maxsize=256)
def feedback_conditions(circuit):
    """Check the op-amps' feedback, all together; return the conditions it needs.

    Raises :class:`PositiveFeedbackError` (naming the op-amp and the input the
    feedback reaches) when the loop is not negative feedback for any values;
    returns ``()`` when it is for all positive values, else one
    :class:`FeedbackCondition` per condition that depends on them.
    """
    if not circuit.opamps:
        return ()
    # capacitors and inductors, or no loop matrix: the poles of the whole nodal matrix
    loop = None if getattr(circuit, "reactive", False) else loop_system(circuit)
    if loop is None:
        return _pole_conditions(circuit)
    symbols = _positive_symbols(circuit)
    conditions = []
    for block in blocks(loop.D):
        conditions += _block_conditions(circuit, loop, sorted(block), symbols)
    return tuple(conditions)


def _block_conditions(circuit, loop, block, symbols):
    """The conditions of one loop of op-amps (raises if they never hold)."""
    D, minor = loop.D, loop.minor
    ops = [circuit.opamps[i] for i in block]
    first, others = ops[0], [op.name for op in ops[1:]]
    if len(block) == 1:
        verdict = _decide(D[block[0], block[0]], symbols)
        if verdict.sign == 0:
            raise PositiveFeedbackError(first, first.plus, "none", source=circuit.source)
        if verdict.sign == -1:
            raise PositiveFeedbackError(first, first.plus, source=circuit.source)
        if verdict.sign is None:
            condition = verdict.condition
            if condition.free_symbols <= set(symbols) and not _holds_somewhere([condition]):
                raise PositiveFeedbackError(first, first.plus, source=circuit.source)
            return [FeedbackCondition(first.name, condition)]
        return []
    conditions, diagonal = [], []
    for k, op in zip(block, ops):     # each op-amp with the others' outputs held: D_kk >= 0
        verdict = _decide(D[k, k], symbols)
        if verdict.sign == -1:
            raise PositiveFeedbackError(op, op.plus, source=circuit.source)
        diagonal.append(verdict.sign)
        if verdict.sign is None:
            conditions.append(FeedbackCondition(op.name, verdict.condition))
    if all(sign == 0 for sign in diagonal):   # the loop closes only through the others: no damping
        raise PositiveFeedbackError(first, first.minus, "loop", others, circuit.source)
    if len(block) > 2:
        proved = _proved_loop(circuit, loop, block, symbols)
        if proved is not None:
            return proved
    if len(block) > 2:                        # the other principal minors: necessary, not sufficient
        for size in range(2, len(block)):
            for subset in combinations(block, size):
                if _decide(minor(list(subset)), symbols).sign == -1:
                    raise PositiveFeedbackError(first, first.minus, "loop", others, circuit.source)
    verdict = _decide(minor(block), symbols)
    if verdict.sign in (0, -1):
        raise PositiveFeedbackError(first, first.minus, "loop", others, circuit.source)
    if verdict.sign is None:
        conditions.append(FeedbackCondition("+".join(op.name for op in ops), verdict.condition))
    plain = [c.condition for c in conditions]
    if plain and all(c.free_symbols <= set(symbols) for c in plain) and not _holds_somewhere(plain):
        raise PositiveFeedbackError(first, first.minus, "loop", others, circuit.source)
    if len(block) > 2:
        if not _block_stable_at_points(D.extract(block, block), plain):
            raise PositiveFeedbackError(first, first.minus, "loop", others, circuit.source)
        conditions.append(FeedbackCondition("+".join(op.name for op in ops), None, "sampled"))
    return conditions


def _proved_loop(circuit, loop, block, symbols):
    """The conditions of a loop of three or more op-amps, proved for all positive
    values and speeds (Liénard-Chipart, :func:`loop_stability`); raises if they
    never hold; None where no proof was found (the caller checks at samples)."""
    if loop.ring is None:
        return None
    result = loop_stability(loop.ring, loop.row, block, symbols)
    if result is None:
        return None
    ops = [circuit.opamps[i] for i in block]
    refused = PositiveFeedbackError(ops[0], ops[0].minus, "loop", [op.name for op in ops[1:]], circuit.source)
    if result.never:
        raise refused
    conditions = list(result.conditions)
    if conditions and not _holds_somewhere(conditions):
        if result.exact:
            raise refused
        return None          # a sufficient condition that holds nowhere proves nothing
    kind = "exact" if result.exact else "sufficient"
    return [FeedbackCondition("+".join(op.name for op in ops), c, kind) for c in conditions]


def _block_stable_at_points(D, conditions):
    """Routh-Hurwitz on det(s I + W D) at random values where the conditions hold,
    with random gain-bandwidths ``W`` spread over four decades."""
    rng = Random(5)
    s = Symbol("s")
    symbols = sorted(D.free_symbols, key=lambda x: x.name)
    tried = 0
    for _ in range(200):
        point = {x: S(rng.randint(100, 999)) * 10 ** rng.randint(1, 5) for x in symbols}
        if not all(bool(c.subs(point)) for c in conditions):
            continue
        numeric = D.subs(point)
        for _ in range(POINTS):
            W = Matrix.diag(*[S(rng.randint(1, 999)) * 10 ** rng.randint(0, 3) for _ in range(D.rows)])
            if not hurwitz_stable(Poly((s * Matrix.eye(D.rows) + W * numeric).det(), s)):
                return False
        tried += 1
        if tried == POINTS:
            break
    return True


def _points(circuit, n=POINTS):
    rng = Random(12)
    symbols = circuit.symbols
    for _ in range(n):
        yield {s: S(rng.randint(100, 999)) * 10 ** rng.randint(1, 5) for s in symbols}


def _holds_somewhere(conditions):
    """True if the conditions hold together at some of a few hundred random positive points."""
    rng = Random(7)
    symbols = sorted(set().union(*(c.free_symbols for c in conditions)), key=lambda s: s.name)
    for _ in range(200):
        point = {s: S(rng.randint(1, 999)) * 10 ** rng.randint(0, 5) for s in symbols}
        if all(bool(c.subs(point)) for c in conditions):
            return True
    return False


def _pole_conditions(circuit):
    """The conditions of a circuit decided on its whole nodal matrix, block by
    block (:func:`closed_loop_blocks`): proved for all values and speeds, or
    stated; where not, Routh-Hurwitz at sample values with op-amps fast beside
    the circuit, refused if unstable there, else said to be sampled only."""
    found = closed_loop_blocks(circuit)
    if found is None:        # not polynomials in positive symbols: samples of the whole circuit
        if not _stable_at_points(circuit):
            raise _unstable(circuit, circuit.opamps, False)
        return (FeedbackCondition("+".join(op.name for op in circuit.opamps), None, "sampled_fast"),)
    conditions = []
    for block in found:
        ops = [circuit.opamps[i] for i in block.opamps]
        name = "+".join(op.name for op in ops)
        if block.verdict == "none":
            first = ops[0]
            if len(ops) == 1:
                raise PositiveFeedbackError(first, first.plus, "none", source=circuit.source)
            raise PositiveFeedbackError(first, first.minus, "loop", [op.name for op in ops[1:]], circuit.source)
        if block.verdict == "proved":
            stated = list(block.stability.conditions)
            if not stated:
                continue
            if _holds_somewhere(stated):
                kind = "exact" if block.stability.exact else "sufficient"
                conditions += [FeedbackCondition(name, c, kind) for c in stated]
                continue
        # some speeds make it unstable ("never"), nothing proved, or conditions that
        # hold nowhere: it is an amplifier only if stable with fast op-amps
        if not stable_at_samples(block):
            raise _unstable(circuit, ops, block.dc)
        conditions.append(FeedbackCondition(name, None, "sampled_fast"))
    return tuple(conditions)


def _unstable(circuit, ops, dc):
    """The refusal of a loop with a closed-loop pole in the right half-plane:
    positive feedback (at DC already, ``dc``), or a loop through several op-amps,
    or one op-amp's loop made unstable by the phase of its capacitors and inductors."""
    first = ops[0]
    if len(ops) > 1:
        return PositiveFeedbackError(first, first.minus, "loop", [op.name for op in ops[1:]], circuit.source)
    return PositiveFeedbackError(first, first.plus, "positive" if dc else "unstable", source=circuit.source)


def _stable_at_points(circuit):
    """Routh-Hurwitz on the whole characteristic polynomial at random values,
    every op-amp an integrator of a random gain-bandwidth."""
    rows = loop_rows(circuit)
    terms = row_monomials(rows)
    rng = Random(3)
    for point in _points(circuit):
        for _ in range(POINTS):
            speeds = {w: S(rng.randint(1, 999)) * 10 ** rng.randint(0, 3) for w in speed_symbols(circuit)}
            if not hurwitz_stable(characteristic(rows, point | speeds, terms)):
                return False
    return True

