"""A recursive-descent parser for answers: text or LaTeX in, a small tree out.

Grammar (whitelisted; nothing else is accepted)::

    answer  := [NAME "="] sum END
    sum     := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary | implicit)*
    unary   := ("-" | "+") unary | power
    power   := primary ["^" unary]          (right-associative; constant exponent)
    primary := NUMBER [prefix/unit] | NAME | FUNC "(" sum ")" | "(" sum ")"
             | "{" sum "}" | \\frac{sum}{sum} | \\sqrt{sum}

Implicit multiplication (``2R5``, ``(V1-V2)(1+x)``) binds like ``*``; right
after a division (``R2/R1(V1-V2)``) it is ambiguous and refused, as is a
number after an operand (``R5 2``). ``pi``, ``\\pi`` and ``π`` are π.

A unit follows a number (``1.59 kHz``, ``10 krad/s``, ``1 ms``, ``100 nF``) and
is accepted only when that number is the whole answer. The unit ``s`` (second)
and the Laplace variable ``s`` share a letter; the rule: ``s`` right after a
number that is the whole answer (``10 s``) is seconds when the question asks
for a number and the product ``10·s`` when it asks for a formula (the parse
keeps both readings, :attr:`Parsed.alternative`); anywhere else (``1 + 2s``,
``1 + 2 s R C``) it is the Laplace variable. A word that is both a unit and
another name of the circuit (``5 A`` with a symbol ``A``) is refused as
ambiguous. The tree is made of tuples::

    ("num", Fraction, unit)  ("sym", name)  ("neg", a)  ("call", "sqrt"|"abs", a)
    ("add"|"sub"|"mul"|"div", a, b)  ("pow", a, Fraction exponent)

Exponents are folded while reading, under the limits (``9^9^9`` is refused).

>>> from derive.checker.vocabulary import Vocabulary
>>> p = parse("(1+2R5/R_G)R2/R1*(V1-V2)", Vocabulary(["R1", "R2", "R5", "RG", "V1", "V2"]))
>>> p.tree[0], p.lhs
('mul', None)
>>> v = Vocabulary(["R", "C", "s", "pi"])
>>> parse("10 s", v).tree, parse("10 s", v).alternative
(('num', Fraction(10, 1), 'second'), ('mul', ('num', Fraction(10, 1), None), ('sym', 's')))
>>> parse("1+2s R C", v).tree[2][1][1]
('mul', ('num', Fraction(2, 1), None), ('sym', 's'))
>>> parse("10 krad/s", v).tree, parse("1/(2 pi R C)", v).tree[2][1][1]
(('num', Fraction(10000, 1), 'radian_per_second'), ('mul', ('num', Fraction(2, 1), None), ('sym', 'π')))
"""
from dataclasses import dataclass
from fractions import Fraction

from .errors import AnswerError
from .gain import NAMES as GAIN_NAMES
from .lexer import CLOSE, CMD, EQUALS, IDENT, NUM, OP, OPEN, tokenize
from .limits import LIMITS
from .numbers import read_number, suffix
from .tree import PI, PI_NAMES
from .vocabulary import GREEK_WORDS, normal

_MATCH = {"(": ")", "[": "]", "{": "}"}
LAPLACE = "s"


@dataclass(frozen=True)
class Parsed:
    """A parsed answer: ``lhs`` (the name before ``=``, if any) and the tree."""

    lhs: str
    tree: tuple
    text: str
    alternative: tuple = None     # "10 s" read as the product 10·s (see the module doc)


def parse(text, vocabulary, limits=LIMITS):
    """Parse an answer; raises :class:`AnswerError` on anything not in the grammar."""
    if not isinstance(text, str):
        raise AnswerError("not_text")
    tokens = tokenize(text, limits)
    if not tokens:
        raise AnswerError("empty")
    return _Parser(tokens, vocabulary, limits, text).answer()


def _show(tok):
    return tok.text if tok.kind != CMD else "\\" + tok.text


