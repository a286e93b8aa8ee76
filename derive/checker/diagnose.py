"""The mistake catalogue: say *what* is wrong with an answer.

Each diagnosis is a ``(code, params)`` pair; the code is a key of the message
catalogs (``check_en.json``, ``check_es.json``). Every test is exact: the
answer is compared, at the same random rational points as the equivalence
check, with the reference changed in one typical way —

* the sign (``wrong_sign``), or the inputs exchanged (``sign_or_swap``),
* a constant factor (``constant_factor``), a factor of symbols (``missing_factor``),
* an input voltage missing or extra as a whole term (``missing_term``: no ``+ Vref``),
* two symbols exchanged (``swapped_symbols``: RG in R5's place),
* one symbol scaled by 2 or 1/2 (``scaled_symbol``: the missing 2 in 2R5/RG),
* the answer right only under some of the circuit's conditions (``only_if``),
* another quantity of the derivation, of any method (``other_quantity``),
* in the s-domain: the s left out (``missing_s``: right only at s = 1), a
  resistor and a capacitor exchanged (``rc_swapped``), and two elements in
  parallel written as in series (``parallel_as_sum``: R + 1/(sC) for R ∥ 1/(sC)),

and the answer's units are checked (``inconsistent_units``, ``wrong_dimension``).
Numeric answers get ``within_tolerance``/``outside_tolerance``, ``wrong_unit``,
``prefix_off``, ``number_sign`` and ``two_pi_times``/``two_pi_over`` (off by
2π: an angular frequency ω given for a frequency f in Hz, or the other way).
"""
from fractions import Fraction
from itertools import combinations

from .context import NONE, PER_SECOND, UNIT_DIMS, VOLT
from .tree import Irrational, Undefined, evaluate, show

SCALES = (Fraction(2), Fraction(1, 2))
_UNIT_CODES = ("inconsistent_units", "wrong_dimension")
DIAGNOSIS_POINTS = 4
MAX_POWER = 4


def _values(tree, points):
    """Exact values at the points; 50-digit ones where the tree has a root or π
    (then :func:`_matches` compares them to 40 digits)."""
    from .equivalence import value_at

    out = []
    for p in points:
        try:
            out.append(evaluate(tree, p))
        except Irrational:
            out.append(value_at(tree, p))
        except (Undefined, KeyError, ZeroDivisionError):
            out.append(None)
    return out


def _exact(values):
    return all(v is None or hasattr(v, "denominator") for v in values)


def _memo(problem, key, compute):
    """A candidate's values at the diagnosis points, computed once per problem."""
    if key not in problem.memo:
        problem.memo[key] = compute()
    return problem.memo[key]


def _matches(answer, candidate):
    from .equivalence import same

    pairs = [(a, c) for a, c in zip(answer, candidate) if a is not None and c is not None]
    return len(pairs) >= 2 and all(same(a, c) for a, c in pairs)


def _same_values(a, b):
    """The same values at every point (None where both are undefined)."""
    return [x is None for x in a] == [y is None for y in b] and (_matches(a, b) or not any(
        x is not None for x in a))


def percent(x):
    """A relative error as a short percentage text."""
    from .numbers import decimal_text

    return decimal_text(Fraction(x) * 100, 3) if x < 10 else decimal_text(Fraction(round(x * 100)), 0)


# --- units ---------------------------------------------------------------------
def unit_text(dims):
    """A dimension as units: ``(1, 0, 0)`` -> ``V``; ``(0, 0, 0)`` -> ``None`` (no unit).

    >>> unit_text((0, -1, 1)), unit_text((0, 0, -1)), unit_text((1, 0, -1))
    ('F', '1/s', 'V·s^-1')
    """
    from .numbers import unit_symbol

    if dims == PER_SECOND:
        return "1/s"       # Hz or rad/s: the dimension alone cannot tell
    for unit, d in UNIT_DIMS.items():
        if d == dims:
            return unit_symbol(unit)
    if dims == NONE:
        return None        # shown as "no unit" in the reader's language
    parts = []
    for symbol, e in zip(("V", "Ω", "s"), dims):
        if e:
            parts.append(symbol if e == 1 else f"{symbol}^{_num(e)}")
    return "·".join(parts)


