"""Is an answer equal to the reference? In stages, exact.

1. **Numeric**: the answer and the reference are evaluated exactly (rational
   arithmetic) at random points — resistances log-uniform over 10 Ω…1 MΩ,
   voltages of both signs. One point where they differ proves them different.
   An answer with a root has no exact value: a mismatch at 50 digits is only
   taken as proof once interval arithmetic (``mpmath.iv``, up to 1000 digits)
   bounds the difference away from zero; radicals cancelling at 1e-60 (a
   ``sqrt(x^2 + y) - x`` with ``y`` tiny) are not a difference.
2. **Symbolic**: agreeing everywhere tried, the answer and the reference are
   compared as polynomial fractions, ``n_a·d_r = n_r·d_a`` over the rationals.
   An answer with a root or ``abs`` is compared by SymPy's ``simplify``
   instead; if that cannot decide, the verdict is ``None`` (undecided).

Numeric questions (the reference is a number) compare with a relative
tolerance instead.

>>> from derive.checker.context import Context
>>> from derive.checker.problem import Problem
>>> from derive.checker.parser import parse
>>> p = Problem(Context("inamp"), "Vout")
>>> tree = prepare(parse("(1+2R5/RG)(V1-V2) R2/R1", p.context.vocabulary).tree, p)
>>> compare(tree, p).equal
True
"""
from dataclasses import dataclass, field
from fractions import Fraction

from .context import POINTS
from .errors import AnswerError
from .tree import PI, Irrational, Undefined, evaluate, fraction_of, is_rational, names, substitute, to_sympy

MP_DIGITS = 50
INTERVAL_DIGITS = (60, 250, 1000)     # precisions tried to prove a mismatch of an irrational answer


class _Unknown(Exception):
    """Interval arithmetic cannot tell (a root of an interval that straddles zero)."""


@dataclass
class Verdict:
    """The outcome of a comparison.

    ``equal`` is True, False or None (undecided); ``stage`` says which stage
    decided; ``values`` are ``(answer, reference)`` pairs at the points tried
    (or the single pair of a numeric question); ``error`` is the relative
    error of a numeric answer.
    """

    equal: object
    stage: str
    values: list = field(default_factory=list)
    error: object = None


def prepare(tree, problem):
    """The answer tree in circuit symbols only: intermediate quantities replaced
    by their values, matched symbols by the ones kept, given names by numbers."""
    ctx = problem.context
    used = names(tree)
    if problem.quantity in used and problem.quantity in ctx.own:
        raise AnswerError("answer_uses_quantity", name=problem.quantity)
    given = {n: ("num", v, None) for n, v in problem.given.items()}
    if ctx.output in given:
        tree = substitute(tree, {ctx.output: given[ctx.output]})
    mapping = {}
    for name in used:
        if name in ctx.own and name not in ctx.symbols and name not in given:
            mapping[name] = problem.quantity_tree(name)
    if mapping:
        tree = substitute(tree, mapping)
    mapping = {r: ("sym", k) for r, k in ctx.matching.items()}
    tree = substitute(tree, mapping)
    return substitute(tree, given) if given else tree


def _mp_point(point):
    import mpmath

    found = {k: mpmath.mpf(v.numerator) / v.denominator for k, v in point.items()}
    found[PI] = mpmath.pi
    return found


def _real_sqrt(x):
    import mpmath

    if x < 0:
        raise Undefined("square root of a negative number")
    return mpmath.sqrt(x)


def value_at(tree, point, why=None):
    """The exact value, or a 50-digit mpmath value for irrational answers;
    ``None`` where the answer is undefined (a division by zero, the root of a
    negative number: the reason is appended to the list ``why`` if given)."""
    try:
        return evaluate(tree, point)
    except Undefined as exc:
        if why is not None:
            why.append(str(exc))
        return None
    except Irrational:
        import mpmath

        with mpmath.workdps(MP_DIGITS):
            try:
                return evaluate(tree, _mp_point(point), sqrt=_real_sqrt, number=_mpf)
            except Undefined as exc:
                if why is not None:
                    why.append(str(exc))
                return None


def _undefined(why):
    """The AnswerError for an answer undefined at every point tried."""
    if why and all("negative" in w for w in why):
        return AnswerError("negative_root_everywhere")
    return AnswerError("undefined_everywhere")


def _iv_sqrt(x):
    from mpmath import iv

    if x.b < 0:
        raise Undefined("square root of a negative number")
    if x.a < 0:
        raise _Unknown
    return iv.sqrt(x)


