"""A derivation as a LaTeX document (or the body to paste into one).

The document reads like a textbook page: title, the schematic (circuitikz
code drawn by the caller from the circuit and handed in), the assumptions, then every step as prose
(from the message catalogs) followed by its numbered, labelled equation, with
``\\eqref`` to the steps it uses; the result is boxed. Equations are printed by
:func:`derive.render.latex.equation_lines`, the same printer everyone uses, so
the text and the math cannot drift apart.

>>> from derive.derivation import derive
>>> tex = document(derive("inverting"), lang="es")
>>> tex.startswith("\\\\documentclass"), "\\\\boxed{" in tex, "\\\\label{eq:vs-U1}" in tex
(True, True, True)
"""
from dataclasses import replace

from sympy import Symbol

from ..derivation.outline import outline
from ..text import circuit_title, explain, method_text, model_assumptions, title_key, ui
from ..text.escape import latex_text
from .latex import equation_lines, latex
from .units import quantity_units
from ..notation.units import si_latex

# (package, options, comment); the body needs these, the document loads them.
PACKAGES = (
    ("amsmath", "", "align, \\eqref, \\boxed"),
    ("siunitx", "", "\\SI, \\num"),
    ("circuitikz", "american", "the schematic"),
)


def _ui(key, lang, **params):
    return ui(key, lang, name="latex", **params)


def math_inline(obj, signals=()):
    """A SymPy object as inline math for prose (``$R_{5} = R_{6}$``)."""
    return f"${latex(obj, signals)}$"


def _refs(ids, lang):
    refs = [f"\\eqref{{eq:{i}}}" for i in ids]
    if len(refs) <= 1:
        return "".join(refs)
    return ", ".join(refs[:-1]) + f" {ui('and', lang)} " + refs[-1]


def _with_symbols(step, names):
    """``step`` with element names in its params (``"U3"``) as symbols, so prose shows ``$U_{3}$``."""
    def convert(value):
        if isinstance(value, str) and value in names:
            return Symbol(value)
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        return value

    params = {k: convert(v) for k, v in step.params.items()}
    return replace(step, params=params)


def prose(step, lang, signals=(), cited=(), names=()):
    """The explanation of ``step`` and a sentence citing the equations it uses.

    ``names`` are element names (``U3``, ``RG``) to typeset as math; ``cited``
    the step ids that have a label in the document.
    """
    if names:
        step = _with_symbols(step, set(names))
    text = explain(step, lang, math=lambda obj: math_inline(obj, signals))
    uses = [u for u in step.uses if u in cited]
    if not uses:
        return text
    sentence = _ui("uses", lang, refs=_refs(uses, lang)) + "."
    if text.endswith(":"):
        return f"{sentence} {text}"
    return f"{text} {sentence}"


def _align(lines_with_labels):
    """An ``align`` of equations; each item is (lines, label or None)."""
    rows = []
    for lines, label in lines_with_labels:
        for k, line in enumerate(lines):
            last = k == len(lines) - 1
            tag = (f" \\label{{eq:{label}}}" if label else "") if last else " \\nonumber"
            rows.append(f"  {line}{tag}")
    return "\\begin{align}\n" + " \\\\\n".join(rows) + "\n\\end{align}\n"


def boxed(equation, label, signals=(), units=None):
    """The equation boxed in an ``equation`` environment (``aligned`` inside if it breaks)."""
    lines = equation_lines(equation, signals, units=units)
    if len(lines) == 1:
        inner = lines[0].replace("&=", "=")
    else:
        inner = "\\begin{aligned}\n  " + " \\\\\n  ".join(lines) + "\n  \\end{aligned}"
    return f"\\begin{{equation}}\n  \\boxed{{{inner}}}\n  \\label{{eq:{label}}}\n\\end{{equation}}\n"