class _Mismatch(Exception):
    def __init__(self, left, right, dl, dr):
        self.params = {"left": show(left), "left_unit": unit_text(dl),
                       "right": show(right), "right_unit": unit_text(dr)}


def dimension(tree, dims):
    """The dimension ``(volt, ohm)`` of a tree; raises on a sum of unlike terms.

    Returns ``None`` when some name has no known unit."""
    kind = tree[0]
    if kind == "num":
        return UNIT_DIMS.get(tree[2], NONE)
    if kind == "sym":
        return dims.get(tree[1])
    if kind == "neg":
        return dimension(tree[1], dims)
    if kind == "call":
        d = dimension(tree[2], dims)
        return None if d is None else (d if tree[1] == "abs" else tuple(x / 2 for x in d))
    if kind == "pow":
        d = dimension(tree[1], dims)
        return None if d is None else tuple(x * tree[2] for x in d)
    a, b = dimension(tree[1], dims), dimension(tree[2], dims)
    if a is None or b is None:
        return None
    if kind in ("add", "sub"):
        if a != b:
            raise _Mismatch(tree[1], tree[2], a, b)
        return a
    sign = 1 if kind == "mul" else -1
    return tuple(x + sign * y for x, y in zip(a, b))


def unit_diagnosis(raw, problem):
    """Unit mistakes of a formula: unlike terms added, or the wrong unit overall."""
    if problem.given:
        return []          # numbers stand for quantities: their units are unknown
    dims = {k: tuple(Fraction(x) for x in v) for k, v in problem.context.dims.items()}
    try:
        d = dimension(raw, dims)
    except _Mismatch as m:
        return [("inconsistent_units", m.params)]
    expected = problem.context.dims.get(problem.quantity)
    if d is not None and expected is not None and d != expected:
        from .numbers import unit_symbol

        unit = problem.context.units.get(problem.quantity)
        return [("wrong_dimension", {"unit": unit_text(d), "quantity": problem.quantity,
                                     "expected": unit_symbol(unit) if unit else unit_text(expected)})]
    return []


# --- formulas -----------------------------------------------------------------
def formula_diagnosis(tree, raw, problem):
    """Diagnoses of a formula answer that is not equal to the reference."""
    found = unit_diagnosis(raw, problem) + two_pi_formula(tree, problem)
    points = _memo(problem, "points", lambda: [p for p, r in zip(problem.points, problem.values)
                                               if r is not None][:DIAGNOSIS_POINTS])
    answer = _values(tree, points)
    if sum(a is not None for a in answer) < 2:
        return found or [("no_diagnosis", {})]
    ref = _memo(problem, "ref", lambda: _values(problem.tree, points))
    found += _other_quantity(answer, points, problem)
    found += _ratio(tree, answer, ref, points, problem)
    found += _missing_term(answer, ref, points, problem)
    found += _swaps(answer, points, problem, found)
    if all(code in _UNIT_CODES for code, _ in found):   # units do not explain which mistake
        found += _sdomain(answer, points, problem)
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
        a, r = _values(tree, only), _values(problem.tree, only)
        if any(x is None or y is None for x, y in zip(a, r)) or not (_exact(a) and _exact(r)):
            return ("no_diagnosis", {})
        if a != r:
            differ.append(name)
    if not differ or len(differ) == len(volts):
        return ("no_diagnosis", {})
    return ("differs_in", {"terms": ", ".join(differ)})


def _other_quantity(answer, points, problem):
    ctx = problem.context
    candidates = _memo(problem, "quantities", lambda: [
        (method, name, _values(_given(qtree, problem), points))
        for method, name, qtree in ctx.quantity_trees])
    for method, name, values in candidates:
        if name == problem.quantity and method == problem.method:
            continue
        if _matches(answer, values):
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
    if not (_exact(answer) and _exact(ref)):
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
        return [(key, {"factor": _num(abs(c)), "missing": _num(1 / abs(c))})]
    monomial = _monomial(tree, answer, points, problem)
    return [monomial] if monomial else []


def _num(value):
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _missing_term(answer, ref, points, problem):
    """The answer misses (or has an extra) input voltage as a whole term (``+ Vref``)."""
    if not (_exact(answer) and _exact(ref)):
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
    ref = _memo(problem, "ref", lambda: _values(problem.tree, points))
    for a, b in combinations(volts, 2):
        swapped = _swapped(problem, points, a, b)
        if not _same_values(swapped, ref) and _matches(answer, swapped):
            return [("sign_or_swap", {"a": a, "b": b})]
    return [("wrong_sign", {})]


