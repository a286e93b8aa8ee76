"""Tokens of an answer, written as plain text or as LaTeX.

One tokenizer reads both: LaTeX commands are mapped to the same tokens as
their plain-text spelling (``\\cdot`` is ``*``, ``\\left(`` is ``(``, ``\\frac``
and ``\\sqrt`` are commands the parser knows), subscripts are folded into
names (``R_{G}`` and ``R_G`` are the name ``R_G``), siunitx and ``\\mathrm``
wrappers are unwrapped. Anything else is refused with the position.

Before that, the text is normalised as people paste it: Unicode compatibility
forms become the plain character (NFKC: the Ohm sign U+2126 is the letter Ω,
full-width digits are digits; superscripts ² ³ stay powers), a formula wrapped
in ``$...$``, ``$$...$$``, ``\\(...\\)`` or ``\\[...\\]`` is unwrapped, and a
number in scientific notation (``8.49×10^3``, ``8.49 \\times 10^{3}``) is one
number, so that a unit may follow it (``8.49×10^3 Ω``).

>>> [t.text for t in tokenize(r"\\frac{2R_{5}}{R_G}\\cdot(V_1 − V_2)")]
['frac', '{', '2', 'R_5', '}', '{', 'R_G', '}', '*', '(', 'V_1', '-', 'V_2', ')']
>>> [t.text for t in tokenize("$8.49\u00d710^3 \u2126$")]
['8.49e3', 'Ω']
>>> [t.text for t in tokenize(r"1+j\\omega R_fC_f + s\\tau")]
['1', '+', 'j', 'ω', 'R_fC_f', '+', 's', 'τ']
>>> [t.text for t in tokenize(r"\\frac{1}{2\\pi RC} + \\SI{10}{\\kilo\\radian\\per\\second}")]
['frac', '{', '1', '}', '{', '2', 'π', 'RC', '}', '+', '10', 'krad', '/', 's']
"""
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..notation.units import si_table
from .errors import AnswerError
from .limits import LIMITS

NUM, IDENT, OP, OPEN, CLOSE, CMD, EQUALS = "num", "ident", "op", "open", "close", "cmd", "="

# Plain-text spellings of the same operator.
_CHAR_OPS = {"+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "·": "*", "⋅": "*", "×": "*",
             "∙": "*", "/": "/", "÷": "/", "^": "^"}
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}
_SUPERSCRIPTS = {"²": "2", "³": "3"}
_LATEX_OPS = {"cdot": "*", "times": "*", "ast": "*", "div": "/"}
_LATEX_SPACES = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "limits"}
_LATEX_COMMANDS = {"frac": "frac", "dfrac": "frac", "tfrac": "frac", "sqrt": "sqrt"}
_LATEX_LETTERS = {"Omega": "Ω", "mu": "µ", "omega": "ω", "tau": "τ", "pi": "π",
                  "radian": "rad", "per": "/", "second": "s"}   # the last three: siunitx units
