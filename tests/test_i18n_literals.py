"""No user-visible English sentence outside the message catalogs (issue 13, item 7).

Two guards: a walk of the modules' syntax trees that fails on an error raised,
or a line printed, with a sentence written in the code; and representative
errors of each command under ``--lang es`` that must come out in Spanish.
"""
import ast
import re
import shutil
from pathlib import Path

import pytest

from derive.cli import main

ROOT = Path(__file__).resolve().parents[1] / "derive"
MODULES = sorted(
    [ROOT / "analysis" / f"{m}.py" for m in ("design", "finite_gain", "tolerance")]
    + sorted((ROOT / "spice").glob("*.py"))
    + sorted((ROOT / "checker").glob("*.py"))
    + sorted((ROOT / "web").glob("*.py"))
    + [ROOT / "analysis" / f"{m}.py" for m in ("decompose", "decibels", "sdomain")]
    + [ROOT / "circuit" / "cost.py", ROOT / "cli" / "limits.py"]
    + sorted((ROOT / "cli").glob("*.py"))
    + sorted((ROOT / "notation").glob("*.py"))
    + [ROOT / "notebook" / f"{m}.py" for m in ("build", "execute", "html", "site")]
    + [ROOT.parent / "build_docs.py"]
)
# An internal error (a bug in derive, never the user's doing) may stay in English.
INTERNAL = re.compile(r"^(derive: )?internal\b")
# The program's name and "error:" in front of a sentence from the catalogs are a tag, not a sentence.
TAG = re.compile(r"^(derive|build_docs): (error: )?")
# Exceptions that are internal signals, caught and turned into a catalog message
# before anything is shown: the tree evaluator's Undefined ("square root of a
# negative number" picks the message) and ValueError ("not a rational tree").
# A TypeError for an argument of the wrong type is a bug of the caller, never the user's.
INTERNAL_RAISES = {("checker/tree.py", "Undefined"), ("checker/tree.py", "ValueError"),
                   ("checker/equivalence.py", "Undefined"), ("notation/decimals.py", "TypeError")}
# Calls that show their arguments: print, and the documentation build's progress lines.
SAYING = {"print", "progress", "_log"}
SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,:;]+[A-Za-z]{2,}")


def _literal_text(node):
    """The literal words of a str constant or f-string (placeholders dropped), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):               # "text " + more
        parts = [_literal_text(node.left), _literal_text(node.right)]
        return " ".join(p for p in parts if p) or None
    return None


def literal_sentences(path, internal=()):
    """(line, text) of each sentence raised or printed as a literal in ``path``
    (raises of the exception names in ``internal`` left out)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        args = []
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            if getattr(node.exc.func, "id", None) in internal:
                continue
            args = node.exc.args
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in SAYING:
            args = node.args
        for arg in args:
            text = _literal_text(arg)
            text = TAG.sub("", text) if text and not INTERNAL.match(text) else None
            if text and SENTENCE.search(text):
                found.append((node.lineno, text))
    return found


def test_the_walk_finds_a_literal_sentence(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(x):\n    raise ValueError(f"the value {x} is wrong")\n'
                   'def g():\n    print("done with " + "it")\n'
                   'def h():\n    raise RuntimeError("internal: a bug")\n')
    assert [line for line, _ in literal_sentences(bad)] == [2, 4]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_no_literal_sentence_is_raised_or_printed(path):
    where = str(path.relative_to(ROOT.parent)).removeprefix("derive/")
    assert literal_sentences(path, {name for module, name in INTERNAL_RAISES if module == where}) == []


SPANISH_ERRORS = [
    (["design", "inamp-ic", "--gain", "0.5", "--part", "INA128"], "no puede atenuar"),
    (["design", "inverting", "--gain", "10"], "no tiene una resistencia de ganancia RG"),
    (["design", "inamp-ic", "--gain", "100", "--part", "XYZ"], "componente desconocido 'XYZ'"),
    (["design", "inamp-ic", "--gain", "1e9", "--part", "INA128"], "está fuera del rango de la serie E24"),
    (["design", "inamp-ic", "--rg", "0", "--part", "INA128"], "cortocircuitaría la resistencia de ganancia"),
    (["cmrr", "diffamp", "--gain", "10"], "da también --tolerance"),
    (["cmrr", "diffamp", "--common-mode", "2"], "van juntos"),
    (["cmrr", "diffamp", "--tolerance", "0.1%", "--samples", "-1"], "--samples debe ser 0 o más"),
    (["cmrr", "diffamp", "--tolerance", "0.1%", "--inputs", "V1,V2"], "no se admite con --tolerance"),
    (["spice", "inverting"], "tiene símbolos sin valor numérico (Rf, Rin, Vin)"),
    (["spice", "inverting", "--values", "Rin=-1k"], "Rin es una resistencia y debe ser mayor que cero"),
    (["spice", "inverting", "--values", "Rx=1k"], "que no es un símbolo de inverting"),
    (["spice", "inverting", "--seed", "1", "--opamp-gain", "-5"], "--opamp-gain debe ser mayor que cero"),
    (["verify", "inverting", "--points", "0"], "el número de puntos debe ser al menos 1"),
    (["verify", "inverting", "--timeout", "-1"], "--timeout debe ser un número de segundos"),
    (["cmrr", "inverting"], "tiene una sola fuente de entrada; la descomposición necesita dos"),
    (["cmrr", "inamp", "--inputs", "V1,V9"], "las entradas deben ser dos de las fuentes V1, V2; se recibió V1, V9"),
]


