"""Working with parsed answer trees: print, evaluate, convert.

The tree (see :mod:`derive.checker.parser`) is turned into

* a text that shows how the answer was read (``interpreted as …``),
* a fast evaluator on exact rationals (the numeric stage of equivalence),
* a pair of polynomials ``(numerator, denominator)`` over the rationals (the
  symbolic stage), or a SymPy expression when it has roots or ``abs``.

SymPy expressions of the reference go the other way with :func:`from_sympy`,
so both sides are evaluated by the same code.

>>> t = ("div", ("mul", ("num", Fraction(2), None), ("sym", "R5")), ("sym", "RG"))
>>> show(t)
'2*R5/RG'
>>> evaluate(t, {"R5": Fraction(3), "RG": Fraction(4)})
Fraction(3, 2)
"""
from fractions import Fraction

from .errors import AnswerError
from .numbers import decimal_text

PI = "π"                 # the name of π in a tree (an answer's pi, \\pi or π)
PI_NAMES = (PI, "pi")    # its spellings as a name of the vocabulary

_PREC = {"add": 1, "sub": 1, "mul": 2, "div": 2, "neg": 3, "pow": 4}
_OPS = {"add": " + ", "sub": " - ", "mul": "*", "div": "/"}


class Irrational(Exception):
    """A value that is not an exact rational (the square root of 2)."""


class Undefined(Exception):
    """A division by zero at the point evaluated."""


# --- printing --------------------------------------------------------------
def _prec(tree):
    if tree[0] == "num":
        v = tree[1]
        return 3 if v < 0 else (2 if v.denominator != 1 and decimal_text(v, 12).find(".") < 0 else 5)
    return _PREC.get(tree[0], 5)


def _number(value):
    text = decimal_text(value, 12)
    if "e" in text or len(text) > 20:
        return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)
    return text


def show(tree):
    """The tree as plain text with every operator explicit."""
    kind = tree[0]
    if kind == "num":
        return _number(tree[1])
    if kind == "sym":
        return tree[1]
    if kind == "call":
        return f"{tree[1]}({show(tree[2])})"
    if kind == "neg":
        inner = show(tree[1])
        return "-" + (f"({inner})" if _prec(tree[1]) < 2 or _prec(tree[1]) == 3 else inner)
    if kind == "pow":
        base = show(tree[1])
        if _prec(tree[1]) <= 4:
            base = f"({base})"
        e = tree[2]
        exp = str(e) if e.denominator == 1 and e >= 0 else f"({e})"
        return f"{base}^{exp}"
    p = _PREC[kind]
    left, right = show(tree[1]), show(tree[2])
    if _prec(tree[1]) < p:
        left = f"({left})"
    rp = _prec(tree[2])
    associative = kind == "mul" and tree[2][0] == "mul"     # a*(b*c) is a*b*c
    if rp < p or (rp == p and kind in ("sub", "div", "mul") and not associative) \
            or (rp == 3 and kind != "add"):
        right = f"({right})"
    return left + _OPS[kind] + right


# --- structure ---------------------------------------------------------------
def names(tree, found=None):
    """The set of names in the tree."""
    found = set() if found is None else found
    if tree[0] == "sym":
        found.add(tree[1])
    elif tree[0] in ("neg", "call", "pow"):
        names(tree[-1] if tree[0] != "pow" else tree[1], found)
    elif tree[0] in _OPS:
        names(tree[1], found)
        names(tree[2], found)
    return found


def is_rational(tree):
    """True when the tree is a rational function (no root, no ``abs``)."""
    kind = tree[0]
    if kind in ("num", "sym"):
        return True
    if kind == "call":
        return False
    if kind == "pow":
        return tree[2].denominator == 1 and is_rational(tree[1])
    if kind == "neg":
        return is_rational(tree[1])
    return is_rational(tree[1]) and is_rational(tree[2])


def substitute(tree, mapping):
    """Replace names by trees (``{"R6": ("sym", "R5")}``)."""
    kind = tree[0]
    if kind == "sym":
        return mapping.get(tree[1], tree)
    if kind == "num":
        return tree
    if kind == "neg":
        return ("neg", substitute(tree[1], mapping))
    if kind == "call":
        return ("call", tree[1], substitute(tree[2], mapping))
    if kind == "pow":
        return ("pow", substitute(tree[1], mapping), tree[2])
    return (kind, substitute(tree[1], mapping), substitute(tree[2], mapping))


# --- evaluation ------------------------------------------------------------
def _isqrt_fraction(v):
    from math import isqrt

    if v < 0:
        raise Undefined("square root of a negative number")
    n, d = isqrt(v.numerator), isqrt(v.denominator)
    if n * n != v.numerator or d * d != v.denominator:
        raise Irrational()
    return Fraction(n, d)


