"""The sections of a derivation notebook, each a :class:`~.cells.Section`.

Prose comes from the catalogs (:func:`derive.text.explain` for the steps, the
``notebook`` catalog for the rest); equations come from the finished
Derivation; code cells are the same in every language. Nothing here derives
anything: the sections read ``ctx.derivation``.
"""
from ..derivation.outline import outline
from ..text import circuit_title, explain, method_text, model_assumptions, title_key, ui
from ..text.escape import markdown_code, markdown_text
from .cells import Section, python_literal


def say(key, lang, **params):
    """A string of the notebook catalog in ``lang``."""
    return ui(key, lang, name="notebook", **params)


def main_ui(key, ctx, **params):
    """A string of the main catalog (shared with the terminal and LaTeX output)."""
    return ui(key, ctx.lang, **params)


def intro(ctx, heading=None, text_key="intro"):
    """Title and what the notebook does."""
    d = ctx.derivation
    s = Section("intro")
    title = heading or main_ui(title_key(d.circuit, ctx.lang), ctx,
                               circuit=markdown_text(circuit_title(d.circuit, ctx.lang)))
    method = main_ui(f"method_{d.method}", ctx)
    fallback = [method_text(d, ctx.lang)] if getattr(d, "declined", ()) else []
    s.md(f"# {title}", say(text_key, ctx.lang, method=method), *fallback)
    return s


def circuit(ctx):
    """Load the circuit and draw its schematic."""
    s = Section("circuit")
    key = "circuit_builtin" if ctx.builtin else "circuit_file"
    s.md(f"## {say('circuit_heading', ctx.lang)}", say(key, ctx.lang, circuit=markdown_code(ctx.name)))
    s.code(
        "from sympy import init_printing\n"
        "from derive.circuit.library import load_circuit\n"
        "from derive.circuit.netlist import parse_netlist\n"
        "from derive.derivation import derive\n"
        "from derive.notebook.show import latex, schematic\n\n"
        "init_printing(use_latex=\"mathjax\", latex_printer=latex)\n"
        f"{ctx.load_code}\n"
        "schematic(circuit)"
    )
    return s


def run(ctx):
    """Run the derivation in the kernel and show its result."""
    d = ctx.derivation
    s = Section("derive")
    s.md(f"## {say('derive_heading', ctx.lang)}", say("derive_text", ctx.lang))
    general = ", general=True" if d.general else ""
    s.code(f"d = derive(circuit, method={python_literal(d.method)}{general})\nd.result")
    return s


def assumptions(ctx):
    """The ideal op-amp model and the matching conditions."""
    d = ctx.derivation
    s = Section("assumptions")
    lines = [f"## {main_ui('assumptions', ctx)}"] + model_assumptions(d, ctx.lang, ctx.inline)
    if d.general:
        lines.append(main_ui("general_form", ctx))
    assumed = next(p for p in outline(d) if p.kind == "assumptions")
    for step in assumed.steps:
        lines.append(f"- {explain(step, ctx.lang, ctx.inline)}")
    s.md(*lines)
    return s


BODY = ("scenario", "combination", "derivation")   # the outline's parts the steps section shows


def steps(ctx):
    """Every step: its explanation, its equation numbered, and a cell that shows it from ``d``."""
    d = ctx.derivation
    s = Section("steps")
    s.md(f"## {say('steps_heading', ctx.lang)}", say("steps_text", ctx.lang))
    number = 0
    for part in outline(d):
        if part.kind not in BODY or not part.steps:
            continue
        scenario, group = part.scenario, part.steps
        paragraphs = []
        if scenario.active is not None:
            active = d.symbol(scenario.active) if isinstance(scenario.active, str) else scenario.active
            paragraphs.append(f"### {main_ui('scenario_header', ctx, index=scenario.index, active=ctx.inline(active))}")
        for step in group:
            number += 1
            ctx.numbers[step.id] = number
            paragraphs.append(explain(step, ctx.lang, ctx.inline))
            paragraphs.append(ctx.display(step.equation, tag=number))
        if len(paragraphs) > (1 if scenario.active is not None else 0):
            s.md(*paragraphs)
            s.md(say("step_check", ctx.lang, number=ctx.numbers[group[-1].id]))
            s.code(f"d.step({python_literal(group[-1].id)}).equation")
    return s


def quantities(ctx):
    """Every named intermediate quantity in terms of the inputs."""
    s = Section("quantities")
    if not ctx.derivation.quantities:
        return s
    s.md(say("quantities_text", ctx.lang))
    # one output per equation: a list of them is one line, wider than the page
    s.code(
        "from IPython.display import display\n"
        "from sympy import Eq\n\n"
        "for name in d.quantity_symbols():\n"
        "    display(Eq(d.symbol(name), d.quantity(name)))"
    )
    return s


