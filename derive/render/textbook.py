"""Textbook order for display: how a person writes a product or a sum.

SymPy stores ``R2*(V1 - V2)*(2*R5/RG + 1)/R1`` in its own canonical order; a
textbook writes it ``(R2/R1)(1 + 2 R5/RG)(V1 - V2)``. This module decides the
*order and grouping* only; every printer (LaTeX, plain text) formats the pieces
itself, so all outputs agree. Nothing here changes a value: ``Product.value()``
and ``ordered_terms`` rebuild exactly the expression they were given (the tests
check this for every step of every built-in derivation).

Signals are the symbols that are not known to be positive (node voltages,
currents); resistances and gains are positive symbols.

>>> from sympy import symbols
>>> R1, R2, R5, RG = symbols("R1 R2 R5 RG", positive=True)
>>> V1, V2 = symbols("V1 V2", real=True)
>>> p = split_product(R2*(V1 - V2)*(2*R5/RG + 1)/R1)
>>> p.numerator, p.denominator, p.gains, p.signals
([R2], [R1], [2*R5/RG + 1], [V1 - V2])
>>> ordered_terms(2*R5/RG + 1)
[1, 2*R5/RG]
>>> ordered_terms(-V1 + V2)
[V2, -V1]
"""
from dataclasses import dataclass, field

from sympy import Add, Mul, Pow, Rational, S, default_sort_key


def is_signal(symbol):
    """A voltage or current symbol: any symbol not known to be positive.

    >>> from sympy import Symbol
    >>> is_signal(Symbol("V1", real=True)), is_signal(Symbol("R1", positive=True))
    (True, False)
    """
    return bool(symbol.is_Symbol) and not symbol.is_positive


def has_signal(expr):
    """Whether ``expr`` depends on any signal symbol."""
    return any(is_signal(s) for s in expr.free_symbols)


def _all_negative(add):
    return all(t.as_coeff_Mul()[0].is_negative for t in add.args)


def is_gain(factor):
    """A ``(1 + ...)`` factor: a sum of non-signals with a positive constant term."""
    return (
        isinstance(factor, Add)
        and not has_signal(factor)
        and any(t.is_Number and t.is_positive for t in factor.args)
    )


@dataclass
class Product:
    """A product split the way a textbook writes it.

    ``negative`` and ``coefficient`` (a positive number) come first; then the
    plain ratio ``numerator/denominator`` (lists of factors, written as one
    fraction); then the ``(1 + ...)`` gain factors; then the signal factors.
    A sum whose terms are all negative is negated into ``negative`` so that
    ``V*(-2R/RG - 1)`` reads ``-(1 + 2R/RG) V``.
    """

    negative: bool = False
    coefficient: object = S.One
    numerator: list = field(default_factory=list)
    denominator: list = field(default_factory=list)
    gains: list = field(default_factory=list)
    signals: list = field(default_factory=list)

    def value(self):
        """The SymPy expression this product stands for (equal to the input)."""
        sign = -1 if self.negative else 1
        return Mul(sign, self.coefficient, *self.numerator, *self.gains, *self.signals) / Mul(
            *self.denominator
        )


def split_product(expr):
    """Split ``expr`` (usually a Mul) into a :class:`Product` in textbook order.

    >>> from sympy import symbols
    >>> R, RG = symbols("R RG", positive=True)
    >>> Vinm = symbols("Vinm", real=True)
    >>> p = split_product(Vinm*(-2*R/RG - 1))
    >>> p.negative, p.gains, p.signals
    (True, [2*R/RG + 1], [Vinm])
    """
    coeff, factors = expr.as_coeff_mul()
    product = Product(negative=bool(coeff.is_negative), coefficient=abs(coeff))
    for f in factors:
        base, exp = f.as_base_exp()
        if exp.is_Integer and exp.is_negative:
            product.denominator.append(Pow(base, -exp))
            continue
        if isinstance(f, Add) and _all_negative(f):
            f = -f
            product.negative = not product.negative
        if has_signal(f):
            product.signals.append(f)
        elif is_gain(f):
            product.gains.append(f)
        else:
            product.numerator.append(f)
    return product


def signal_rank(term, signals=()):
    """Sort key of a term by the first signal it contains (``signals`` order first)."""
    order = {s: i for i, s in enumerate(signals)}
    found = sorted(
        ((order.get(s, len(order)), default_sort_key(s)) for s in term.free_symbols if is_signal(s)),
    )
    return found[0] if found else (len(order) + 1, ())


def ordered_terms(expr, signals=()):
    """The terms of a sum in textbook order.

    A positive constant comes first (``1 + 2 R5/RG``), then the other positive
    terms, then the negative ones (``V2 - V1``, not ``-V1 + V2``). Terms with
    signals are ordered by ``signals`` (e.g. the circuit's sources); of two
    terms in the same signal the one with a ``(1 + ...)`` gain comes first;
    the rest keep SymPy's order.

    >>> from sympy import symbols
    >>> R, RG = symbols("R RG", positive=True)
    >>> Vinp, Vinm, Vref = symbols("Vinp Vinm Vref", real=True)
    >>> ordered_terms(Vref + (Vinp - Vinm)*(1 + 2*R/RG), [Vinp, Vinm, Vref])
    [(-Vinm + Vinp)*(2*R/RG + 1), Vref]
    """
    terms = expr.as_ordered_terms() if isinstance(expr, Add) else [expr]

    def key(indexed):
        i, t = indexed
        product = split_product(t)
        group = 2 if product.negative else (0 if t.is_Number else 1)
        rank = signal_rank(t, signals) if has_signal(t) else (-1, ())
        # of two terms in the same signal, the one with a (1 + ...) gain leads
        return group, rank, 0 if product.gains else 1, i

    return [t for _, t in sorted(enumerate(terms), key=key)]


def rational_parts(number):
    """Numerator and denominator of a positive rational (floats: the number and 1)."""
    if isinstance(number, Rational):
        return number.p, number.q
    return number, 1
