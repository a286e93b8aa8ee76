"""Notebook 3: the in-amp in practice (the overview), built on :mod:`derive.analysis`.

Gain from one resistor with real parts (INA128, AD620), the ECG front end,
the Wheatstone bridge (a netlist of its own, derived like any other), and the
CMRR a resistor tolerance leaves. The proved steps of each analysis are shown
with their catalog explanations; the numbers come from the code cells.
"""
from functools import lru_cache
from importlib import resources

from sympy import Rational

from .build import make_context
from .cells import Section, notebook, python_literal
from .sections import circuit, exercise, intro, result, run, say

CIRCUIT = "inamp-ic"
ECG = {"gain": 1000, "part": "AD620"}
LOAD_CELL = {"gain": 200, "part": "INA128"}
TOLERANCE = Rational(1, 1000)
TOLERANCE_GAIN = 100


@lru_cache(maxsize=None)
def _design(gain, part):
    from ..analysis import design

    return design(CIRCUIT, gain, part=part, series="E96")


@lru_cache(maxsize=None)
def _decomposition():
    from ..analysis import decompose

    return decompose(CIRCUIT)


def bridge_netlist():
    """The netlist of the overview's strain-gauge bridge read by the in-amp."""
    return resources.files(__package__).joinpath("data", "bridge.net").read_text("utf-8")


def _analysis_math(obj):
    from ..analysis.report import latex_math

    return latex_math(obj)


def _analysis_steps(ctx, steps):
    """Markdown paragraphs for analysis steps: explanation, then the numbered equation."""
    from ..analysis.report import explain

    out = []
    for step in steps:
        ctx.counter += 1
        out.append(explain(step, ctx.lang, _analysis_math))
        out.append(f"$$\n{_analysis_math(step.equation).strip('$')} \\tag{{{ctx.counter}}}\n$$")
    return out


def gain(ctx):
    """G = G0 + K/RG derived from the circuit; INA128's table; gain against RG for two parts."""
    s = Section("gain")
    report = _design(ECG["gain"], ECG["part"])
    symbolic = [st for st in report.analysis.steps if st.id in ("design-gain", "design-g0", "design-k", "design-solve")]
    s.md(f"## {say('gain_heading', ctx.lang)}", say("gain_text", ctx.lang), *_analysis_steps(ctx, symbolic))
    s.md(say("gain_table", ctx.lang))
    s.code(
        "from derive.analysis import design, gain_for\n"
        "from derive.circuit.values import parse_number\n\n"
        "[gain_for(rg=parse_number(rg), part=\"INA128\") for rg in (\"50\", \"500\", \"5k\")] + [gain_for(part=\"INA128\")]"
    )
    s.md(say("gain_plot", ctx.lang))
    s.code(
        "import numpy as np\n"
        "from matplotlib.figure import Figure\n"
        "from sympy import lambdify\n"
        "from derive.notebook.show import figure\n\n"
        "rg = np.logspace(1, 5, 200)\n"
        "fig = Figure(figsize=(6, 3.6))\n"
        "ax = fig.add_subplot()\n"
        "for part in (\"INA128\", \"AD620\", \"INA333\"):\n"
        "    report = design(\"inamp-ic\", 100, part=part)\n"
        "    ax.loglog(rg, lambdify(report.rg, report.gain_expr, \"numpy\")(rg), label=part)\n"
        "ax.set_xlabel(r\"$R_{G}$ ($\\Omega$)\")\n"
        "ax.set_ylabel(r\"$G$\")\n"
        "ax.grid(True, which=\"both\", alpha=0.3)\n"
        "ax.legend()\n"
        "figure(fig)"
    )
    return s


def ecg(ctx):
    """The overview's ECG front end: G = 1000 with an AD620, and the CMRR it needs."""
    s = Section("ecg")
    report = _design(ECG["gain"], ECG["part"])
    numeric = [st for st in report.analysis.steps if st.id not in ("design-gain", "design-g0", "design-k", "design-solve")]
    s.md(f"## {say('ecg_heading', ctx.lang)}", say("ecg_text", ctx.lang), *_analysis_steps(ctx, numeric))
    s.code(
        f"ecg = design(\"inamp-ic\", {ECG['gain']}, part={python_literal(ECG['part'])}, series=\"E96\")\n"
        "float(ecg.rg_exact), ecg.standard, float(ecg.gain_actual), float(ecg.error)"
    )
    s.md(say("ecg_cmrr", ctx.lang))
    s.code(
        "from derive.analysis.decibels import required_cmrr\n\n"
        "required_cmrr(2, parse_number(\"0.1m\"))"
    )
    return s


def bridge(ctx):
    """The Wheatstone bridge as a netlist of its own, derived, then sized for G = 200."""
    s = Section("bridge")
    s.md(f"## {say('bridge_heading', ctx.lang)}", say("bridge_text", ctx.lang))
    s.code(
        f"BRIDGE = {python_literal(bridge_netlist())}\n"
        "bridge = parse_netlist(BRIDGE, name=\"bridge\")\n"
        "b = derive(bridge)\n"
        "schematic(bridge)"
    )
    s.md(say("bridge_result", ctx.lang))
    s.code("b.result")
    s.md(say("bridge_numbers", ctx.lang))
    s.code(
        f"load_cell = design(\"inamp-ic\", {LOAD_CELL['gain']}, part={python_literal(LOAD_CELL['part'])}, series=\"E96\")\n"
        "full_scale = {\"Vexc\": \"5\", \"Rb\": \"350\", \"Rs\": \"352.8\", \"R\": \"25k\", "
        "\"RG\": str(load_cell.standard)}\n"
        "numbers = {s: parse_number(full_scale[s.name]) for s in b.result.free_symbols if s.name in full_scale}\n"
        "float(load_cell.rg_exact), load_cell.standard, float(b.result.rhs.subs(numbers))"
    )
    return s