class _Parser:
    def __init__(self, tokens, vocabulary, limits, text):
        self.tokens = tokens
        self.i = 0
        self.vocab = vocabulary
        self.limits = limits
        self.text = text
        self.depth = 0
        self.start = 0
        self.seconds_or_s = False

    # --- token helpers ------------------------------------------------
    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def unexpected(self, tok):
        if tok is None:
            raise AnswerError("unexpected_end")
        raise AnswerError("unexpected", token=_show(tok), pos=tok.pos + 1)

    def enter(self):
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise AnswerError("too_deep", limit=self.limits.max_depth)

    # --- grammar -------------------------------------------------------
    def answer(self):
        lhs = None
        equals = [k for k, t in enumerate(self.tokens) if t.kind == EQUALS]
        if len(equals) > 1:
            raise AnswerError("several_equals")
        if equals:
            if equals[0] != 1 or self.tokens[0].kind != IDENT:
                raise AnswerError("bad_lhs")
            word = self.tokens[0].text
            names = self.vocab.resolve(word)
            if isinstance(names, tuple) and len(names) == 1:
                lhs = names[0]
            elif names is None and word in GAIN_NAMES:     # "G = 1 + 2R/RG": the gain asked for
                lhs = word
            else:
                raise AnswerError("unknown_name", name=word, known=", ".join(n for n in self.vocab.names if n not in PI_NAMES))
            self.i = 2
        self.start = self.i
        tree = self.sum()
        if self.peek() is not None:
            self.unexpected(self.peek())
        alternative = None
        if self.seconds_or_s:       # "10 s": 10 seconds, or the product 10·s
            number = tree[1] if tree[0] == "neg" else tree
            alternative = ("mul", ("num", number[1], None), ("sym", LAPLACE))
            alternative = ("neg", alternative) if tree[0] == "neg" else alternative
        if not (tree[0] == "num" or (tree[0] == "neg" and tree[1][0] == "num")) and _has_unit(tree):
            raise AnswerError("unit_in_formula")
        check_degree(tree, self.limits)
        check_terms(tree, self.limits)
        return Parsed(lhs, tree, self.text, alternative)

    def sum(self):
        self.enter()
        tree = self.term()
        while (tok := self.peek()) is not None and tok.kind == OP and tok.text in "+-":
            self.take()
            tree = ("add" if tok.text == "+" else "sub", tree, self.term())
        self.depth -= 1
        return tree

    def term(self):
        tree = self.unary()
        after_division = False
        while (tok := self.peek()) is not None:
            if tok.kind == OP and tok.text in "*/":
                self.take()
                tree = ("mul" if tok.text == "*" else "div", tree, self.unary())
                after_division = tok.text == "/"
            elif tok.kind in (IDENT, OPEN, CMD):
                if after_division:
                    raise AnswerError("ambiguous_division", pos=tok.pos + 1, token=_show(tok))
                tree = ("mul", tree, self.power())
            elif tok.kind == NUM:
                raise AnswerError("number_after_operand", token=tok.text, pos=tok.pos + 1)
            else:
                break
        return tree

    def unary(self):
        tok = self.peek()
        if tok is not None and tok.kind == OP and tok.text in "+-":
            self.enter()
            self.take()
            operand = self.unary()
            self.depth -= 1
            return ("neg", operand) if tok.text == "-" else operand
        return self.power()

    def power(self):
        base = self.primary()
        tok = self.peek()
        if tok is None or tok.kind != OP or tok.text != "^":
            return base
        self.take()
        self.enter()
        exponent_tok = self.peek()
        exponent = self.unary()
        self.depth -= 1
        return make_power(base, constant(exponent, self.limits, exponent_tok), self.limits)

    def primary(self):
        tok = self.take()
        if tok is None:
            self.unexpected(None)
        if tok.kind == NUM:
            return self.number(tok)
        if tok.kind == IDENT:
            return self.name(tok)
        if tok.kind == OPEN:
            return self.group(tok)
        if tok.kind == CMD:
            if tok.text == "frac":
                top = self.braced()
                return ("div", top, self.braced())
            return ("call", "sqrt", self.braced())
        self.unexpected(tok)

    def group(self, open_tok):
        inside = self.sum()
        close = self.take()
        if close is None or close.kind != CLOSE or close.text != _MATCH[open_tok.text]:
            if close is None:
                raise AnswerError("unclosed", token=open_tok.text, pos=open_tok.pos + 1)
            self.unexpected(close)
        return inside

    def braced(self):
        tok = self.take()
        if tok is None or tok.kind != OPEN or tok.text != "{":
            raise AnswerError("latex_group", pos=(tok.pos + 1) if tok else len(self.text))
        return self.group(tok)

    def number(self, tok):
        value = read_number(tok.text, self.limits)
        nxt = self.peek()
        if nxt is None or nxt.kind != IDENT:
            return ("num", value, None)
        per = self.tokens[self.i + 1: self.i + 3]       # rad/s: "krad" "/" "s"
        if len(per) == 2 and per[0].text == "/" and per[1].text == LAPLACE and nxt.text.endswith("rad"):
            found = suffix(nxt.text + "/" + LAPLACE)
            if found is not None:
                self.i += 3
                return ("num", value * found[0], found[1])
        found = suffix(nxt.text)
        if found is None:
            return ("num", value, None)
        exact = self.vocab.one(nxt.text)
        if exact is not None and normal(exact) == normal(nxt.text):    # a name too
            whole = self.i == len(self.tokens) - 1 and self.i - 1 == self.start + self._signs()
            if nxt.text != LAPLACE:
                raise AnswerError("ambiguous_unit", word=nxt.text, pos=nxt.pos + 1)
            if not whole:
                return ("num", value, None)      # 2s in a formula: the Laplace variable
            self.seconds_or_s = True
        self.take()
        return ("num", value * found[0], found[1])

    def _signs(self):
        """How many sign tokens open the answer (``-10 s``)."""
        k = self.start
        while k < len(self.tokens) and self.tokens[k].kind == OP and self.tokens[k].text in "+-":
            k += 1
        return k - self.start

    def name(self, tok):
        word = tok.text
        if word in self.vocab.functions and self.vocab.one(word) is None:
            nxt = self.peek()
            if nxt is None or nxt.kind != OPEN:
                raise AnswerError("function_needs_parentheses", name=word, pos=tok.pos + 1)
            return ("call", word, self.group(self.take()))
        word = GREEK_WORDS.get(word, word)
        names = self.vocab.resolve(word)
        if isinstance(names, tuple) and any(n in PI_NAMES for n in names):
            names = tuple(PI if n in PI_NAMES else n for n in names)
        if names == "ambiguous":
            raise AnswerError("ambiguous_name", name=word, pos=tok.pos + 1)
        if names is None:
            if word == "tau":
                raise AnswerError("tau_undefined", name=word, pos=tok.pos + 1)
            if suffix(word, refuse_bare_mega=False) is not None:
                raise AnswerError("unit_without_number", word=word, pos=tok.pos + 1)
            raise AnswerError("unknown_name", name=word[:40], known=", ".join(n for n in self.vocab.names if n not in PI_NAMES))
        tree = ("sym", names[0])
        for n in names[1:]:
            tree = ("mul", tree, ("sym", n))
        return tree


