"""Issue 13 tried again: what a new user's own netlists still showed wrong.

Each test is one thing that went wrong when following the README and then
writing netlists as people do; run in-process (``derive.cli.main``).
"""
import pytest

from derive.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


SALLEN_KEY = """* Sallen-Key low-pass with a gain of 2 (Q = 1)
V1 in 0 Vin
R1 in a 4k7
R2 a b 4k7
C1 a out 100n
C2 b 0 100n
R3 m 0 10k
R4 m out 10k
U1 b m out
"""


def test_complex_poles_with_numbers_are_written_as_people_read_them(capsys, tmp_path):
    net = tmp_path / "sk.net"
    net.write_text(SALLEN_KEY, "utf-8")
    status, out, err = run(capsys, "show", str(net))
    assert status == 0, err
    poles = [line for line in out.splitlines() if line.startswith("Poles: s =")]
    assert len(poles) == 1, out
    # exact, then four digits; never SymPy's source text (sqrt, *, I)
    assert "sqrt" not in poles[0] and "*" not in poles[0] and "I" not in poles[0], poles[0]
    assert "≈ -1064 - 1843·j" in poles[0] and "≈ -1064 + 1843·j" in poles[0], poles[0]


@pytest.mark.parametrize("token, value", [("4k7", 4700), ("2u2", "11/5000000"), ("4R7", "47/10"),
                                          ("4k7Ω", 4700), ("2n2F", "11/5000000000"), ("1m5", "3/2000")])
def test_rkm_code_as_printed_on_parts(token, value):
    from sympy import Rational

    from derive.circuit.values import parse_number
    assert parse_number(token) == Rational(value)


def test_rkm_in_a_netlist_gives_the_same_circuit_as_decimals(capsys, tmp_path):
    rkm, decimal = tmp_path / "rkm.net", tmp_path / "decimal.net"
    rkm.write_text(SALLEN_KEY, "utf-8")
    decimal.write_text(SALLEN_KEY.replace("4k7", "4.7k"), "utf-8")
    first = run(capsys, "show", str(rkm))
    second = run(capsys, "show", str(decimal))
    assert first[0] == 0 and first[2] == ""
    assert first[1].replace("rkm", "decimal").replace("Rkm", "Decimal") == second[1]


@pytest.mark.parametrize("lang, words", [("en", "write 1.5meg or 1.5MΩ for mega, 1.5m for milli"),
                                         ("es", "escribe 1.5meg o 1.5MΩ para mega, 1.5m para mili")])
def test_rkm_with_a_capital_m_is_refused_in_one_sentence(capsys, tmp_path, lang, words):
    net = tmp_path / "m.net"
    net.write_text("V1 in 0 Vs\nR1 in m 1M5\nR2 m out 10k\nU1 0 m out\n", "utf-8")
    status, out, err = run(capsys, "show", str(net), "--lang", lang)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "line 2" in err.replace("línea", "line") and words in err, err


@pytest.mark.parametrize("argv", [
    ("budget", "inamp-ic", "--part", "AD620", "--gain", "100", "--brief"),
    ("noise", "inamp-ic", "--part", "INA128", "--gain", "10", "--latex"),
    ("range", "inamp-ic", "--supply", "-15,15", "--gain", "10", "--brief", "--json"),
    ("spice", "inverting", "--seed", "1"),
])
def test_every_report_with_o_goes_to_the_file_and_says_so(capsys, tmp_path, argv):
    status, shown, err = run(capsys, *argv)
    assert status == 0 and shown, err
    target = tmp_path / "report.out"
    status, out, err = run(capsys, *argv, "-o", str(target), "--lang", "es")
    assert status == 0, err
    assert out == f"se ha escrito {target}\n" and err == ""
    written = target.read_text("utf-8")
    assert written.splitlines()[1:] == run(capsys, *argv, "--lang", "es")[1].splitlines()[1:]


def test_latex_writes_the_imaginary_unit_as_the_terminal_does(capsys, tmp_path):
    net = tmp_path / "sk.net"
    net.write_text(SALLEN_KEY, "utf-8")
    status, out, err = run(capsys, "latex", str(net))
    assert status == 0, err
    poles = out.split("\\subsection*{Poles, zeros")[1].split("\\noindent Zeros")[0]
    assert "j \\sqrt{3}" in poles and " i " not in poles and "i \\sqrt" not in poles, poles


