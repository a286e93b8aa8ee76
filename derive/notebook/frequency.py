"""Notebook 5: from DC to frequency, the ECG front end (the s-domain, built on
:mod:`derive.analysis.sdomain` and :mod:`derive.analysis.response`).

The ``ecg-front-end`` built-in (the in-amp, an AC-coupling high-pass and a
single-pole low-pass) is derived step by step; its H(s) is written in
textbook form; with E-series values the -3 dB band, the Bode diagram, the
pole-zero map and the step response follow from the derived H(s); and the
overview's input-bias-current offset (0.5 nA through 1 MOhm) is derived from a
netlist of its own with current sources. The prose comes from the notebook
catalog; every number comes from a code cell.
"""
from functools import lru_cache
from importlib import resources

from .build import make_context
from .cells import Section, notebook, python_literal
from .practice import _analysis_steps
from .sections import assumptions, circuit, exercise, intro, result, run, say, steps

CIRCUIT = "ecg-front-end"
# a 0.05-150 Hz diagnostic band with E-series parts; in-amp gain 1 + 2 R5/RG = 1001
VALUES = {"R5": "25k", "RG": "50", "R1": "10k", "R2": "10k", "Rh": "3.3meg", "Ch": "1u", "Rl": "10k", "Cl": "100n"}
# the overview: AD620 bias current 0.5 nA, a 1 MOhm skin-electrode impedance
BIAS_CASES = (("0.5n", "0.5n", "1meg", "0"), ("0.5n", "0.5n", "1meg", "1meg"), ("0.5n", "0.5n", "1meg", "500k"))


def bias_netlist(comments=True):
    """The netlist of the in-amp with electrode impedances and bias-current sources
    (``comments=False``: without its comment lines, as the notebook shows it, the
    prose around it says the same)."""
    text = resources.files(__package__).joinpath("data", "ecg_bias.net").read_text("utf-8")
    if comments:
        return text
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("*"))


@lru_cache(maxsize=None)
def _forms():
    from ..analysis.sdomain import transfer_forms

    return transfer_forms(CIRCUIT)


def forms(ctx):
    """H(s) in textbook form: the proved steps (dc gain, w0, Q, band-pass form)."""
    s = Section("forms")
    a = _forms()
    ctx.counter = max(ctx.counter, *ctx.numbers.values(), 0)     # go on from the derivation's numbers
    s.md(f"## {say('ecg5_forms_heading', ctx.lang)}", say("ecg5_forms_text", ctx.lang), *_analysis_steps(ctx, a.steps))
    s.md(say("ecg5_forms_code", ctx.lang))
    s.code(
        "from derive.analysis.sdomain import transfer_forms\n\n"
        "forms = transfer_forms(circuit)\n"
        "[forms.step(key).equation for key in (\"dc_gain\", \"natural_frequency\", \"quality_factor\")]"
    )
    return s


def numbers(ctx):
    """E-series values, H(s) with numbers, the -3 dB band from the derived H(s)."""
    s = Section("band")
    values = ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in VALUES.items())
    s.md(f"## {say('ecg5_band_heading', ctx.lang)}", say("ecg5_values_text", ctx.lang))
    s.code(
        "from derive.analysis.response import bandwidth, poles_zeros, step_response, transfer, with_values\n\n"
        f"values = {{{values}}}\n"
        "h = with_values(transfer(forms), values)\n"
        "h"
    )
    s.md(say("ecg5_band_text", ctx.lang))
    s.code("band = bandwidth(h)\nfloat(band.low), float(band.high), float(band.reference)")
    s.md(say("ecg5_band_compare", ctx.lang))
    s.code(
        "from sympy import pi\n"
        "from derive.circuit.values import parse_number\n\n"
        "def corner(r, c):\n"
        "    return float(1 / (2 * pi * parse_number(values[r]) * parse_number(values[c])))\n\n"
        "corner(\"Rh\", \"Ch\"), corner(\"Rl\", \"Cl\")"
    )
    s.md(f"### {say('ecg5_bode_heading', ctx.lang)}", say("ecg5_bode_text", ctx.lang))
    s.code(
        "from derive.analysis.response_plots import bode_plot, pole_zero_plot, step_plot\n"
        "from derive.notebook.show import figure\n\n"
        f"figure(bode_plot(h, band=band, lang={python_literal(ctx.lang)}))"
    )
    return s


