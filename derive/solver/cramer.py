"""Cramer's rule by sparse Laplace expansion: determinants with no division.

Nodal matrices are sparse and, written in conductances, their entries are
short polynomials (``G1 + G2``). Expanding a determinant along its columns
multiplies a short entry by a minor and adds: no polynomial division at all,
unlike fraction-free elimination, whose exact divisions of large
multivariate polynomials dominate the cost on circuits of a dozen nodes.
Minors are memoised by (column, remaining rows); the minors that do not
involve the right-hand side are shared by every unknown.

>>> from sympy import ZZ
>>> from sympy.polys.rings import ring
>>> _, a, b = ring("a,b", ZZ)
>>> det, nums = cramer([{0: a, 1: 1}, {0: 1, 1: b}], {0: 1, 1: 0}, 2)
>>> det, nums                              # [[a, 1], [1, b]] x = [1, 0]
(a*b - 1, [b, -1])
"""


class TooManyMinors(Exception):
    """The expansion would need more minors than the budget allows."""


class Cramer:
    """``det(A)`` and, on demand, ``det(A_u)`` (column ``u`` replaced by ``rhs``).

    ``columns[j]`` maps row index to the nonzero entry of column ``j``; ``rhs``
    maps row index to the nonzero right-hand side. Entries are ring elements
    (falsy when zero). The constructor expands ``det(A)`` and raises
    :class:`TooManyMinors` past ``max_minors`` memoised minors, so that a
    caller can fall back to elimination. Numerators, expanded on demand,
    share the minors of that expansion that do not contain the replaced
    column and are not limited again.
    """

    def __init__(self, columns, rhs, nrows, max_minors=20_000):
        self.columns, self.rhs = columns, rhs
        self._memo = {}
        self._full = (1 << nrows) - 1
        self._budget = max_minors
        self.det = self._minor(0, self._full, None)
        self._budget = None

    def numerator(self, u):
        """``det(A_u)``: the numerator of unknown ``u`` over :attr:`det`."""
        return self._minor(0, self._full, u)

    def _minor(self, j, mask, replaced):
        """det of rows ``mask`` x columns ``j..n-1`` (column ``replaced`` is rhs)."""
        if j == len(self.columns):
            return 1
        key = (j, mask, replaced if replaced is not None and replaced >= j else None)
        found = self._memo.get(key)
        if found is not None:
            return found
        if self._budget is not None and len(self._memo) >= self._budget:
            raise TooManyMinors(f"more than {self._budget} minors")
        column = self.rhs if j == replaced else self.columns[j]
        total = 0
        for i, entry in column.items():
            bit = 1 << i
            if not mask & bit:
                continue
            sub = self._minor(j + 1, mask & ~bit, key[2])
            if not sub:
                continue
            term = entry * sub
            # the sign of row i among the rows still present
            total = total - term if bin(mask & (bit - 1)).count("1") & 1 else total + term
        self._memo[key] = total
        return total


def cramer(columns, rhs, nrows, max_minors=20_000):
    """``(det(A), [det(A_u) for every u])``, or ``(0, None)`` if A is singular."""
    solver = Cramer(columns, rhs, nrows, max_minors)
    if not solver.det:
        return solver.det, None
    return solver.det, [solver.numerator(u) for u in range(len(columns))]
