"""Solve a circuit's nodal equations exactly and fraction-free.

The equations are assembled over the field of rational functions in the
circuit's symbols, each row is multiplied by the least common multiple of its
denominators so that every coefficient is a polynomial, and the system is
solved with :meth:`DomainMatrix.solve_den` (fraction-free elimination over the
polynomial ring). Numerators and the common denominator are then reduced by
their polynomial gcd. No step ever forms a nested fraction, which is what makes
naive ``Matrix.solve`` blow up on symbolic circuits.

>>> from derive.circuit.library import load_circuit
>>> sol = solve(load_circuit("inverting"))
>>> sol.output
-Rf*Vin/Rin
"""
from dataclasses import dataclass
from random import Random

from sympy import Eq, Poly, QQ, S, fraction, oo
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.exceptions import DMNonInvertibleMatrixError

from ..errors import CircuitError
from .mna import GROUND, NodalSystem


@dataclass(frozen=True)
class NodalSolution:
    """Every node voltage of a circuit as an exact SymPy expression."""

    circuit: object
    voltages: dict

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
        """Current through resistor ``name``, from its first node to its second."""
        e = self.circuit.element(name)
        a, b = e.nodes
        return (self.voltages[a] - self.voltages[b]) / e.value

    def limit_infinite_gain(self):
        """The same solution with every open-loop gain taken to infinity.

        >>> from derive.circuit.library import load_circuit
        >>> c = load_circuit("noninverting").with_finite_gain()
        >>> solve(c).limit_infinite_gain().output.factor()
        Vin*(Rf + Rin)/Rin
        """
        gains = self.circuit.open_loop_gains()
        voltages = {n: limit_infinite(v, gains) for n, v in self.voltages.items()}
        return NodalSolution(self.circuit.ideal(), voltages)


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
            raise CircuitError(f"the output grows without bound as {a} goes to infinity")
        if pn.degree() < pd.degree():
            expr = S.Zero
            continue
        expr = (pn.LC() / pd.LC()).cancel()
    return expr


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


def solve(circuit):
    """Solve ``circuit``; return a :class:`NodalSolution` or raise CircuitError.

    Raises CircuitError (naming a netlist line) if the circuit has no unique
    solution, e.g. RG = 0 with a virtual short on each side of it.
    """
    system = NodalSystem(circuit)
    n = len(system.unknowns)
    if n != len(system.rows):
        raise CircuitError(
            f"the circuit gives {len(system.rows)} equations for {n} unknowns: it has no unique solution"
        )
    voltages = dict(system.known)
    if n:
        M, gens = _to_polynomial_matrix(system)
        A, b = M[:, :n], M[:, n:]
        try:
            xnum, den = A.solve_den(b)
        except DMNonInvertibleMatrixError:
            raise _singular_error(circuit, system) from None
        K = A.domain
        d = den
        for u, num in zip(system.unknowns, xnum.to_list_flat()):
            g = K.gcd(num, d)
            num, den_i = K.exquo(num, g), K.exquo(d, g)
            if _leading_coefficient(den_i) < 0:
                num, den_i = -num, -den_i
            value = K.to_sympy(num) / K.to_sympy(den_i)
            voltages[u] = value
    voltages = {k: S(v) for k, v in voltages.items() if not str(k).startswith("I(")}
    return NodalSolution(circuit, voltages)


def _singular_error(circuit, system):
    """Explain why the equations are singular, naming the netlist line at fault."""
    shorts = [e for e in circuit.resistors if e.value == 0]
    if shorts:
        e = shorts[0]
        return CircuitError(
            f"{e.name} = 0 shorts node {e.nodes[0]} to node {e.nodes[1]} and leaves the circuit "
            "with no unique solution (the gain would be infinite)",
            e.line,
        )
    suspects = _undetermined_unknowns(system)
    for u in suspects:
        for e in circuit.elements:
            if u in e.nodes or u == f"I({e.name})":
                where = f"current of {e.name}" if u.startswith("I(") else f"voltage at node {u}"
                return CircuitError(
                    f"the circuit has no unique solution: the {where} is not determined "
                    f"(check {e.describe()})",
                    e.line,
                )
    return CircuitError("the circuit has no unique solution (its equations are singular)")


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
