"""What the diagnoses compare: values at the diagnosis points, exactly.

Every diagnosis (:mod:`derive.checker.diagnose`) evaluates the answer, and the
reference changed in one typical way, at the same random rational points as the
equivalence check, and asks whether they match. This module holds that
machinery: the values of a tree at the points (:func:`point_values`), a
per-problem memo of a candidate's values (:func:`memo`), the comparison
(:func:`matches`), and two symbols exchanged at every point (:func:`swapped_values`).

>>> from fractions import Fraction as F
>>> tree = ("div", ("sym", "a"), ("sym", "b"))
>>> point_values(tree, [{"a": F(1), "b": F(2)}, {"a": F(1), "b": F(0)}])
[Fraction(1, 2), None]
>>> fraction_text(F(3, 2)), matches([F(1), F(2), None], [F(1), F(2), F(5)])
('3/2', True)
"""
from fractions import Fraction

from .tree import Irrational, Undefined, evaluate

DIAGNOSIS_POINTS = 4


def point_values(tree, points):
    """Exact values at the points; 50-digit ones where the tree has a root or π
    (then :func:`matches` compares them to 40 digits)."""
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


def all_exact(values):
    """Every value exact (a Fraction) or undefined, none a 50-digit float.

    >>> all_exact([Fraction(1, 3), None]), all_exact([Fraction(1), 0.5])
    (True, False)
    """
    return all(v is None or hasattr(v, "denominator") for v in values)


def memo(problem, key, compute):
    """A candidate's values at the diagnosis points, computed once per problem."""
    if key not in problem.memo:
        problem.memo[key] = compute()
    return problem.memo[key]


def matches(answer, candidate):
    """Equal at every point where both are defined, and at two points at least.

    >>> matches([Fraction(1), None, Fraction(3)], [Fraction(1), Fraction(2), Fraction(3)])
    True
    """
    from .equivalence import same

    pairs = [(a, c) for a, c in zip(answer, candidate) if a is not None and c is not None]
    return len(pairs) >= 2 and all(same(a, c) for a, c in pairs)


def same_values(a, b):
    """The same values at every point (None where both are undefined)."""
    return [x is None for x in a] == [y is None for y in b] and (matches(a, b) or not any(
        x is not None for x in a))


def fraction_text(value):
    """A fraction as the messages write it: ``2`` or ``3/2``.

    >>> fraction_text(Fraction(4, 2)), fraction_text(Fraction(1, 2))
    ('2', '1/2')
    """
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def swap(point, a, b):
    """The point with the values of ``a`` and ``b`` exchanged.

    >>> swap({"R1": 1, "R2": 2}, "R1", "R2")
    {'R1': 2, 'R2': 1}
    """
    p = dict(point)
    p[a], p[b] = point[b], point[a]
    return p


def swapped_values(problem, points, a, b):
    """The reference's values at ``points`` with ``a`` and ``b`` exchanged (memoised)."""
    return memo(problem, ("swap", a, b),
                lambda: point_values(problem.tree, [swap(p, a, b) for p in points]))
