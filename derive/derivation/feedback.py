"""Is each op-amp's feedback negative? Decided from the circuit, not assumed.

The virtual short (and the nullor the solver uses) describes an op-amp only
where its loop is stable. Model the op-amp as a single-pole integrator,
A(s) = w_t/s, and look at one op-amp at a time with every other element as it
is: remove its output, drive the output node with a test voltage v_t (all
independent sources at zero) and read back the voltages its inputs see,
v+ = b_plus v_t and v- = b_minus v_t. The loop then obeys

    s v_t = w_t (v+ - v-) = -w_t (b_minus - b_plus) v_t,

one pole at s = -w_t (b_minus - b_plus): in the left half-plane exactly when
the return difference ``d = b_minus - b_plus`` is positive, i.e. when the
output reaches the inverting input more strongly than the non-inverting one.
With symbolic resistances ``d`` is a ratio of polynomials; if every
coefficient of both has one sign, its sign holds for all positive values
(that is the proof). Otherwise the sign depends on the values, and the
condition ``d > 0`` is stated as an assumption. A loop that only closes
through another op-amp (the test circuit has no unique solution) is decided
from the whole circuit's characteristic polynomial, every op-amp an
integrator, by the Routh-Hurwitz test at exact random values.

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
from random import Random

from sympy import Add, Mul, Poly, S, Symbol, fraction

from ..circuit.nodes import GROUND
from ..circuit.elements import VoltageSource
from ..errors import CircuitError
from ..text.messages import Message

TEST = "Vfeedback_test"
POINTS = 3


class PositiveFeedbackError(CircuitError):
    """An op-amp whose loop is not negative feedback: no virtual short holds (names the op-amp's line)."""

    def __init__(self, opamp, node, reason="positive", source=None):
        self.opamp, self.node, self.reason = opamp, node, reason
        if reason == "none":
            text = Message("feedback_none", opamp=opamp.name, out=opamp.output, minus=opamp.minus)
        elif reason == "loop":
            text = Message("feedback_loop", opamp=opamp.name, minus=opamp.minus)
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


def _test_circuit(circuit, opamp):
    """Sources at zero, ``opamp`` replaced by a 1 V test source on its output."""
    elements = []
    for e in circuit.elements:
        if e is opamp:
            continue
        if e.is_source:
            e = e.with_value(S.Zero)
        elements.append(e)
    elements.append(VoltageSource(TEST, (opamp.output, GROUND), S.One))
    return replace(circuit, elements=tuple(elements), output=opamp.output, matches=(), cases=())


def return_difference(circuit, opamp):
    """``b_minus - b_plus`` for ``opamp`` (None if its loop closes only through others).

    >>> from derive.circuit.library import load_circuit
    >>> c = load_circuit("noninverting")
    >>> return_difference(c, c.opamps[0])
    Rin/(Rf + Rin)
    """
    from ..solver import solve

    try:
        sol = solve(_test_circuit(circuit, opamp))
        plus = sol.v(opamp.plus)
        return sol.v(opamp.minus) if plus == 0 else (sol.v(opamp.minus) - plus).cancel()
    except CircuitError:
        return None


def _positive_symbols(circuit):
    return [s for s in circuit.symbols if s.is_positive]


@lru_cache(maxsize=256)
def feedback_conditions(circuit):
    """Check every op-amp's feedback; return the conditions it needs.

    Raises :class:`PositiveFeedbackError` (naming the op-amp and the input the
    feedback reaches) when some op-amp's loop is not negative feedback for any
    values; returns ``()`` when every loop is negative for all positive values,
    else one :class:`FeedbackCondition` per op-amp whose sign depends on them.
    """
    conditions = []
    symbols = _positive_symbols(circuit)
    if not circuit.opamps:
        return ()
    if getattr(circuit, "reactive", False):
        # capacitors and inductors: the loop's poles come from the whole polynomial
        if not _stable_at_points(circuit):
            raise PositiveFeedbackError(circuit.opamps[0], circuit.opamps[0].minus, "loop", source=circuit.source)
        return ()
    undecided = []
    for op in circuit.opamps:
        d = return_difference(circuit, op)
        if d is None:
            undecided.append(op)
            continue
        if d == 0:
            raise PositiveFeedbackError(op, op.plus, "none", source=circuit.source)
        num, den = fraction(d)
        if not all(s.is_positive for s in d.free_symbols):
            conditions.append(FeedbackCondition(op.name, d > 0))
            continue
        sign = _sign(num, symbols) * _sign(den, symbols)
        if sign < 0:
            raise PositiveFeedbackError(op, op.plus, source=circuit.source)
        if sign == 0:
            den_sign = _sign(den, symbols)
            condition = (num * den_sign > 0) if den_sign else (d > 0)
            if not _holds_somewhere(condition, circuit):
                raise PositiveFeedbackError(op, op.plus, source=circuit.source)
            conditions.append(FeedbackCondition(op.name, condition))
    if undecided and not _stable_at_points(circuit):
        raise PositiveFeedbackError(undecided[0], undecided[0].minus, "loop", source=circuit.source)
    return tuple(conditions)


def _points(circuit, n=POINTS):
    rng = Random(12)
    symbols = circuit.symbols
    for _ in range(n):
        yield {s: S(rng.randint(100, 999)) * 10 ** rng.randint(1, 5) for s in symbols}


def _holds_somewhere(condition, circuit):
    """True if the condition holds at some of a few hundred random positive points."""
    rng = Random(7)
    symbols = sorted(condition.free_symbols, key=lambda s: s.name)
    for _ in range(200):
        point = {s: S(rng.randint(1, 999)) * 10 ** rng.randint(0, 5) for s in symbols}
        if bool(condition.subs(point)):
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