_WRAPPERS = re.compile(r"\\(?:mathrm|mathit|mathbf|mathsf|text|textrm|textit|operatorname|rm)\s*\{([^{}]*)\}")
_SI = re.compile(r"\\(?:SI|qty)\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SI_UNIT = re.compile(r"\\(?:si|unit)\s*\{([^{}]*)\}")
_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DECIMAL_COMMA = re.compile(r",([0-9]+)")
_NAME_START = re.compile(r"[A-Za-zΩµμωτπ]")
_NAME_PART = re.compile(r"[A-Za-z0-9Ωµμ]*")
_GREEK = "ωτπ"     # one letter each, never glued to a name: jω is j·ω, sτ is s·τ, 2πf is 2·π·f
_SUB_BRACED = re.compile(r"_\{([A-Za-z0-9Ωµμωτ]+)\}")
_SUB_PLAIN = re.compile(r"_([A-Za-z0-9Ωµμωτ]+)")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text (normalised) and where it starts."""

    kind: str
    text: str
    pos: int


@lru_cache(maxsize=1)
def _si_macros():
    """``{macro name: symbol}`` for siunitx prefixes and units (\\kilo -> k, \\ohm -> Ω)."""
    data = si_table()
    table = {p["macro"].lstrip("\\"): p["symbol"] for p in data["prefixes"] if p["macro"]}
    table.update({u["macro"].lstrip("\\"): u["symbol"] for u in data["units"].values()})
    return table


def _unwrap(text):
    """Remove ``\\mathrm{..}``-like wrappers and siunitx macros (the text is short)."""
    macros = _si_macros()
    text = re.sub(r"\\([A-Za-z]+)", lambda m: macros.get(m[1], _LATEX_LETTERS.get(m[1], m[0])), text)
    for _ in range(LIMITS.max_depth):
        new = _SI.sub(r"\1 \2", _WRAPPERS.sub(r"\1", text))
        new = _SI_UNIT.sub(r"\1", new)
        if new == text:
            break
        text = new
    return text


def _snippet(text, pos):
    return text[max(0, pos - 8): pos + 8].replace("\n", " ")


_MATH_DELIMITERS = (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]"))


def normalise(text):
    """The text as the tokenizer reads it: NFKC (but superscripts), no math delimiters.

    >>> normalise("$8.49 k\u2126$") == "8.49 k\u03a9"
    True
    """
    text = "".join(c if c in _SUPERSCRIPTS else unicodedata.normalize("NFKC", c) for c in text).strip()
    for left, right in _MATH_DELIMITERS:
        if len(text) > len(left) + len(right) and text.startswith(left) and text.endswith(right):
            return text[len(left): -len(right)].strip()
    return text


def tokenize(text, limits=LIMITS):
    """The tokens of ``text``; raises :class:`AnswerError` on anything unknown."""
    if len(text) > limits.max_length:
        raise AnswerError("too_long", length=len(text), limit=limits.max_length)
    text = normalise(text)
    if len(text) > limits.max_length:      # a compatibility form can stand for several characters
        raise AnswerError("too_long", length=len(text), limit=limits.max_length)
    if "\\" in text:
        text = _unwrap(text)
    tokens, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if len(tokens) >= limits.max_tokens:
            raise AnswerError("too_many_tokens", limit=limits.max_tokens)
        if "0" <= c <= "9" or (c == "." and i + 1 < n and "0" <= text[i + 1] <= "9"):
            m = _NUMBER.match(text, i)
            number, start, i = m[0], i, m.end()
            comma = _DECIMAL_COMMA.match(text, i)
            if comma and "." not in number and "e" not in number.lower():
                if len(comma[1]) == 3:      # 1,000: a thousands separator or a decimal comma?
                    raise AnswerError("ambiguous_comma", number=number + comma[0], pos=start + 1)
                number, i = f"{number}.{comma[1]}", comma.end()
            tokens.append(Token(NUM, number, start))
        elif _NAME_START.match(c):
            start = i
            i = i + 1 if c in _GREEK else _NAME_PART.match(text, i).end()
            name = text[start:i]
            while i < n and text[i] == "_":
                m = _SUB_BRACED.match(text, i) or _SUB_PLAIN.match(text, i)
                if not m:
                    raise AnswerError("bad_subscript", near=_snippet(text, i), pos=i + 1)
                name += "_" + m[1]
                i = m.end()
            tokens.append(Token(IDENT, name, start))
        elif c in _CHAR_OPS:
            if c == "*" and text.startswith("**", i):
                tokens.append(Token(OP, "^", i))
                i += 2
                continue
            tokens.append(Token(OP, _CHAR_OPS[c], i))
            i += 1
        elif c in _SUPERSCRIPTS:
            tokens += [Token(OP, "^", i), Token(NUM, _SUPERSCRIPTS[c], i)]
            i += 1
        elif c in _OPEN:
            tokens.append(Token(OPEN, c, i))
            i += 1
        elif c in _CLOSE:
            tokens.append(Token(CLOSE, c, i))
            i += 1
        elif c == "=":
            tokens.append(Token(EQUALS, c, i))
            i += 1
        elif c == "\\":
            m = _COMMAND.match(text, i)
            if not m:
                raise AnswerError("bad_character", char="\\", near=_snippet(text, i), pos=i + 1)
            name, i = m[1], m.end()
            if name in _LATEX_SPACES:
                continue
            if name in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big"):
                continue      # the delimiter that follows is an ordinary token
            if name in ("{", "}"):
                tokens.append(Token(OPEN if name == "{" else CLOSE, name, i - 2))
            elif name in _LATEX_OPS:
                tokens.append(Token(OP, _LATEX_OPS[name], i - len(name) - 1))
            elif name in _LATEX_COMMANDS:
                tokens.append(Token(CMD, _LATEX_COMMANDS[name], i - len(name) - 1))
            elif name in _LATEX_LETTERS:
                tokens.append(Token(IDENT, _LATEX_LETTERS[name], i - len(name) - 1))
            else:
                raise AnswerError("unknown_command", command="\\" + name, pos=i - len(name))
        else:
            raise AnswerError("bad_character", char=c, near=_snippet(text, i), pos=i + 1)
    return _scientific(tokens)


def _scientific(tokens):
    """Fold ``NUM * 10 ^ [sign] INT`` (braces allowed around the exponent) into one number."""
    out, i = [], 0
    while i < len(tokens):
        t = tokens[i]
        folded = None
        if t.kind == NUM and "e" not in t.text.lower():
            kinds = [(u.kind, u.text) for u in tokens[i + 1: i + 8]]
            if kinds[:3] == [(OP, "*"), (NUM, "10"), (OP, "^")]:
                rest, braced = kinds[3:], False
                if rest and rest[0] == (OPEN, "{"):
                    rest, braced = rest[1:], True
                sign = ""
                if rest and rest[0] in ((OP, "-"), (OP, "+")):
                    sign, rest = rest[0][1], rest[1:]
                if rest and rest[0][0] == NUM and rest[0][1].isdigit():
                    used = 3 + braced + bool(sign) + 1
                    if not braced or rest[1:2] == [(CLOSE, "}")]:
                        used += braced
                        folded = (Token(NUM, f"{t.text}e{sign}{rest[0][1]}", t.pos), used)
        if folded:
            out.append(folded[0])
            i += 1 + folded[1]
        else:
            out.append(t)
            i += 1
    return out
