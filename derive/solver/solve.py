"""Solve a circuit's nodal equations exactly, with no fraction ever nested.

Each resistance symbol R is replaced by a conductance G = 1/R, so the nodal
matrix has short polynomial entries (``G1 + G2``). Cramer's rule by sparse
Laplace expansion (:mod:`.cramer`) then gives every unknown as a ratio of
polynomials with multiplications and additions only; each ratio is mapped
back to resistances (multiplying through by the right power of each R) and
reduced to lowest terms (:mod:`.rational`) when it is first asked for. A
circuit too large for the expansion, or one with no symbols at all, is solved
by fraction-free elimination (:meth:`DomainMatrix.solve_den`) instead.

>>> from derive.circuit.library import load_circuit
>>> sol = solve(load_circuit("inverting"))
>>> sol.output
-Rf*Vin/Rin
"""
from collections.abc import Mapping
from dataclasses import dataclass
from random import Random

from sympy import Eq, Poly, QQ, S, ZZ, fraction
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.exceptions import DMNonInvertibleMatrixError
from sympy.polys.rings import PolyRing

from ..circuit.cost import check_cost
from ..errors import CircuitError
from ..text.messages import Message
from .conductance import NoSymbols, ToResistances, conductance_rows
from .cramer import Cramer, TooManyMinors
from .mna import BranchCurrent, NodalSystem
from .rational import as_expr, leading_part, trailing_part
from ..circuit.elements import LAPLACE


class _Voltages(Mapping):
    """Node voltages, each reduced and turned into a SymPy expression on first use.

    ``exprs`` holds the voltages known as expressions from the start (grounded
    sources); ``pairs`` the others, each of which ``finish`` turns into a
    (numerator, denominator) pair in lowest terms (``finish`` None: ``pairs``
    already holds such pairs).
    """

    def __init__(self, exprs, pairs, finish=None):
        self._exprs = dict(exprs)
        self._raw = dict(pairs)
        self._finish = finish
        self._pairs = {}
        self._values = {}
        self._converted = {}

    def pair(self, node):
        """(numerator, denominator) of ``node``'s voltage, in lowest terms."""
        if node not in self._pairs:
            raw = self._raw[node]
            self._pairs[node] = self._finish(raw) if self._finish else raw
        return self._pairs[node]

    def _expr(self, poly):
        key = frozenset(poly.items())
        if key not in self._converted:
            self._converted[key] = as_expr(poly)
        return self._converted[key]

    def unreduced_pair(self, node):
        """(numerator, denominator) of ``node``'s voltage as ring polynomials, not
        necessarily in lowest terms (no gcd: for callers that need only its value
        or its sign); None where the solution has no such pair."""
        unreduced = getattr(self._finish, "unreduced", None)
        if node in self._exprs or unreduced is None:
            return None
        return self._pairs[node] if node in self._pairs else unreduced(self._raw[node])

    def __getitem__(self, node):
        if node in self._exprs:
            return self._exprs[node]
        if node not in self._values:
            num, den = self.pair(node)   # KeyError for an unknown node
            self._values[node] = self._expr(num) / self._expr(den)
        return self._values[node]

    def __iter__(self):
        yield from self._exprs
        yield from self._raw

    def __len__(self):
        return len(self._exprs) + len(self._raw)

    def pairs_pending(self):
        """The nodes whose voltages are (or will be) polynomial pairs."""
        return list(self._raw)

    def known(self):
        """The voltages that are not polynomial pairs (grounded sources)."""
        return dict(self._exprs)


