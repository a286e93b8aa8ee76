"""Unit mistakes of a formula answer: terms of unlike units added
(``inconsistent_units``), or the wrong unit overall (``wrong_dimension``).

A dimension is a tuple of exponents of (volt, ohm, second), read from the
units of the circuit's names (:mod:`derive.checker.context`).

>>> dims = {"R1": (0, 1, 0), "V1": (1, 0, 0)}
>>> dimension(("div", ("sym", "V1"), ("sym", "R1")), dims)       # a current: V/Ω
(1, -1, 0)
>>> try:
...     dimension(("add", ("sym", "R1"), ("sym", "V1")), dims)
... except _Mismatch as m:
...     print(m.params)
{'left': 'R1', 'left_unit': 'Ω', 'right': 'V1', 'right_unit': 'V'}
"""
from fractions import Fraction

from .candidates import fraction_text
from .context import NONE, PER_SECOND, UNIT_DIMS
from .tree import show


def unit_text(dims):
    """A dimension as units: ``(1, 0, 0)`` -> ``V``; ``(0, 0, 0)`` -> ``None`` (no unit).

    >>> unit_text((0, -1, 1)), unit_text((0, 0, -1)), unit_text((1, 0, -1))
    ('F', '1/s', 'V·s^-1')
    """
    from ..notation.units import unit_symbol

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
            parts.append(symbol if e == 1 else f"{symbol}^{fraction_text(e)}")
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
        from ..notation.units import unit_symbol

        unit = problem.context.units.get(problem.quantity)
        return [("wrong_dimension", {"unit": unit_text(d), "quantity": problem.quantity,
                                     "expected": unit_symbol(unit) if unit else unit_text(expected)})]
    return []
