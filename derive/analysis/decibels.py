"""CMRR in decibels: conversions, the requirement for a common-mode level, the table.

A CMRR of ``x`` dB means a common-mode voltage ``Vcm`` looks like a
differential input of ``Vcm / 10**(x/20)`` (the overview: 60 dB -> 1 mV per volt,
120 dB -> 1 µV).

>>> [round(referred_error(db, 1), 9) for db in (60, 100, 120)]
[0.001, 1e-05, 1e-06]
>>> round(required_cmrr(2, 0.1e-3)[1], 2)     # ECG: 2 V of mains, under 0.1 mV
86.02
"""
import numpy as np

from ..errors import DeriveError
from ..text.messages import Message


def decibels(ratio):
    """``20 log10 |ratio|`` as a float.

    >>> decibels(1000), decibels(10**6)
    (60.0, 120.0)
    """
    value = abs(float(ratio))
    if value == 0:
        raise DeriveError(Message("decibels_zero"))
    return 20.0 * float(np.log10(value))


def from_decibels(db):
    """The ratio a value in dB stands for: ``10**(dB/20)``.

    >>> from_decibels(60)
    1000.0
    """
    return float(10 ** (float(db) / 20))


def percent(fraction, lang="en"):
    """A tolerance as text: ``1/1000`` -> ``'0.1 %'`` (``'0,1 %'`` in Spanish).

    >>> percent(0.001), percent(0.01), percent(0.001, "es")
    ('0.1 %', '1 %', '0,1 %')
    """
    from ..text.numerals import formatted

    return formatted(float(fraction) * 100, ".4g", lang) + " %"


class Percent:
    """A fraction shown as a percentage in the reader's language (a step parameter)."""

    def __init__(self, fraction):
        self.fraction = fraction

    def text(self, lang="en"):
        return percent(self.fraction, lang)

    def __str__(self):
        return self.text()


def referred_error(cmrr_db, common_mode):
    """The differential input a common-mode voltage looks like at ``cmrr_db``."""
    return float(common_mode) / from_decibels(cmrr_db)


def required_cmrr(common_mode, max_error):
    """``(ratio, dB)`` a CMRR must exceed so ``common_mode`` looks smaller than ``max_error``."""
    if float(max_error) <= 0 or float(common_mode) <= 0:
        raise DeriveError(Message("cmrr_requirement_positive"))
    ratio = float(common_mode) / float(max_error)
    return ratio, decibels(ratio)


def cmrr_table(dbs=(60, 80, 100, 120), common_mode=1):
    """Rows ``(dB, ratio, referred error for common_mode)``, as in the overview's FAQ."""
    return [(db, from_decibels(db), referred_error(db, common_mode)) for db in dbs]
