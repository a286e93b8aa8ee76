"""Is the op-amps' feedback negative? Decided from the circuit, not assumed.

The virtual short (and the nullor the solver uses) describes an op-amp only
where the closed loop is stable. Model every op-amp at once as a single-pole
integrator, A_i(s) = w_i/s, each with its own unknown gain-bandwidth w_i > 0.
Drive each op-amp's output with a test voltage (all independent sources at
zero, op-amps removed) and read back what every op-amp's inputs see: the loop
matrix ``D[i][j]`` is how much op-amp j's output reaches op-amp i's inverting
input more than its non-inverting one. With ``v`` the output voltages the
loop obeys ``s v = -W D v`` (``W = diag(w_i)``), so its characteristic
polynomial is det(s I + W D), whose coefficient of s**(n-k) is the sum over
k op-amps S of w_S times the principal minor D[S, S].

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
an assumption, or, if it holds nowhere, the circuit is refused. A block of
three or more op-amps in one loop is checked for the necessary minors and
then by Routh-Hurwitz at exact random values and bandwidths; so is a circuit
whose loop matrix does not exist (outputs that do not determine the inputs)
or that has capacitors or inductors (the whole characteristic polynomial).

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
from dataclasses import dataclass, replace
from math import gcd, lcm
from functools import lru_cache
from itertools import combinations
from random import Random

from sympy import Add, Matrix, Mul, Poly, S, Symbol, fraction
from sympy.utilities.iterables import strongly_connected_components

from ..circuit.nodes import GROUND
from ..circuit.elements import VoltageSource
from ..errors import CircuitError
from ..text.messages import Message

TEST = "Vfeedback_test"
POINTS = 3


class PositiveFeedbackError(CircuitError):
    """An op-amp whose loop is not negative feedback: no virtual short holds (names the op-amp's line)."""

    def __init__(self, opamp, node, reason="positive", others=(), source=None):
        self.opamp, self.node, self.reason = opamp, node, reason
        if reason == "none":
            text = Message("feedback_none", opamp=opamp.name, out=opamp.output, minus=opamp.minus)
        elif reason == "loop":
            text = Message("feedback_loop", opamp=Message.joined([opamp.name, *others], "–"), minus=opamp.minus)
        else:
            text = Message("feedback_positive", opamp=opamp.name, node=node, minus=opamp.minus)
        super().__init__(text, getattr(opamp, "line", None), source)


@dataclass(frozen=True)
class FeedbackCondition:
    """``opamp``'s loop is negative feedback only when ``condition`` (``expr > 0``) holds."""

    opamp: str
    condition: object


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


def _test_circuit(circuit, drives):
    """Sources at zero, every op-amp removed, its output driven by the test voltage ``drives[k]``."""
    opamps = circuit.opamps
    elements = [e.with_value(S.Zero) if e.is_source else e for e in circuit.elements if e not in opamps]
    elements += [VoltageSource(f"{TEST}{k}", (op.output, GROUND), t)
                 for k, (op, t) in enumerate(zip(opamps, drives))]
    return replace(circuit, elements=tuple(elements), output=opamps[0].output, matches=(), cases=())


def loop_matrix(circuit):
    """``D[i][j]``: op-amp j's output (1 V, every other output at 0, sources at 0)
    at op-amp i's inverting input minus its non-inverting one; None if driving
    the outputs does not determine the inputs (or two op-amps share an output).

    One nodal solve with every output driven by its own symbol; each input's
    voltage is linear in them and its coefficients are a column of D.

    >>> from derive.circuit.library import load_circuit
    >>> loop_matrix(load_circuit("noninverting")).applyfunc(lambda e: e.cancel())
    Matrix([[Rin/(Rf + Rin)]])
    """
    loop = _loop(circuit)
    return None if loop is None else loop[0]


def _loop(circuit):
    """``(D, minor)``: the loop matrix and ``minor(S)``, det D[S, S] for a list of indices."""
    from ..solver import solve

    opamps = circuit.opamps
    outputs = [op.output for op in opamps]
    if len(set(outputs)) < len(outputs) or GROUND in outputs:
        return None
    drives = [Symbol(f"{TEST}_{k}", real=True) for k in range(len(opamps))]
    try:
        sol = solve(_test_circuit(circuit, drives))
    except CircuitError:
        return None
    rows = _ring_rows(sol, opamps, drives)
    if rows is None:       # no polynomial pairs (a numeric or very large circuit): expressions
        D = Matrix([[(sol.v(op.minus) - sol.v(op.plus)).diff(t).cancel() for t in drives] for op in opamps])
        return D, lambda S_: _det(D.extract(S_, S_))
    from sympy.polys.matrices import DomainMatrix

    from ..solver.rational import as_expr

    ring, C, dens = rows
    D = Matrix([[as_expr(c) / as_expr(den) if c else S.Zero for c in row] for row, den in zip(C, dens)])

    def minor(indices):       # rows share their denominator: det D[S,S] = det C[S,S] / prod(den)
        dm = DomainMatrix([[C[i][j] for j in indices] for i in indices], (len(indices),) * 2,
                          ring.to_domain())
        den = ring.one
        for i in indices:
            den *= dens[i]
        return as_expr(dm.det()) / as_expr(den)
    return D, minor


def _ring_rows(sol, opamps, drives):
    """``(ring, C, dens)`` with ``D[i][j] = C[i][j] / dens[i]``, read off the solver's
    polynomial pairs (not in lowest terms: no gcd), or None where there are none."""
    voltages = sol.voltages
    if not hasattr(voltages, "unreduced_pair"):
        return None
    pairs = {}
    for node in {n for op in opamps for n in (op.plus, op.minus)} - {GROUND}:
        pair = voltages.unreduced_pair(node)
        if pair is None and sol.v(node) != 0:
            pair = sol.v(node)          # a driven output itself: placed in the ring below
        pairs[node] = pair
    rings = {p[0].ring for p in pairs.values() if isinstance(p, tuple)}
    if len(rings) != 1:
        return None
    ring = rings.pop()
    if any(t not in ring.symbols for t in drives):
        return None
    for node, pair in pairs.items():
        if pair is not None and not isinstance(pair, tuple):
            try:
                pairs[node] = (ring.from_expr(pair), ring.one)
            except (ValueError, TypeError):
                return None
    gens = [ring.gens[ring.symbols.index(t)] for t in drives]
    C, dens = [], []
    for op in opamps:
        m, p = pairs.get(op.minus), pairs.get(op.plus)
        if p is None and m is None:
            num, den = ring.zero, ring.one
        elif p is None:
            num, den = m
        elif m is None:
            num, den = -p[0], p[1]
        elif m[1] == p[1]:
            num, den = m[0] - p[0], m[1]
        else:
            num, den = m[0] * p[1] - p[0] * m[1], m[1] * p[1]
        C.append([num.diff(g) for g in gens])
        dens.append(den)
    return ring, C, dens


def _positive_symbols(circuit):
    return [s for s in circuit.symbols if s.is_positive]


def _blocks(D):
    """The strongly connected components of D's graph (j -> i when D[i][j] != 0)."""
    n = D.rows
    edges = [(j, i) for i in range(n) for j in range(n) if i != j and D[i, j] != 0]
    return strongly_connected_components((list(range(n)), edges))


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
    if getattr(circuit, "reactive", False):
        # capacitors and inductors: the loop's poles come from the whole polynomial
        if not _stable_at_points(circuit):
            raise PositiveFeedbackError(circuit.opamps[0], circuit.opamps[0].minus, "loop", source=circuit.source)
        return ()
    loop = _loop(circuit)
    if loop is None:
        if not _stable_at_points(circuit):
            op = circuit.opamps[0]
            raise PositiveFeedbackError(op, op.minus, "loop", source=circuit.source)
        return ()
    symbols = _positive_symbols(circuit)
    conditions = []
    D, minor = loop
    for block in _blocks(D):
        conditions += _block_conditions(circuit, D, minor, sorted(block), symbols)
    return tuple(conditions)


def _block_conditions(circuit, D, minor, block, symbols):
    """The conditions of one loop of op-amps (raises if they never hold)."""
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
    if len(block) > 2 and not _block_stable_at_points(D.extract(block, block), plain):
        raise PositiveFeedbackError(first, first.minus, "loop", others, circuit.source)
    return conditions


def _det(M):
    """The determinant of a matrix of rational functions, in lowest terms (fraction-free,
    in the field of fractions: not SymPy's ``Matrix.det`` on expressions, seconds on 2x2)."""
    from sympy.polys.matrices import DomainMatrix

    dm = DomainMatrix.from_Matrix(M).to_field()
    return dm.domain.to_sympy(dm.det())


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


def _stable_at_points(circuit):
    """Routh-Hurwitz on the characteristic polynomial, every op-amp 1/s, at random points."""
    rows = loop_rows(circuit)
    terms = _row_monomials(rows)
    for point in _points(circuit):
        if not hurwitz_stable(_characteristic(rows, point, terms)):
            return False
    return True


def characteristic_polynomial(circuit, point):
    """The closed-loop characteristic polynomial in ``s`` at a numeric ``point``,
    every op-amp an integrator 1/s (sources at zero).

    >>> from derive.circuit.library import load_circuit
    >>> from sympy import Symbol
    >>> c = load_circuit("inverting")
    >>> characteristic_polynomial(c, {Symbol("Rin", positive=True): 1, Symbol("Rf", positive=True): 3})
    Poly(4*s + 1, s, domain='ZZ')
    """
    return _characteristic(loop_rows(circuit), point)


def loop_rows(circuit):
    """The nodal matrix (without its right-hand side) of ``circuit`` with every
    source at zero and every op-amp an integrator, in the circuit's symbols: a
    list of rows, each ``(scaled, entries)``. An op-amp's row ``a + b*gain``
    with gain 1/s is multiplied by s (``scaled`` True) and reads ``a*s + b``,
    so every entry is a polynomial in s once the element values are numbers.
    Built once; :func:`_characteristic` puts the numbers of each point in.

    >>> from derive.circuit.library import load_circuit
    >>> loop_rows(load_circuit("inverting"))
    [(False, [1/Rin + 1/Rf, -1/Rf]), (True, [1, s])]
    """
    from ..solver import NodalSystem

    s = Symbol("s")
    gain = Symbol("A_feedback", positive=True)
    model = circuit.ideal().with_finite_gain(gain)
    model = replace(model, elements=tuple(
        e.with_value(S.Zero) if e.is_source else e for e in model.elements))
    out = []
    for row in NodalSystem(model).matrix_rows():
        row = row[:-1]
        if any(e.has(gain) for e in row):
            out.append((True, [(e - e.coeff(gain) * gain).expand() * s + e.coeff(gain) for e in row]))
        else:
            out.append((False, row))
    return out


def _monomials(expr, s):
    """``expr`` as a list of terms ``(rational, power of s, ((symbol, exponent), ...))``,
    or None if it is not a sum of such monomials (a value 1/(R1 + R2), say).

    >>> from sympy import symbols
    >>> R, C, s = symbols("R C s")
    >>> [(str(c), k, f) for c, k, f in _monomials(1/R + 2*C*s, s)]
    [('1', 0, ((R, -1),)), ('2', 1, ((C, 1),))]
    """
    from sympy import QQ

    terms = []
    for term in Add.make_args(expr.expand()):
        coeff, rest = term.as_coeff_Mul()
        if not coeff.is_Rational:
            return None
        power, factors = 0, []
        for factor in Mul.make_args(rest):
            if factor is S.One:
                continue
            base, exp = factor.as_base_exp()
            if not (base.is_Symbol and exp.is_Integer):
                return None
            if base == s:
                power += int(exp)
            else:
                factors.append((base, int(exp)))
        terms.append((QQ(int(coeff.p), int(coeff.q)), power, tuple(factors)))
    return terms


def _row_monomials(rows):
    """:func:`_monomials` of every entry of :func:`loop_rows` (None where one is not)."""
    s = Symbol("s")
    return [[_monomials(e, s) for e in row] for _, row in rows]


def _entries_in_s(terms, point):
    """The entries at ``point`` as ``{power of s: rational}``, computed with plain
    rationals from each entry's monomials (``terms``, from :func:`_row_monomials`);
    None if some entry is not a sum of monomials in the element values."""
    from sympy import QQ

    values = {k: QQ(int(v.p), int(v.q)) for k, v in point.items() if getattr(v, "is_Rational", False)}
    out = []
    for row in terms:
        entries = []
        for monomials in row:
            if monomials is None or any(b not in values for _, _, f in monomials for b, _ in f):
                return None
            found = {}
            for coeff, power, factors in monomials:
                for base, exp in factors:
                    coeff *= values[base] ** exp
                found[power] = found.get(power, QQ(0)) + coeff
            entries.append({k: v for k, v in found.items() if v})
        out.append(entries)
    return out


def _characteristic(rows, point, terms=None):
    """The characteristic polynomial of :func:`loop_rows` at the numbers ``point``
    (``terms``: the rows' :func:`_row_monomials`, if already at hand)."""
    from sympy import QQ, ZZ
    from sympy.polys.matrices import DomainMatrix

    s = Symbol("s")
    scaled = sum(1 for k, _ in rows if k)
    n = len(rows)
    # Every entry a polynomial in s with rational coefficients: the determinant
    # is a polynomial of known degree, found exactly from its values at that
    # many integers plus one (Gaussian elimination over QQ, then interpolation),
    # not Berkowitz on expressions (seconds on an 8-section RC ladder). It is
    # s**k times the original determinant for k scaled rows; the original's
    # numerator in lowest terms is it divided by s**min(k, its lowest power of s).
    # Inductors (1/(sL)) leave fractions: then the determinant in QQ(s), with
    # each scaled row divided by s again (the op-amp's gain 1/s as it is).
    numeric = _entries_in_s(_row_monomials(rows) if terms is None else terms, point)
    if numeric is not None and all(k >= 0 for row in numeric for e in row for k in e):
        coeffs = _determinant_in_s(numeric)
        low = next((k for k, c in enumerate(coeffs) if c), 0)
        coeffs = coeffs[min(scaled, low):]
    else:
        field = QQ.frac_field(s)
        entries = [[field.from_sympy(e.xreplace(point)) / (field.gens[0] if k else 1) for e in row]
                   for k, row in rows]
        det = DomainMatrix(entries, (n, n), field).det().numer
        coeffs = [det.coeff(det.ring.gens[0] ** k) if k else det.coeff(1) for k in range(det.degree() + 1)]
        coeffs = [QQ.convert(c) for c in coeffs] or [QQ(0)]
    scale = lcm(*[int(c.denominator) for c in coeffs])
    ints = [int(c * scale) for c in coeffs]
    while len(ints) > 1 and not ints[-1]:
        ints.pop()
    content = gcd(*ints) or 1
    if ints[-1] < 0:
        content = -content
    return Poly.from_list([ZZ(c // content) for c in reversed(ints)], s, domain=ZZ)


def _determinant_in_s(matrix):
    """The determinant of a square matrix of polynomials in s (``{power: rational}``
    each) as its coefficients, lowest power first: its values at s = 0, 1, ...,
    degree (Gaussian elimination over QQ), interpolated (Newton's divided
    differences).

    >>> from sympy import QQ
    >>> [str(c) for c in _determinant_in_s([[{1: QQ(1), 0: QQ(2)}, {0: QQ(1)}], [{0: QQ(3)}, {1: QQ(1)}]])]
    ['-3', '2', '1']
    """
    from sympy import QQ

    degree = sum(max((k for e in row for k in e), default=0) for row in matrix)
    xs = list(range(degree + 1))
    values = [_det_rational([[sum((c * x ** k for k, c in e.items()), QQ(0)) for e in row] for row in matrix])
              for x in xs]
    # divided differences, then the Newton form multiplied out
    for j in range(1, len(xs)):
        for i in range(len(xs) - 1, j - 1, -1):
            values[i] = (values[i] - values[i - 1]) / (xs[i] - xs[i - j])
    coeffs = [values[-1]]
    for k in range(len(xs) - 2, -1, -1):
        # coeffs * (s - xs[k]) + values[k]
        shifted = [QQ(0)] + coeffs
        for i, c in enumerate(coeffs):
            shifted[i] -= c * xs[k]
        shifted[0] += values[k]
        coeffs = shifted
    return coeffs


def _det_rational(m):
    """The determinant of a square matrix of rationals (Gaussian elimination)."""
    from sympy import QQ

    m = [list(row) for row in m]
    n, det = len(m), QQ(1)
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col]), None)
        if pivot is None:
            return QQ(0)
        if pivot != col:
            m[col], m[pivot] = m[pivot], m[col]
            det = -det
        p = m[col][col]
        det *= p
        for r in range(col + 1, n):
            if m[r][col]:
                f = m[r][col] / p
                m[r] = [a - f * b for a, b in zip(m[r], m[col])]
    return det


def hurwitz_stable(poly):
    """True if every root of ``poly`` (exact coefficients) has a negative real part.

    >>> from sympy import Poly, Symbol
    >>> s = Symbol("s")
    >>> hurwitz_stable(Poly(s**2 + 3*s + 2, s)), hurwitz_stable(Poly(s - 1, s))
    (True, False)
    """
    coeffs = [S(c) for c in poly.all_coeffs()]
    n = len(coeffs) - 1
    if any(c <= 0 for c in coeffs):
        return False
    width = n // 2 + 2

    def pad(row):
        return row + [S.Zero] * (width - len(row))

    rows = [pad(coeffs[0::2]), pad(coeffs[1::2])]
    for _ in range(n - 1):
        a, b = rows[-2], rows[-1]
        if b[0] <= 0:
            return False
        rows.append(pad([(b[0] * a[i + 1] - a[0] * b[i + 1]) / b[0] for i in range(width - 1)]))
    return all(r[0] > 0 for r in rows[:n + 1])
