"""Numbers in Spanish output use the decimal comma everywhere (issue 13, item 7).

One formatter (``derive.text.numerals``) writes every number shown in
prose and tables; the commands' Spanish output must not mix ``49.45`` with
``-3,037``. Formulas (SymPy's pretty print) and input syntax that can be typed
back (``punto 1: Rf=96.4k``, SPICE decks) are not prose and keep the point.
"""
import re
import shutil

import pytest

from derive.cli import main
from derive.text.numerals import formatted, localized
from derive.notation.units import si_plain

NEUTRAL_DECIMAL = re.compile(r"\d\.\d")


def test_the_formatter_writes_each_language():
    assert formatted(1250.5, ",.1f", "es") == "1 250,5"
    assert formatted(1250.5, ",.1f", "en") == "1,250.5"
    assert formatted(-0.03037, "+.3%", "es") == "-3,037%"
    assert localized("G = 969.627, error -3.037 %", "es") == "G = 969,627, error -3,037 %"
    assert localized("2.2e-12 (1.0e-08)", "es") == "2,2e-12 (1,0e-08)"
    assert si_plain(49450, "ohm", "es") == "49,45 kΩ" and si_plain(49450, "ohm") == "49.45 kΩ"


def test_words_and_names_are_left_alone():
    # a comma between values and digits inside names are not numbers to rewrite
    assert localized("R1 = 10, R2 = 20; V1.5", "es") == "R1 = 10, R2 = 20; V1.5"
    assert localized("1,2345", "es") == "1,2345"


def _out(argv, capsys):
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out