def render_steps(steps, lang="en", signals=(), cited=None):
    """LaTeX for a list of Steps (prose + labelled equation) or bare SymPy equations.

    Public so that other outputs (analysis results, the homework checker) can
    show equations exactly as the derivation document does. ``cited`` is the
    set of step ids that may be referenced with ``\\eqref`` (default: the
    steps given).

    >>> from sympy import Eq, symbols
    >>> a, b = symbols("V1 V2", real=True)
    >>> print(render_steps([Eq(a, 2*b)]), end="")
    \\begin{align}
      V_{1} &= 2 V_{2}
    \\end{align}
    """
    steps = list(steps)
    if cited is None:
        cited = {s.id for s in steps if hasattr(s, "id")}
    out = []
    for s in steps:
        if hasattr(s, "equation"):
            out.append(prose(s, lang, signals, cited) + "\n")
            out.append(_align([(equation_lines(s.equation, signals), s.id)]))
        else:
            out.append(_align([(equation_lines(s, signals), None)]))
    return "\n".join(out)


def _figure(schematic, lang):
    """The schematic (circuitikz code drawn by the caller) as a captioned figure.

    A ``schematic`` that is a LaTeX comment (why no drawing could be made) is
    written as it is; ``None`` or ``""`` writes nothing.
    """
    if not schematic:
        return ""
    if schematic.lstrip().startswith("%"):
        return schematic
    return (
        "\\begin{figure}[htbp]\n\\centering\n"
        # a wide schematic may reach into the margins, centred; only one wider
        # than 1.3 text widths (it would leave the page, as the ECG front end's
        # chain of stages does) is scaled down to that (\\resizebox: graphicx,
        # which circuitikz loads through TikZ)
        + "\\makebox[\\linewidth][c]{\\resizebox{\\ifdim\\width>1.3\\linewidth 1.3\\linewidth"
        + "\\else\\width\\fi}{!}{%\n" + schematic + "}}\n"
        + f"\\caption{{{_ui('schematic_caption', lang)}}}\n\\end{{figure}}\n"
    )


def _values(circuit, lang):
    """Numeric component values with siunitx, if the circuit has any."""
    items = []
    for e in circuit.elements:
        unit = e.unit
        if unit and e.value is not None and e.value.is_Rational:
            items.append(f"${latex(e.own_symbol())} = {si_latex(e.value, unit)}$")
    if not items:
        return ""
    return _ui("values_intro", lang) + " " + ", ".join(items) + ".\n"


def _opamp_model(circuit, lang):
    """Ideal op-amps (the catalog's sentence), or the finite open-loop gains in force."""
    finite = [op for op in circuit.opamps if not op.ideal]
    if not finite:
        return ui("ideal_opamps", lang)
    gains = [f"${latex(op.value)}$ (${latex(op.own_symbol())}$)" for op in finite]
    listed = gains[0] if len(gains) == 1 else ", ".join(gains[:-1]) + f" {ui('and', lang)} " + gains[-1]
    return _ui("finite_gain_opamps", lang, gains=listed)


def _assumptions(d, lang, signals, matched):
    out = [f"\\subsection*{{{ui('assumptions', lang)}}}\n", _opamp_model(d.circuit, lang) + "\n"]
    out += [line + "\n" for line in model_assumptions(d, lang, math_inline)[1:]]
    if d.general:
        out.append("\n" + ui("general_form", lang) + "\n")
    values = _values(d.circuit, lang)
    if values:
        out.append("\n" + values)
    if matched:
        out.append("\n" + _ui("matched_intro", lang) + "\n")
        out.append(_align([(equation_lines(s.equation, signals), s.id) for s in matched]))
    return "".join(out)


def _merged_scenario(steps):
    """Consecutive scenario steps (Vinm = 0, Vref = 0) as one step with a list of zeroed sources."""
    first = steps[0]
    params = dict(first.params, zeroed=[s.params.get("zeroed") for s in steps])
    hows = [s.params["how"] for s in steps if "how" in s.params]
    if hows:     # one sentence for several sources: how each is left, together
        params["how"] = sum(hows[1:], hows[0])
    return type(first)(first.id, first.kind, first.equation, first.uses, first.scenario, params)


def _part_heading(part, lang, signals):
    """The subsection title of a part of the outline."""
    if part.kind == "scenario":
        sc = part.scenario
        active = sc.active
        source = next((s for s in signals if getattr(s, "name", None) == active), active)
        return ui("scenario_header", lang, index=sc.index, active=math_inline(source) if source is not None else "")
    return {
        "combination": _ui("combination", lang),
        "derivation": _ui("derivation", lang),
        "result": ui("result", lang),
        "special_cases": ui("special_cases", lang),
    }[part.kind]


