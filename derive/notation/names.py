"""Symbol names as LaTeX: ``RG`` -> ``R_{G}``, ``Vout1`` -> ``V_{out1}``.

The rule is the textbook one: the first letter is the symbol, the rest is its
subscript; an explicit underscore splits there instead (``A_U1`` -> ``A_{U1}``).
Further underscores become commas in the subscript (``I_R_G`` -> ``I_{R,G}``).
"""
import re

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def latex_symbol_name(name):
    """The LaTeX for a symbol or element name, first letter and subscript.

    >>> [latex_symbol_name(n) for n in ("RG", "R5", "Rg", "Vout1", "V11", "Vinp")]
    ['R_{G}', 'R_{5}', 'R_{g}', 'V_{out1}', 'V_{11}', 'V_{inp}']
    >>> [latex_symbol_name(n) for n in ("A_U1", "R1a", "Rin", "Rf", "I_RG", "R")]
    ['A_{U1}', 'R_{1a}', 'R_{in}', 'R_{f}', 'I_{RG}', 'R']

    Raises ValueError for a name that is not an identifier (letters, digits
    and ``_``, starting with a letter), so nothing unsafe reaches LaTeX.
    """
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise ValueError(
            f"{name!r} is not a symbol name: use letters, digits and _, starting with a letter"
        )
    head, sep, tail = name.partition("_")
    if sep:
        sub = tail.replace("_", ",")
        return f"{head}_{{{sub}}}" if sub else head
    if len(name) == 1:
        return name
    return f"{name[0]}_{{{name[1:]}}}"