def result(ctx):
    """The transfer function, and the special cases the source shows after it."""
    d = ctx.derivation
    s = Section("result")
    result_step = d.step(d.result_id)
    s.md(f"## {main_ui('result', ctx)}", explain(result_step, ctx.lang, ctx.inline), ctx.display(d.result))
    for case_id in d.case_ids:
        case = d.step(case_id)
        s.md(f"### {main_ui('special_cases', ctx)}", explain(case, ctx.lang, ctx.inline), ctx.display(case.equation))
        condition = next(d.step(u).equation for u in case.uses if d.step(u).kind == "case_assumption")
        kept, replaced = condition.lhs, condition.rhs     # Eq(kept, replaced), as the assumptions
        s.md(say("general_text", ctx.lang, kept=ctx.inline(kept), replaced=ctx.inline(replaced)))
        s.code(
            "from sympy import factor\n\n"
            "symbol = {s.name: s for s in d.circuit.symbols}\n"
            f"factor(d.result_under({{symbol[{python_literal(replaced.name)}]: "
            f"symbol[{python_literal(kept.name)}]}}))"
        )
    return s


def numbers(ctx):
    """The result with the example's numbers (exact, SPICE suffixes)."""
    s = Section("numbers")
    values = ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in ctx.example.values.items())
    s.md(f"## {say('numbers_heading', ctx.lang)}", say("numbers_text", ctx.lang))
    s.code(
        "from derive.circuit.values import parse_number\n"
        "from derive.notebook.show import with_unit\n\n"
        f"values = {{{values}}}\n"
        "numbers = {s: parse_number(values[s.name]) for s in d.result.free_symbols if s.name in values}\n"
        "with_unit(d.result.subs(numbers))"
    )
    return s


def plot(ctx):
    """|gain| from the first input against the sweep resistor, log-log."""
    ex = ctx.example
    s = Section("plot")
    if not ex.sweep:
        return s
    source = ctx.derivation.circuit.sources[0].value
    s.md(
        f"## {say('plot_heading', ctx.lang, resistor=ctx.inline(ctx.derivation.symbol(ex.sweep)))}",
        say("plot_text", ctx.lang, resistor=ctx.inline(ctx.derivation.symbol(ex.sweep)), source=ctx.inline(source)),
    )
    low, high = ex.sweep_range
    s.code(
        "import numpy as np\n"
        "from matplotlib.figure import Figure\n"
        "from sympy import lambdify\n"
        "from derive.notebook.show import figure\n\n"
        "symbol = {s.name: s for s in d.circuit.symbols}\n"
        f"sweep = symbol[{python_literal(ex.sweep)}]\n"
        f"gain = d.result.rhs.diff(symbol[{python_literal(source.name)}])\n"
        "gain = gain.subs({s: v for s, v in numbers.items() if s != sweep})\n"
        f"r = np.logspace({_decade(low)}, {_decade(high)}, 200)\n"
        "fig = Figure(figsize=(6, 3.6))\n"
        "ax = fig.add_subplot()\n"
        "ax.loglog(r, np.abs(lambdify(sweep, gain, \"numpy\")(r)) * np.ones_like(r))\n"
        f"ax.set_xlabel(r\"${ctx.sweep_tex}$ ($\\Omega$)\")\n"
        "ax.set_ylabel(r\"$|G|$\")\n"
        "ax.grid(True, which=\"both\", alpha=0.3)\n"
        "figure(fig)"
    )
    return s


def _decade(value):
    """log10 of a SPICE-style value, for ``np.logspace`` (``"100k"`` -> ``5.0``)."""
    from math import log10

    from ..circuit.values import parse_number

    return round(log10(float(parse_number(value))), 3)


def exercise(ctx, text_key=None):
    """What to try next (``text_key``: a fixed text of the catalog instead)."""
    s = Section("exercise")
    s.md(f"## {say('exercise_heading', ctx.lang)}", say(text_key, ctx.lang) if text_key else _exercises(ctx))
    return s


def _exercises(ctx):
    """Only what applies to this notebook: a method it does not use yet that derives
    the circuit, and dropping matching conditions only where there are some."""
    from ..circuit.circuit import METHODS
    from ..derivation import derive
    from ..errors import DeriveError

    d = ctx.derivation
    lines = [say("exercise_values", ctx.lang)]
    for method in METHODS:
        if method == d.method or (method == "superposition" and len(d.circuit.sources) < 2):
            continue
        try:
            if derive(d.circuit, method=method).method != method:     # it declined and fell back
                continue
        except DeriveError:
            continue
        lines.append(say("exercise_method", ctx.lang, method=method))
        break
    if d.circuit.matches and not d.general:
        lines.append(say("exercise_general", ctx.lang))
    lines.append(say("exercise_own", ctx.lang))
    return "\n".join(lines)


DERIVATION_SECTIONS = (intro, circuit, run, assumptions, steps, quantities, result, numbers, plot, exercise)
