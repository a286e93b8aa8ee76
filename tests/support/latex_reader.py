"""Read back the math LaTeX derive writes, independently of the printer.

A small recursive-descent parser for the subset the textbook printer emits:
sums, juxtaposed products, ``\\frac``, parentheses (plain or ``\\left(``),
powers, integers and symbols such as ``V_{out1}``. Symbols are looked up in a
``{latex name: SymPy symbol}`` table, so nothing is ever evaluated.
"""
import re

from sympy import Eq, Integer, Mul, Pow, Rational

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<sym>[A-Za-z](?:_\{[A-Za-z0-9,]*\})?)"
    r"|(?P<cmd>\\left\(|\\right\)|\\frac|\\num|\\cdot)|(?P<op>[-+=(){}^]))"
)
_IGNORED = (r"\boxed", r"\begin{aligned}", r"\end{aligned}", r"\nonumber", r"\quad", r"\\", "&")


class ReadError(ValueError):
    pass


def tokens(tex):
    out, i = [], 0
    tex = tex.strip()
    while i < len(tex):
        m = _TOKEN.match(tex, i)
        if not m or m.end() == i:
            raise ReadError(f"cannot read {tex[i:i + 20]!r}")
        out.append(next((k, v) for k, v in m.groupdict().items() if v is not None))
        i = m.end()
        while i < len(tex) and tex[i].isspace():
            i += 1
    return out


class _Reader:
    def __init__(self, tex, symbols):
        self.toks = tokens(tex)
        self.i = 0
        self.symbols = symbols

    def peek(self):
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self, expected=None):
        kind, value = self.toks[self.i]
        if expected is not None and value != expected:
            raise ReadError(f"expected {expected!r}, found {value!r}")
        self.i += 1
        return kind, value

    def expr(self):
        sign = 1
        if self.peek() in ("-", "+"):
            sign = -1 if self.take()[1] == "-" else 1
        total = sign * self.term()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            t = self.term()
            total = total + t if op == "+" else total - t
        return total

    def term(self):
        factors = [self.factor()]
        while self.peek() not in (None, "+", "-", "=", ")", "}", r"\right)"):
            factors.append(self.factor())
        return Mul(*factors)

    def factor(self):
        base = self.atom()
        if self.peek() == "^":
            self.take()
            base = Pow(base, self.atom())
        return base

    def group(self):
        self.take("{")
        value = self.expr()
        self.take("}")
        return value

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return Rational(value) if "." in value else Integer(value)
        if kind == "sym":
            if value not in self.symbols:
                raise ReadError(f"unknown symbol {value!r}")
            return self.symbols[value]
        if value == r"\frac":
            top = self.group()
            return top / self.group()
        if value == r"\num":
            return self.group()
        if value == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if value == r"\left(":
            inner = self.expr()
            self.take(r"\right)")
            return inner
        if value == "{":
            inner = self.expr()
            self.take("}")
            return inner
        raise ReadError(f"unexpected {value!r}")


def read_equation(tex, symbols):
    """Read ``lhs = rhs`` (align markup such as ``&``, ``\\\\``, ``\\quad`` ignored)."""
    for mark in _IGNORED:
        tex = tex.replace(mark, " ")
    reader = _Reader(tex, symbols)
    lhs = reader.expr()
    reader.take("=")
    rhs = reader.expr()
    if reader.peek() is not None:
        raise ReadError(f"unexpected {reader.peek()!r} after the equation")
    return Eq(lhs, rhs, evaluate=False)