@pytest.mark.parametrize("argv, spanish", SPANISH_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_errors_in_spanish(argv, spanish, capsys):
    assert main(argv + ["--lang", "es"]) == 2
    err = capsys.readouterr().err
    assert spanish in err, err
    assert main(argv) == 2
    assert spanish not in capsys.readouterr().err          # and English without --lang


def _spanish(call):
    from derive.errors import DeriveError

    with pytest.raises(DeriveError) as info:
        call()
    return info.value.text("es")


def test_analysis_errors_in_spanish():
    from derive.analysis.design import nearest_standard
    from derive.analysis.finite_gain import finite_gain
    from derive.analysis.tolerance import monte_carlo, tolerance_analysis
    from derive.circuit.netlist import parse_netlist

    divider = parse_netlist("V1 in 0 Vin\nR1 in out Ra\nR2 out 0 Rb\n")
    assert _spanish(lambda: finite_gain(divider)) == "netlist no tiene ningún operacional"
    assert _spanish(lambda: nearest_standard(100, "E7")) == "serie desconocida 'E7' (elige E12, E24, E48, E96)"
    assert _spanish(lambda: monte_carlo(0, 0, {}, 0.01, distribution="flat")).startswith("distribución desconocida")
    assert _spanish(lambda: tolerance_analysis("diffamp", 2)).startswith("la tolerancia 2 no está entre 0 y 1")


def test_notation_errors_in_spanish():
    from derive.notation.names import latex_symbol_name
    from derive.notation.units import si_plain

    assert _spanish(lambda: si_plain(1, "furlong")).startswith("unidad desconocida 'furlong': usa una de estas: ")
    assert _spanish(lambda: latex_symbol_name("a b")) == (
        "'a b' no es un nombre de símbolo: usa letras, dígitos y _, empezando por una letra")


def test_ngspice_errors_in_spanish():
    from derive.spice.ngspice import find_ngspice

    text = _spanish(lambda: find_ngspice("/no/such/ngspice"))
    assert text.startswith("no se encontró ngspice (se buscó '/no/such/ngspice'): instálalo con"), text


@pytest.mark.skipif(shutil.which("ngspice") is None, reason="ngspice is not installed (apt-get install ngspice)")
def test_verify_report_in_spanish(capsys):
    assert main(["verify", "inverting", "--points", "1", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "1 punto al azar" in out and "modelo para ngspice: operacionales ideales como nulores exactos" in out
    assert "Vout (derivación)" in out and "coinciden: el único punto" in out
    assert not re.search(r"\b(agree|point|random|worst|checks)\b", out), out
    assert main(["spice", "inverting", "--seed", "1", "--lang", "es"]) == 0
    assert "* exportado por derive" in capsys.readouterr().out


def test_checker_errors_in_spanish(tmp_path, capsys):
    numeric = tmp_path / "numeric.net"
    numeric.write_text("V1 in 0 1\nR1 in m 1k\nR2 m out 10k\nU1 0 m out\n")
    assert main(["check", str(numeric), "G", "--quantity", "G", "--lang", "es"]) == 2
    assert "no tiene ninguna fuente de entrada simbólica" in capsys.readouterr().err
    assert main(["check", "inverting", "Z", "--quantity", "Q", "--lang", "es"]) == 2
    err = capsys.readouterr().err
    assert "o por un símbolo del resultado con --given" in err and "of the result" not in err


@pytest.mark.parametrize("toml, spanish", [
    ('title = "x"', "hw.toml: no hay preguntas: añade al menos una tabla [[questions]]"),
    ('title = "x"\n[[questions]]\ncircuit = "inverting"\ntolerance = 3',
     "hw.toml, pregunta 'q1': 'tolerance' debe ser un número relativo entre 0 y 1 (0.01 es el 1 %)"),
    ('title = "x"\n[[questions]]\ncircuit = "inverting"\ngiven = 3',
     "hw.toml, pregunta 'q1': 'given' debe ser una tabla: given = { R1 = \"200k\", V1 = [\"100m\", \"200m\"] }"),
    ('title = "x"\n[[questions]]\nid = "a b"\ncircuit = "inverting"',
     "hw.toml, pregunta 1: el id 'a b' debe tener solo letras, dígitos, - y _ (como mucho 40)"),
])
def test_assignment_errors_in_spanish(toml, spanish):
    from derive.web.assignment import parse_assignment

    assert _spanish(lambda: parse_assignment(toml, "hw.toml")) == spanish


def test_an_inverted_range_is_refused_in_spanish():
    from derive.checker import Grader
    from derive.web.assignment import parse_assignment
    from derive.web.prepare import Prepared

    a = parse_assignment('title = "x"\n[[questions]]\ncircuit = "inverting"\n[questions.given]\n'
                         'Rin = ["2k", "1k"]\n', "hw.toml")
    text = _spanish(lambda: Prepared(a.questions[0], "seed", Grader(), "hw.toml"))
    assert text == "hw.toml, pregunta 'q1': Rin = [2k, 1k]: el extremo bajo está por encima del alto"


def test_limits_in_spanish():
    from derive.cli.limits import bounded_message, check_limits

    assert _spanish(lambda: check_limits(float("nan"), None)).startswith("--time-limit nan no es un número")
    assert _spanish(lambda: check_limits(None, 0.1)).startswith("--memory-limit 0.1 GiB es demasiado poco")
    assert bounded_message(2).text("es").startswith("la orden tardó más de 2 s (--time-limit)")


def test_a_circuit_too_large_is_refused_in_spanish():
    from derive.circuit.cost import check_cost
    from derive.circuit.netlist import parse_netlist

    ladder = "V1 n0 0 Vin\n" + "".join(f"R{k} n{k} n{k + 1} Ra{k}\nC{k} n{k + 1} 0 Cb{k}\n" for k in range(40))
    ladder += ".output n40\n"
    text = _spanish(lambda: check_cost(parse_netlist(ladder), budget=1000))
    assert text.startswith("el circuito 'netlist' es demasiado grande para resolverlo simbólicamente")
    assert "(el límite es 1,000)" in text


@pytest.mark.parametrize("budget, spanish, english", [
    (10**6, "(el límite es 1 millón)", "(the limit is 1 million)"),
    (10**9, "(el límite es mil millones)", "(the limit is 1 billion)"),
    (10**12, "(el límite es 1 billón)", "(the limit is 1 trillion)"),
    (3 * 10**6, "(el límite es 3 millones)", "(the limit is 3 million)"),
])
def test_one_million_is_singular(budget, spanish, english):
    """Number wording agrees with the count: "1 millón", never "1 millones"."""
    from derive.circuit.cost import CircuitTooLarge, check_cost
    from derive.circuit.netlist import parse_netlist

    ladder = "V1 n0 0 Vin\n" + "".join(f"R{k} n{k} n{k + 1} Ra{k}\nC{k} n{k + 1} 0 Cb{k}\n" for k in range(80))
    with pytest.raises(CircuitTooLarge) as info:
        check_cost(parse_netlist(ladder + ".output n80\n"), budget=budget)
    assert spanish in info.value.text("es") and english in str(info.value)


RG_IN_FEEDBACK = ".title rg feedback\nV1 a 0 V1\nV2 b 0 V2\nR1 a m R1\nRG m out RG\nR2 b p R1\nR3 p 0 RG\nU1 p m out\n"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_formulas_in_errors_are_written_as_the_terminal_writes_them(lang, tmp_path, capsys):
    """An error sentence shows a formula as the prose does (2·R₂·R₅/R₁), never SymPy source text (2*R2*R5/R1)."""
    assert main(["design", "inamp", "--gain", "100", "--part", "AD620", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert " 2·R₂·R₅/R₁ " in err and "2*R2*R5/R1" not in err, err
    net = tmp_path / "rg.net"
    net.write_text(RG_IN_FEEDBACK)
    assert main(["design", str(net), "--gain", "10", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert " RG/R₁, " in err and "RG/R1" not in err, err


@pytest.mark.parametrize("raised, status, spanish", [
    (KeyboardInterrupt, 130, "derive: interrumpido\n"),
    (MemoryError, 2, "derive: error: la orden se quedó sin memoria (--memory-limit); "
                     "un circuito tan grande se resuelve mejor con valores numéricos\n"),
])
def test_interruptions_are_worded_in_spanish(raised, status, spanish, monkeypatch, capsys):
    from derive.cli import cmd_schematic

    def stop(args):
        raise raised

    monkeypatch.setattr(cmd_schematic, "run", stop)
    assert main(["schematic", "inverting", "--lang", "es"]) == status
    assert capsys.readouterr().err == spanish


def test_an_open_gain_resistor_is_worded_in_spanish(capsys):
    assert main(["design", "inamp-ic", "--rg", "open", "--part", "AD620", "--lang", "es"]) == 0
    assert capsys.readouterr().out == "RG abierta (sin conectar): G = 1   (RG = abierta, AD620)\n"
