"""Prove every step of a derivation against an independent nodal solution.

For each step, the quantities it mentions (V11, I_RG, ...) are replaced by
their values in the nodal solution of the step's scenario, the sources that
scenario zeroes are set to 0, the matching conditions the step relies on are
applied, and left and right must be the same rational function. A step that
fails raises :class:`~derive.errors.UnprovedStepError`; it is never printed.

The comparison is exact polynomial arithmetic over ZZ
(:mod:`.ratfunc`): each quantity's value is taken as the solver's own pair of
polynomials, with the scenario and the conditions applied by renaming or
zeroing generators, so a proof costs about what solving its scenario costs
rather than a ``cancel`` of the expression with every value written in.
Where a step is not a rational function with integer coefficients (a square
root, a float), or a condition replaces a symbol by more than a symbol, the
step is proved the general way: substitute everything and cancel.

>>> from derive.derivation import derive
>>> d = derive("inamp")
>>> verify(d) is d
True
"""
from sympy import S, Symbol, cancel

from ..errors import UnprovedStepError
from ..solver import solve
from .ratfunc import (Evaluator, Fraction, NotRational, add, equal, denominator_factors, invert, is_zero,
                      multiply, polynomial_ring, symbols_in)


def quantity_values(circuit, quantities):
    """``{symbol: value}`` for quantities, each from its scenario's nodal solution."""
    solutions, values = {}, {}
    for q in quantities:
        sc = q.scenario
        if sc.id not in solutions:
            solutions[sc.id] = solve(sc.apply(circuit))
        sol = solutions[sc.id]
        values[q.symbol] = sol.v(q.ref) if q.what == "node" else sol.current(q.ref)
    return values


def _zeroed_sources(circuit, scenario):
    out = {}
    for e in circuit.sources:
        if e.name in scenario.zeroed:
            out.update({s: S.Zero for s in e.value.free_symbols})
    return out


def residual(step, derivation, known):
    """Left minus right of ``step`` with quantities, scenario and conditions applied.

    ``known`` maps each quantity symbol to its value in the step's scenario.
    """
    expr = step.equation.lhs - step.equation.rhs
    expr = expr.xreplace(known)
    expr = expr.xreplace(_zeroed_sources(derivation.circuit, step.scenario))
    expr = expr.xreplace(derivation.conditions(step))
    return expr


def _scenario_quantities(derivation):
    """``{scenario id: {symbol: quantity}}``: a scenario's own quantities, plus the
    quantities of other scenarios whose symbol is used only once (Vout1 in the sum)."""
    counts = {}
    for q in derivation.quantities:
        counts[q.symbol] = counts.get(q.symbol, 0) + 1
    shared = {q.symbol: q for q in derivation.quantities if counts[q.symbol] == 1}
    out = {}
    for step in derivation.steps:
        sc = step.scenario.id
        if sc not in out:
            own = {q.symbol: q for q in derivation.quantities if q.scenario.id == sc}
            out[sc] = {**shared, **own}
    return out