DECK = """* LTspice-style non-inverting amplifier
V1 in 0 DC 1 AC 1
R1 n1 0 1k
R2 n1 vo 10k
E1 vo 0 in n1
.op
.end
"""


@pytest.mark.parametrize("suffix", [".cir", ".sp"])
def test_check_reads_a_spice_deck_as_show_does(capsys, tmp_path, suffix):
    deck = tmp_path / f"noninv{suffix}"
    deck.write_text(DECK, "utf-8")
    status, out, err = run(capsys, "show", str(deck))
    assert status == 0 and "Vout = 11 V" in out, err
    status, out, err = run(capsys, "check", str(deck), "11")
    assert (status, err) == (0, ""), err
    assert "Correct" in out
    status, out, err = run(capsys, "check", str(deck), "10")
    assert status == 1 and "Not equal" in out, err


def test_check_reads_a_windows_netlist_with_a_byte_order_mark(capsys, tmp_path):
    net = tmp_path / "win.net"
    net.write_bytes("\ufeff* Windows\r\nV1 in 0 Vin\r\nR1 m 0 1k\r\nR2 m out 9k\r\nU1 in m out\r\n".encode("utf-8"))
    status, out, err = run(capsys, "check", str(net), "10*Vin", "--lang", "es")
    assert (status, err) == (0, ""), err
    assert "Correcto" in out


def test_the_readme_shows_the_example_netlists_as_they_ship():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text("utf-8")
    for name in re.findall(r"\[examples/([\w.-]+\.net)\]", readme):
        shipped = (root / "examples" / name).read_text("utf-8")
        after = readme.split(f"[examples/{name}]", 1)[1]
        block = re.search(r"```\n(.*?)```", after, flags=re.S)
        if block and block.group(1).startswith(shipped.splitlines()[0]):
            assert block.group(1) == shipped, name


def test_the_t_network_example_has_its_t_in_the_feedback_path():
    # the comment and the title say so; the textbook gain of a T feedback (Rin in, Ra-Rb-Rc T):
    # -(Ra + Rc + Ra·Rc/Rb)/Rin, larger than the resistors' own ratios
    from pathlib import Path

    from sympy import simplify, symbols

    from derive.derivation import derive

    d = derive(str(Path(__file__).resolve().parents[1] / "examples" / "t-network.net"))
    Rin, Ra, Rb, Rc = symbols("Rin Ra Rb Rc", positive=True)
    Vs = symbols("Vs", real=True)
    assert simplify(d.result.rhs + (Ra + Rc + Ra * Rc / Rb) / Rin * Vs) == 0
    assert d.method != "nodal"


def test_the_readme_counts_the_notebooks_build_docs_writes():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text("utf-8")
    committed = sorted(p.stem for p in (root / "notebooks" / "en").glob("*.ipynb"))
    words = {4: "four", 5: "five", 6: "six", 7: "seven"}
    assert f"regenerates the {words[len(committed)]} notebooks" in readme


@pytest.mark.parametrize("argv", [
    ("--lang", "es", "show", "inverting"),
    ("--lang=es", "show", "inverting"),
    ("--time-limit", "60", "--lang", "es", "show", "inverting"),
    ("--lang", "es", "--time-limit", "60", "show", "inverting"),
])
def test_a_command_option_typed_before_the_command_works(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, "")
    assert out == run(capsys, "show", "inverting", "--lang", "es")[1]
    assert out.startswith("Función de transferencia")


def test_an_option_before_a_command_that_does_not_have_it_is_still_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--json", "list"])
    assert stop.value.code == 2
    assert "--json" in capsys.readouterr().err


LTSPICE = ("* C:\\Users\\ana\\Documents\\LTspiceXVII\\Draft1.asc\r\n"
           "V1 N001 0 AC 1\r\nR1 N002 N001 10k\r\nR2 out N002 100k\r\nE1 out 0 0 N002 1e6\r\n"
           ".tran 5m\r\n.backanno\r\n.end\r\n")


