"""Notebook 5 (the ECG front end in the s-domain): what it derives and shows.

Cheap: the generator's cells and the committed, executed notebooks are read,
nothing is executed here (test_notebooks_build.py executes the committed set)."""
import re
from pathlib import Path

import nbformat
import pytest

from derive.notebook.frequency import bias_netlist, frequency_notebook

ROOT = Path(__file__).resolve().parents[1]


def outputs(lang):
    nb = nbformat.read(ROOT / "notebooks" / lang / "05_ecg_front_end.ipynb", as_version=4)
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            text = " ".join(o.get("data", {}).get(kind, "") for o in cell.outputs for kind in ("text/plain", "text/latex"))
            images = sum("image/png" in o.get("data", {}) for o in cell.outputs)
            found[cell.id] = (text, images)
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_prose_cites_the_overview_by_title_and_explains_each_part(lang):
    nb = frequency_notebook(lang)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    cite = ("“Instrumentation Amplifier: 3-op-amp precision differential amp — the universal sensor front-end”"
            if lang == "en" else "artículo divulgativo")
    assert cite in prose and "seed" not in prose.lower()
    sections = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("#")]
    assert len(sections) >= 10
    text = re.sub(r"\$[^$]*\$", "", re.sub(r"\$\$.*?\$\$", "", prose, flags=re.S))
    assert "{" not in text and "}" not in text, "an unfilled catalog placeholder"


def test_bias_offset_comes_from_a_netlist_with_current_sources():
    cards = [line.split() for line in bias_netlist().splitlines() if line and line[0] not in "*."]
    assert {c[0] for c in cards if c[0].startswith("I")} == {"Ib1", "Ib2"}
    code = "\n".join(c.source for c in frequency_notebook("en").cells if c.cell_type == "code")
    assert "parse_netlist(BIAS" in code and "derive(bias)" in code
    assert "0.0005" not in code and "1/2000" not in code          # the 0.5 mV is computed, not typed


@pytest.mark.parametrize("lang", ["en", "es"])
def test_committed_outputs_show_the_band_the_offset_and_the_figures(lang):
    out = outputs(lang)
    low, high, peak = (float(x) for x in re.findall(r"[\d.]+", out["band-4"][0])[:3])
    assert 0.045 < low < 0.05 and 150 < high < 160 and 999 < peak < 1002     # the 0.05-150 Hz band
    assert "-1/2000" in out["bias-8"][0] and "-0.5" in out["bias-8"][0]      # 0.5 nA x 1 MOhm = 0.5 mV
    assert "H₀ = 0" in out["bias-10"][0]                                      # AC coupling: no DC gain
    assert r"e^{-\frac{t}{C_{h} R_{h}}}" in out["step-2"][0].replace("- ", "-")   # exact inverse Laplace
    figures = ("circuit-2", "band-8", "poles-3", "step-5", "step-7", "bias-2")
    assert all(out[cell][1] == 1 for cell in figures)
