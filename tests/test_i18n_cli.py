"""Command-line errors and LaTeX comments in the language asked for (issue 13, item 7).

argparse's own messages ("unrecognized arguments", "invalid choice") come out
in Spanish under ``--lang es``, wherever ``--lang`` stands on the line.
"""
import pytest

from derive.circuit.library import load_circuit
from derive.cli import main
from derive.cli.parser import requested_language, translated
from derive.schematic import circuitikz
from derive.schematic.layout import LayoutError
from derive.text import catalog


def _error(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("argv, spanish", [
    (["show", "inverting", "--lang", "es", "--bogus"], "derive: error: argumentos no reconocidos: --bogus"),
    (["show", "inverting", "--bogus", "--lang=es"], "derive: error: argumentos no reconocidos: --bogus"),
    (["shw", "--lang", "es"], "derive: error: argumento COMMAND: opción no válida: 'shw' (elige entre 'list'"),
    (["show", "--lang", "es"], "derive show: error: faltan estos argumentos obligatorios: CIRCUIT"),
    (["design", "inamp", "--lan", "es"], "derive design: error: se necesita uno de los argumentos --gain --rg"),
    (["verify", "inverting", "--points", "x", "--lang", "es"],
     "derive verify: error: argumento --points: valor int no válido: 'x'"),
])
def test_argparse_errors_in_spanish(argv, spanish, capsys):
    err = _error(argv, capsys)
    assert err.startswith("uso: derive")
    assert spanish in err
    assert "usage" not in err and "unrecognized" not in err and "required" not in err


def test_argparse_errors_stay_english_by_default(capsys):
    err = _error(["show", "inverting", "--bogus"], capsys)
    assert err.startswith("usage: derive") and "derive: error: unrecognized arguments: --bogus" in err


def test_the_spanish_usage_keeps_its_columns(capsys):
    err = _error(["show", "--lang", "es"], capsys)
    first, second = err.splitlines()[:2]
    assert first.startswith("uso: derive show [-h]")
    assert second.index("[") == len("uso: derive show ")      # continuation lines under the options


def test_the_language_is_read_before_parsing():
    assert requested_language(["check", "inamp", "--lang", "es", "--", "-R"]) == "es"
    assert requested_language(["check", "inamp", "--", "--lang", "es"]) == "en"
    assert requested_language(["show", "x", "--lang"]) == "en"
    assert requested_language(["range", "x", "--latex", "--la", "es"]) == "en"   # --la could be --latex


def test_every_argparse_message_has_a_translation():
    en, es = catalog("en", "cli")["argparse"], catalog("es", "cli")["argparse"]
    assert en.keys() == es.keys()
    # the English templates are argparse's own wording: a message of each kind is recognised
    assert translated("expected one argument", "es") == es["expected_one"]
    assert translated("ambiguous option: --x could match --xa, --xb", "es") == \
        "opción ambigua: --x puede ser --xa, --xb"
    assert translated("a sentence argparse never writes", "es") == "a sentence argparse never writes"


def test_a_schematic_that_cannot_be_laid_out_is_a_comment_in_the_language(monkeypatch):
    def refuse(circuit):
        raise LayoutError("cannot draw x faithfully: a wire crosses (please report this netlist as a bug)")

    monkeypatch.setattr(circuitikz, "to_circuitikz", refuse)
    circuit = load_circuit("inverting")
    es = circuitikz.document_drawing(circuit, "es")
    assert es.startswith("% No se ha podido trazar el esquema: cannot draw x") and es.endswith("\n")
    assert circuitikz.document_drawing(circuit).startswith("% The schematic could not be laid out:")


@pytest.mark.parametrize("circuit", ["inamp", "inamp-ic", "inverting", "sallen-key-lp", "ecg-front-end"])
def test_json_explanations_are_spanish_prose_with_terminal_formulas(circuit, capsys):
    import json
    import re

    assert main(["show", circuit, "--json", "--lang", "es"]) == 0
    steps = json.loads(capsys.readouterr().out)["steps"]
    for s in steps:
        text = s["explanation"]
        # formulas as the terminal prints them (R₅, ·, √), never SymPy's str (R5*R6, sqrt(...), **)
        assert not re.search(r"\w\*\w|\*\*|sqrt\(", text), text
    assert any(w in " ".join(s["explanation"] for s in steps) for w in ("Superposición", "tensión", "corriente"))


@pytest.mark.parametrize("argv, spanish", [
    (["design", "inamp-ic", "--gain", "1000", "--part", "AD620", "--gbw", "1M"],
     "derive: error: --gbw '1M' no es un número: una 'M' sola es ambigua"),
    (["design", "inamp-ic", "--gain", "0.5", "--part", "AD620"],
     "derive: error: una ganancia de 0,5 es menor que 1, la ganancia con RG abierta"),
])
def test_design_errors_in_spanish(argv, spanish, capsys):
    assert main(argv + ["--lang", "es"]) == 2
    assert capsys.readouterr().err.startswith(spanish)