@dataclass(frozen=True)
class NodalSolution:
    """Every node voltage of a circuit as an exact SymPy expression."""

    circuit: object
    voltages: Mapping

    def v(self, node):
        """The voltage of ``node`` (``"0"`` is ground)."""
        return self.voltages[node]

    @property
    def output(self):
        """The voltage of the circuit's output node."""
        return self.voltages[self.circuit.output]

    def output_equation(self):
        """``Eq(Vout, ...)`` with the circuit's own name for the output."""
        return Eq(self.circuit.output_symbol, self.output)

    def current(self, name):
        """Current through element ``name`` (a passive or a current source), from
        its first node to its second."""
        e = self.circuit.element(name)
        current = e.current(self.voltages)
        if current is None:
            raise CircuitError(Message("current_undefined", element=e.name))
        return current

    def limit_infinite_gain(self):
        """The same solution with every open-loop gain taken to infinity.

        Each voltage's limit is taken when it is first asked for; one that
        grows without bound raises CircuitError then.

        >>> from derive.circuit.library import load_circuit
        >>> c = load_circuit("noninverting").with_finite_gain()
        >>> solve(c).limit_infinite_gain().output.factor()
        Vin*(Rf + Rin)/Rin
        """
        gains = self.circuit.open_loop_gains()
        if isinstance(self.voltages, _Voltages):
            return NodalSolution(self.circuit.ideal(), _limit_pairs(self.voltages, gains))
        voltages = {n: limit_infinite(v, gains) for n, v in self.voltages.items()}
        return NodalSolution(self.circuit.ideal(), voltages)

    def at_dc(self):
        """The solution at DC, s -> 0 (capacitors open, inductors short): an exact limit.

        >>> from derive.circuit.netlist import parse_netlist
        >>> c = parse_netlist("V1 in 0 Vin\\nR1 in m R1\\nR2 m out R2\\nC1 m out C1\\nU1 0 m out")
        >>> solve(c).at_dc().output, solve(c).at_high_frequency().output
        (-R2*Vin/R1, 0)
        """
        return self._limit_s(False)

    def at_high_frequency(self):
        """The solution as s -> infinity (capacitors short, inductors open): an exact limit."""
        return self._limit_s(True)

    def _limit_s(self, infinite):
        if isinstance(self.voltages, _Voltages):
            return NodalSolution(self.circuit, _limit_pairs(self.voltages, [LAPLACE], infinite))
        return NodalSolution(self.circuit, {n: limit_s(v, infinite) for n, v in self.voltages.items()})


def _limit_pairs(voltages, gains, infinite=True):
    """The voltages with every symbol in ``gains`` taken to infinity (or, with
    ``infinite`` False, to 0), each on first use."""
    where = Message("to_infinity") if infinite else Message("to_zero")
    part = leading_part if infinite else trailing_part

    def finish(node):
        num, den = voltages.pair(node)
        symbols = den.ring.symbols
        for a in gains:
            if a in symbols:
                found = part(num, den, symbols.index(a))
                if found is None:
                    raise CircuitError(Message("unbounded", symbol=a, where=where))
                num, den = found
        return num, den

    # the known voltages are source values: no gain, no s
    return _Voltages(voltages.known(), {node: node for node in voltages.pairs_pending()}, finish)


def limit_s(expr, infinite):
    """Limit of a rational function of s as s goes to infinity (``infinite``) or 0.

    >>> limit_s(1/(LAPLACE + 1), False), limit_s(LAPLACE/(LAPLACE + 1), True)
    (1, 1)
    """
    num, den = fraction(expr.together())
    pn, pd = Poly(num, LAPLACE), Poly(den, LAPLACE)
    if pn.is_zero:
        return S.Zero
    if infinite:
        dn, dd = pn.degree(), pd.degree()
        cn, cd = pn.LC(), pd.LC()
    else:
        dn, dd = min(m[0] for m in pn.monoms()), min(m[0] for m in pd.monoms())
        cn, cd = pn.coeff_monomial(LAPLACE**dn), pd.coeff_monomial(LAPLACE**dd)
    if (dn > dd) if infinite else (dn < dd):
        raise CircuitError(Message("unbounded", symbol="s",
                                   where=Message("to_infinity") if infinite else Message("to_zero")))
    if dn != dd:
        return S.Zero
    return (cn / cd).cancel()


def limit_infinite(expr, gains):
    """Limit of a rational function as every symbol in ``gains`` goes to infinity.

    Exact and fast: the ratio of leading coefficients in each gain in turn.

    >>> from sympy import symbols
    >>> A, x = symbols("A x", positive=True)
    >>> limit_infinite(A*x/(A + 1), [A])
    x
    """
    for a in gains:
        num, den = fraction(expr.together())
        pn, pd = Poly(num, a), Poly(den, a)
        if pn.is_zero:
            return S.Zero
        if pn.degree() > pd.degree():
            raise CircuitError(Message("unbounded", symbol=a, where=Message("to_infinity")))
        if pn.degree() < pd.degree():
            expr = S.Zero
            continue
        expr = (pn.LC() / pd.LC()).cancel()
    return expr