def evaluate(tree, point, sqrt=_isqrt_fraction, number=None):
    """The value of the tree at ``point`` (``{name: number}``).

    Exact on Fractions; raises :class:`Irrational` for an irrational root
    (evaluate again with mpmath numbers, ``sqrt`` and ``number`` converting
    the literals) and :class:`Undefined` for a division by zero.
    """
    kind = tree[0]
    if kind == "num":
        return tree[1] if number is None else number(tree[1])
    if kind == "sym":
        if tree[1] == PI and PI not in point:
            raise Irrational()      # π: evaluated again with mpmath (the point then holds π)
        return point[tree[1]]
    if kind in ("add", "sub", "mul", "div"):
        a = evaluate(tree[1], point, sqrt, number)
        b = evaluate(tree[2], point, sqrt, number)
        if kind == "add":
            return a + b
        if kind == "sub":
            return a - b
        if kind == "mul":
            return a * b
        if b == 0:
            raise Undefined("division by zero")
        return a / b
    if kind == "neg":
        return -evaluate(tree[1], point, sqrt, number)
    if kind == "pow":
        b = evaluate(tree[1], point, sqrt, number)
        e = tree[2]
        if e.denominator == 2:
            b = sqrt(b)
            e = e * 2
        if b == 0 and e < 0:
            raise Undefined("division by zero")
        return b ** int(e)
    if kind == "call":
        v = evaluate(tree[2], point, sqrt, number)
        return sqrt(v) if tree[1] == "sqrt" else abs(v)
    raise ValueError(f"not a tree node: {kind!r}")


# --- conversions -----------------------------------------------------------
def fraction_of(tree, ring, gens):
    """A rational tree as a :class:`derive.derivation.ratfunc.Fraction` in
    ``ring`` (over ZZ): its denominator kept as a product of factors, sums over
    their factor-by-factor common multiple (multiplying whole denominators made
    the exact comparison of a right answer to a nine-input summer take minutes).

    >>> from sympy import ZZ
    >>> from sympy.polys.rings import ring
    >>> R, a, b = ring("a,b", ZZ)
    >>> f = fraction_of(("add", ("div", ("sym", "a"), ("sym", "b")), ("num", Fraction(1, 2))), R, {"a": a, "b": b})
    >>> f.num, f.den, f.scale
    (2*a + b, {b: 1}, 2)
    """
    from ..derivation import ratfunc

    kind = tree[0]
    if kind == "num":
        v = tree[1]
        return ratfunc.Fraction(ring(v.numerator), {}, v.denominator)
    if kind == "sym":
        return ratfunc.Fraction(gens[tree[1]])
    if kind == "neg":
        f = fraction_of(tree[1], ring, gens)
        return ratfunc.Fraction(-f.num, f.den, f.scale)
    if kind == "pow":
        f = fraction_of(tree[1], ring, gens)
        if int(tree[2]) < 0 and not f.num:
            raise AnswerError("division_by_zero")
        return ratfunc.power(f, int(tree[2]))
    if kind == "call":
        raise ValueError("not a rational tree")
    a, b = fraction_of(tree[1], ring, gens), fraction_of(tree[2], ring, gens)
    if kind == "add":
        return ratfunc.add([a, b], ring)
    if kind == "sub":
        return ratfunc.add([a, ratfunc.Fraction(-b.num, b.den, b.scale)], ring)
    if kind == "mul":
        return ratfunc.multiply([a, b], ring)
    if not b.num:
        raise AnswerError("division_by_zero")
    return ratfunc.multiply([a, ratfunc.invert(b)], ring)


def to_sympy(tree, symbols):
    """The SymPy expression of a tree; ``symbols`` maps names to SymPy symbols."""
    from sympy import Abs, Integer, Rational, sqrt

    kind = tree[0]
    if kind == "num":
        v = tree[1]
        return Rational(v.numerator, v.denominator) if v.denominator != 1 else Integer(v.numerator)
    if kind == "sym":
        if tree[1] == PI and PI not in symbols:
            from sympy import pi

            return pi
        return symbols[tree[1]]
    if kind == "neg":
        return -to_sympy(tree[1], symbols)
    if kind == "pow":
        e = tree[2]
        return to_sympy(tree[1], symbols) ** Rational(e.numerator, e.denominator)
    if kind == "call":
        inner = to_sympy(tree[2], symbols)
        return sqrt(inner) if tree[1] == "sqrt" else Abs(inner)
    a, b = to_sympy(tree[1], symbols), to_sympy(tree[2], symbols)
    return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b}[kind]()


def _balanced(kind, args):
    """``args`` joined by ``kind`` as a balanced tree: its depth grows as the
    logarithm of the number of terms, so an expanded numerator of thousands
    of terms does not exhaust the recursion of :func:`evaluate` and the rest
    (a chain one term deep per term did).

    >>> show(_balanced("add", [("sym", n) for n in "abcde"]))
    'a + b + c + d + e'
    """
    if len(args) == 1:
        return args[0]
    middle = len(args) // 2
    return (kind, _balanced(kind, args[:middle]), _balanced(kind, args[middle:]))


def from_sympy(expr):
    """A tree for a (trusted) SymPy expression built from + * ** numbers, π and symbols."""
    from sympy import pi

    if expr is pi:
        return ("sym", PI)
    if expr.is_Symbol:
        return ("sym", expr.name)
    if expr.is_Rational:
        return ("num", Fraction(int(expr.p), int(expr.q)), None)
    if expr.is_Add or expr.is_Mul:
        return _balanced("add" if expr.is_Add else "mul", [from_sympy(a) for a in expr.args])
    if expr.is_Pow and expr.exp.is_Rational:
        return ("pow", from_sympy(expr.base), Fraction(int(expr.exp.p), int(expr.exp.q)))
    raise ValueError(f"cannot evaluate {expr} exactly")
