"""One question: which quantity, with which numbers, compared how.

A :class:`Problem` binds a :class:`~derive.checker.context.Context` to the
quantity asked (``Vout``, ``V11``, ``I_RG``... or, with numbers given, any
symbol of the result such as ``RG``, solved from the rest), the values given
(``--given "R1=200k, V1=131.35m, Vout=5"``) and the relative tolerance for
numeric answers. It prepares the reference once: its tree, its polynomials
and its exact values at the context's random points.

>>> from derive.checker.context import Context
>>> p = Problem(Context("inamp"), "RG", given="R1=R2=R5=200k, V1=131.35m, V2=27.41m, Vout=5")
>>> p.numeric, round(float(p.value), 2)
(True, 8491.73)
"""
import re
from fractions import Fraction

from .context import AMPERE, OHM, UNIT_DIMS, VOLT
from .diagnose import answer_unit
from .errors import AnswerError
from .gain import asks_for_gain, gain
from .parser import constant, parse
from .tree import Undefined, evaluate, from_sympy
from .vocabulary import Vocabulary

DEFAULT_TOLERANCE = Fraction(1, 100)
UNIT_OF_DIMS = {VOLT: "volt", OHM: "ohm", AMPERE: "ampere", UNIT_DIMS["farad"]: "farad",
                UNIT_DIMS["henry"]: "henry", UNIT_DIMS["second"]: "second"}
POSITIVE_DIMS = (OHM, UNIT_DIMS["farad"], UNIT_DIMS["henry"])     # solved for: only positive roots


def parse_given(text, context):
    """``{name: Fraction}`` from ``"R1=R2=200k, V1=131.35m, Vout=5"``.

    Items are separated by commas, or by semicolons (then a value may have
    a decimal comma: ``V1=131,35m; V2=27,41m``); a value may carry an SI
    prefix and a unit (``200 kΩ``), which must suit the name.
    """
    given = {}
    if not text or not text.strip():
        return given
    for item in text.split(";") if ";" in text else text.split(","):
        if not item.strip():
            continue
        parts = [p.strip() for p in item.split("=")]
        if len(parts) < 2 or not all(parts):
            raise AnswerError("given_item", item=item.strip()[:60])
        if not all(_NAME.match(word) for word in parts[:-1]):
            raise AnswerError("given_item", item=item.strip()[:60])
        tree = parse(parts[-1], Vocabulary([])).tree
        unit = answer_unit(tree)
        value = constant(_drop_unit(tree), _limits())
        for word in parts[:-1]:
            name = context.vocabulary.one(word)
            if name is None:
                raise AnswerError("given_unknown", name=word[:40], known=", ".join(context.vocabulary.names))
            expected = context.units.get(name)
            if unit is not None and (UNIT_DIMS.get(unit) != context.dims.get(name)
                                     or (expected is not None and unit != expected)):
                raise AnswerError("given_unit", name=name, unit=unit)
            name = context.matching.get(name, name)
            if name in given and given[name] != value:
                raise AnswerError("given_conflict", name=name)
            given[name] = value
    return given


_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_{}]*$")


def _drop_unit(tree):
    if tree[0] == "neg":
        return ("neg", _drop_unit(tree[1]))
    return ("num", tree[1], None) if tree[0] == "num" else tree


def _limits():
    from .limits import LIMITS

    return LIMITS


def _fraction(number):
    """A SymPy number as a Fraction (irrational ones to 30 digits)."""
    if number.is_Rational:
        return Fraction(int(number.p), int(number.q))
    return Fraction(str(number.evalf(30)))


class Problem:
    """A question about one quantity of a circuit, ready to compare answers with."""

    def __init__(self, context, quantity=None, given=None, tolerance=DEFAULT_TOLERANCE):
        from sympy import Rational

        self.context = context
        self.memo = {}       # candidate values of the diagnoses, filled on first use
        self.tolerance = Fraction(str(tolerance)) if not isinstance(tolerance, Fraction) else tolerance
        self.given = given if isinstance(given, dict) else parse_given(given, context)
        word = quantity or context.output
        found = context.find_quantity(word)
        subs = {context.sympy_symbol(n): Rational(v.numerator, v.denominator) for n, v in self.given.items()}
        if found is not None:
            self.method, self.quantity = found
            if self.quantity in self.given:
                raise AnswerError("asked_and_given", name=self.quantity)
            value = context.quantity_value(self.quantity, self.method).subs(subs)
        elif asks_for_gain(word, context):      # the gain itself (derive check ... -q G)
            self.method, self.quantity = context.method, word
            value = gain(context).subs(subs)
        else:
            self.method = context.method
            self.quantity = self._symbol(word)
            value = self._solve(subs)
        self.unit = context.units.get(self.quantity) or UNIT_OF_DIMS.get(context.dims.get(self.quantity))
        self.sympy = value
        self.numeric = not value.free_symbols
        if self.numeric:
            self.value = _fraction(value)
            return
        self.tree = from_sympy(value)
        self.names = sorted(s.name for s in value.free_symbols)
        self.points = [self._with_given(p) for p in context.points]
        self.values = [self.at(p) for p in self.points]

    def _symbol(self, word):
        ctx = self.context
        name = ctx.vocabulary.one(word)
        if name is None or name not in ctx.symbols:
            raise AnswerError("unknown_quantity", name=word[:40],
                              known=", ".join(ctx.own))
        if not self.given:
            raise AnswerError("symbol_needs_given", name=name)
        return ctx.matching.get(name, name)

    def _solve(self, subs):
        from sympy import Rational, solve

        ctx = self.context
        result = ctx.derivation.result
        target = ctx.sympy_symbol(self.quantity)
        output = ctx.sympy_symbol(ctx.output)
        # The result's equation, then each given quantity of the derivation or of the
        # textbook forms (f_c = 1/(2πRfCf) given: solve for Rf) as its own equation.
        equations = [result.lhs - result.rhs] + [
            ctx.own[n] - Rational(v.numerator, v.denominator) for n, v in self.given.items()
            if n in ctx.own and n not in ctx.symbols and n != ctx.output]
        if not any(target in e.free_symbols for e in equations):
            raise AnswerError("not_in_result", name=self.quantity)
        solvable, missing = None, None
        for e in equations:
            if target not in e.free_symbols:
                continue
            e = e.subs({output: subs[output]} if output in subs else {}).subs(subs)
            rest = sorted(s.name for s in e.free_symbols if s != target)
            if not rest and target in e.free_symbols:
                solvable = e
                break
            missing = missing if missing is not None else rest
        if solvable is None:
            raise AnswerError("missing_given", names=", ".join(missing or []), name=self.quantity)
        roots = [r for r in solve(solvable, target) if r.is_real]
        if ctx.dims.get(self.quantity) in POSITIVE_DIMS:
            roots = [r for r in roots if r.is_positive]
        if len(roots) != 1:
            raise AnswerError("no_solution" if not roots else "several_solutions", name=self.quantity)
        return roots[0]

    def _with_given(self, point):
        point = dict(point, **self.given)
        for replaced, kept in self.context.matching.items():
            point[replaced] = point[kept]
        return point

    # --- the reference at points and as polynomials ----------------------------
    def at(self, point):
        """The exact reference value at a point (None where it is undefined);
        a 50-digit value where it is irrational (ω₀ with its root, f₀ with π)."""
        from .equivalence import value_at

        return value_at(self.tree, point)

    def quantity_tree(self, name):
        """The tree of another quantity of the same derivation (for step answers)."""
        return from_sympy(self.context.quantity_value(name))
