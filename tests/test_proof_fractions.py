"""The proof's rational-function arithmetic: sums share irreducible factors of their
denominators, and equality is decided exactly whatever way the denominators are split."""
from sympy import ZZ
from sympy.polys.rings import ring

from derive.derivation.ratfunc import Fraction, add, denominator_factors
from derive.derivation.ratfunc import equal as _equal

R, a, b, c, d, x, y = ring("a,b,c,d,x,y", ZZ)


def _frac(num, den):
    sign, scale, factors = denominator_factors(den)
    return Fraction(num * sign, factors, scale)


def test_a_sum_over_products_of_shared_factors_keeps_each_factor_once():
    # (c + d) is in every term's denominator, multiplied by another sum: the common
    # denominator holds it once (it was held once per term: (c + d)**2 here, **7 on a
    # nine-input summer into a cascade, and proving the sum step took minutes)
    total = add([_frac(x, (a + b) * (c + d)), _frac(y, (a + 2 * b) * (c + d))], R)
    assert total.den == {a + b: 1, a + 2 * b: 1, c + d: 1}
    assert _equal(total, _frac(x * (a + 2 * b) + y * (a + b), (a + b) * (a + 2 * b) * (c + d)))


def test_equality_does_not_depend_on_how_the_denominators_are_split():
    whole = Fraction(x * (c + d), {(a + b) * (c + d): 1, a: 1})     # a product kept whole
    split = _frac(x, a * (a + b))
    assert _equal(whole, split) and _equal(split, whole)
    assert not _equal(whole, _frac(x, a * (a - b)))
    assert not _equal(split, _frac(y, a * (a + b)))
    assert _equal(Fraction(2 * x, {a + b: 1}, 4), _frac(x, 2 * a + 2 * b))
    assert not _equal(Fraction(2 * x, {a + b: 1}, 4), _frac(x, a + b))
