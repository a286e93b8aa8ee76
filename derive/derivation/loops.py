"""The loop of the op-amps, read from the circuit: what each op-amp's output
does to every op-amp's inputs, and the closed-loop characteristic polynomial.

Drive each op-amp's output with a test voltage (all independent sources at
zero, op-amps removed) and read back what every op-amp's inputs see: the loop
matrix ``D[i][j]`` is how much op-amp j's output reaches op-amp i's inverting
input more than its non-inverting one. With every op-amp an integrator w_i/s
and ``v`` the output voltages, the loop obeys ``s v = -W D v``
(``W = diag(w_i)``). Where the circuit has capacitors or inductors,
:func:`loop_rows` is the whole nodal matrix with every op-amp w_i/s and
:func:`characteristic_polynomial` its determinant at numbers (proved for all
values in :mod:`derive.derivation.poles`). Whether the
loop is negative feedback is decided in :mod:`derive.derivation.feedback`.

>>> from derive.circuit.library import load_circuit
>>> loop_matrix(load_circuit("inverting")).applyfunc(lambda e: e.cancel())
Matrix([[Rin/(Rf + Rin)]])
"""
from dataclasses import dataclass, replace
from math import gcd, lcm

from sympy import Add, Matrix, Mul, Poly, S, Symbol
from sympy.polys.rings import PolyRing
from sympy.utilities.iterables import strongly_connected_components

from ..circuit.nodes import GROUND
from ..circuit.cost import CircuitTooLarge
from ..circuit.elements import VoltageSource
from ..errors import CircuitError

TEST = "Vfeedback_test"


@dataclass(frozen=True)
class Loop:
    """The loop matrix ``D`` of a circuit's op-amps; ``minor(indices)`` is
    det D[S, S]; ``ring`` the solver's polynomial ring and ``row(i)`` op-amp i's
    row as ``(C_i, den_i)``, polynomials in lowest terms with
    ``D[i][j] = C_i[j] / den_i`` (both None where the solver gave no polynomials)."""

    D: object
    minor: object
    ring: object = None
    row: object = None


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
    loop = loop_system(circuit)
    return None if loop is None else loop.D


def loop_system(circuit):
    """The :class:`Loop` of ``circuit``'s op-amps, or None if driving the outputs
    does not determine the inputs (or two op-amps share an output).

    >>> from derive.circuit.library import load_circuit
    >>> loop = loop_system(load_circuit("inamp"))
    >>> loop.D.shape, blocks(loop.D)
    ((3, 3), [[2], [0, 1]])
    """
    from ..solver import solve

    opamps = circuit.opamps
    outputs = [op.output for op in opamps]
    if len(set(outputs)) < len(outputs) or GROUND in outputs:
        return None
    drives = [Symbol(f"{TEST}_{k}", real=True) for k in range(len(opamps))]
    try:
        sol = solve(_test_circuit(circuit, drives))
    except (CircuitError, CircuitTooLarge):
        # with every op-amp's output driven, no virtual ground merges nodes: a
        # circuit within the limits can have a test circuit beyond them
        return None
    rows = _ring_rows(sol, opamps, drives)
    if rows is None:       # no polynomial pairs (a numeric or very large circuit): expressions
        D = Matrix([[(sol.v(op.minus) - sol.v(op.plus)).diff(t).cancel() for t in drives] for op in opamps])
        return Loop(D, lambda S_: _det(D.extract(S_, S_)))
    from sympy.polys.matrices import DomainMatrix

    from ..solver.rational import as_expr, cancel_multilinear, cancel_multilinear_all

    def entry(c, den):         # the determinant's factors an entry does not need divided out
        num, den = cancel_multilinear(c, den)
        return as_expr(num) / as_expr(den)

    ring, C, dens = rows
    D = Matrix([[entry(c, den) if c else S.Zero for c in row] for row, den in zip(C, dens)])

    reduced = {}

    def row(i):               # in lowest terms (once each): the solver's pairs are not
        if i not in reduced:
            reduced[i] = _lowest_terms(C[i], dens[i])
        return reduced[i]

    light = {}

    def shared_out(i):        # the determinant's factors the whole row does not need, divided out
        if i not in light:
            light[i] = cancel_multilinear_all(C[i], dens[i])
        return light[i]

    def minor(indices):       # rows share their denominator: det D[S,S] = det C[S,S] / prod(den)
        # two rows without the determinant's factors they share (no gcd; as the solver
        # gave them, a 2x2 minor of a 4-op-amp circuit took minutes); more in lowest terms
        rows = [row(i) if len(indices) > 2 else shared_out(i) for i in indices]
        dm = DomainMatrix([[r[j] for j in indices] for r, _ in rows], (len(indices),) * 2,
                          ring.to_domain())
        den = ring.one
        for _, d in rows:
            den *= d
        return as_expr(dm.det()) / as_expr(den)
    return Loop(D, minor, ring, row)