def test_design_numbers_in_spanish(capsys):
    status, out = _out(["design", "inamp-ic", "--gain", "1000", "--part", "AD620", "--lang", "es"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert "RG exacta: 49,45 Ω" in lines
    assert "Valor E24 más próximo: 51 Ω → G = 969,627, error -3,037 %" in lines
    assert "Valores E24 vecinos: 47 Ω → G = 1052,06, 56 Ω → G = 883,143" in lines
    assert "(9) Su error respecto de la ganancia deseada, 1000 (-3,037 %): (usa (8))" in lines


def test_design_numbers_in_english_unchanged(capsys):
    status, out = _out(["design", "inamp-ic", "--gain", "1000", "--part", "AD620"], capsys)
    assert status == 0
    assert "Nearest E24: 51 Ω → G = 969.627, error -3.037 %" in out.splitlines()


def test_the_value_at_a_frequency_in_spanish(capsys):
    status, out = _out(["show", "sallen-key-lp", "--set", "R1=10k,R2=10k,C1=10n,C2=10n",
                        "--at", "f=1.5k", "--lang", "es"], capsys)
    assert status == 0
    assert "    |H| = 0,529587 (-5,521 dB), fase -86,608°" in out.splitlines()
    assert "Banda a -3 dB (paso bajo): hasta f_H = 1,024 kHz" in out


# commands whose Spanish summary (--brief: no formula blocks) is all prose and tables
BRIEF = [
    ["design", "inamp-ic", "--gain", "1000", "--part", "AD620", "--brief"],
    ["design", "inamp-ic", "--rg", "8.2k", "--part", "AD620"],
    ["budget", "inamp-ic", "--part", "AD620", "--gain", "100", "--brief"],
    ["noise", "inamp-ic", "--part", "AD620", "--gain", "100", "--brief"],
    ["range", "inamp-ic", "--part", "AD620", "--gain", "100", "--supply", "-5,5", "--brief"],
    ["cmrr", "inamp", "--tolerance", "0.001", "--gain", "100", "--brief"],
    ["show", "mfb-bandpass", "--set", "R1=10k,R2=10k,R3=1k,C1=10n,C2=10n", "--at", "f=1.5k"],
    ["check", "inamp-ic", "8.49k", "--quantity", "RG", "--given", "R=24.7k,Vout=5,Vinp=0.1,Vinm=0,Vref=0"],
    ["check", "inverting", "1.5", "--given", "Rin=1k,Rf=2k,Vin=-0.75"],
]


def _prose(out):
    """The lines that are words (not a formula block drawn with box characters)."""
    lines = out.splitlines()
    drawn = set()
    for i, line in enumerate(lines):
        if re.search(r"[─⎛⎜⎝⎞⎟⎠╲╱]", line):     # a drawn fraction or root: its block is a formula
            j = i
            while j >= 0 and lines[j].startswith("    ") and not lines[j].lstrip().startswith("("):
                drawn.add(j)
                j -= 1
            j = i
            while j < len(lines) and lines[j].startswith("    "):
                drawn.add(j)
                j += 1
    return [l for i, l in enumerate(lines) if i not in drawn]


# whole outputs, steps and formulas included (formulas take the comma too: 93,98 dB)
FULL = [
    ["budget", "inamp-ic", "--part", "AD620", "--gain", "100"],
    ["noise", "inamp-ic", "--part", "AD620", "--gain", "100"],
    ["range", "inamp-ic", "--part", "AD620", "--gain", "100", "--supply", "-5,5"],
    ["cmrr", "inamp", "--tolerance", "0.001", "--gain", "100"],
    ["cmrr", "diffamp", "--tolerance", "0.1%", "--common-mode", "2", "--max-error", "100u"],
    ["show", "sallen-key-lp", "--set", "R1=10k,R2=10k,C1=10n,C2=10n", "--at", "f=1.5k"],
    ["budget", "examples/inamp-offsets.net", "--set", "RG=1k"],
    ["noise", "examples/filtered-stage-noise.net", "--frequency", "1k"],
    ["design", "inamp-ic", "--gain", "100", "--part", "INA128", "--gbw", "1meg"],
]


@pytest.mark.parametrize("argv", FULL, ids=[" ".join(a[:3]) for a in FULL])
def test_no_decimal_point_anywhere_in_spanish_output(argv, capsys, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    status, out = _out(argv + ["--lang", "es"], capsys)
    assert status == 0, out
    bad = [l for l in out.splitlines() if NEUTRAL_DECIMAL.search(l)]
    assert not bad, bad


@pytest.mark.parametrize("argv", BRIEF, ids=[" ".join(a[:3]) for a in BRIEF])
def test_no_decimal_point_in_spanish_prose(argv, capsys):
    status, out = _out(argv + ["--lang", "es"], capsys)
    assert status in (0, 1), out
    bad = [l for l in _prose(out) if NEUTRAL_DECIMAL.search(l)]
    assert not bad, bad


@pytest.mark.skipif(shutil.which("ngspice") is None, reason="ngspice is not installed")
def test_verify_table_and_summary_in_spanish(capsys):
    status, out = _out(["verify", "inverting", "--points", "1", "--lang", "es"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert "1      V(out)             0,584342465753   0,584342465753  1,9e-16  1,0e-08     coincide" in lines
    assert lines[-1] == "coinciden: el único punto, 4 comprobaciones; peor error, V(out): 1,9e-16 (tolerancia 1,0e-08)"
    # the point's values are what --values reads back: the SPICE/netlist syntax, a point
    assert "punto 1: Rf=96.4k, Rin=87.6k, Vin=-531m" in lines


@pytest.mark.skipif(shutil.which("ngspice") is None, reason="ngspice is not installed")
@pytest.mark.parametrize("lang, points, words", [
    ("en", "1", "agree: the one point, 4 checks;"),
    ("en", "2", "agree: all 2 points, 4 checks each;"),
    ("es", "2", "coinciden: los 2 puntos, 4 comprobaciones en cada uno;"),
])
def test_verify_counts_agree_with_their_nouns(lang, points, words, capsys):
    status, out = _out(["verify", "inverting", "--points", points, "--lang", lang], capsys)
    assert status == 0 and out.splitlines()[-1].startswith(words)


def _tick_and_note_texts(fig):
    fig.canvas.draw()
    texts = []
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        texts += [ax.xaxis.get_offset_text().get_text(), ax.yaxis.get_offset_text().get_text()]
        texts += [t.get_text() for t in ax.texts]
    return [t for t in texts if t]


def test_figures_write_numbers_with_the_decimal_comma():
    from sympy import Rational, Symbol

    from derive.analysis.input_range import input_range, range_plot
    from derive.analysis.response import step_response
    from derive.analysis.response_plots import pole_zero_plot, step_plot
    from derive.analysis.tolerance import cmrr_histogram, tolerance_analysis

    s = Symbol("s")
    figures = {
        "step": lambda lang: step_plot(step_response(1000 / (s + 1000)), lang=lang),
        "pole_zero": lambda lang: pole_zero_plot(1 / (s**2 + Rational(13, 10) * s + 1), lang=lang),
        "range": lambda lang: range_plot(input_range("inamp-ic", (Rational(-5, 2), Rational(5, 2)), gain=10, part="AD620"), lang=lang),
        "histogram": lambda lang: cmrr_histogram(
            tolerance_analysis("diffamp", Rational(1, 1000), gain=10, samples=50), lang=lang),
    }
    for kind, make in figures.items():
        english, spanish = _tick_and_note_texts(make("en")), _tick_and_note_texts(make("es"))
        assert any(NEUTRAL_DECIMAL.search(t) for t in english), (kind, english)   # the test has decimals
        assert not [t for t in spanish if NEUTRAL_DECIMAL.search(t)], (kind, spanish)
        assert any(re.search(r"\d,\d", t) for t in spanish), (kind, spanish)


def test_a_numeric_netlist_reads_with_decimal_commas(tmp_path, capsys):
    path = tmp_path / "num.net"
    path.write_text("Vin in 0 1.5\nR1 in m 1.5k\nR2 m out 4.7k\nU1 0 m out\n")
    status, out = _out(["show", str(path), "--lang", "es"], capsys)
    assert status == 0
    assert "tensiones conocidas (1,5 V y V_m)" in out and "    Vout = -4,7 V" in out.splitlines()
    assert not [l for l in out.splitlines() if NEUTRAL_DECIMAL.search(l)]
    status, out = _out(["show", str(path)], capsys)
    assert "known voltages (1.5 V and V_m)" in out and "    Vout = -4.7 V" in out.splitlines()
