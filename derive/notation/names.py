"""Symbol names as LaTeX (``RG`` -> ``R_{G}``, ``Vout1`` -> ``V_{out1}``) and as terminal text (``R1`` -> ``R₁``).

The rule is the textbook one: the first letter is the symbol, the rest is its
subscript; an explicit underscore splits there instead (``A_U1`` -> ``A_{U1}``).
Further underscores become commas in the subscript (``I_R_G`` -> ``I_{R,G}``).
"""
import re

from ..errors import NotationError
from ..text.messages import Message

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# a name (or the part before an underscore) that spells a Greek letter is that letter:
# omega_0 -> \omega_{0}, tau -> \tau (the s-domain's quantities)
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa", "lambda", "mu", "nu",
          "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
          "Sigma", "Phi", "Psi", "Omega"}


def latex_symbol_name(name):
    """The LaTeX for a symbol or element name, first letter and subscript.

    >>> [latex_symbol_name(n) for n in ("RG", "R5", "Rg", "Vout1", "V11", "Vinp")]
    ['R_{G}', 'R_{5}', 'R_{g}', 'V_{out1}', 'V_{11}', 'V_{inp}']
    >>> [latex_symbol_name(n) for n in ("A_U1", "R1a", "Rin", "Rf", "I_RG", "R")]
    ['A_{U1}', 'R_{1a}', 'R_{in}', 'R_{f}', 'I_{RG}', 'R']
    >>> print(*(latex_symbol_name(n) for n in ("omega_0", "tau", "omega_t")))
    \\omega_{0} \\tau \\omega_{t}

    Raises NotationError (a ValueError) for a name that is not an identifier
    (letters, digits and ``_``, starting with a letter), so nothing unsafe
    reaches LaTeX.
    """
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise NotationError(Message("symbol_name_invalid", name=repr(name)))
    head, sep, tail = name.partition("_")
    if head in _GREEK:
        head = "\\" + head
        if not sep:
            return head
    if sep:
        sub = tail.replace("_", ",")
        return f"{head}_{{{sub}}}" if sub else head
    if len(name) == 1:
        return name
    return f"{name[0]}_{{{name[1:]}}}"


_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_TRAILING_DIGITS = re.compile(r"^(?P<head>[A-Za-z]+?)(?P<digits>[0-9]+)$")


def _greek(word):
    from sympy.printing.pretty.pretty_symbology import greek_unicode

    return greek_unicode.get(word, word) if len(word) > 1 else word


def unicode_symbol_name(name):
    """A symbol name as the terminal writes it: one rule for every name.

    A subscript made only of digits is written with subscript digits: the
    digits that end a name (``R1`` -> ``R₁``, ``V11`` -> ``V₁₁``, ``Vout1`` ->
    ``Vout₁``) or follow its underscore (``omega_0`` -> ``ω₀``). Every other
    name is written as typed (``RG``, ``Vout``, ``V_m``, ``V_b``, ``V_g2``,
    ``I_R1``): letters are never subscripted, since Unicode has subscripts for
    only some of them (``Vₘ`` beside ``V_b`` would mix two rules). A Greek
    letter's name is the letter (``omega0`` -> ``ω₀``, ``tau`` -> ``τ``).

    >>> [unicode_symbol_name(n) for n in ("R1", "V11", "Vout1", "RG", "V_m", "V_g2", "I_R1")]
    ['R₁', 'V₁₁', 'Vout₁', 'RG', 'V_m', 'V_g2', 'I_R1']
    >>> [unicode_symbol_name(n) for n in ("omega0", "omega_0", "tau", "H_inf", "R1a", "omega_c")]
    ['ω₀', 'ω₀', 'τ', 'H_inf', 'R1a', 'ω_c']
    """
    head, sep, tail = name.partition("_")
    if sep and tail.isdigit() and tail.isascii():
        return _greek(head) + tail.translate(_SUBSCRIPT_DIGITS)
    if sep:
        return _greek(head) + sep + tail
    m = _TRAILING_DIGITS.match(name)
    if m:
        return _greek(m["head"]) + m["digits"].translate(_SUBSCRIPT_DIGITS)
    return _greek(name)