def _groups(steps):
    """Steps in order, consecutive scenario steps of one case grouped together."""
    groups = []
    for s in steps:
        if (s.kind == "scenario" and groups and groups[-1][0].kind == "scenario"
                and groups[-1][0].scenario.id == s.scenario.id):
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def body(d, lang="en", schematic=None, extra=""):
    """The part of the document inside ``\\begin{document}``, for pasting.

    Starts with a comment listing the packages it needs (see :data:`PACKAGES`).
    ``schematic`` is the circuit's circuitikz drawing, made by the caller (see
    :func:`derive.schematic.circuitikz.document_drawing`): this module formats
    a derivation and never lays out a circuit. ``extra`` is LaTeX the caller
    made (e.g. the textbook forms of H(s)) to follow the derivation.
    """
    circuit = d.circuit
    signals = tuple(s.value for s in circuit.sources)
    units = quantity_units(d)
    cited = {s.id for s in d.steps}
    names = [e.name for e in circuit.elements]
    title = ui(title_key(circuit, lang), lang, circuit=latex_text(circuit_title(circuit, lang)))
    title = title[:1].upper() + title[1:]
    method = method_text(d, lang)
    packages = " ".join(f"\\usepackage{'[' + o + ']' if o else ''}{{{p}}}" for p, o, _ in PACKAGES)
    out = [
        f"% {_ui('packages_comment', lang)} {packages}\n",
        f"\\section*{{\\raggedright {title}}}\n",
        f"{method}.\n\n",
        _figure(schematic, lang),
    ]
    parts = outline(d)
    out.append(_assumptions(d, lang, signals, parts[0].steps))
    for part in parts[1:]:
        heading = _part_heading(part, lang, signals)
        if heading:
            out.append(f"\n\\subsection*{{{heading}}}\n")
        if part.kind == "result":
            (s,) = part.steps
            text = _ui("general_note", lang) if d.general else prose(s, lang, signals, cited, names)
            out.append(text + "\n" + boxed(s.equation, s.id, signals, units))
            continue
        for group in _groups(part.steps):
            lead = _merged_scenario(group) if len(group) > 1 else group[0]
            out.append("\n" + prose(lead, lang, signals, cited, names) + "\n")
            out.append(_align([(equation_lines(g.equation, signals, units=units), g.id) for g in group]))
    if extra:
        out.append("\n" + extra)
    return "".join(out)


def preamble(lang="en"):
    """The preamble: fonts for pdflatex (T1, Latin Modern) or xelatex (fontspec), babel, packages.

    Spanish uses ``es-noshorthands`` so TikZ's ``<``/``>`` and ``"`` keep
    their meaning and the dot in math is never turned into a comma behind our
    back; every decimal number goes through siunitx, whose decimal marker is
    set to the comma, so prose and math agree.
    """
    babel = "[spanish,es-noshorthands]{babel}" if lang == "es" else "[english]{babel}"
    lines = [
        "\\documentclass[11pt,a4paper]{article}",
        "\\usepackage{iftex}",
        "\\ifPDFTeX",
        "  \\usepackage[T1]{fontenc}",
        "  \\usepackage{lmodern}",
        "\\else",
        "  \\usepackage{fontspec}",
        "\\fi",
        f"\\usepackage{babel}",
        "\\usepackage[margin=2.5cm]{geometry}",
    ]
    for package, options, _ in PACKAGES:
        lines.append(f"\\usepackage{'[' + options + ']' if options else ''}{{{package}}}")
    if lang == "es":
        lines.append("\\sisetup{output-decimal-marker={,}}")
    return "\n".join(lines) + "\n"


def document(d, lang="en", schematic=None, extra=""):
    """A complete LaTeX document of derivation ``d`` in ``lang`` (``en`` or ``es``).

    ``schematic``: the circuitikz drawing to show as a figure; ``extra``: LaTeX
    to follow the derivation (see :func:`body`).
    """
    return preamble(lang) + "\n\\begin{document}\n" + body(d, lang, schematic, extra) + "\\end{document}\n"
