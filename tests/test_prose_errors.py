"""Netlist, circuit and solver errors in the user's language (issue 13, item 7).

Every sentence comes from the ``errors`` catalog: English by default, Spanish
under ``--lang es``, with the file and the line in front.
"""
import re

import pytest

from derive.cli import main
from derive.errors import DeriveError
from derive.circuit.netlist import parse_netlist
from derive.derivation import derive

ENGLISH = re.compile(r"\b(the|and|of|with|through|is|are|from|its|output|input|current|voltage|node|line)\b")

# (netlist, what the English sentence says): one per kind of check
BAD = {
    "dangling": ("V1 in 0 Vin\nR1 in m Rin\nU1 0 m out\nR3 typo out Rf\n", "node typo is connected only to R3"),
    "unknown element": ("V1 in 0\nQ1 in out 0\n", "unknown element 'Q1'"),
    "duplicate": ("V1 in 0\nR1 in out\nR1 out 0\n", "duplicate element name 'R1'"),
    "bad value": ("V1 in 0\nR1 in out 10q\nR2 out 0\n", "bad value for R1: '10q' is not a number"),
    "negative": ("V1 in 0\nR1 in out -10\nR2 out 0\n", "a resistance cannot be negative"),
    "roles": ("V1 in 0 X\nR1 in out X\nR2 out 0\n", "the symbol X is used as a resistance here but as a voltage"),
    "floating": ("V1 in 0\nR1 in out\nR2 out 0\nR3 a b\nR4 b a\n", "node a is floating"),
    "no ground": ("V1 in a\nR1 in out\nR2 out a\n", "no element is connected to ground"),
    "hash": ("V1 in 0\nR1 in out 1k # x\nR2 out 0\n", "'#' starts a comment only"),
    "too few nodes": ("V1 in 0\nR1 in\nR2 in out\nR3 out 0\n", "resistor R1 needs 2 nodes"),
    "positive feedback": ("V1 in 0\nR1 in p\nR2 p out\nU1 p 0 out\n", "feeds back to its non-inverting input"),
    "opamp parameter": ("V1 in 0\nR1 in m\nR2 m out\nU1 0 m out\n.opamp R1 vos=1m\n", "R1 (resistor) is not an op-amp"),
    "opamp inputs": ("V1 in 0\nR1 in m\nU1 m m out\nR2 out 0\n", "has both inputs on node m"),
}


def _error(tmp_path, capsys, text, lang):
    path = tmp_path / "bad.net"
    path.write_text(text)
    args = ["show", str(path)] + (["--lang", lang] if lang else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err                     # one sentence, one line
    return err


@pytest.mark.parametrize("case", sorted(BAD))
def test_netlist_errors_in_both_languages(case, tmp_path, capsys):
    text, english = BAD[case]
    en = _error(tmp_path, capsys, text, None)
    assert english in en
    es = _error(tmp_path, capsys, text, "es")
    assert es.startswith(f"derive: error: {tmp_path / 'bad.net'}: ")
    body = es.split(": ", 2)[2]
    if "línea" in en or "line " in en.split(": ")[2]:
        assert body.startswith("línea ")
    # Spanish throughout: no English word outside quoted netlist text
    assert not ENGLISH.search(re.sub(r"'[^']*'", "", body.split(": ", 1)[-1]).lower()), es
    assert es != en


def test_the_readme_example_in_spanish(capsys):
    assert main(["show", "examples/bad.net", "--lang", "es"]) == 2
    assert capsys.readouterr().err == (
        "derive: error: examples/bad.net: línea 5: el nodo typo solo está conectado a R3: "
        "¿hay un nombre de nodo mal escrito?\n")


def test_errors_keep_their_english_text_for_python_callers():
    with pytest.raises(DeriveError) as info:
        parse_netlist("V1 in 0\nQ1 in out 0\n")
    assert str(info.value).startswith("line 2: unknown element 'Q1'")
    assert info.value.text("es").startswith("línea 2: elemento desconocido 'Q1'")
    with pytest.raises(DeriveError) as info:
        derive("inverting", method="guess")
    assert info.value.text("es") == ("método desconocido 'guess' (elige " +
                                     str(info.value).split("(choose ")[1])


@pytest.mark.parametrize("lang,expected", [
    ("en", "derive: error: cannot read the answers file (--batch) missing.csv: there is no such file"),
    ("es", "derive: error: no se puede leer el fichero de respuestas (--batch) missing.csv: no existe ese fichero"),
])
def test_command_line_file_errors_in_both_languages(capsys, tmp_path, lang, expected):
    assert main(["check", "inamp", "--batch", "missing.csv", "--lang", lang]) == 2
    assert capsys.readouterr().err.startswith(expected)
    assert main(["latex", "inverting", "-o", str(tmp_path / "no" / "x.tex"), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert ("the folder" if lang == "en" else "la carpeta") in err and err.count("\n") == 1
