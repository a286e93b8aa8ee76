"""Do two tools' expressions agree? Exactly when that is affordable.

Expressions arrive with plain symbols (matched by name). A mismatch is looked
for first at exact random rational points, which is fast and decisive when it
finds one; agreement is then proved by ``cancel(a - b) == 0`` unless the
expressions are too large for that, in which case the points are the evidence
and the verdict says so.

>>> from sympy import symbols
>>> x, y = symbols("x y")
>>> agree(x/(x + y), 1 - y/(x + y))
'exact'
>>> agree(x/(x + y), y/(x + y))
'DIFFERENT'
"""
import random

from sympy import Rational, cancel, together

EXACT_LIMIT = 40_000   # characters of str(a) + str(b) beyond which only points are used
POINTS = 3


def random_point(names, seed):
    """Exact nonzero rationals by symbol name (resistances and gains positive)."""
    rng = random.Random(seed)
    point = {}
    for name in sorted(names):
        value = Rational(rng.randint(100, 99999), rng.randint(1, 97))
        if not name.startswith(("R", "A")) and rng.random() < 0.5:
            value = -value
        point[name] = value
    return point


def value_at(expr, point):
    """``expr`` at ``point`` (by symbol name), exactly."""
    return expr.xreplace({s: point[s.name] for s in expr.free_symbols})


def agree(a, b):
    """'exact', 'numeric (3 points)' or 'DIFFERENT'."""
    names = {s.name for s in a.free_symbols | b.free_symbols}
    for seed in range(POINTS):
        point = random_point(names, seed)
        if value_at(a, point) != value_at(b, point):
            return "DIFFERENT"
    if len(str(a)) + len(str(b)) > EXACT_LIMIT:
        return f"numeric ({POINTS} points)"
    return "exact" if cancel(together(a - b)) == 0 else "DIFFERENT"


def agree_numeric(expr, point, value):
    """Does ``expr`` at ``point`` (names -> numbers) equal ``value``?"""
    point = {k: Rational(v) for k, v in point.items()}
    return value_at(expr, point) == value
