"""Assemble a Derivation step by step; strategies talk only to this.

The builder names quantities (so the verifier knows what V11 or I_RG mean),
hands out stable step ids, and at the end verifies every step.
"""
from sympy import Eq, Symbol

from ..errors import UnprovedStepError

from .derivation import Derivation
from ..solver import solve
from .model import FULL_SCENARIO, Quantity, Scenario, Step, unique_id
from .verify import verify


class Builder:
    """Collects steps and quantities for one derivation."""

    def __init__(self, circuit, method, general, solved=None):
        """``solved``: nodal solutions of ``circuit`` already found, by scenario id."""
        self.circuit = circuit
        self.method = method
        self.general = general
        self.steps = []
        self.quantities = []
        self._ids = set()
        self._solutions = dict(solved or {})

    # --- quantities -------------------------------------------------------
    def node(self, name, node, scenario=FULL_SCENARIO):
        """A symbol for the voltage of ``node`` in ``scenario``."""
        return self._quantity(name, "node", node, scenario)

    def current(self, name, resistor, scenario=FULL_SCENARIO):
        """A symbol for the current through ``resistor`` (first node to second)."""
        return self._quantity(name, "current", resistor, scenario)

    def _quantity(self, name, what, ref, scenario):
        for q in self.quantities:
            if q.symbol.name == name and q.scenario.id == scenario.id:
                return q.symbol
        symbol = Symbol(name, real=True)
        self.quantities.append(Quantity(symbol, what, ref, scenario))
        return symbol

    def solve(self, circuit, scenario=FULL_SCENARIO):
        """The nodal solution of ``scenario`` of ``circuit``, solved once per
        scenario of this derivation's circuit; the verifier proves the steps
        against the same solutions (a step's proof then costs no second solve).
        """
        if circuit is not self.circuit:
            return solve(scenario.apply(circuit))
        if scenario.id not in self._solutions:
            self._solutions[scenario.id] = solve(scenario.apply(circuit))
        return self._solutions[scenario.id]

    # --- steps --------------------------------------------------------------
    def add(self, step_id, kind, lhs, rhs, uses=(), scenario=FULL_SCENARIO, **params):
        """Append a step; ``uses`` are steps (or their ids) it relies on."""
        step_id = unique_id(step_id, self._ids)
        self._ids.add(step_id)
        uses = tuple(u.id if isinstance(u, Step) else u for u in uses if u is not None)
        step = Step(step_id, kind, Eq(lhs, rhs, evaluate=False), uses, scenario, params)
        self.steps.append(step)
        return step

    def scenario(self, index, active, zeroed):
        """A superposition scenario (index from 1)."""
        return Scenario(f"s{index}", tuple(zeroed), active=active, index=index)

    def finish(self, result, cases=()):
        """Verify every step and return the Derivation.

        The result must be in terms of the inputs and element values only: a
        true equation that still names an intermediate quantity is no result.
        """
        named = {q.symbol for q in self.quantities} - {result.equation.lhs}
        if result.equation.rhs.free_symbols & named:
            raise UnprovedStepError(result, "the result still names an intermediate quantity")
        derivation = Derivation(
            circuit=self.circuit,
            method=self.method,
            general=self.general,
            steps=tuple(self.steps),
            quantities=tuple(self.quantities),
            result_id=result.id,
            case_ids=tuple(c.id for c in cases),
        )
        return verify(derivation, self._solutions)