def test_a_netlist_exported_by_ltspice_is_read(capsys, tmp_path):
    # LTspice saves "View SPICE netlist" as NAME.net, CRLF, the schematic's path first, .backanno last
    deck = tmp_path / "Draft1.net"
    deck.write_text(LTSPICE, "utf-8", newline="")
    status, out, err = run(capsys, "show", str(deck), "--lang", "es")
    assert (status, err) == (0, ""), err
    assert out.startswith("Draft1: función de transferencia") and "LTspice" not in out
    assert "1000000" in out and "V₁" in out


def test_an_output_taken_between_two_stages_has_its_terminal_beside_its_op_amp():
    # the Tow-Thomas biquad's output is U2's, whose wire goes on to U3: the terminal was
    # drawn at the far bottom left, wired all the way back; now on a short lead under U2's output
    from pathlib import Path

    from derive.circuit.netlist import read_netlist
    from derive.schematic.layout import layout_circuit

    circuit = read_netlist(Path(__file__).resolve().parent / "data" / "anycircuit" / "tow_thomas.net")
    lay = layout_circuit(circuit)
    out = next(t for t in lay.terminals if t.node == "o2")
    u2 = next(b for b in lay.opamps if b.element == "U2")
    u3 = next(b for b in lay.opamps if b.element == "U3")
    assert u2.center[0] < out.at[0] < u3.center[0], (out.at, u2.center, u3.center)
    assert abs(out.at[1] - u2.center[1]) <= 2, (out.at, u2.center)


@pytest.mark.parametrize("card, unit, expected, kind", [
    ("R2 m out 5V", "V", "Ω", "resistor"), ("R2 m out 2.2uF", "F", "Ω", "resistor"),
    ("C2 m out 10kΩ", "Ω", "F", "capacitor"), ("L1 m out 1nF", "F", "H", "inductor"),
])
def test_a_value_in_the_wrong_unit_is_refused_not_silently_read(capsys, tmp_path, card, unit, expected, kind):
    # "R2 m out 5V" was a 5 Ω resistor, "C2 m out 10kΩ" a 10,000 F capacitor
    net = tmp_path / "u.net"
    net.write_text(f"V1 in 0 Vs\nR1 in m 10k\n{card}\nU1 0 m out\n", "utf-8")
    status, out, err = run(capsys, "show", str(net))
    assert status == 2 and out == ""
    name, token = card.split()[0], card.split()[-1]
    assert err == (f"derive: error: {net}: line 3: bad value for {name}: '{token}' is in {unit}, "
                   f"but {name} ({kind}) is measured in {expected}\n")


@pytest.mark.parametrize("token, value", [("100R", 100), ("0R", 0), ("4k7Ω", 4700), ("10kohm", 10000)])
def test_values_in_their_own_unit_or_the_rkm_ohm_are_read(token, value):
    from derive.circuit.netlist import parse_netlist

    circuit = parse_netlist(f"V1 in 0 Vs\nR1 in m 10k\nR2 m out {token}\nR3 out 0 1k\nU1 0 m out\n")
    assert next(e for e in circuit.elements if e.name == "R2").value == value


@pytest.mark.parametrize("value, lang, sentence", [
    ("10 k", "en", "R2: the value '10 k' has a space inside: write it as one word, '10k'"),
    ("4.7 kΩ", "es", "R2: el valor '4.7 kΩ' tiene un espacio dentro: escríbelo junto, '4.7kΩ'"),
    ("2,2k", "en", "bad value for R2: '2,2k' is not a number: a netlist writes decimals with a point (2.2k)"),
    ("2,2k", "es", "valor incorrecto para R2: '2,2k' no es un número: en una netlist los decimales se escriben "
                   "con punto (2.2k)"),
])
def test_a_value_typed_as_people_write_it_on_paper_gets_a_sentence_saying_how(capsys, tmp_path, value, lang,
                                                                               sentence):
    net = tmp_path / "v.net"
    net.write_text(f"V1 in 0 Vs\nR1 in m 10k\nR2 m out {value}\nU1 0 m out\n", "utf-8")
    status, out, err = run(capsys, "show", str(net), "--lang", lang)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.rstrip("\n").endswith(sentence), err


