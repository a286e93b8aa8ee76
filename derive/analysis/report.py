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

from ..text.numerals import formatted
from ..render.text import WIDTH, equation_block, math_text
from ..text import circuit_title
from ..text import explain as explain_step
from ..text import ui as catalog_ui
from ..text.escape import latex_text
from .decibels import Percent

CATALOG = "analysis"


def explain(step, lang="en", math=str):
    """The explanation of an analysis step in ``lang``; ``math`` renders SymPy objects."""
    return explain_step(step, lang, math, name=CATALOG)


def ui(key, lang="en", **params):
    """A fixed string of the analysis catalog."""
    return catalog_ui(key, lang, CATALOG, **params)


def title(analysis, lang, key=None, **params):
    """The heading of an analysis (``title_<kind>`` in the catalog)."""
    text = ui(key or f"title_{analysis.kind}", lang, circuit=circuit_title(analysis.circuit, lang), **params)
    return text[:1].upper() + text[1:]


def number(value, lang="en", decimals=0):
    """A number for prose: ``25,250`` / ``88.05`` in English, ``25 250`` / ``88,05`` in Spanish.

    >>> number(25250.4, "en"), number(25250.4, "es"), number(88.0452, "es", 2)
    ('25,250', '25 250', '88,05')
    """
    return formatted(value, f",.{decimals}f", lang)


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
        out.append(equation_block(step.equation, lang=lang))
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
    from ..render.latex_document import math_inline

    return math_inline(_display(obj))


def render_steps_latex(analysis, lang="en"):
    """A LaTeX body: a heading, then each step's explanation and its labelled equation.

    Equations go through :func:`derive.render.latex.equation_lines` (the printer
    of ``derive latex``); labels are ``eq:<kind>-<step id>`` and each step cites
    the steps it uses with ``\\eqref``, as the derivation document does.
    """
    from ..render.latex import equation_lines
    from ..text import ui as text_ui

    def label(step_id):
        return f"eq:{analysis.kind}-{step_id}"

    head = title(analysis, lang, **_title_params(analysis, lang))
    out = [f"\\section*{{\\raggedright {escape(head)}}}", ""]
    for step in analysis.steps:
        text = _escape_prose(explain(step, lang, math=latex_math))
        refs = [f"\\eqref{{{label(u)}}}" for u in step.uses]
        if refs:
            joined = refs[0] if len(refs) == 1 else (
                ", ".join(refs[:-1]) + f" {text_ui('and', lang)} " + refs[-1])
            sentence = text_ui("uses", lang, name="latex", refs=joined) + "."
            text = f"{sentence} {text}" if text.endswith(":") else f"{text} {sentence}"
        out.append(text)
        lines = equation_lines(_display(step.equation))
        rows = [f"  {line} \\nonumber" for line in lines[:-1]]
        rows.append(f"  {lines[-1]} \\label{{{label(step.id)}}}")
        out += ["\\begin{align}", " \\\\\n".join(rows), "\\end{align}", ""]
    return "\n".join(out)


def latex_document(analyses, lang="en"):
    """A standalone document (the preamble of ``derive latex``) with the analyses' steps."""
    from ..render.latex_document import preamble

    bodies = [a if isinstance(a, str) else render_steps_latex(a, lang) for a in analyses]
    return preamble(lang) + "\n\\begin{document}\n" + "\n".join(bodies) + "\n\\end{document}\n"


def _title_params(analysis, lang):
    return {k: (v.text(lang) if isinstance(v, Percent) else v) for k, v in analysis.values.items()
            if isinstance(v, (str, Percent))}


def escape(text):
    """``text`` for LaTeX text mode, line by line (:func:`derive.text.escape.latex_text`)."""
    return "\n".join(_keep_edges(line, latex_text) for line in text.split("\n"))


def _keep_edges(text, convert):
    """``convert(text)`` with the spaces at both ends kept (prose around inline math needs them).

    >>> _keep_edges(" as ", str.upper)
    ' AS '
    """
    core = text.strip(" ")
    if not core:
        return text
    lead, trail = text[:len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
    return lead + convert(core) + trail


def _escape_prose(text):
    """Escape prose but leave the ``$...$`` math the explainer inserted."""
    parts = text.split("$")
    return "$".join(p if i % 2 else escape(p) for i, p in enumerate(parts))
