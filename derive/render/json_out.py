"""The ``--json`` form of a derivation (DESIGN.md), for tools and graders.

``lhs``/``rhs`` are SymPy ``str`` forms, so ``sympify`` on this trusted output
reads them back.

>>> from derive.derivation import derive
>>> data = derivation_json(derive("inverting"))
>>> data["result"]
{'lhs': 'Vout', 'rhs': '-Rf*Vin/Rin'}
"""
from ..text import explain
from .latex import latex


def derivation_json(derivation, lang="en"):
    """A JSON-ready dict: circuit, method, assumptions, steps, result."""
    signals = [e.value for e in derivation.circuit.sources]
    steps = []
    for s in derivation.steps:
        steps.append({
            "id": s.id,
            "kind": s.kind,
            "lhs": str(s.equation.lhs),
            "rhs": str(s.equation.rhs),
            "latex": latex(s.equation, signals=signals),
            "explanation": explain(s, lang),
            "uses": list(s.uses),
            "scenario": s.scenario.id,
        })
    r = derivation.result
    return {
        "circuit": derivation.circuit.name,
        "method": derivation.method,
        "general": derivation.general,
        "assumptions": [str(a) for a in derivation.assumptions],
        "steps": steps,
        "result": {"lhs": str(r.lhs), "rhs": str(r.rhs)},
        "cases": [{"lhs": str(c.lhs), "rhs": str(c.rhs)} for c in derivation.cases],
    }
