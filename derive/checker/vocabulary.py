"""The names an answer may use, with their aliases.

A name in an answer is matched to a circuit symbol or a quantity of the
derivation ignoring underscores and braces (``R_G``, ``R_{G}`` and ``RG`` are
one name; ``V_{out}`` is ``Vout``); failing that, ignoring case when that
picks one name only (``rg`` is ``RG``). A run of letters that is no name but
splits into names in exactly one way is their product (``R2R5`` is
``R2*R5``); a run that splits in several ways is refused as ambiguous.

>>> v = Vocabulary(["R1", "R5", "RG", "V1", "V_g1"])
>>> v.resolve("R_{G}"), v.resolve("rg"), v.resolve("R5RG"), v.resolve("Vg1")
(('RG',), ('RG',), ('R5', 'RG'), ('V_g1',))
>>> v.resolve("eval") is None
True
"""
from functools import lru_cache

FUNCTIONS = ("sqrt", "abs")
# Greek letters and short spellings of the quantities of the textbook forms of H(s)
# (ω₀ written w0, ω_0 or \\omega_0 is omega_0); normal() takes care of omega0, f0, fc.
GREEK_WORDS = {"τ": "tau", "ω_0": "omega_0", "ω0": "omega_0", "w_0": "omega_0", "w0": "omega_0",
               "ω_p": "omega_p", "ωp": "omega_p", "w_p": "omega_p", "wp": "omega_p",
               "ω_z": "omega_z", "ωz": "omega_z", "w_z": "omega_z", "wz": "omega_z"}
MAX_SPLIT = 6      # at most this many names glued together


def normal(name):
    """A name with underscores and braces removed: ``R_{G}`` -> ``RG``."""
    return name.replace("_", "").replace("{", "").replace("}", "")


class Vocabulary:
    """Names an answer may use (circuit symbols, quantities) and functions."""

    def __init__(self, names, functions=FUNCTIONS):
        self.names = tuple(names)
        self.functions = tuple(functions)
        self._exact = {}
        self._folded = {}
        for n in self.names:
            self._exact.setdefault(normal(n), n)
            self._folded.setdefault(normal(n).lower(), set()).add(n)
        self._longest = max((len(k) for k in self._exact), default=0)
        self.resolve = lru_cache(maxsize=512)(self._resolve)

    def one(self, word):
        """The single name ``word`` spells, or ``None``."""
        key = normal(word)
        if key in self._exact:
            return self._exact[key]
        folded = self._folded.get(key.lower(), ())
        return next(iter(folded)) if len(folded) == 1 else None

    def _resolve(self, word):
        """A tuple of names whose product ``word`` spells, ``None`` if none,
        or the string ``"ambiguous"`` when it splits in several ways."""
        single = self.one(word)
        if single is not None:
            return (single,)
        key = normal(word)
        if len(key) > MAX_SPLIT * self._longest:
            return None          # too long to be a product of names
        splits = self._splits(key, MAX_SPLIT)
        if len(splits) == 1:
            return splits[0]
        return "ambiguous" if splits else None

    def _splits(self, rest, budget):
        if not rest:
            return [()]
        if budget == 0:
            return []
        found = []
        for end in range(1, min(len(rest), self._longest) + 1):
            head = self._exact.get(rest[:end])
            if head is not None:
                found += [(head,) + tail for tail in self._splits(rest[end:], budget - 1)]
                if len(found) > 1:
                    return found
        return found