def _lowest_terms(row, den):
    """A row of the loop matrix and its denominator divided by their greatest common divisor."""
    g = den
    for x in row:
        g = g.gcd(x)
    if g == 1:
        return row, den
    return [x.exquo(g) for x in row], den.exquo(g)


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
    domains = {r.domain for r in rings}
    if len(domains) != 1:
        return None
    ring = next(iter(rings))
    if len(rings) > 1 or any(t not in ring.symbols for t in drives):
        # the solver's blocks have rings of their own (stages that the driven outputs
        # separate): one ring over all their symbols and the drives
        symbols = set(drives).union(*(r.symbols for r in rings))
        ring = PolyRing(tuple(sorted(symbols, key=lambda x: x.name)), domains.pop())
        pairs = {node: tuple(x.set_ring(ring) for x in pair) if isinstance(pair, tuple) else pair
                 for node, pair in pairs.items()}
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


def blocks(D):
    """The strongly connected components of D's graph (j -> i when D[i][j] != 0):
    the loops of op-amps that reach each other, each checked on its own (the
    characteristic polynomial factors into them)."""
    n = D.rows
    edges = [(j, i) for i in range(n) for j in range(n) if i != j and D[i, j] != 0]
    return strongly_connected_components((list(range(n)), edges))


def _det(M):
    """The determinant of a matrix of rational functions, in lowest terms (fraction-free,
    in the field of fractions: not SymPy's ``Matrix.det`` on expressions, seconds on 2x2)."""
    from sympy.polys.matrices import DomainMatrix

    dm = DomainMatrix.from_Matrix(M).to_field()
    return dm.domain.to_sympy(dm.det())


def characteristic_polynomial(circuit, point):
    """The closed-loop characteristic polynomial in ``s`` at a numeric ``point``,
    every op-amp an integrator w/s (sources at zero; w = 1 unless ``point``
    gives its :func:`speed_symbols`).

    >>> from derive.circuit.library import load_circuit
    >>> from sympy import Symbol
    >>> c = load_circuit("inverting")
    >>> characteristic_polynomial(c, {Symbol("Rin", positive=True): 1, Symbol("Rf", positive=True): 3})
    Poly(4*s + 1, s, domain='ZZ')
    """
    speeds = {w: S.One for w in speed_symbols(circuit)}
    return characteristic(loop_rows(circuit), speeds | dict(point))


def loop_rows(circuit):
    """The nodal matrix (without its right-hand side) of ``circuit`` with every
    source at zero and every op-amp an integrator, in the circuit's symbols: a
    list of rows, each ``(scaled, entries)``. An op-amp's row ``a + b*gain``
    with gain w/s (w its :func:`speed_symbols`) is multiplied by s (``scaled``
    True) and reads ``a*s + b*w``, so every entry is a polynomial in s once the
    element values and speeds are numbers. Built once; :func:`characteristic`
    puts the numbers of each point in.

    >>> from derive.circuit.library import load_circuit
    >>> loop_rows(load_circuit("inverting"))
    [(False, [1/Rin + 1/Rf, -1/Rf]), (True, [w_feedback_U1, s])]
    """
    from ..solver import NodalSystem

    s = Symbol("s")
    model = circuit.ideal().with_finite_gain()
    model = replace(model, elements=tuple(
        e.with_value(S.Zero) if e.is_source else e for e in model.elements))
    gains = {op.value: w for op, w in zip(model.opamps, speed_symbols(circuit))}
    out = []
    for row in NodalSystem(model).matrix_rows():
        row = row[:-1]
        gain = next((a for a in gains if any(e.has(a) for e in row)), None)
        if gain is not None:
            out.append((True, [(e - e.coeff(gain) * gain).expand() * s + e.coeff(gain) * gains[gain]
                               for e in row]))
        else:
            out.append((False, row))
    return out


def speed_symbols(circuit):
    """The gain-bandwidth w of each op-amp (an integrator w/s), in the order of ``circuit.opamps``.

    >>> from derive.circuit.library import load_circuit
    >>> speed_symbols(load_circuit("inamp"))
    [w_feedback_U1, w_feedback_U2, w_feedback_U3]
    """
    return [Symbol(f"w_feedback_{op.name}", positive=True) for op in circuit.opamps]


def monomials(expr, s):
    """``expr`` as a list of terms ``(rational, power of s, ((symbol, exponent), ...))``,
    or None if it is not a sum of such monomials (a value 1/(R1 + R2), say).

    >>> from sympy import symbols
    >>> R, C, s = symbols("R C s")
    >>> [(str(c), k, f) for c, k, f in monomials(1/R + 2*C*s, s)]
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


def row_monomials(rows):
    """:func:`monomials` of every entry of :func:`loop_rows` (None where one is not)."""
    s = Symbol("s")
    return [[monomials(e, s) for e in row] for _, row in rows]


def _entries_in_s(terms, point):
    """The entries at ``point`` as ``{power of s: rational}``, computed with plain
    rationals from each entry's monomials (``terms``, from :func:`row_monomials`);
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


def characteristic(rows, point, terms=None):
    """The characteristic polynomial of :func:`loop_rows` at the numbers ``point``
    (``terms``: the rows' :func:`row_monomials`, if already at hand)."""
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
    numeric = _entries_in_s(row_monomials(rows) if terms is None else terms, point)
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