def cmrr(ctx):
    """CMRR: the in-amp multiplies its difference stage's CMRR by G1; tolerance plot."""
    s = Section("cmrr")
    dec = _decomposition()
    last = dec.step(dec.result_id)
    s.md(f"## {say('cmrr_heading', ctx.lang)}", say("cmrr_text", ctx.lang), *_analysis_steps(ctx, [last]))
    s.md(say("cmrr_tolerance", ctx.lang))
    s.code(
        "from sympy import Rational\n"
        "from derive.analysis import tolerance_analysis\n\n"
        f"discrete = tolerance_analysis(\"diffamp\", Rational(1, 1000), gain={TOLERANCE_GAIN}, samples=0)\n"
        f"integrated = tolerance_analysis(\"inamp-ic\", Rational(1, 1000), gain={TOLERANCE_GAIN}, samples=0)\n"
        "round(discrete.worst_db, 1), round(integrated.worst_db, 1)"
    )
    s.md(say("cmrr_plot", ctx.lang))
    s.code(
        "tolerance = np.logspace(-4, -2, 100)\n"
        "fig = Figure(figsize=(6, 3.6))\n"
        "ax = fig.add_subplot()\n"
        "for name, report in ((\"diffamp\", discrete), (\"inamp-ic\", integrated)):\n"
        "    first_order = report.analysis.step(\"tol-first-order\").equation.rhs.subs(report.nominal)\n"
        "    (t,) = first_order.free_symbols\n"
        "    db = 20 * np.log10(lambdify(t, first_order, \"numpy\")(tolerance))\n"
        f"    ax.semilogx(100 * tolerance, db, label=f\"{{name}}, G = {TOLERANCE_GAIN}\")\n"
        "    ax.plot([100 * float(report.tolerance)], [report.worst_db], \"o\", color=ax.lines[-1].get_color())\n"
        "ax.set_xlabel(r\"$T$ (%)\")\n"
        "ax.set_ylabel(r\"CMRR (dB)\")\n"
        "ax.grid(True, which=\"both\", alpha=0.3)\n"
        "ax.legend()\n"
        "figure(fig)"
    )
    return s


DIAMOND = {"supply": (-15, 15), "headroom_in": 2, "swing": Rational(7, 5), "gain": 100, "part": "INA128"}
ECG_BUDGET = {"part": "AD620", "gain": 1000, "vdiff_fs": "1m", "vcm": 2, "source_resistance": ("1meg", 0),
              "grade": "typ"}


def engineer(ctx):
    """Input range (the diamond plot) of an INA128-like design, and the ECG front end's error budget."""
    from ..analysis.budget import budget
    from ..analysis.input_range import input_range

    s = Section("engineer")
    region = input_range(CIRCUIT, **DIAMOND)
    nodes = [region.analysis.step(i) for i in ("node-o1", "node-o2", "node-p3")]
    s.md(f"## {say('range_heading', ctx.lang)}", say("range_text", ctx.lang), *_analysis_steps(ctx, nodes))
    s.code(
        "from derive.analysis.input_range import input_range, range_plot\n\n"
        "diamond = input_range(\"inamp-ic\", (-15, 15), headroom_in=2, swing=Rational(7, 5), gain=100, "
        "part=\"INA128\")\n"
        f"figure(range_plot(diamond, lang={python_literal(ctx.lang)}))"
    )
    s.md(say("range_numbers", ctx.lang))
    s.code("[tuple(float(v) for v in diamond.vcm_limits(vout)[:2]) for vout in (0, 10)]")
    b = budget(CIRCUIT, **ECG_BUDGET)
    bias = [b.analysis.step(i) for i in ("budget-bias", "budget-bias-matched")]
    s.md(f"## {say('budget_heading', ctx.lang)}", say("budget_text", ctx.lang), *_analysis_steps(ctx, bias))
    s.code(
        "from derive.analysis.budget import budget\n\n"
        "ecg_budget = budget(\"inamp-ic\", part=\"AD620\", gain=1000, vdiff_fs=\"1m\", vcm=2, "
        "source_resistance=(\"1meg\", 0), grade=\"typ\")\n"
        "[(t.key, round(float(abs(t.rti)) * 1e6, 3)) for t in ecg_budget.terms]"
    )
    s.md(say("budget_total", ctx.lang))
    s.code("round(float(ecg_budget.total) * 1e6, 1), round(float(ecg_budget.rss) * 1e6, 1)")
    return s


def practice_notebook(lang):
    """Notebook 3 in ``lang``."""
    ctx = make_context(CIRCUIT, lang)
    sections = [intro(ctx, say("title_03_in_practice", lang), "practice_intro"), circuit(ctx), run(ctx), result(ctx),
                gain(ctx), ecg(ctx), bridge(ctx), cmrr(ctx), engineer(ctx), exercise(ctx, "practice_exercise")]
    return notebook(sections, lang)
