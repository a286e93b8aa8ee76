"""Figures speak the language asked for: axis labels, titles, notes, legends and
edge labels of every plot come from the catalogs (issue 13, Spanish notebooks
had English axes). The words are read back from the matplotlib Axes."""
import re

import pytest
from matplotlib.figure import Figure
from sympy import Rational, Symbol

from derive.analysis.finite_gain import bode_plot as gain_bode_plot
from derive.analysis.finite_gain import finite_gain
from derive.analysis.input_range import input_range, range_plot
from derive.analysis.response import step_response, transfer, with_values
from derive.analysis.response_plots import bode_plot, pole_zero_plot, step_plot
from derive.analysis.sdomain import transfer_forms
from derive.analysis.tolerance import cmrr_histogram, tolerance_analysis
from derive.cli import main

s = Symbol("s")
ECG = {"R5": "25k", "RG": "50", "R1": "10k", "R2": "10k", "Rh": "3.3meg", "Ch": "1u", "Rl": "10k", "Cl": "100n"}
ENGLISH = re.compile(r"\b(phase|symmetric|scale|impulse|drawn|input|output|worst|first order|circuits)\b")


def words(fig):
    """Every text a reader sees on the figure's axes."""
    found = []
    for ax in fig.axes:
        found += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
        found += [t.get_text() for t in ax.texts]
        if ax.get_legend():
            found += [t.get_text() for t in ax.get_legend().get_texts()]
    return [w for w in found if w]


def _ecg():
    return with_values(transfer(transfer_forms("ecg-front-end")), ECG)


FIGURES = {
    "bode": lambda lang: bode_plot(1000 / (s + 1000), lang=lang),
    "pole_zero_symlog": lambda lang: pole_zero_plot(_ecg(), lang=lang),
    "pole_zero": lambda lang: pole_zero_plot(1000 / (s + 1000), lang=lang),
    "step_impulse": lambda lang: step_plot(step_response(s**2 / (s + 1000)), lang=lang),
    "finite_gain": lambda lang: gain_bode_plot(finite_gain("inverting"), {Symbol("Rf", positive=True): 99000,
                                               Symbol("Rin", positive=True): 1000}, 1e6, lang=lang),
    "range": lambda lang: range_plot(input_range("inamp-ic", (-15, 15), gain=10, part="AD620"), lang=lang),
    "histogram": lambda lang: cmrr_histogram(tolerance_analysis("diffamp", Rational(1, 1000), gain=10, samples=50),
                                             lang=lang),
}

SPANISH = {
    "bode": ["fase (°)", "f (Hz)", "|H| (dB)"],
    "pole_zero_symlog": ["σ (rad/s, escala logarítmica simétrica)", "jω (rad/s)"],
    "pole_zero": ["σ (rad/s)", "jω (rad/s)"],
    "step_impulse": ["el impulso en t = 0 no se dibuja", "t (s)"],
    "finite_gain": ["|G| (dB)", "fase (°)"],
    "range": ["V_cm (V)", "U1 salida (o1) 15 V"],
    "histogram": ["circuitos", "peor caso", "primer orden"],
}


@pytest.mark.parametrize("kind", FIGURES)
def test_a_spanish_figure_has_spanish_labels(kind):
    spanish = words(FIGURES[kind]("es"))
    assert set(SPANISH[kind]) <= set(spanish), spanish
    assert not [w for w in spanish if ENGLISH.search(w)], spanish
    english = words(FIGURES[kind]("en"))
    assert len(english) == len(spanish)


def _figures_saved(monkeypatch):
    saved = []
    original = Figure.savefig

    def record(fig, *args, **kwargs):
        saved.append(fig)
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", record)
    return saved


def test_show_draws_its_figures_in_the_language_of_lang(monkeypatch, tmp_path, capsys):
    saved = _figures_saved(monkeypatch)
    values = ", ".join(f"{k}={v}" for k, v in ECG.items())
    paths = [str(tmp_path / f"{n}.png") for n in ("b", "pz", "st")]
    assert main(["show", "ecg-front-end", "--set", values, "--bode", paths[0], "--pole-zero", paths[1],
                 "--step", paths[2], "--lang", "es"]) == 0
    capsys.readouterr()
    seen = [w for fig in saved for w in words(fig)]
    assert {"fase (°)", "σ (rad/s, escala logarítmica simétrica)", "t (s)"} <= set(seen)
    assert not [w for w in seen if ENGLISH.search(w)], seen


def test_range_plot_is_drawn_in_the_language_of_lang(monkeypatch, tmp_path, capsys):
    saved = _figures_saved(monkeypatch)
    assert main(["range", "inamp-ic", "--supply=-15,15", "--part", "INA128", "--gain", "100",
                 "--plot", str(tmp_path / "d.png"), "--lang", "es"]) == 0
    capsys.readouterr()
    (fig,) = saved
    texts = words(fig)
    assert "U3 salida (out) 15 V" in texts and not [w for w in texts if ENGLISH.search(w)], texts