class _Prover:
    """Proves steps in one polynomial ring, with every scenario solved once."""

    def __init__(self, derivation, solutions=None):
        self.d = derivation
        self.quantities = _scenario_quantities(derivation)
        names = set(derivation.circuit.symbols)
        for s in derivation.steps:
            symbols_in(s.equation.rhs, symbols_in(s.equation.lhs, names))
        quantity_symbols = {q.symbol for q in derivation.quantities}
        self.ring = polynomial_ring(tuple(sorted(names - quantity_symbols, key=lambda s: s.name)))
        self.index = {s: i for i, s in enumerate(self.ring.symbols)}
        self._solutions, self._values = dict(solutions or {}), {}
        self._sums = {}           # {(scenario, substitution): {large sum: Fraction}}

    def _substitution(self, step):
        """``{symbol: symbol or 0}`` for the step's zeroed sources and conditions,
        or None if a condition replaces a symbol by something else."""
        zeroed = _zeroed_sources(self.d.circuit, step.scenario)
        conditions = self.d.conditions(step)
        out = dict(zeroed)
        for old, new in conditions.items():
            if not (isinstance(old, Symbol) and isinstance(new, Symbol) and new in self.index):
                return None
            if old not in zeroed:
                out[old] = new
        return out

    def solution(self, scenario):
        """The nodal solution of ``scenario`` (solved once)."""
        if scenario.id not in self._solutions:
            self._solutions[scenario.id] = solve(scenario.apply(self.d.circuit))
        return self._solutions[scenario.id]

    def _transfer(self, poly, mapping):
        """``poly`` (in the solver's ring) in the proof ring, generators renamed or zeroed."""
        target = []
        for s in poly.ring.symbols:
            s = mapping.get(s, s)
            if s != 0 and s not in self.index:
                raise NotRational(f"{s} is not a generator of the proof")
            target.append(None if s == 0 else self.index[s])
        terms = {}
        n = self.ring.ngens
        for monom, coeff in poly.items():
            m = [0] * n
            for k, e in enumerate(monom):
                if e:
                    if target[k] is None:
                        break
                    m[target[k]] += e
            else:
                key = tuple(m)
                terms[key] = terms.get(key, 0) + coeff
        return self.ring.from_dict({m: c for m, c in terms.items() if c})

    def _node(self, solution, node, mapping, evaluate):
        voltages = solution.voltages
        try:
            num, den = voltages.pair(node)
        except (AttributeError, KeyError):
            return evaluate(S(solution.v(node)))
        # The denominator is split into its factors before the renaming (where
        # the fast routes factor it), so that a sum over this voltage and over
        # voltages with a factor of it for denominator stays small.
        sign, scale, parts = denominator_factors(den)
        num, den = self._transfer(num, mapping), {}
        for f, e in parts.items():
            f = self._transfer(f, mapping)
            if not f:
                raise NotRational("the denominator vanishes under the substitution")
            s, k, found = denominator_factors(f)
            sign, scale = sign * s**e, scale * k**e
            for g, m in found.items():
                den[g] = den.get(g, 0) + m * e
        return Fraction(num if sign > 0 else -num, den, scale)

    def _value(self, q, mapping, key, evaluate):
        """The quantity's value as a Fraction, with the substitution applied."""
        cache = (q.scenario.id, q.symbol, key)
        if cache not in self._values:
            sol = self.solution(q.scenario)
            if q.what == "node":
                value = self._node(sol, q.ref, mapping, evaluate)
            else:
                e = self.d.circuit.element(q.ref)
                a, b = (self._node(sol, n, mapping, evaluate) for n in e.nodes)
                minus_b = Fraction(-b.num, b.den, b.scale)
                value = multiply([add([a, minus_b], self.ring), invert(evaluate(e.value))], self.ring)
            self._values[cache] = value
        return self._values[cache]

    def holds(self, step):
        """True or False if decided here; None if the step needs the general route."""
        mapping = self._substitution(step)
        if mapping is None:
            return None
        known = self.quantities[step.scenario.id]
        key = frozenset(mapping.items())
        renamed = {}
        for s, k in self.index.items():
            t = mapping.get(s, s)
            renamed[s] = None if t == 0 else self.index.get(t)
        for s, t in mapping.items():
            renamed[s] = None if t == 0 else self.index.get(t)
        plain = Evaluator(self.ring, generators=renamed)   # element values, known voltages
        renamed = {s: k for s, k in renamed.items() if s not in known}
        memo = self._sums.setdefault((step.scenario.id, key), {})
        evaluate = Evaluator(self.ring, lambda s: self._value(known[s], mapping, key, plain), renamed,
                             memo)
        try:
            return equal(evaluate(step.equation.lhs), evaluate(step.equation.rhs))
        except (NotRational, KeyError):
            return None


def verify(derivation, solutions=None):
    """Raise UnprovedStepError unless every step holds; return the derivation.

    ``solutions`` maps scenario ids to nodal solutions already computed for
    this derivation's circuit (by :meth:`Builder.solve`); the others are solved here.
    """
    prover = _Prover(derivation, solutions)
    known = {}
    for step in derivation.steps:
        if prover.holds(step):
            continue
        sc = step.scenario.id
        if sc not in known:
            known[sc] = {s: _expression(prover, q) for s, q in prover.quantities[sc].items()}
        expr = residual(step, derivation, known[sc])
        if expr != 0 and not is_zero(expr):
            raise UnprovedStepError(step, cancel(expr.together()))
    return derivation


def _expression(prover, q):
    """A quantity's value as a SymPy expression (the general route)."""
    sol = prover.solution(q.scenario)
    return sol.v(q.ref) if q.what == "node" else sol.current(q.ref)
