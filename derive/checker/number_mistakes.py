"""Diagnoses of a numeric answer, and the 2π mistakes of any answer.

A number gets ``within_tolerance``/``outside_tolerance``, ``wrong_unit``,
``prefix_off`` (off by a power of 1000), ``number_sign`` and
``two_pi_times``/``two_pi_over`` (off by 2π: an angular frequency ω given for a
frequency f in Hz, or the other way); :func:`two_pi_formula` finds the 2π
factor in a formula answer, exactly.
"""
from fractions import Fraction

from .candidates import DIAGNOSIS_POINTS


def answer_unit(raw):
    """The unit written after a (possibly negative) number answer, or None.

    >>> answer_unit(("neg", ("num", Fraction(5), "volt"))), answer_unit(("sym", "R1"))
    ('volt', None)
    """
    if raw[0] == "neg":
        raw = raw[1]
    return raw[2] if raw[0] == "num" else None


def percent(x):
    """A relative error as a short percentage text.

    >>> percent(Fraction(1, 800)), percent(Fraction(25))
    ('0.125', '2500')
    """
    from .numbers import decimal_text

    return decimal_text(Fraction(x) * 100, 3) if x < 10 else decimal_text(Fraction(round(x * 100)), 0)


def number_diagnosis(raw, verdict, problem):
    """Diagnoses of a numeric answer; returns ``(equal, diagnoses)``."""
    from ..notation.units import unit_symbol
    from .numbers import decimal_text, with_prefix

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
        found.append(("exact_zero", {"quantity": problem.quantity, "unit": shown_unit, "exact": "0"}))
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
        found += two_pi(ratio, problem.tolerance, problem)
    return equal, found


# The 2π message by the unit of the quantity asked: only frequencies and time
# constants speak of ω and f; any other quantity (a resistance) gets the plain one.
TWO_PI_KIND = {"hertz": "_hz", "radian_per_second": "_rad", "second": "_s"}


def two_pi(ratio, tolerance, problem):
    """The answer is 2π times the right one, or 1/(2π) times (ω and f confused).

    >>> from types import SimpleNamespace as NS
    >>> f, r = NS(unit="hertz", quantity="f_c"), NS(unit="ohm", quantity="R1")
    >>> two_pi(Fraction(6283, 1000), Fraction(1, 100), f), two_pi(Fraction(3), Fraction(1, 100), f)
    ([('two_pi_times_hz', {'quantity': 'f_c'})], [])
    >>> two_pi(Fraction(159, 1000), Fraction(1, 100), r)
    [('two_pi_over', {'quantity': 'R1'})]
    """
    from math import pi

    kind = TWO_PI_KIND.get(problem.unit, "")
    for code, factor in (("two_pi_times", 2 * pi), ("two_pi_over", 1 / (2 * pi))):
        if abs(float(ratio) / factor - 1) <= float(tolerance):
            return [(code + kind, {"quantity": problem.quantity})]
    return []


def two_pi_formula(tree, problem):
    """A formula 2π or 1/(2π) times the reference at every point (50 digits):
    f₀ written as ω₀, τ as 1/f... (:func:`two_pi`'s messages).

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
                return [(code + TWO_PI_KIND.get(problem.unit, ""), {"quantity": problem.quantity})]
    return []