def proven_different(tree, point, ref, ref_tree=None):
    """True when interval arithmetic proves the answer is not ``ref`` at ``point``;
    False when, even at 1000 digits, the two cannot be told apart. An irrational
    reference (a root, π) is evaluated in intervals too, from ``ref_tree``.

    >>> from fractions import Fraction as F
    >>> x, y = ("sym", "x"), ("sym", "y")
    >>> root = ("pow", ("add", ("mul", x, x), y), F(1, 2))
    >>> tree = ("mul", ("sub", root, x), ("add", root, x))    # (sqrt(x^2+y) - x)(sqrt(x^2+y) + x) = y
    >>> point = {"x": F(10**36), "y": F(1, 10**12)}
    >>> proven_different(tree, point, F(1, 10**12)), proven_different(tree, point, F(2, 10**12))
    (False, True)
    """
    from mpmath import iv

    old = iv.prec
    try:
        for digits in INTERVAL_DIGITS:
            iv.dps = digits
            box = {k: iv.mpf(v.numerator) / v.denominator for k, v in point.items()}
            box[PI] = iv.pi
            number = lambda v: iv.mpf(v.numerator) / v.denominator      # noqa: E731
            try:
                a = evaluate(tree, box, sqrt=_iv_sqrt, number=number)
                r = number(ref) if hasattr(ref, "denominator") else \
                    evaluate(ref_tree, box, sqrt=_iv_sqrt, number=number)
            except (Undefined, _Unknown, ZeroDivisionError, ArithmeticError, ValueError):
                continue
            difference = a - r
            if not (difference.a <= 0 <= difference.b):
                return True
        return False
    finally:
        iv.prec = old


def same(a, b):
    """Exact equality for rationals; 40 digits for mpmath values."""
    if isinstance(a, type(b)) and hasattr(a, "denominator"):
        return a == b
    import mpmath

    with mpmath.workdps(MP_DIGITS):
        a, b = _mpf(a), _mpf(b)
        return abs(a - b) <= mpmath.mpf(10) ** -40 * max(abs(b), abs(a), 1)


def _mpf(x):
    import mpmath

    if hasattr(x, "denominator"):
        return mpmath.mpf(x.numerator) / x.denominator
    return mpmath.mpf(x)


def compare(tree, problem):
    """Compare a prepared answer tree with the problem's reference."""
    if problem.numeric:
        return _compare_number(tree, problem)
    pairs, why = [], []
    for point, ref in zip(problem.points, problem.values):
        if ref is None:
            continue
        a = value_at(tree, point, why)
        if a is None:
            continue
        pairs.append((a, ref))
        if not same(a, ref):
            exact = hasattr(a, "denominator") and hasattr(ref, "denominator")
            if exact or proven_different(tree, point, ref, problem.tree):
                return Verdict(False, "numeric", pairs)
            # 50 digits disagree but intervals cannot separate them: the point proves nothing
        if len(pairs) == POINTS:
            break
    if not pairs:
        raise _undefined(why)
    return Verdict(_symbolic(tree, problem, pairs), "symbolic", pairs)


def _symbolic(tree, problem, pairs=()):
    ctx = problem.context
    if is_rational(tree) and is_rational(problem.tree):
        from ..derivation.ratfunc import equal, polynomial_ring

        ring, gens = ctx.ring
        integral = polynomial_ring(ring.symbols)      # denominators as products of factors
        igens = {name: integral.gens[ring.gens.index(g)] for name, g in gens.items()}
        return equal(fraction_of(tree, integral, igens), fraction_of(problem.tree, integral, igens))
    from sympy import simplify

    symbols = {n: ctx.sympy_symbol(n) for n in ctx.symbols}
    answer = _factored_roots(to_sympy(tree, symbols))
    difference = answer - problem.sympy
    if difference == 0 or _same_square(answer, problem.sympy, pairs) or simplify(difference) == 0:
        return True
    return None


def _factored_roots(expr):
    """Each root's radicand factored, so that √(R1² + 2R1R2 + R2²) is R1 + R2."""
    from sympy import Pow, factor

    return expr.replace(lambda e: e.is_Pow and e.exp.is_Rational and not e.exp.is_Integer,
                        lambda e: Pow(factor(e.base), e.exp))


def _same_square(answer, reference, pairs):
    """A = R from A² = R² (exact, rational) and A = R ≠ 0 at a point already compared.

    Sound when every root in A and R is of a positive quantity: then A − R and
    A + R are analytic on the connected positive orthant, their product is
    zero, and A + R is not (it is 2A ≠ 0 at that point), so A − R is zero.
    (ω₀ = 1/√(R1R2C1C2) against 1/(√R1·√R2·√C1·√C2), Q with √, f₀ with π.)
    """
    from sympy import Abs, Pow, cancel

    if not any(same(a, r) and a != 0 for a, r in pairs):
        return False
    for expr in (answer, reference):
        if expr.has(Abs):
            return False
        for p in expr.atoms(Pow):
            if not p.exp.is_Integer and p.base.is_positive is not True:
                return False
    return cancel(answer**2 - reference**2) == 0


def _compare_number(tree, problem):
    left = sorted(names(tree) - {PI})
    if left:
        raise AnswerError("answer_has_names", names=", ".join(left))
    why = []
    a = value_at(tree, {}, why)
    if a is None:
        raise _undefined(why) if why and "negative" in why[0] else AnswerError("division_by_zero")
    if not hasattr(a, "denominator"):      # an irrational number, to 40 digits
        import mpmath

        a = Fraction(mpmath.nstr(a, 40))
    ref = problem.value
    if ref == 0:      # no relative error: only zero is right
        return Verdict(a == 0, "tolerance", [(a, ref)], None)
    error = abs((a - ref) / ref)
    return Verdict(error <= problem.tolerance, "tolerance", [(a, ref)], error)
