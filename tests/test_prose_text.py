"""Prose and typography of the terminal output (issue 13, item 7), in both languages."""
import re

import pytest

from derive.circuit import builtin_names
from derive.circuit.library import load_circuit
from derive.cli import main
from derive.text import LANGUAGES, circuit_title

# letters with a Unicode subscript form: the terminal must never use them (V_b has none)
LETTER_SUBSCRIPTS = re.compile("[ₐₑₒₓₔₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ]")
SYMPY_SOURCE = re.compile(r"\*\*|\w\*\w|sqrt\(|\bpi\b")


def show(capsys, *args):
    assert main(["show", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_subscript_rule_in_the_terminal(capsys, lang):
    out = show(capsys, "sallen-key-lp", "--lang", lang)
    assert not LETTER_SUBSCRIPTS.search(out)
    assert "V_a" in out and "V_b" in out and "R₁" in out          # node names as typed, digits subscript
    out = show(capsys, "inamp", "--lang", lang)
    assert "V₁₁" in out and "Vout₁" in out and "RG" in out and not LETTER_SUBSCRIPTS.search(out)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_poles_and_frequencies_are_pretty_printed(capsys, lang):
    out = show(capsys, "sallen-key-lp", "--lang", lang)
    tail = out[out.index("Polos" if lang == "es" else "Poles"):]
    assert not SYMPY_SOURCE.search(tail), tail
    assert "s₁ = " in tail and "s₂ = " in tail and "╲╱" in tail      # roots drawn, not typed as sqrt(...)
    assert "f₀ = 1/(2·π·" in tail
    out = show(capsys, "lossy-integrator", "--lang", lang, "--set", "Rf=10k,Cf=100n,Rin=1k", "--at", "f=1k")
    assert not SYMPY_SOURCE.search(out.split("\n\n", 1)[1].replace("exp(", "")), out
    assert "exp(-1000·t)" in out and "ⅈ" not in out


@pytest.mark.parametrize("lang,word", [("en", "impedances"), ("es", "impedancias")])
def test_kcl_names_what_the_currents_flow_through(capsys, lang, word):
    out = show(capsys, "sallen-key-lp", "--lang", lang)
    assert word in out and ("through the\n    resistors" not in out and "through the resistors" not in out)
    resistive = show(capsys, "inverting", "--method", "nodal", "--lang", lang)
    assert ("resistors" if lang == "en" else "resistencias") in resistive and word not in resistive


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_numeric_deck_names_its_resistors(capsys, tmp_path, lang):
    deck = tmp_path / "num.net"
    deck.write_text("Vin in 0\nR1 in m 10k\nR2 m out 100k\nU1 0 m out\n")
    out = show(capsys, str(deck), "--lang", lang)
    assert "R₁" in out and "R₂" in out and "10000 " not in out.split("\n(2)")[1].split("\n")[0]
    assert not re.search(r"(of|de|through|recorre) 10+\b", out)
    summer = tmp_path / "sum.net"
    summer.write_text("V1 a 0\nV2 b 0\nR1 a m 10k\nR2 b m 20k\nR3 m out 10k\nU1 0 m out\n")
    out = show(capsys, str(summer), "--method", "superposition", "--lang", lang)
    assert "20000" not in "".join(l for l in out.splitlines() if l.startswith("("))


def test_every_builtin_has_a_spanish_title_that_reads_with_del():
    """The Spanish heading is "Función de transferencia del {title}": the title is masculine."""
    for name in builtin_names():
        c = load_circuit(name)
        es = circuit_title(c, "es")
        assert es != c.title, name
        assert es.split()[0] in {"amplificador", "seguidor", "integrador", "derivador", "paso", "circuito"}, es


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numeric_results_carry_their_unit(capsys, tmp_path, lang):
    deck = tmp_path / "num.net"
    deck.write_text("Vin in 0 0.1\nR1 in m 10k\nR2 m out 100k\nU1 0 m out\n")
    out = show(capsys, str(deck), "--lang", lang)
    assert "    Vout = -1 V\n" in out and "    I_R1 = 10 µA\n" in out
    assert "(100 mV " in out and "1/10" not in out and "1/100000" not in out
    assert "    V_m = 0\n" in out                                       # a virtual ground needs no unit
    assert main(["latex", str(deck), "--lang", lang, "-o", str(tmp_path / "num.tex")]) == 0
    tex = (tmp_path / "num.tex").read_text("utf-8")
    assert r"\boxed{V_{out} = \SI{-1}{\volt}}" in tex and r"I_{R1} &= \SI{10}{\micro\ampere}" in tex
    assert r"\SI{100}{\milli\volt}" in tex


def test_a_rounded_value_says_approximately(capsys, tmp_path):
    deck = tmp_path / "third.net"
    deck.write_text("Vin in 0 1\nR1 in m 3k\nR2 m out 1k\nU1 0 m out\n")
    out = show(capsys, str(deck))
    assert "Vout ≈ -333.3 mV" in out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_notebooks_numbers_have_a_unit(lang):
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / lang / "01_superposition.ipynb").read_text("utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" and "with_unit(" in "".join(c["source"])
               for o in c["outputs"]]
    assert outputs and "".join(outputs[0]["data"]["text/plain"]) == "Vout = 11/200 = 55 mV"
    assert r"= 55\,\text{mV}$" in "".join(outputs[0]["data"]["text/latex"])
