"""Show an analysis: terminal text and LaTeX, explanations from the analysis catalogs.

The math goes through the project's renderers: :func:`derive.render.text.equation_block`
for the terminal and :func:`derive.render.latex.latex` / ``equation_lines`` for
LaTeX; the prose comes from ``derive/text/catalogs/analysis_{en,es}.json``.

>>> from derive.analysis.decompose import decompose
>>> a = decompose("diffamp")
>>> explain(a.step("define-vd"), "es")
'Se define la tensión de entrada diferencial V_d como la diferencia de ambas entradas.'
"""
import json
import textwrap
from functools import lru_cache
from importlib import resources

from sympy import Basic, Symbol

from ..render.text import WIDTH, equation_block, math_text
from ..text import catalog, circuit_title, placeholders

CATALOG = "analysis"


def _render(value, math):
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(_render(v, math) for v in value)
    return math(value)


def explain(step, lang="en", math=str):
    """The explanation of an analysis step in ``lang``; ``math`` renders SymPy objects."""
    template = catalog(lang, CATALOG)["steps"][step.kind]
    values = {k: _render(step.params.get(k, ""), math) for k in placeholders(template)}
    return template.format(**values)


def ui(key, lang="en", **params):
    """A fixed string of the analysis catalog."""
    return catalog(lang, CATALOG)["ui"][key].format(**params)


def title(analysis, lang, key=None, **params):
    """The heading of an analysis (``title_<kind>`` in the catalog)."""
    return ui(key or f"title_{analysis.kind}", lang, circuit=circuit_title(analysis.circuit, lang), **params)


# --- terminal ---------------------------------------------------------------------

def render_steps_text(analysis, lang="en", start=1):
    """Numbered steps: explanation, then the equation in Unicode art."""
    numbers = {s.id: i for i, s in enumerate(analysis.steps, start=start)}
    out = []
    for step in analysis.steps:
        text = explain(step, lang, math=math_text)
        uses = [numbers[u] for u in step.uses if u in numbers]
        if uses:
            text += f" ({ui('uses', lang, steps=', '.join(f'({n})' for n in uses))})"
        out.append(textwrap.fill(text, WIDTH, initial_indent=f"({numbers[step.id]}) ",
                                 subsequent_indent="    "))
        out.append(equation_block(step.equation))
        out.append("")
    return "\n".join(out)


# --- LaTeX ------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _latex_names():
    text = resources.files(__package__).joinpath("data").joinpath("latex_names.json").read_text("utf-8")
    return json.loads(text)["names"]


def _display(obj):
    """``obj`` with analysis symbols (CMRR, epsilon, ...) renamed to their LaTeX."""
    if not isinstance(obj, Basic):
        return obj
    names = _latex_names()
    mapping = {s: Symbol(names[s.name]) for s in obj.free_symbols
               if isinstance(s, Symbol) and s.name in names}
    return obj.xreplace(mapping) if mapping else obj


def latex_math(obj):
    """Inline LaTeX for a SymPy object, through the project's textbook printer."""
    from ..render.latex import latex

    return f"${latex(_display(obj))}$"


def render_steps_latex(analysis, lang="en", label_prefix=None):
    """A LaTeX body: each step's explanation, then its equation in ``align``, labelled."""
    from ..render.latex import equation_lines

    prefix = label_prefix or f"{analysis.kind}:{analysis.circuit.name}"
    out = [f"\\section*{{{_escape(title(analysis, lang, **_title_params(analysis)))}}}", ""]
    for step in analysis.steps:
        out.append(_escape_prose(explain(step, lang, math=latex_math)))
        lines = equation_lines(_display(step.equation))
        out.append("\\begin{align}")
        out.append(" \\\\\n".join(lines[:-1] + [lines[-1]]) if len(lines) == 1
                   else " \\nonumber\\\\\n".join(lines))
        out.append(f"\\label{{eq:{prefix}:{step.id}}}")
        out.append("\\end{align}")
        out.append("")
    return "\n".join(out)


def _title_params(analysis):
    return {k: v for k, v in analysis.values.items() if isinstance(v, str)}


_SPECIAL = {"%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "\\": r"\textbackslash{}", "±": r"$\pm$", "≈": r"$\approx$",
            "→": r"$\rightarrow$", "≥": r"$\geq$", "ω": r"$\omega$", "π": r"$\pi$", "Ω": r"$\Omega$",
            "µ": r"$\mu$", "—": "---"}


def _escape(text):
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def _escape_prose(text):
    """Escape prose but leave the ``$...$`` math the explainer inserted."""
    parts = text.split("$")
    return "$".join(p if i % 2 else _escape(p) for i, p in enumerate(parts))