def poles(ctx):
    """The pole-zero map: a zero at the origin (AC coupling), two real poles."""
    s = Section("poles")
    s.md(f"## {say('ecg5_poles_heading', ctx.lang)}", say("ecg5_poles_text", ctx.lang))
    s.code("poles, zeros = poles_zeros(h)\npoles, zeros")
    s.code(f"figure(pole_zero_plot(h, lang={python_literal(ctx.lang)}))")
    return s


def step(ctx):
    """The step response by exact inverse Laplace transform, symbolic and with numbers."""
    s = Section("step")
    s.md(f"## {say('ecg5_step_heading', ctx.lang)}", say("ecg5_step_text", ctx.lang))
    s.code("symbolic = step_response(transfer(forms))\nsymbolic.expression")
    s.md(say("ecg5_step_numbers", ctx.lang))
    s.code("response = step_response(h)\nresponse.expression, response.time_constants")
    s.code(f"figure(step_plot(response, lang={python_literal(ctx.lang)}))")
    s.md(say("ecg5_step_zoom", ctx.lang))
    s.code(f"figure(step_plot(response, t_end=0.01, lang={python_literal(ctx.lang)}))")
    return s


def bias(ctx):
    """The overview's bias-current offset, derived from a netlist with current sources."""
    s = Section("bias")
    s.md(f"## {say('ecg5_bias_heading', ctx.lang)}", say("ecg5_bias_text", ctx.lang))
    s.code(
        f"BIAS = {python_literal(bias_netlist(comments=False))}\n"
        "bias = parse_netlist(BIAS, name=\"ecg-bias\")\n"
        "schematic(bias)"
    )
    s.md(say("ecg5_bias_derive", ctx.lang))
    s.code("b = derive(bias)\nb.result")
    s.md(say("ecg5_bias_offset", ctx.lang))
    s.code(
        "from sympy import factor\n\n"
        "symbol = {s.name: s for s in bias.symbols}\n"
        "gain = b.result.rhs.diff(symbol[\"V1\"])\n"
        "offset = factor(b.result.rhs.subs({symbol[\"V1\"]: 0, symbol[\"V2\"]: 0}) / gain)\n"
        "offset"
    )
    cases = ", ".join("(" + ", ".join(python_literal(v) for v in case) + ")" for case in BIAS_CASES)
    s.md(say("ecg5_bias_numbers", ctx.lang))
    s.code(
        "def offset_mv(ib1, ib2, re1, re2):\n"
        "    numbers = {\"Ib1\": ib1, \"Ib2\": ib2, \"Re1\": re1, \"Re2\": re2}\n"
        "    value = offset.subs({symbol[k]: parse_number(v) for k, v in numbers.items()})\n"
        "    return value, float(value) * 1e3\n\n"
        f"[offset_mv(*case) for case in ({cases})]"
    )
    s.md(say("ecg5_bias_output", ctx.lang))
    s.code(
        "in_amp_gain = gain.subs({s: parse_number(values[s.name]) for s in gain.free_symbols})\n"
        "in_amp_gain, float(in_amp_gain * offset_mv(*" + "(" + ", ".join(python_literal(v) for v in BIAS_CASES[0])
        + "))[0]), forms.step(\"dc_gain\").equation"
    )
    return s


def frequency_notebook(lang):
    """Notebook 5 in ``lang``."""
    ctx = make_context(CIRCUIT, lang)
    sections = [intro(ctx, say("title_05_ecg_front_end", lang), "ecg5_intro"), circuit(ctx), run(ctx),
                assumptions(ctx), steps(ctx), result(ctx), forms(ctx), numbers(ctx), poles(ctx), step(ctx),
                bias(ctx), exercise(ctx, "ecg5_exercise")]
    return notebook(sections, lang)