def _swap(point, a, b):
    p = dict(point)
    p[a], p[b] = point[b], point[a]
    return p


def _swapped(problem, points, a, b):
    return _memo(problem, ("swap", a, b),
                 lambda: _values(problem.tree, [_swap(p, a, b) for p in points]))


def _swaps(answer, points, problem, found):
    if any(code == "sign_or_swap" for code, _ in found):
        return []
    dims = problem.context.dims
    ref = _memo(problem, "ref", lambda: _values(problem.tree, points))
    for a, b in combinations(problem.names, 2):
        if dims.get(a) != dims.get(b):
            continue
        swapped = _swapped(problem, points, a, b)
        # a swap that leaves the reference unchanged explains nothing
        if not _same_values(swapped, ref) and _matches(answer, swapped):
            return [("swapped_symbols", {"a": a, "b": b})]
    return []


def _sdomain(answer, points, problem):
    """The classic s-domain mistakes (see the module doc), tried in that order."""
    if "s" not in problem.names:
        return []
    if _matches(answer, _memo(problem, "s=1", lambda: _values(problem.tree, [dict(p, s=1) for p in points]))):
        return [("missing_s", {})]
    roles = _roles(problem.context)
    for r in [n for n in problem.names if roles.get(n) == "resistance"]:
        for c in [n for n in problem.names if roles.get(n) == "capacitance"]:
            if _matches(answer, _swapped(problem, points, r, c)):
                return [("rc_swapped", {"r": r, "c": c})]
    for names, tree in _in_series(problem):
        if _matches(answer, _memo(problem, ("series", names), lambda: _values(tree, points))):
            return [("parallel_as_sum", {"a": names[0], "b": names[1]})]
    return []


def _roles(context):
    """``{symbol name: role of its element's value}`` ('resistance', 'capacitance', ...)."""
    out = {}
    for c in (context.original, context.original.general()):
        for e in c.elements:
            for s in getattr(e.value, "free_symbols", ()):
                out.setdefault(s.name, e.role)
    return out


def _in_series(problem):
    """``[((name, name), tree)]``: the quantity asked with each pair of passives in
    parallel drawn in series instead (only for the output, the usual question)."""
    from dataclasses import replace

    from ..solver import solve
    from .tree import from_sympy

    ctx = problem.context
    if problem.quantity != ctx.output or problem.given:
        return []
    circuit = ctx.derivation.circuit
    groups = {}
    for e in circuit.passives:
        groups.setdefault(frozenset(e.nodes), []).append(e)
    out = []
    for group in groups.values():
        if len(group) != 2:
            continue
        first, second = group
        middle = "_series_" + first.name
        elements = tuple(
            replace(e, nodes=(e.nodes[0], middle)) if e is first
            else replace(e, nodes=(middle, e.nodes[1])) if e is second else e
            for e in circuit.elements)
        try:
            value = solve(replace(circuit, elements=elements)).output
        except Exception:   # the series circuit may have no solution: no candidate
            continue
        out.append(((first.name, second.name), from_sympy(value.subs(circuit.match_substitutions()))))
    return out


def _scaled(answer, points, problem):
    for name in problem.names:
        for k in SCALES:
            values = _memo(problem, ("scaled", name, k), lambda: _values(
                problem.tree, [dict(p, **{name: p[name] * k}) for p in points]))
            if _matches(answer, values):
                return [("scaled_symbol", {"name": name, "factor": _num(k), "inverse": _num(1 / k)})]
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
        q = _ratio_at(_values(tree, [moved])[0], problem.tree, moved)
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
            reference = _memo(problem, ("only_if", subset), lambda: _values(problem.tree, moved))
            if _matches(_values(tree, moved), reference):
                text = ", ".join(f"{k} = {r}" for k, r in subset)
                return [("only_if", {"conditions": text})]
    return []


# --- numbers -------------------------------------------------------------------
def answer_unit(raw):
    """The unit written after a (possibly negative) number answer, or None."""
    if raw[0] == "neg":
        raw = raw[1]
    return raw[2] if raw[0] == "num" else None


