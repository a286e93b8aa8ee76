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
from fractions import Fraction

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


def _fraction(q):
    return Fraction(int(q.p), int(q.q))


def value_at(expr, point):
    """``expr`` at ``point`` (by symbol name), exactly, as a Fraction.

    A walk over the expression tree in Python fractions: several times faster
    than ``xreplace`` on the megabyte-sized expressions of large ladders.

    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> value_at((x + 1)**2 / y, {"x": Rational(1, 2), "y": 3})
    Fraction(3, 4)
    """
    values = {name: Fraction(v) if not hasattr(v, "p") else _fraction(v) for name, v in point.items()}

    def walk(e):
        if e.is_Symbol:
            return values[e.name]
        if e.is_Rational:
            return _fraction(e)
        if e.is_Add:
            return sum((walk(a) for a in e.args), Fraction(0))
        if e.is_Mul:
            out = Fraction(1)
            for a in e.args:
                out *= walk(a)
            return out
        if e.is_Pow and e.exp.is_Integer:
            return walk(e.base) ** int(e.exp)
        return _fraction(Rational(e.xreplace({s: Rational(values[s.name].numerator, values[s.name].denominator)
                                              for s in e.free_symbols})))

    return walk(expr)


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
    """Does ``expr`` at ``point`` (names -> numbers) equal ``value``?

    In the s-domain ``value`` is still a function of ``s`` (and ``expr`` of
    ``s`` too): both are then compared at exact random values of ``s``.

    >>> from sympy import symbols
    >>> R, s = symbols("R s")
    >>> agree_numeric(1 / (1 + s * R), {"R": 2}, 1 / (1 + 2 * s))
    True
    """
    rest = {x.name for x in expr.free_symbols | value.free_symbols} - set(point)
    for seed in range(POINTS if rest else 1):
        at = dict(point, **random_point(rest, seed))
        if value_at(expr, at) != value_at(value, at):
            return False
    return True