def _has_unit(tree):
    if tree[0] == "num":
        return tree[2] is not None
    return any(_has_unit(t) for t in tree[1:] if isinstance(t, tuple))


def constant(tree, limits, tok=None):
    """The exact value of a tree without names (an exponent), within the limits."""
    kind = tree[0]
    if kind == "num":
        if tree[2] is not None:
            raise AnswerError("unit_in_formula")
        return tree[1]
    if kind == "neg":
        return -constant(tree[1], limits)
    if kind == "pow":
        return power_value(constant(tree[1], limits), tree[2], limits)
    if kind in ("add", "sub", "mul", "div"):
        a, b = constant(tree[1], limits), constant(tree[2], limits)
        if kind == "add":
            value = a + b
        elif kind == "sub":
            value = a - b
        elif kind == "mul":
            value = a * b
        elif b == 0:
            raise AnswerError("division_by_zero")
        else:
            value = a / b
        _check_size(value, limits)
        return value
    raise AnswerError("symbolic_exponent", pos=(tok.pos + 1) if tok else 0)


def _check_size(value, limits):
    if value.numerator.bit_length() + value.denominator.bit_length() > limits.max_bits:
        raise AnswerError("number_too_large", number="…", limit=limits.max_decimal_exponent)


def power_value(base, exponent, limits):
    """``base ** exponent`` for exact numbers, refusing bombs before computing."""
    _check_exponent(exponent, limits)
    if exponent.denominator != 1:
        raise AnswerError("fractional_exponent_of_number")
    bits = base.numerator.bit_length() + base.denominator.bit_length()
    if bits * abs(exponent) > limits.max_bits:
        raise AnswerError("number_too_large", number="…", limit=limits.max_decimal_exponent)
    if base == 0 and exponent < 0:
        raise AnswerError("division_by_zero")
    return base ** int(exponent)


