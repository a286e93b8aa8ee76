"""Cross-check symbolic node voltages against ngspice at random numeric points.

For each point every symbol gets an exact value (:mod:`derive.spice.points`);
each claimed expression is evaluated *exactly* at it, the circuit is exported
with the same numbers (:mod:`derive.spice.export`) and ngspice computes the
operating point. Every node voltage is compared, not only the output, so a wrong
intermediate is caught too.

A circuit with capacitors or inductors is checked in AC instead: each point
also draws a frequency f (1 Hz to 99.9 kHz, three significant digits), the
claims are evaluated at s = j*2*pi*f (to 30 digits) and ngspice runs an
``.ac`` analysis at f with every source an AC phasor equal to its value; the
complex difference, relative to the claim, measures magnitude and phase at once.
Then each point's element values are checked at DC as well: ngspice's ``.op``
(capacitors open, inductors shorted) against the exact s -> 0 limit of every
claim -- unless a claim has no finite DC value (an integrator), which the
report says instead.

How a difference is measured. With ``scale`` the largest |node voltage| at the
point (as ngspice computes it), the error of a node is ``|ngspice - exact| / max(|exact|, FLOOR*scale)``:
relative to its own value, except for nodes much smaller than the rest (a
virtual ground is exactly 0), which are measured against ``FLOOR*scale``.

The tolerance.

* Ideal op-amps exported as nullors (default): the model is exact, so only
  ngspice's double-precision solution differs. Its error is about ``1e-15*scale``
  (measured: at most ~1e-14 of the scale over all built-in circuits, 40 random
  points each), i.e. at most ~1e-10 in the measure above; :data:`NULLOR_RTOL`
  = 1e-8 leaves a factor of 100.
* Ideal op-amps exported as a VCVS of open-loop gain A (``opamp_gain=A``):
  each op-amp input then sits at ``Vout_k/A`` instead of 0, and every node
  moves by the noise gain from that op-amp to the node times ``Vout_k/A`` --
  first order in 1/A, with a coefficient no simple bound captures in a cascade
  (it can reach (R_max/R_min)^2 in an in-amp). So the error is *measured*:
  ngspice also solves the deck at gain 2A; the error at A is, to first order,
  twice the change from A to 2A, and each node is allowed ``3*|V(A) - V(2A)|``
  (50 % margin). Large A costs precision instead (the input difference is a
  rounding-sized remainder), so ``VCVS_ROUNDING * A * eps`` is added, and errors
  are measured against the scale (``floor`` = 1). Measured over the built-in
  circuits with A = 1e9: error / tolerance at most 0.67, tolerances 2e-6 .. 3e-2
  of the scale. If doubling A moves a node by more than
  :data:`VCVS_MAX_CHANGE` of the scale the first-order estimate is not
  trustworthy and the point is refused (use the nullor, or a larger A).

>>> from derive.circuit import load_circuit
>>> report = verify(load_circuit("inverting"), points=2)   # doctest: +SKIP
>>> report.ok                                               # doctest: +SKIP
True
"""
import random
from dataclasses import dataclass

from sympy import I, Rational, Symbol, pi

from ..circuit.elements import LAPLACE
from ..circuit.nodes import GROUND
from ..errors import DeriveError
from ..text.messages import Message
from .export import spice_deck
from .ngspice import (DEFAULT_TIMEOUT, PRINT_CONTROL, NgspiceError, NgspiceMissing, ac_control, ac_point,
                      operating_point)
from .points import random_point

NULLOR_RTOL = 1e-8
FLOOR = 1e-4
VCVS_ROUNDING = 10
VCVS_MAX_CHANGE = 1e-2
DOUBLE_EPSILON = 2.220446049250313e-16
DEFAULT_POINTS = 5
FREQUENCY = Symbol("f", positive=True)
"""The frequency (Hz) of an AC point, among the point's values."""
AC_DIGITS = 30