def solve(circuit):
    """Solve ``circuit``; return a :class:`NodalSolution` or raise CircuitError.

    Raises CircuitError (naming a netlist line) if the circuit has no unique
    solution, e.g. RG = 0 with a virtual short on each side of it, and
    CircuitTooLarge before any algebra if the result would be too large to
    handle (:mod:`derive.circuit.cost`).
    """
    check_cost(circuit)
    system = NodalSystem(circuit)
    n = len(system.unknowns)
    if n != len(system.rows):
        raise CircuitError(Message("equation_count", equations=len(system.rows), unknowns=n))
    known = {k: S(v) for k, v in system.known.items()}
    if not n:
        return NodalSolution(circuit, known)
    try:
        numerators, finish = _solve_cramer(circuit, system)
    except (TooManyMinors, NoSymbols):
        return NodalSolution(circuit, {**known, **_solve_elimination(circuit, system)})
    return NodalSolution(circuit, _Voltages(known, numerators, finish))


# --- Cramer's rule in conductances -------------------------------------------

def _solve_cramer(circuit, system):
    """Each unknown node voltage's column index, and the function that turns
    an index into the voltage as a pair in lowest terms."""
    rows, gring, symbols, slots = conductance_rows(circuit, system)
    n = len(system.unknowns)
    columns = [{i: row[j] for i, row in enumerate(rows) if row[j]} for j in range(n)]
    rhs = {i: row[n] for i, row in enumerate(rows) if row[n]}
    expansion = Cramer(columns, rhs, n)
    if not expansion.det:
        raise _singular_error(circuit, system)
    # the numerators themselves are expanded only when a voltage is asked for
    indices = {u: j for j, u in enumerate(system.unknowns) if not isinstance(u, BranchCurrent)}
    finish = ToResistances(expansion, gring, PolyRing(symbols, ZZ), slots)
    return indices, finish


# --- fraction-free elimination (large or purely numeric circuits) --------------

def _leading_coefficient(p):
    return p.LC if hasattr(p, "LC") else p


def _generators(system):
    found = set()
    for _, coeffs, rhs, _ in system.rows:
        for c in list(coeffs.values()) + [rhs]:
            found |= S(c).free_symbols
    return sorted(found, key=lambda s: s.name)


def _to_polynomial_matrix(system):
    rows = system.matrix_rows()
    gens = _generators(system)
    field = QQ.frac_field(*gens) if gens else QQ
    M = DomainMatrix([[field.from_sympy(S(c)) for c in row] for row in rows],
                     (len(rows), len(rows[0]) if rows else 0), field)
    if gens:
        _, M = M.clear_denoms_rowwise(convert=True)
    return M, gens


def _solve_elimination(circuit, system):
    n = len(system.unknowns)
    M, _ = _to_polynomial_matrix(system)
    A, b = M[:, :n], M[:, n:]
    try:
        xnum, den = A.solve_den(b)
    except DMNonInvertibleMatrixError:
        raise _singular_error(circuit, system) from None
    K = A.domain
    voltages = {}
    for u, num in zip(system.unknowns, xnum.to_list_flat()):
        if isinstance(u, BranchCurrent):
            continue
        g = K.gcd(num, den)
        num, den_i = K.exquo(num, g), K.exquo(den, g)
        if _leading_coefficient(den_i) < 0:
            num, den_i = -num, -den_i
        voltages[u] = S(K.to_sympy(num) / K.to_sympy(den_i))
    return voltages


def _singular_error(circuit, system):
    """Explain why the equations are singular, naming the netlist line at fault."""
    shorts = [e for e in circuit.resistors if e.value == 0]
    if shorts:
        e = shorts[0]
        return CircuitError(Message("zero_short", element=e.name, a=e.nodes[0], b=e.nodes[1]), e.line)
    suspects = _undetermined_unknowns(system)
    for u in suspects:
        for e in circuit.elements:
            if u in e.nodes or u == BranchCurrent(e.name):
                what = (Message("the_current_of", element=e.name) if isinstance(u, BranchCurrent)
                        else Message("the_voltage_at", node=u))
                return CircuitError(Message("undetermined", what=what, element=e.describe()), e.line)
    return CircuitError(Message("singular"))


def _undetermined_unknowns(system):
    """Unknowns free in the null space of the system at a random numeric point."""
    rng = Random(1)
    rows = system.matrix_rows()
    gens = _generators(system)
    point = {g: S(rng.randint(2, 97)) / rng.randint(1, 13) for g in gens}
    n = len(system.unknowns)
    M = DomainMatrix([[QQ.from_sympy(S(c).subs(point)) for c in row[:n]] for row in rows], (len(rows), n), QQ)
    free = []
    for vec in M.nullspace().to_Matrix().tolist():
        free += [system.unknowns[i] for i, c in enumerate(vec) if c != 0]
    return free or list(system.unknowns)
