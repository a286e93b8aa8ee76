"""Limits on an answer, checked before any algebra is done.

An answer is untrusted text: these bounds keep every answer cheap to read and
to compare. The parser enforces the size limits while it reads; the exponent,
number-size and degree limits are checked on the tree it builds.

>>> LIMITS.max_length, LIMITS.max_exponent
(2000, 64)
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on an answer; the defaults are generous for hand-written formulas."""

    max_length: int = 2000       # characters of the answer text
    max_tokens: int = 600        # tokens after lexing
    max_depth: int = 40          # nesting of parentheses, fractions, signs, powers
    max_digits: int = 30         # digits of one number literal
    max_decimal_exponent: int = 30   # 1e30 at most
    max_exponent: int = 64       # |n| in x^n
    max_degree: int = 128        # total degree of the formula as a rational function
    max_bits: int = 4096         # size of a constant computed while reading
    max_terms: int = 20000       # terms of the expanded numerator or denominator


LIMITS = Limits()
