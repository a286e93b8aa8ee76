"""Diagnoses of a formula answer that is not equal to the reference.

Each candidate is the reference changed in one typical way, compared with the
answer at the diagnosis points (:mod:`derive.checker.candidates`): the sign or
the inputs exchanged, a constant factor or a factor of symbols, an input
missing or extra as a whole term, two symbols exchanged, one symbol scaled by
2 or 1/2, the answer right only under some of the circuit's conditions, or
another quantity of the derivation; then the units
(:mod:`derive.checker.dimensions`), the 2π factor
(:mod:`derive.checker.number_mistakes`) and the s-domain mistakes
(:mod:`derive.checker.sdomain_mistakes`).
"""
from fractions import Fraction
from itertools import combinations

from .candidates import (DIAGNOSIS_POINTS, all_exact, fraction_text, matches, memo, point_values, same_values,
                         swapped_values)
from .context import VOLT
from .dimensions import unit_diagnosis
from .number_mistakes import two_pi_formula
from .sdomain_mistakes import sdomain_diagnosis
from .tree import Irrational, Undefined, evaluate

SCALES = (Fraction(2), Fraction(1, 2))
_UNIT_CODES = ("inconsistent_units", "wrong_dimension")
MAX_POWER = 4


def formula_diagnosis(tree, raw, problem):
    """Diagnoses of a formula answer that is not equal to the reference."""
    found = unit_diagnosis(raw, problem) + two_pi_formula(tree, problem)
    points = memo(problem, "points", lambda: [p for p, r in zip(problem.points, problem.values)
                                              if r is not None][:DIAGNOSIS_POINTS])
    answer = point_values(tree, points)
    if sum(a is not None for a in answer) < 2:
        return found or [("no_diagnosis", {})]
    ref = memo(problem, "ref", lambda: point_values(problem.tree, points))
    found += _other_quantity(answer, points, problem)
    found += _ratio(tree, answer, ref, points, problem)
    found += _missing_term(answer, ref, points, problem)
    found += _swaps(answer, points, problem, found)
    if all(code in _UNIT_CODES for code, _ in found):   # units do not explain which mistake
        found += sdomain_diagnosis(answer, points, problem)
    if not any(code in ("constant_factor", "constant_factor_sign", "wrong_sign", "sign_or_swap",
                        "missing_factor", "missing_term", "extra_term") for code, _ in found):
        found += _scaled(answer, points, problem)
    found += _only_if(tree, points, problem)
    if not found:
        found.append(_where(tree, points, problem))
    return found


def _where(tree, points, problem):
    """No diagnosis fits: say only where the answer differs — the terms (inputs)
    whose part of the answer is not the reference's, when that is clear."""
    volts = [n for n in problem.names if problem.context.dims.get(n) == VOLT]
    if len(volts) < 2:
        return ("no_diagnosis", {})
    differ = []
    for name in volts:
        only = [dict(p, **{v: Fraction(0) for v in volts if v != name}) for p in points]
        a, r = point_values(tree, only), point_values(problem.tree, only)
        if any(x is None or y is None for x, y in zip(a, r)) or not (all_exact(a) and all_exact(r)):
            return ("no_diagnosis", {})
        if a != r:
            differ.append(name)
    if not differ or len(differ) == len(volts):
        return ("no_diagnosis", {})
    return ("differs_in", {"terms": ", ".join(differ)})


def _other_quantity(answer, points, problem):
    ctx = problem.context
    candidates = memo(problem, "quantities", lambda: [
        (method, name, point_values(_given(qtree, problem), points))
        for method, name, qtree in ctx.quantity_trees])
    for method, name, values in candidates:
        if name == problem.quantity and method == problem.method:
            continue
        if matches(answer, values):
            if name == problem.quantity:
                continue   # the same quantity by another route
            key = "other_quantity" if method == problem.method else "other_quantity_method"
            return [(key, {"name": name, "method": method, "quantity": problem.quantity})]
    return []


def _given(tree, problem):
    from .tree import substitute

    if not problem.given:
        return tree
    return substitute(tree, {n: ("num", v, None) for n, v in problem.given.items()})


def _ratio(tree, answer, ref, points, problem):
    if not (all_exact(answer) and all_exact(ref)):
        return []      # roots or π: the factors below are read off exact values only
    ratios = [a / r for a, r in zip(answer, ref) if a is not None and r]
    if len(ratios) < 2:
        return []
    c = ratios[0]
    if all(x == c for x in ratios):
        if c == 1:
            return []   # equal where compared: "1 times the right one" is no diagnosis
        if c == -1:
            return _sign(answer, points, problem)
        if c == 0:
            return [("zero", {"quantity": problem.quantity})]
        key = "constant_factor" if c > 0 else "constant_factor_sign"
        return [(key, {"factor": fraction_text(abs(c)), "missing": fraction_text(1 / abs(c))})]
    monomial = _monomial(tree, answer, points, problem)
    return [monomial] if monomial else []


