"""Numbers in the reader's language: the one place that knows the decimal mark.

English writes ``1,250.5``, Spanish ``1 250,5`` (decimal comma; thousands
grouped by a space, never by a comma or a point). Every number printed in
prose, tables and figures goes through :func:`localized` (a number already
written the neutral way, as Python's ``format`` writes it) or :func:`formatted`
(a value and a format spec). The conventions live in ``numerals.json``, one
entry per language (beside the catalogs: this module is read by them, so it
reads its data itself).
SPICE decks and anything meant to be read back (``--values`` texts) keep the
neutral form; LaTeX leaves the mark to siunitx (``output-decimal-marker``).

>>> formatted(1250.5, ",.1f", "es"), formatted(1250.5, ",.1f", "en")
('1 250,5', '1,250.5')
>>> localized("-3.037 %", "es"), localized("1.9e-16", "es")
('-3,037 %', '1,9e-16')
"""
import json
import re
from functools import lru_cache
from importlib import resources

# a number written the neutral way: optional ',' groups of three, optional '.' decimals
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w,]*\d)")


@lru_cache(maxsize=None)
def marks(lang="en"):
    """``{"decimal_mark": ..., "group_separator": ...}`` of ``lang``; read-only.

    >>> marks("es")["decimal_mark"]
    ','
    """
    text = resources.files(__package__).joinpath("numerals.json").read_text("utf-8")
    return json.loads(text)[lang]


def localized(text, lang="en"):
    """``text`` with every neutral number (``1,250.5``) written as ``lang`` writes it.

    Only digits with a ``.`` between them or ``,`` groups of three change:
    words, units and the exponent's sign are left alone.

    >>> localized("G = 969.627, error -3.037 %", "es")
    'G = 969,627, error -3,037 %'
    >>> localized("1,250.0 ppm", "es"), localized("49.45 Ω", "en")
    ('1 250,0 ppm', '49.45 Ω')
    """
    if lang == "en":
        return text
    m = marks(lang)

    def one(match):
        whole, decimals = match.group(1), match.group(2) or ""
        whole = whole.replace(",", m["group_separator"])
        return whole + (m["decimal_mark"] + decimals[1:] if decimals else "")

    return _NUMBER.sub(one, text)


def formatted(value, spec="g", lang="en"):
    """``format(float(value), spec)`` in ``lang``'s notation (a ``,`` in ``spec`` groups thousands).

    >>> formatted(25250.4, ",.0f", "es"), formatted(0.5296, ".6g", "es"), formatted(88.0452, ".2f")
    ('25 250', '0,5296', '88.05')
    """
    return localized(format(float(value), spec), lang)


class Numeral:
    """A number written the neutral way that words itself in each language: a
    message parameter whose language is known only when the message is shown.

    >>> n = Numeral("0.5")
    >>> n.text("es"), str(n)
    ('0,5', '0.5')
    """

    def __init__(self, neutral):
        self.neutral = str(neutral)

    def text(self, lang="en"):
        """The number in ``lang``."""
        return localized(self.neutral, lang)

    def __str__(self):
        return self.neutral

    def __repr__(self):
        return f"Numeral({self.neutral!r})"
