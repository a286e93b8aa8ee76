"""The ``--json`` form of a derivation (docs/design.md), for tools and graders.

``lhs``/``rhs`` are SymPy ``str`` forms, so ``sympify`` on this trusted output
reads them back; a symbol whose name SymPy would read as something else (``I``,
``E``, ``pi``, ``S``, ``beta``, ``lambda``...) is written ``Symbol('I')``.
The ``explanation`` is prose for people: its formulas are written as the
terminal writes them (:func:`derive.render.text.math_text`: ``R2·V1/(R1 + R2)``,
never ``R2*V1/(R1 + R2)``).

>>> from derive.derivation import derive
>>> data = derivation_json(derive("inverting"))
>>> data["result"]
{'lhs': 'Vout', 'rhs': '-Rf*Vin/Rin'}
"""
import builtins
import keyword
from functools import lru_cache

from sympy.printing.str import StrPrinter

from ..text import explain, ui
from .latex import latex
from .text import math_text


@lru_cache(maxsize=1)
def _taken():
    """Names ``sympify`` does not read as a plain Symbol: SymPy's namespace, Python's
    builtins and keywords."""
    import sympy

    return frozenset(sympy.__all__) | frozenset(dir(builtins)) | frozenset(keyword.kwlist)


class _SympifiablePrinter(StrPrinter):
    def _print_Symbol(self, expr):
        if expr.name in _taken() or not expr.name.isidentifier():
            return f"Symbol({expr.name!r})"
        return super()._print_Symbol(expr)


def sympy_text(expr):
    """``str(expr)``, except symbols SymPy would misread, so ``sympify`` gives ``expr`` back.

    >>> from sympy import Symbol, sympify
    >>> text = sympy_text(Symbol("E") * Symbol("I") / Symbol("R1"))
    >>> text
    "Symbol('E')*Symbol('I')/R1"
    >>> sorted(s.name for s in sympify(text).free_symbols)
    ['E', 'I', 'R1']
    """
    return _SympifiablePrinter().doprint(expr)


def derivation_json(derivation, lang="en"):
    """A JSON-ready dict: circuit, method, assumptions, steps, result."""
    signals = [e.value for e in derivation.circuit.sources]
    steps = []
    for s in derivation.steps:
        steps.append({
            "id": s.id,
            "kind": s.kind,
            "lhs": sympy_text(s.equation.lhs),
            "rhs": sympy_text(s.equation.rhs),
            "latex": latex(s.equation, signals=signals),
            "explanation": explain(s, lang, math=math_text),
            "uses": list(s.uses),
            "scenario": s.scenario.id,
        })
    r = derivation.result
    return {
        "circuit": derivation.circuit.name,
        "method": derivation.method,
        "general": derivation.general,
        "assumptions": [sympy_text(a) for a in derivation.assumptions]
        + [sympy_text(c.condition) for c in getattr(derivation, "feedback", ()) if c.condition is not None],
        "declined": [{"method": m, "reason": ui(r, lang)} for m, r in getattr(derivation, "declined", ())],
        "steps": steps,
        "result": {"lhs": sympy_text(r.lhs), "rhs": sympy_text(r.rhs)},
        "cases": [{"lhs": sympy_text(c.lhs), "rhs": sympy_text(c.rhs)} for c in derivation.cases],
    }