def _check_exponent(exponent, limits):
    if abs(exponent) > limits.max_exponent:
        raise AnswerError("exponent_too_large", limit=limits.max_exponent)
    if (2 * exponent).denominator != 1:
        raise AnswerError("bad_exponent", exponent=str(exponent))


def make_power(base, exponent, limits):
    """A power node, folded when the base is a number."""
    _check_exponent(exponent, limits)
    if base[0] == "num" and base[2] is None and exponent.denominator == 1:
        return ("num", power_value(base[1], exponent, limits), None)
    return ("pow", base, exponent)


def degree(tree):
    """An upper bound of the total degree of the tree as a rational function."""
    kind = tree[0]
    if kind == "num":
        return 0
    if kind == "sym":
        return 1
    if kind in ("neg", "call"):
        return degree(tree[-1])
    if kind == "pow":
        return degree(tree[1]) * abs(tree[2])
    if kind in ("add", "sub"):
        return max(degree(tree[1]), degree(tree[2]))
    return degree(tree[1]) + degree(tree[2])


def check_degree(tree, limits):
    """Refuse a formula whose degree would make the algebra slow."""
    d = degree(tree)
    if d > limits.max_degree:
        raise AnswerError("degree_too_high", degree=int(d), limit=limits.max_degree)


_CAP = 10**12


def terms(tree):
    """An upper bound of the terms of the expanded ``(numerator, denominator)``."""
    from math import comb

    kind = tree[0]
    if kind in ("num", "sym"):
        return 1, 1
    if kind in ("neg", "call"):
        return terms(tree[-1])
    if kind == "pow":
        n, d = terms(tree[1])
        e = abs(int(tree[2])) or 1
        grow = lambda t: comb(e + t - 1, t - 1) if t < 1000 and e < 1000 else _CAP
        n, d = min(grow(n), _CAP), min(grow(d), _CAP)
        return (d, n) if tree[2] < 0 else (n, d)
    (n1, d1), (n2, d2) = terms(tree[1]), terms(tree[2])
    if kind in ("add", "sub"):
        return min(n1 * d2 + n2 * d1, _CAP), min(d1 * d2, _CAP)
    if kind == "mul":
        return min(n1 * n2, _CAP), min(d1 * d2, _CAP)
    return min(n1 * d2, _CAP), min(d1 * n2, _CAP)


def check_terms(tree, limits):
    """Refuse a formula whose expansion would be too large to compare exactly."""
    n, d = terms(tree)
    if max(n, d) > limits.max_terms:
        raise AnswerError("too_complex", limit=limits.max_terms)
