"""The Derivation: an ordered list of proved steps and the result they reach.

>>> from derive.derivation import derive
>>> d = derive("inverting")
>>> d.result
Eq(Vout, -Rf*Vin/Rin)
>>> d.steps[0].kind
'virtual_ground'
"""
from dataclasses import dataclass

from sympy import Eq, Symbol


@dataclass(frozen=True)
class Derivation:
    """Steps from the circuit to its transfer function, every one verified."""

    circuit: object          # the circuit analysed (its general form if general)
    method: str
    general: bool
    steps: tuple
    quantities: tuple
    result_id: str
    case_ids: tuple = ()
    declined: tuple = ()     # ((method, reason key), ...) tried first and declined
    feedback: tuple = ()     # FeedbackCondition per op-amp stable only under a condition

    def step(self, step_id):
        """The step with id ``step_id`` (KeyError if none)."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    @property
    def result(self):
        """The final equation, e.g. ``Eq(Vout, ...)``."""
        return self.step(self.result_id).equation

    @property
    def assumptions(self):
        """The matching conditions this derivation assumes, as equations (R5 = R6)."""
        return [s.equation for s in self.steps if s.kind == "assumption"]

    @property
    def cases(self):
        """Special-case results shown after the general one (R2 = R3 in the Wikipedia article)."""
        return [self.step(i).equation for i in self.case_ids]

    def conditions(self, step):
        """``{replaced: kept}`` substitutions in force for ``step`` (through its uses)."""
        found, seen, todo = {}, set(), [step]
        while todo:
            s = todo.pop()
            if s.id in seen:
                continue
            seen.add(s.id)
            if s.kind in ("assumption", "case_assumption"):
                found[s.equation.rhs] = s.equation.lhs
            todo += [self.step(u) for u in s.uses]
        # chains (.match R1=R3 then .case R1=R2): every replaced symbol to its final one
        for _ in range(len(found)):
            chained = {k: v.xreplace(found) for k, v in found.items()}
            if chained == found:
                break
            found = chained
        return found

    def quantity_symbols(self):
        """Names of the quantities a user can ask about (V11, Vout1, I_RG, ...)."""
        return [q.symbol.name for q in self.quantities]

    def quantity(self, name, textbook=False):
        """The value of a named quantity in terms of the inputs, under this
        derivation's assumptions (e.g. ``V11`` -> ``V1*(R5 + RG)/RG``).

        Computed from the same independent nodal solution that proves the steps,
        and factored whole; with ``textbook=True`` in textbook form instead, each
        signal's coefficient factored on its own (``V1*(R5/RG + 1)``): what the
        checker uses, because factoring a wide summer's value whole takes minutes.
        """
        from .common import textbook as textbook_form
        from .factoring import factor_expression
        from .verify import quantity_values

        wanted = [q for q in self.quantities if q.symbol.name == str(name)]
        if not wanted:
            raise KeyError(name)
        conditions = self.conditions(self.step(self.result_id))
        values = quantity_values(self.circuit, wanted)
        value = values[wanted[0].symbol].xreplace(conditions)   # as the proof applies them
        return textbook_form(value, self.circuit) if textbook else factor_expression(value)

    def result_under(self, assumptions):
        """The result with extra assumptions applied, e.g. ``{R3: R2}``.

        >>> from derive.derivation import derive
        >>> from sympy import Symbol
        >>> d = derive("inamp-wiki")
        >>> R2, R3 = Symbol("R2", positive=True), Symbol("R3", positive=True)
        >>> d.result_under({R3: R2}).rhs.factor()
        -(2*R1 + Rg)*(V1 - V2)/Rg
        """
        r = self.result
        return Eq(r.lhs, r.rhs.subs(assumptions).cancel())

    def symbol(self, name):
        """The SymPy symbol a quantity of this derivation is called."""
        for q in self.quantities:
            if q.symbol.name == name:
                return q.symbol
        return Symbol(name)
