"""Very large expressions in terminal text: every long sum named once, written out in one line.

A ladder's node voltages are ratios of polynomials with thousands of terms,
and many steps share the same denominator. Drawn in two dimensions the
8-bit ladder's text took SymPy's pretty printer minutes and spread one
fraction over hundreds of broken rows. Here a sum larger than ``LIMIT`` tree
nodes gets a name (Δ₁, Δ₂, ...): the equation is drawn with the names, and
below it each new name is written out in full, in one line wrapped at its
``+`` and ``-`` signs; a name met again refers to the step that wrote it.
Nothing is hidden: every term of every result is printed once.

>>> from sympy import Eq, Symbol, symbols
>>> R = symbols("R1:80", positive=True)
>>> v = Symbol("V", real=True)
>>> big = sum(a * b for a, b in zip(R, R[1:]))
>>> names = Abbreviations()
>>> skeleton, new, old = names.shorten(Eq(v, 1 / big), where=3)
>>> skeleton, [str(s) for s, _ in new], old
(Eq(V, 1/Δ_1), ['Δ_1'], [])
>>> names.shorten(Eq(v, 2 / big), where=4)[1:]
([], [(Δ_1, 3)])
"""
import textwrap

from sympy import Add, Symbol
from sympy.core.relational import Equality
from sympy.printing.str import StrPrinter

from ..notation.names import unicode_symbol_name

LIMIT = 200


def size_over(expr, limit=LIMIT):
    """True if ``expr``'s tree has more than ``limit`` nodes (stops counting there).

    >>> from sympy import symbols
    >>> a, b = symbols("a b")
    >>> size_over(a + b, 2), size_over(a + b, 3)
    (True, False)
    """
    count, stack = 0, [expr]
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            return True
        stack.extend(node.args)
    return False


class Abbreviations:
    """The long sums met so far in one rendering, each with its name and the step that wrote it."""

    def __init__(self):
        self.names = {}

    def _collect(self, expr, found, top=False):
        """The outermost long sums in ``expr`` (a side of the equation that is itself a
        sum keeps its terms in view: only the sums inside them get names)."""
        if isinstance(expr, Add) and not top and size_over(expr):
            found.append(expr)
            return
        if size_over(expr):
            for arg in expr.args:
                self._collect(arg, found, top=top and isinstance(expr, (Add, Equality)))

    def shorten(self, expr, where):
        """``(skeleton, new, old)``: ``expr`` with its long sums replaced by names,
        the ``(name, sum)`` pairs named here (written out at step ``where``) and the
        ``(name, step)`` pairs written out before."""
        found = []
        self._collect(expr, found, top=True)
        new, old, mapping = [], [], {}
        for s in dict.fromkeys(found):
            if s in self.names:
                name, step = self.names[s]
                if (name, step) not in old:
                    old.append((name, step))
            else:
                name = Symbol(f"Δ_{len(self.names) + 1}")
                self.names[s] = (name, where)
                new.append((name, s))
            mapping[s] = name
        return (expr.xreplace(mapping) if mapping else expr), new, old


class _LinePrinter(StrPrinter):
    """One-line text with the terminal's names (Vₘ₁, RL₀), each name worked out once."""

    def __init__(self):
        super().__init__({"order": "none"})
        self._names = {}

    def _print_Equality(self, eq):
        return f"{self._print(eq.lhs)} = {self._print(eq.rhs)}"

    def _print_Add(self, expr, order=None):
        """A sum of monomials (a ladder's polynomial: thousands of terms) written
        directly; anything else as StrPrinter writes it."""
        terms = []
        for term in expr.args:
            coeff, factors = term.as_coeff_mul()
            if not (coeff.is_Integer and all(self._monomial_factor(f) for f in factors)):
                return super()._print_Add(expr, order)
            body = "*".join(self._print(f) for f in factors)
            magnitude = abs(coeff)
            text = body if magnitude == 1 and body else f"{magnitude}*{body}" if body else str(magnitude)
            terms.append(("-" if coeff < 0 else "+", text))
        first_sign, first = terms[0]
        out = [("-" if first_sign == "-" else "") + first]
        out += [f" {sign} {text}" for sign, text in terms[1:]]
        return "".join(out)

    @staticmethod
    def _monomial_factor(factor):
        base, exp = factor.as_base_exp()
        return base.is_Symbol and exp.is_Integer and exp > 0

    def _print_Symbol(self, symbol):
        name = self._names.get(symbol)
        if name is None:
            name = self._names[symbol] = unicode_symbol_name(symbol.name)
        return name


def line_text(expr):
    """``expr`` in one line, ``·`` for products and ``^`` for powers.

    >>> from sympy import symbols
    >>> R1, RL0 = symbols("R1 RL0", positive=True)
    >>> line_text(2 * R1 * RL0 + R1 ** 2)
    'R₁^2 + 2·R₁·RL₀'
    """
    return _LinePrinter().doprint(expr).replace("**", "^").replace("*", "·")


def wrapped(text, width, indent):
    """``text`` wrapped to ``width`` at its spaces (the ``+`` and ``-`` between terms)."""
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent + "    ",
                         break_long_words=True, break_on_hyphens=False)