@pytest.mark.parametrize("name, text", [("Draft1.net", LTSPICE), ("noninv.cir", DECK),
                                        ("win.net", "\ufeff* Windows\r\nV1 in 0 Vin\r\nR1 m 0 1k\r\n"
                                                    "R2 m out 9k\r\nU1 in m out\r\n")])
def test_a_notebook_of_a_deck_runs_the_circuit_it_was_made_from(tmp_path, name, text):
    # the notebook copies the netlist into its first cell; a SPICE deck was copied raw and
    # parse_netlist in the kernel refused it ('V1 N001 0 AC 1': too many fields)
    from derive.circuit.netlist import read_netlist
    from derive.notebook.build import derivation_notebook

    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    nb = derivation_notebook(str(path), "en")
    cell = next(c.source for c in nb.cells if c.cell_type == "code" and "NETLIST" in c.source)
    code = cell.replace("schematic(circuit)", "")
    space = {}
    exec(code, space)   # the generator's own code: imports, the copied netlist, parse_netlist
    made, read = space["circuit"], read_netlist(path)
    assert [(e.name, e.nodes, e.value) for e in made.elements] == \
        [(e.name, e.nodes, e.value) for e in read.elements]
    assert "\r" not in cell


@pytest.mark.parametrize("lang, sentence", [("en", "the exact value of Q is 1 (your answer"),
                                            ("es", "el valor exacto de Q es 1 (te desvías")])
def test_a_pure_number_is_shown_without_a_trailing_space(capsys, tmp_path, lang, sentence):
    net = tmp_path / "sk.net"
    net.write_text(SALLEN_KEY, "utf-8")
    status, out, err = run(capsys, "check", str(net), "--quantity", "Q", "1", "--lang", lang)
    assert status == 0, err
    assert sentence in out and "  " not in out, out


def test_the_readme_lists_every_option_of_build_docs():
    import re
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    shown = subprocess.run([sys.executable, "build_docs.py", "--help"], capture_output=True, text=True,
                           cwd=root, timeout=120).stdout
    options = set(re.findall(r"\[(--[a-z-]+)", shown))
    readme = (root / "README.md").read_text("utf-8")
    usage = next(line for line in readme.splitlines() if line.startswith("`python build_docs.py ["))
    assert options and options == set(re.findall(r"\[(--[a-z-]+)", usage)), (options, usage)


def _usage_lines():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    return [m.groups() for m in re.finditer(r"^`derive (\w+) (CIRCUIT .*)`$", readme, flags=re.M)]


@pytest.mark.parametrize("command, usage", _usage_lines(), ids=lambda x: str(x)[:12])
def test_the_readme_usage_line_of_a_command_lists_its_options(capsys, command, usage):
    import re

    with pytest.raises(SystemExit):
        main([command, "--help"])
    shown = capsys.readouterr().out
    options = set()
    for line in shown.splitlines():
        m = re.match(r"^  (-\w)?[^,-]*,? ?(--[\w-]+)", line)
        if m and m.group(2) != "--help":
            options.add((m.group(1), m.group(2)))
    assert options
    written = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", usage))
    missing = [long for short, long in options if long not in written and short not in written]
    assert not missing, f"derive {command}: {missing} not in the README's usage line"


@pytest.mark.parametrize("argv, lang, sentence", [
    (("show", "inamp.net"), "en", "there is no netlist file 'inamp.net' (looked in "),
    (("show", "my/nothere.net"), "es", "no hay ningún fichero de netlist 'my/nothere.net' (buscado en my)"),
    (("show", "INAMP"), "en", "'INAMP' is not a built-in circuit: the names are lower case, 'inamp'"),
    (("show", "nonsense"), "en", "'nonsense' is neither a built-in circuit (inamp, "),
])
def test_a_missing_file_or_a_capitalised_name_says_what_is_wrong(capsys, monkeypatch, tmp_path, argv, lang,
                                                                 sentence):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv, "--lang", lang)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("derive: error: " + sentence), err