def _missing_term(answer, ref, points, problem):
    """The answer misses (or has an extra) input voltage as a whole term (``+ Vref``)."""
    if not (all_exact(answer) and all_exact(ref)):
        return []
    gaps = [r - a for a, r in zip(answer, ref) if a is not None and r is not None]
    volts = [n for n in problem.names if problem.context.dims.get(n) == VOLT]
    for name in volts:
        values = [p[name] for a, r, p in zip(answer, ref, points) if a is not None and r is not None]
        for sign, code in ((1, "missing_term"), (-1, "extra_term")):
            if len(gaps) >= 2 and all(g == sign * v for g, v in zip(gaps, values)):
                return [(code, {"term": name})]
    return []


def _sign(answer, points, problem):
    volts = [n for n in problem.names if problem.context.dims.get(n) == VOLT]
    ref = memo(problem, "ref", lambda: point_values(problem.tree, points))
    for a, b in combinations(volts, 2):
        swapped = swapped_values(problem, points, a, b)
        if not same_values(swapped, ref) and matches(answer, swapped):
            return [("sign_or_swap", {"a": a, "b": b})]
    return [("wrong_sign", {})]


def _swaps(answer, points, problem, found):
    if any(code == "sign_or_swap" for code, _ in found):
        return []
    dims = problem.context.dims
    ref = memo(problem, "ref", lambda: point_values(problem.tree, points))
    for a, b in combinations(problem.names, 2):
        if dims.get(a) != dims.get(b):
            continue
        swapped = swapped_values(problem, points, a, b)
        # a swap that leaves the reference unchanged explains nothing
        if not same_values(swapped, ref) and matches(answer, swapped):
            return [("swapped_symbols", {"a": a, "b": b})]
    return []


def _scaled(answer, points, problem):
    for name in problem.names:
        for k in SCALES:
            values = memo(problem, ("scaled", name, k), lambda: point_values(
                problem.tree, [dict(p, **{name: p[name] * k}) for p in points]))
            if matches(answer, values):
                return [("scaled_symbol", {"name": name, "factor": fraction_text(k), "inverse": fraction_text(1 / k)})]
    return []


def _monomial(tree, answer, points, problem):
    """A factor ``c·Π s^e`` (no voltages) by which the answer differs, found exactly."""
    dims = problem.context.dims
    p0 = points[0]
    r0 = _ratio_at(answer[0], problem.tree, p0)
    if r0 is None or r0 == 0:
        return None
    exponents = {}
    for name in problem.names:
        moved = dict(p0, **{name: p0[name] * 2})
        q = _ratio_at(point_values(tree, [moved])[0], problem.tree, moved)
        if q is None or q == 0:
            return None
        e = _log2(q / r0)
        if e is None:
            return None
        if e:
            if dims.get(name) == VOLT:
                return None
            exponents[name] = e
    if not exponents:
        return None
    c = r0
    for name, e in exponents.items():
        c /= p0[name] ** e
    for a, p in zip(answer[1:], points[1:]):
        guess = c
        for name, e in exponents.items():
            guess *= p[name] ** e
        r = _ratio_at(a, problem.tree, p)
        if r is None or r != guess:
            return None
    factor = _product(c, exponents)
    missing = _product(1 / c, {n: -e for n, e in exponents.items()})
    return ("missing_factor", {"factor": factor, "missing": missing})


def _ratio_at(a, ref_tree, point):
    if a is None:
        return None
    try:
        r = evaluate(ref_tree, point)
    except (Undefined, Irrational):
        return None
    return a / r if r else None


def _log2(q):
    for e in range(-MAX_POWER, MAX_POWER + 1):
        if q == Fraction(2) ** e:
            return e
    return None


def _product(c, exponents):
    top = [n if e == 1 else f"{n}^{e}" for n, e in sorted(exponents.items()) if e > 0]
    bottom = [n if e == -1 else f"{n}^{-e}" for n, e in sorted(exponents.items()) if e < 0]
    num = [] if c.numerator == 1 and top else [str(c.numerator)]
    text = "*".join(num + top) or "1"
    den = ([str(c.denominator)] if c.denominator != 1 else []) + bottom
    if den:
        text += "/" + (den[0] if len(den) == 1 else "(" + "*".join(den) + ")")
    return text


def _only_if(tree, points, problem):
    conditions = problem.context.conditions
    for size in range(1, len(conditions) + 1):
        for subset in combinations(conditions, size):
            moved = []
            for p in points:
                q = dict(p)
                for kept, replaced in subset:
                    if replaced not in problem.given:
                        q[replaced] = q[kept]
                moved.append(q)
            reference = memo(problem, ("only_if", subset), lambda: point_values(problem.tree, moved))
            if matches(point_values(tree, moved), reference):
                text = ", ".join(f"{k} = {r}" for k, r in subset)
                return [("only_if", {"conditions": text})]
    return []
