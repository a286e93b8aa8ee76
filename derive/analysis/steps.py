"""Proved analysis steps: the same :class:`~derive.derivation.model.Step` as a
derivation, checked against *definitions* instead of a nodal scenario.

An analysis (CMRR, finite gain, design) names quantities such as ``A_d`` or
``R_G`` and defines each one independently of the steps, in terms of the
circuit's own symbols: ``A_d`` is the output of the nodal solution with
``V1 = 1/2, V2 = -1/2``, ``A_cm`` the output with ``V1 = V2 = 1``. Every step's
equation must then hold exactly once the definitions (and the conditions the
step relies on, such as ``R6 = R5``) are substituted; a step that does not is
an :class:`~derive.errors.UnprovedStepError`, never printed.

>>> from sympy import Symbol, Eq
>>> x, y = Symbol("x"), Symbol("y")
>>> b = AnalysisBuilder("demo", circuit=None)
>>> b.define(y, 2*x)
>>> s = b.add("double", "identity", y, x + x)
>>> a = b.finish(s)
>>> a.result
Eq(y, 2*x)
"""
from dataclasses import dataclass, field

from sympy import Eq, Limit, S, cancel, oo

from ..derivation.derivation import Derivation
from ..derivation.model import Step, unique_id
from ..errors import UnprovedStepError


@dataclass(frozen=True)
class Analysis(Derivation):
    """A derivation-like result: ``.steps``, ``.result``, ``.step(id)`` (from Derivation).

    ``kind`` names the analysis (``decomposition``, ``finite_gain``, ``design``,
    ``tolerance``); ``definitions`` give each named quantity its meaning in the
    circuit's symbols; ``values`` holds the numbers a report shows beside the steps.
    """

    kind: str = "analysis"
    definitions: dict = field(default_factory=dict, compare=False)
    values: dict = field(default_factory=dict, compare=False)

    def value(self, symbol):
        """The definition of a named quantity (e.g. ``A_cm``) in the circuit's symbols."""
        for k, v in self.definitions.items():
            if k == symbol or getattr(k, "name", None) == str(symbol):
                return v
        raise KeyError(symbol)


class AnalysisBuilder:
    """Collects steps and definitions; :meth:`finish` proves every step."""

    def __init__(self, kind, circuit):
        self.kind = kind
        self.circuit = circuit
        self.steps = []
        self.definitions = {}
        self.values = {}

    def define(self, symbol, value):
        """Give ``symbol`` its meaning, computed independently of the steps."""
        self.definitions[symbol] = S(value)

    def add(self, step_id, kind, lhs, rhs, uses=(), conditions=(), **params):
        """Append a step; ``conditions`` are equations ``kept = replaced`` it assumes.

        ``at={symbol: number}`` makes a numeric step, checked at those values;
        ``where=[Eq(a, b)]`` a step that holds where those (linear) equations hold;
        ``rounded=0.005`` lets a printed number differ from the exact one by that much.
        """
        step_id = unique_id(step_id, {s.id for s in self.steps})
        uses = tuple(u.id if isinstance(u, Step) else u for u in uses if u is not None)
        if conditions:
            params["conditions"] = list(conditions)
        step = Step(step_id, kind, Eq(lhs, rhs, evaluate=False), uses, params=params)
        self.steps.append(step)
        return step

    def finish(self, result, **extra):
        """Prove every step and return the :class:`Analysis`."""
        analysis = Analysis(circuit=self.circuit, method="analysis", general=True, steps=tuple(self.steps),
                            quantities=(), result_id=result.id, kind=self.kind,
                            definitions=dict(self.definitions), values=dict(self.values), **extra)
        return verify_analysis(analysis)


def expand_definitions(expr, definitions, depth=8):
    """``expr`` with defined symbols replaced by their definitions (nested allowed)."""
    expr = S(expr)
    for _ in range(depth):
        new = expr.xreplace(definitions)
        if new == expr:
            return expr
        expr = new
    return expr


def residual(step, definitions):
    """Left minus right of ``step`` with definitions and its conditions applied."""
    expr = step.equation.lhs - step.equation.rhs
    expr = expand_definitions(expr, definitions)
    if expr.has(Limit):
        expr = expr.replace(lambda e: isinstance(e, Limit), _limit)
    conditions = step.params.get("conditions", ())
    if conditions:
        expr = expr.subs({c.rhs: c.lhs for c in conditions})
    at = step.params.get("at")
    if at:
        expr = expr.subs(at)
    for eq in step.params.get("where", ()):
        expr = _restrict(expr, eq, definitions, conditions, at)
    return expr


def _restrict(expr, eq, definitions, conditions, at):
    """``expr`` on the set where the linear equation ``eq`` holds (a step valid on a line).

    The equation is expanded like the step, then solved for one of its symbols
    (preferring those ``expr`` contains), which is substituted into ``expr``.
    """
    cond = expand_definitions(eq.lhs - eq.rhs, definitions)
    if conditions:
        cond = cond.subs({c.rhs: c.lhs for c in conditions})
    if at:
        cond = cond.subs(at)
    cond = cancel(cond)
    for var in sorted(cond.free_symbols, key=lambda s: (s not in expr.free_symbols, s.name)):
        coeff = cancel(cond.diff(var))
        if coeff != 0 and not coeff.has(var):
            return expr.subs(var, cancel(var - cond / coeff))
    return expr


def verify_analysis(analysis):
    """Raise UnprovedStepError unless every step holds; return ``analysis``.

    A step may carry ``at`` (numbers substituted for a numeric step) and
    ``rounded`` (the largest difference its rounded number may show, for a
    value such as a CMRR in dB printed to two decimals).
    """
    for step in analysis.steps:
        expr = residual(step, analysis.definitions)
        if expr == 0:
            continue
        rounded = step.params.get("rounded")
        if rounded is not None and not expr.free_symbols and abs(expr.evalf(30)) <= rounded:
            continue
        if not _is_zero(expr):
            raise UnprovedStepError(step, expr)
    return analysis


def _limit(lim):
    """A limit to infinity of a rational function, exactly (the solver's method)."""
    from ..solver.solve import limit_infinite

    expr, var, point = lim.args[0], lim.args[1], lim.args[2]
    if point == oo:
        return limit_infinite(expr, [var])
    return lim.doit()


def _is_zero(expr):
    """Exactly zero: by cancellation, or to 40 digits for numbers with logarithms."""
    if expr.has(S.NaN, S.ComplexInfinity):
        return False
    if not expr.free_symbols and not expr.is_rational_function():
        return abs(expr.evalf(60)) < S(10) ** -40
    return cancel(expr.together()) == 0
