"""Terminal rendering of a Derivation: numbered steps, Unicode math, one step a block.

>>> from derive.derivation import derive
>>> print(render_text(derive("follower")).splitlines()[0])
Voltage follower (unity-gain buffer): transfer function
"""
import textwrap

from sympy import Eq, pretty

from ..text import circuit_title, explain, ui

WIDTH = 88


def math_text(obj):
    """A SymPy object as one-line Unicode text (for prose)."""
    return pretty(obj, use_unicode=True, wrap_line=False) if "\n" not in pretty(obj, use_unicode=True) \
        else str(obj)


def equation_block(eq, indent=4):
    """An equation pretty-printed over several lines, indented."""
    shown = Eq(eq.lhs, eq.rhs, evaluate=False)
    art = pretty(shown, use_unicode=True, num_columns=WIDTH - indent)
    return textwrap.indent(art, " " * indent)


def step_numbers(derivation):
    """``{step id: number}``, numbering from 1 in order."""
    return {s.id: i for i, s in enumerate(derivation.steps, start=1)}


def render_text(derivation, lang="en"):
    """The whole derivation as terminal text."""
    numbers = step_numbers(derivation)
    c = derivation.circuit
    out = [ui("title", lang, circuit=circuit_title(c, lang)),
           ui("method", lang, method=ui(f"method_{derivation.method}", lang)), ""]
    out.append(ui("assumptions", lang))
    for line in [ui("ideal_opamps", lang)] + ([ui("general_form", lang)] if derivation.general else []):
        out.append(textwrap.fill(line, WIDTH, initial_indent="  • ", subsequent_indent="    "))
    out.append("")
    cases = set(derivation.case_ids)
    for step in derivation.steps:
        if step.id in cases:
            continue
        n = numbers[step.id]
        text = explain(step, lang, math=math_text)
        if step.uses:
            text += f" ({ui('uses', lang, steps=', '.join(f'({numbers[u]})' for u in step.uses))})"
        out.append(textwrap.fill(text, WIDTH, initial_indent=f"({n}) ", subsequent_indent="    "))
        out.append(equation_block(step.equation))
        out.append("")
    out.append(ui("result", lang))
    out.append(equation_block(derivation.result))
    if derivation.case_ids:
        out += ["", ui("special_cases", lang)]
        for cid in derivation.case_ids:
            step = derivation.step(cid)
            out.append(textwrap.fill(explain(step, lang, math=math_text), WIDTH, initial_indent="  "))
            out.append(equation_block(step.equation))
    return "\n".join(out).rstrip() + "\n"