def number_diagnosis(raw, verdict, problem):
    """Diagnoses of a numeric answer; returns ``(equal, diagnoses)``."""
    from .numbers import decimal_text, unit_symbol, with_prefix

    a, ref = verdict.values[0]
    exact = decimal_text(Fraction(ref), 6)
    unit = answer_unit(raw)
    shown_unit = unit_symbol(problem.unit) if problem.unit else ""
    exact_unit = shown_unit
    if problem.unit:
        exact, exact_unit = with_prefix(ref, problem.unit)
    found, equal = [], verdict.equal
    if unit is not None and problem.unit is not None and unit != problem.unit:
        found.append(("wrong_unit", {"unit": unit_symbol(unit), "expected": shown_unit,
                                     "quantity": problem.quantity}))
        equal = False
    if verdict.error is None:
        found.append(("exact_zero", {"quantity": problem.quantity, "unit": shown_unit}))
        return equal, found
    params = {"exact": exact, "unit": exact_unit, "error": percent(verdict.error),
              "tolerance": percent(problem.tolerance), "quantity": problem.quantity}
    found.append(("within_tolerance" if verdict.equal else "outside_tolerance", params))
    if not verdict.equal and ref:
        ratio = Fraction(a) / Fraction(ref)
        for k in (-4, -3, -2, -1, 1, 2, 3, 4):
            scale = Fraction(10) ** (3 * k)
            if abs(ratio / scale - 1) <= problem.tolerance:
                found.append(("prefix_off", {"factor": decimal_text(scale, 15)}))
        if abs(ratio + 1) <= problem.tolerance:
            found.append(("number_sign", {}))
        found += _two_pi(ratio, problem.tolerance, problem)
    return equal, found


# The 2π message by the unit of the quantity asked: only frequencies and time
# constants speak of ω and f; any other quantity (a resistance) gets the plain one.
_TWO_PI_KIND = {"hertz": "_hz", "radian_per_second": "_rad", "second": "_s"}


def _two_pi(ratio, tolerance, problem):
    """The answer is 2π times the right one, or 1/(2π) times (ω and f confused).

    >>> from types import SimpleNamespace as NS
    >>> f, r = NS(unit="hertz", quantity="f_c"), NS(unit="ohm", quantity="R1")
    >>> _two_pi(Fraction(6283, 1000), Fraction(1, 100), f), _two_pi(Fraction(3), Fraction(1, 100), f)
    ([('two_pi_times_hz', {'quantity': 'f_c'})], [])
    >>> _two_pi(Fraction(159, 1000), Fraction(1, 100), r)
    [('two_pi_over', {'quantity': 'R1'})]
    """
    from math import pi

    kind = _TWO_PI_KIND.get(problem.unit, "")
    for code, factor in (("two_pi_times", 2 * pi), ("two_pi_over", 1 / (2 * pi))):
        if abs(float(ratio) / factor - 1) <= float(tolerance):
            return [(code + kind, {"quantity": problem.quantity})]
    return []


def two_pi_formula(tree, problem):
    """A formula 2π or 1/(2π) times the reference at every point (50 digits):
    f₀ written as ω₀, τ as 1/f... (:func:`_two_pi`'s messages).

    >>> from derive.checker.context import Context
    >>> from derive.checker.problem import Problem
    >>> p = Problem(Context("tia"), "f_c")
    >>> two_pi_formula(("div", ("num", Fraction(1), None), ("mul", ("sym", "Rf"), ("sym", "Cf"))), p)
    [('two_pi_times_hz', {'quantity': 'f_c'})]
    """
    import mpmath

    from .equivalence import MP_DIGITS, _mpf, value_at

    ratios = []
    with mpmath.workdps(MP_DIGITS):
        for point, ref in zip(problem.points[:DIAGNOSIS_POINTS], problem.values):
            a = value_at(tree, point)
            if a is None or ref is None or ref == 0:
                continue
            ratios.append(_mpf(a) / _mpf(ref))
        if len(ratios) < 2:
            return []
        for code, factor in (("two_pi_times", 2 * mpmath.pi), ("two_pi_over", 1 / (2 * mpmath.pi))):
            if all(abs(r / factor - 1) < mpmath.mpf(10) ** -30 for r in ratios):
                return [(code + _TWO_PI_KIND.get(problem.unit, ""), {"quantity": problem.quantity})]
    return []