@dataclass(frozen=True)
class NodeCheck:
    """One claimed voltage at one point: exact value, ngspice's value, verdict."""

    label: object        # "V(out)", or a Message worded in the reader's language
    node: str
    expected: Rational
    simulated: float
    error: float
    tolerance: float

    @property
    def ok(self):
        return self.error <= self.tolerance


@dataclass(frozen=True)
class PointCheck:
    """All claims checked at one numeric point."""

    index: int
    values: dict
    checks: tuple

    @property
    def ok(self):
        return all(c.ok for c in self.checks)

    @property
    def worst(self):
        """The check with the largest error relative to its tolerance."""
        return max(self.checks, key=lambda c: c.error / c.tolerance)

    def failures(self):
        return [c for c in self.checks if not c.ok]


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of :func:`verify`: one :class:`PointCheck` per point.

    For a circuit with capacitors or inductors ``points`` are AC points and
    ``dc_points`` the same element values at DC (ngspice's ``.op``, against the
    s -> 0 limit of each claim); ``dc_note`` says why there are none (a DC gain
    that is not finite, as an integrator's, or no DC operating point).
    """

    circuit: object
    points: tuple
    opamp_model: object          # a Message: how ideal op-amps went to ngspice
    seed: object
    dc_points: tuple = ()
    dc_note: object = None       # a Message, or None

    @property
    def ok(self):
        return all(p.ok for p in self.points + self.dc_points)


def compare_claims(values, simulated, *, model_error=None, floor=FLOOR, rtol=NULLOR_RTOL):
    """Compare exact claimed voltages with ngspice's; a list of :class:`NodeCheck`.

    ``values``: ``[(label, node, exact number)]``; ``simulated``: ``{node: float}``
    from ngspice (its largest magnitude is the point's ``scale``);
    ``model_error``: ``{node: |V(A) - V(2A)|}`` when op-amps are finite-gain
    stand-ins for ideal ones; ``floor`` and ``rtol`` as in the module doc.

    >>> checks = compare_claims([("V(out)", "out", 100), ("V(m)", "m", 0)], {"out": 100.0000001, "m": 1e-12})
    >>> [(c.label, c.ok, f"{c.error:.0e}") for c in checks]
    [('V(out)', True, '1e-09'), ('V(m)', True, '1e-10')]
    >>> compare_claims([("V(out)", "out", 101)], {"out": 100.0})[0].ok
    False
    """
    model_error = model_error or {}
    scale = max([abs(v) for v in simulated.values()] + [0.0])
    checks = []
    for label, node, exact in values:
        sim = simulated[node]
        measure = max(abs(complex(exact)), floor * scale) or 1e-300
        tolerance = rtol + 3 * model_error.get(node, 0.0) / measure
        error = abs(sim - complex(exact)) / measure
        checks.append(NodeCheck(label, node, exact, sim, error, tolerance))
    return checks


def claims_from_solution(solution):
    """``[(label, node, expression)]`` for every non-ground node of a NodalSolution."""
    return [(f"V({n})", n, v) for n, v in solution.voltages.items() if n != GROUND]


def evaluate_exactly(expr, point, label):
    """``expr`` at ``point`` as an exact number; DeriveError if symbols are left over.

    At an AC point (one with a :data:`FREQUENCY`) the value is complex: ``expr``
    at s = j*2*pi*f, to :data:`AC_DIGITS` digits.
    """
    value = expr.xreplace(point) if hasattr(expr, "xreplace") else expr
    if FREQUENCY in point:
        value = value.xreplace({LAPLACE: 2 * pi * I * point[FREQUENCY]}) if hasattr(value, "xreplace") else value
        left = getattr(value, "free_symbols", set())
        if left:
            names = ", ".join(sorted(s.name for s in left))
            raise DeriveError(Message("verify_claim_symbols", label=label, names=names))
        value = value.evalf(AC_DIGITS) if hasattr(value, "evalf") else value
        if not (value.is_number and value.is_finite):
            raise DeriveError(Message("verify_claim_not_finite", label=label))
        return value
    left = getattr(value, "free_symbols", set())
    if left:
        names = ", ".join(sorted(s.name for s in left))
        raise DeriveError(Message("verify_claim_symbols", label=label, names=names))
    if not (value.is_number and value.is_real and value.is_finite):
        raise DeriveError(Message("verify_claim_not_real", label=label))
    return value


def simulate(circuit, point, *, opamp_gain=None, program=None, timeout=None):
    """ngspice's node voltages of ``circuit`` at ``point``: ``({node: float}, SpiceDeck)``
    (complex numbers in AC, at the point's :data:`FREQUENCY`)."""
    values = {s: v for s, v in point.items() if s != FREQUENCY}
    if FREQUENCY in point:
        deck = spice_deck(circuit.substitute(values), opamp_gain=opamp_gain,
                          control=ac_control(point[FREQUENCY]), ac=True)
        spice = ac_point(deck.text, program=program, timeout=timeout or DEFAULT_TIMEOUT)
    else:
        deck = spice_deck(circuit.substitute(values), opamp_gain=opamp_gain, control=PRINT_CONTROL)
        spice = operating_point(deck.text, program=program, timeout=timeout or DEFAULT_TIMEOUT)
    missing = [n for n, s in deck.nodes.items() if n != GROUND and s not in spice]
    if missing:
        raise DeriveError(Message("verify_nodes_missing", nodes=", ".join(missing)))
    return {n: spice[s] for n, s in deck.nodes.items() if n != GROUND}, deck


def check_point(circuit, point, claims, *, index=1, opamp_gain=None, program=None, timeout=None):
    """Check ``claims`` (label, node, expression) at one ``point``; a :class:`PointCheck`."""
    run = {"program": program, "timeout": timeout}
    sim, _ = simulate(circuit, point, opamp_gain=opamp_gain, **run)
    values = [(label, node, evaluate_exactly(expr, point, label)) for label, node, expr in claims]
    if opamp_gain is None or all(not u.ideal for u in circuit.opamps):
        return PointCheck(index, dict(point), tuple(compare_claims(values, sim)))
    sim2, _ = simulate(circuit, point, opamp_gain=2 * opamp_gain, **run)
    change = {n: abs(sim[n] - sim2[n]) for n in sim}
    scale = max(abs(v) for v in sim.values()) or 1.0
    if max(change.values()) > VCVS_MAX_CHANGE * scale:
        raise DeriveError(Message("verify_gain_too_low", gain=f"{opamp_gain:g}", index=index,
                                  change=f"{max(change.values()) / scale:.1%}"))
    rtol = NULLOR_RTOL + VCVS_ROUNDING * float(opamp_gain) * DOUBLE_EPSILON
    checks = compare_claims(values, sim, model_error=change, floor=1.0, rtol=rtol)
    return PointCheck(index, dict(point), tuple(checks))


def verify(circuit, *, points=DEFAULT_POINTS, seed=0, claims=None, opamp_gain=None,
           program=None, timeout=None):
    """Cross-check ``claims`` about ``circuit`` against ngspice at ``points`` random points.

    ``claims`` is a list of (label, node, expression); by default every node
    voltage of ``derive.solver.solve(circuit)``. ``opamp_gain`` None exports
    ideal op-amps as exact nullors, a number as VCVS of that gain. The points
    are drawn from ``random.Random(seed)``, so a seed repeats a run exactly.
    """
    from ..solver import solve

    if points < 1:
        raise DeriveError(Message("verify_points", points=points))
    if opamp_gain is not None and not opamp_gain > 0:
        raise DeriveError(Message("verify_opamp_gain", gain=opamp_gain))
    if claims is None:
        claims = claims_from_solution(solve(circuit))
    if not circuit.symbols and not circuit.reactive:
        points = 1   # every "random" point would be the circuit's own values
    rng = random.Random(seed)
    results = []
    for i in range(points):
        point = random_point(circuit, rng=rng)
        if circuit.reactive:   # 1 Hz to 99.9 kHz
            point[FREQUENCY] = Rational(rng.randint(100, 999), 100) * 10 ** rng.randint(0, 4)
        results.append(check_point(circuit, point, claims, index=i + 1, opamp_gain=opamp_gain,
                                   program=program, timeout=timeout))
    dc, note = (), None
    if circuit.reactive:
        dc, note = dc_points(circuit, [p.values for p in results], claims, opamp_gain=opamp_gain,
                             program=program, timeout=timeout)
    if opamp_gain is None:
        model = Message("verify_model_nullor")
    else:
        model = Message("verify_model_vcvs", gain=f"{opamp_gain:g}")
    return VerifyReport(circuit, tuple(results), model, seed, dc, note)


def dc_claims(claims):
    """Each claim's s -> 0 limit (exact): ``(claims at DC, None)``, or ``((), note)``
    if some claim has no finite DC value (an integrator's gain grows without bound).

    >>> from sympy import Symbol
    >>> from derive.circuit.elements import LAPLACE
    >>> R, C = Symbol("R", positive=True), Symbol("C", positive=True)
    >>> dc_claims([("V(out)", "out", 1 / (1 + LAPLACE * R * C))])
    ([('V(out)', 'out', 1)], None)
    >>> print(dc_claims([("V(out)", "out", -1 / (LAPLACE * R * C))])[1].text("es"))
    sin comprobación .op: V(out) no tiene un valor finito en continua (su límite para s -> 0 no está acotado, como en un integrador)
    """
    from ..errors import CircuitError
    from ..solver.solve import limit_s

    out = []
    for label, node, expr in claims:
        try:
            out.append((label, node, limit_s(expr, False) if getattr(expr, "has", None) and expr.has(LAPLACE)
                        else expr))
        except CircuitError:
            return (), Message("verify_no_dc_value", label=label)
    return out, None


def dc_points(circuit, values, claims, *, opamp_gain=None, program=None, timeout=None):
    """The DC check of a reactive circuit: ngspice's operating point (capacitors
    open, inductors shorted) at each of ``values`` against the s -> 0 limit of
    every claim. ``(tuple of PointCheck, note or None)``; an operating point
    ngspice cannot find (a node that floats at DC) is a note, not a disagreement."""
    claims, note = dc_claims(claims)
    if note:
        return (), note
    out = []
    for i, point in enumerate(values, start=1):
        point = {s: v for s, v in point.items() if s != FREQUENCY}
        try:
            out.append(check_point(circuit, point, claims, index=f"DC {i}", opamp_gain=opamp_gain,
                                   program=program, timeout=timeout))
        except NgspiceMissing:
            raise
        except NgspiceError as exc:
            return tuple(out), Message("verify_no_operating_point", reason=exc)
    return tuple(out), None


def default_claims(circuit):
    """What ``derive verify`` checks: every node voltage the nodal solver gives,
    and the result of the step-by-step derivation when there is one.

    Returns ``(claims, notes)``; ``notes`` (Messages) say why a derivation was left out.
    """
    from ..solver import solve

    claims = claims_from_solution(solve(circuit))
    notes = []
    try:
        from ..derivation import derive
    except ImportError:
        return claims, [Message("verify_no_derivation_module")]
    from ..derivation import PositiveFeedbackError

    try:
        result = derive(circuit).result
    except PositiveFeedbackError as exc:
        notes.append(Message("verify_not_amplifier", reason=exc))
    except DeriveError as exc:
        notes.append(Message("verify_no_derivation", reason=exc))
    except Exception as exc:  # a bug in the derivation must not hide the nodal check
        notes.append(Message("verify_derivation_bug", kind=type(exc).__name__, reason=str(exc)))
    else:
        claims.append((Message("verify_derivation_label", name=str(result.lhs)), circuit.output, result.rhs))
    return claims, notes
