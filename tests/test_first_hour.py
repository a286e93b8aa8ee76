"""Issue 13, the first hour of a new user: the command line reads as people type.

Each test is one thing a new user tried that went wrong; run in-process
(``derive.cli.main(argv)``) so they stay quick.
"""
import pytest

from derive.checker.lexer import normalise, tokenize
from derive.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


# --- derive check: what people type ------------------------------------------------

def test_an_answer_that_begins_with_a_minus_sign_is_graded(capsys):
    status, out, err = run(capsys, "check", "inverting", "-Rf/Rin*Vin")
    assert status == 0, err
    assert out.endswith("Correct: your answer is equal to Vout.\n")


@pytest.mark.parametrize("argv", [
    ["check", "inamp", "--general", "(1+2*R5/RG)*R2/R1*(V1-V2)"],
    ["check", "inamp", "(1+2*R5/RG)*R2/R1*(V1-V2)", "--general"],
    ["check", "--general", "inamp", "(1+2*R5/RG)*R2/R1*(V1-V2)"],
])
def test_options_go_anywhere(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 1 and "only if R5 = R6" in out, err       # general: the matched formula is wrong


def test_options_after_a_negative_answer_and_a_value_that_starts_with_minus(capsys):
    status, out, _ = run(capsys, "check", "inverting", "-Rf/Rin*Vin", "--lang", "es")
    assert status == 0 and out.endswith("Correcto: tu respuesta es igual a Vout.\n")
    status, out, _ = run(capsys, "check", "inverting", "-q", "Vout", "--given", "Rf=10k, Rin=1k, Vin=-1", "10 V")
    assert status == 0, out


def test_an_unknown_option_is_still_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "inamp", "--genral", "x"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: --genral" in capsys.readouterr().err


@pytest.mark.parametrize("answer", [
    "8.49×10^3 Ω", "8.49 k\u2126", "$8.49 \\times 10^{3}\\,\\Omega$", "8490 ohm", "８４９０ Ω",
])
def test_numbers_as_people_write_them(capsys, answer):
    status, out, err = run(capsys, "check", "inamp-ic", "-q", "RG", "--given", "R=24.7k, Vinp=1m, Vinm=0, Vref=0, "
                           "Vout=6.818", answer)
    assert err == "" and "8490 Ω" in out.splitlines()[0], (answer, out, err)


def test_the_ohm_sign_is_the_letter_omega():
    assert normalise("10 k\u2126") == normalise("10 k\u03a9") == "10 kΩ"
    assert [t.text for t in tokenize("R²")] == ["R", "^", "2"]          # superscripts stay powers


@pytest.mark.parametrize("text", ["$-\\frac{R_f}{R_{in}}V_{in}$", "$$-\\frac{Rf}{Rin} Vin$$",
                                  "\\(-\\frac{Rf}{Rin} Vin\\)", "\\[-Rf/Rin\\cdot Vin\\]"])
def test_latex_in_math_delimiters(capsys, text):
    status, out, err = run(capsys, "check", "inverting", text)
    assert status == 0, (text, out, err)


@pytest.mark.parametrize("circuit, answer", [
    ("inamp", "(1+2*R5/RG)*R2/R1"), ("inamp-wiki", "(1+2*R1/Rg)*R3/R2"), ("inverting", "-Rf/Rin"),
    ("inamp-ic", "G = 1 + 2R/RG"),
])
def test_the_gain_g_can_be_asked_for(capsys, circuit, answer):
    status, out, err = run(capsys, "check", circuit, "--quantity", "G", answer)
    assert status == 0, (out, err)
    assert out.endswith("equal to G.\n")


def test_a_wrong_gain_is_not_equal(capsys):
    status, out, _ = run(capsys, "check", "inamp", "-q", "G", "(1+R5/RG)*R2/R1")
    assert status == 1


# --- -o, --version, files that are missing -----------------------------------------

def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("derive 0.")


def test_cmrr_and_design_write_to_a_file(capsys, tmp_path):
    target = tmp_path / "cmrr.tex"
    status, out, _ = run(capsys, "cmrr", "diffamp", "--latex", "-o", str(target))
    assert status == 0 and out == f"wrote {target}\n"
    assert target.read_text("utf-8").startswith("\\documentclass")
    target = tmp_path / "design.txt"
    status, out, _ = run(capsys, "design", "inamp-ic", "--gain", "100", "-o", str(target), "--lang", "es")
    assert status == 0 and out == f"se ha escrito {target}\n" and "RG" in target.read_text("utf-8")


def test_latex_says_what_it_wrote(capsys, tmp_path):
    target = tmp_path / "inv.tex"
    status, out, _ = run(capsys, "latex", "inverting", "-o", str(target))
    assert status == 0 and out == f"wrote {target}\n" and target.is_file()


@pytest.mark.parametrize("argv, sentence", [
    (["check", "inamp", "--batch", "missing.csv"],
     "derive: error: cannot read the answers file (--batch) missing.csv: there is no such file; "
     "check the name and folder\n"),
    (["latex", "inamp", "-o", "/no/such/dir/r.tex"],
     "derive: error: cannot write /no/such/dir/r.tex: the folder /no/such/dir does not exist; "
     "create it or choose another path with -o\n"),
])
def test_file_errors_exit_2_with_one_sentence(capsys, monkeypatch, tmp_path, argv, sentence):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert (status, err) == (2, sentence)


def test_batch_output_folder_is_checked_before_grading(capsys, tmp_path):
    answers = tmp_path / "a.csv"
    answers.write_text("answer\n(1+2*R5/RG)*R2/R1*(V1-V2)\n", encoding="utf-8")
    status, out, err = run(capsys, "check", "inamp", "--batch", str(answers), "-o", "/no/such/dir/r.csv")
    assert status == 2 and err.count("\n") == 1 and "graded" not in err
    assert "the folder /no/such/dir does not exist" in err


# --- netlists as people write them (item 4, 7) --------------------------------------

from derive.circuit.netlist import parse_netlist, read_netlist  # noqa: E402
from derive.errors import NetlistError  # noqa: E402

INVERTING = "V1 in 0\nR1 in m 1k\nR2 m out 10k\nU1 0 m out\n"


def test_a_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "bom.net"
    path.write_bytes(b"\xef\xbb\xbf" + INVERTING.encode())
    assert read_netlist(path).element("R2").value == 10_000
    assert parse_netlist("\ufeff" + INVERTING).element("R1").value == 1000


def test_a_hash_inside_a_line_is_not_a_silent_comment():
    with pytest.raises(NetlistError, match=r"line 2: '#' starts a comment only at the beginning of a line"):
        parse_netlist(INVERTING.replace("R1 in m 1k", "R1 in m 1k # input"))
    assert parse_netlist("# a comment line\n" + INVERTING.replace("1k", "1k ; input")).element("R1").value == 1000


def test_a_huge_netlist_is_refused_without_reading_it_whole(tmp_path):
    import tracemalloc

    path = tmp_path / "huge.net"
    with path.open("wb") as f:
        f.truncate(2 * 1024**3)          # 2 GB, sparse: takes no disk space
    tracemalloc.start()
    with pytest.raises(NetlistError, match="huge.net: the netlist is too large"):
        read_netlist(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 1024**2, peak


def test_per_language_titles(capsys, tmp_path):
    path = tmp_path / "sum.net"
    path.write_text(".title Three-input summing amplifier\n.title.es amplificador sumador de tres entradas\n"
                    "V1 a 0\nV2 b 0\nV3 c 0\nR1 a m 10k\nR2 b m 10k\nR3 c m 10k\nRf m out 10k\nU1 0 m out\n",
                    encoding="utf-8")
    assert main(["show", str(path), "--lang", "es"]) == 0
    assert capsys.readouterr().out.startswith(
        "Función de transferencia del amplificador sumador de tres entradas\n")
    assert main(["show", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Three-input summing amplifier: transfer function\n")


def test_an_untranslated_title_reads_well_in_spanish(capsys, tmp_path):
    path = tmp_path / "t.net"
    path.write_text(".title Three-input summing amplifier\n" + INVERTING, encoding="utf-8")
    assert main(["show", str(path), "--lang", "es"]) == 0
    assert capsys.readouterr().out.startswith("Three-input summing amplifier: función de transferencia\n")


def test_a_title_keeps_dollar_and_hash():
    c = parse_netlist(".title Cost in $ & 50% of #1\n" + INVERTING)
    assert c.title == "Cost in $ & 50% of #1"
    with pytest.raises(NetlistError, match="languages are en, es"):
        parse_netlist(".title.fr Amplificateur\n" + INVERTING)


@pytest.mark.skipif(not all(__import__("shutil").which(p) for p in ("pdflatex", "xelatex", "pdftotext")),
                    reason="needs pdflatex, xelatex and pdftotext (texlive-xetex, poppler-utils)")
@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_ordinary_title_with_tex_characters_compiles(tmp_path, capsys, lang):
    import subprocess

    title = r"Gain 100% & R_1 #2 costs $5 {a} \ ^ ~"
    path = tmp_path / "t.net"
    path.write_text(f".title {title}\n" + INVERTING, encoding="utf-8")
    tex = tmp_path / f"t_{lang}.tex"
    assert main(["latex", str(path), "--lang", lang, "-o", str(tex)]) == 0
    for engine in ("pdflatex", "xelatex"):
        done = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stdout[-800:]
        text = subprocess.run(["pdftotext", tex.with_suffix(".pdf").name, "-"], cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout
        # (Spanish typography puts a thin space before %: compare without spaces)
        assert title.replace(" ", "") in "".join(text.split()), text[:300]


# --- SPICE decks (item 6) -------------------------------------------------------------

@pytest.mark.parametrize("circuit, method", [
    ("inverting", None), ("noninverting", None), ("follower", None),
    ("inamp", "nodal"), ("inamp-wiki", "nodal"), ("diffamp", "nodal"), ("inamp-ic", "nodal"),
])
def test_show_reads_the_deck_spice_wrote_and_gets_the_same_result(capsys, tmp_path, circuit, method):
    from derive.circuit.library import load_circuit
    from derive.derivation import derive
    from derive.solver import solve
    from derive.spice.points import random_point

    deck = tmp_path / f"{circuit}.cir"
    assert main(["spice", circuit, "--seed", "3", "-o", str(deck)]) == 0
    capsys.readouterr()
    c = load_circuit(circuit)
    expected = solve(c.substitute(random_point(c, seed=3))).output
    assert derive(str(deck), method=method).result.rhs == expected
    assert main(["show", str(deck)] + (["--method", method] if method else [])) == 0
    assert capsys.readouterr().out.startswith(f"{c.title}: transfer function\n")


def test_a_deck_with_finite_gain_opamps(tmp_path, capsys):
    from derive.derivation import derive

    deck = tmp_path / "inv.cir"
    assert main(["spice", "inverting", "--values", "Rin=1k, Rf=2k, Vin=1", "--opamp-gain", "1e5",
                 "-o", str(deck)]) == 0
    assert derive(str(deck)).result.rhs == Rational(-200000, 100003)


from sympy import Rational, Symbol  # noqa: E402


def test_a_plain_deck_with_ac_source_analysis_lines_and_a_vcvs(tmp_path):
    from derive.derivation import derive

    deck = tmp_path / "ni.cir"
    deck.write_text("* Non-inverting amplifier\nV1 in 0 AC 1\nR1 n 0 1k\nR2 vo n\n+ 9k\nE1 vo 0 in n\n"
                    ".ac dec 10 1 1meg\n.control\nrun\nprint v(vo)\n.endc\n.end\nthis is not read\n",
                    encoding="utf-8")
    d = derive(str(deck))
    assert d.circuit.title == "Non-inverting amplifier"
    assert d.result.rhs == 10 * Symbol("V1", real=True)


@pytest.mark.parametrize("card, message", [
    ("X1 in out opamp", "line 3: X1: subcircuits cannot be read; write the op-amp as 'U1 plus minus out'"),
    ("V2 a 0 SIN(0 1 1k)", "line 3: V2: a SIN waveform cannot be read; give the source a DC value or AC 1"),
    ("E1 out a in 0 1e5", "line 3: E1: only a VCVS whose output is against ground"),
    (".include opamps.lib", "line 3: .include (included files) cannot be read"),
])
def test_what_a_deck_cannot_say_is_one_sentence_with_file_and_line(tmp_path, card, message):
    deck = tmp_path / "d.cir"
    deck.write_text(f"* deck\nV1 in 0 DC 1\n{card}\nR1 in out 1k\n", encoding="utf-8")
    with pytest.raises(NetlistError) as err:
        read_netlist(deck)
    assert str(err.value).startswith(f"{deck}: {message}")


# --- errors that are one clear sentence (item 5) ---------------------------------------

def test_a_solver_error_names_the_file_as_the_parser_does(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b1.net").write_text("V1 in1 0\nV2 in2 0\nU1 in1 g1 o1\nU2 in2 g2 o2\nR5 o1 g1 R5\nRG g1 g2 0\n"
                                     "R6 g2 o2 R6\nR1 o1 out 1k\nR2 o2 out 1k\n", encoding="utf-8")
    status, out, err = run(capsys, "show", "b1.net")
    assert status == 2 and err.startswith("derive: error: b1.net: line ") and err.count("\n") == 1


def test_a_resistor_shorting_the_output_to_ground_is_named(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "short.net").write_text("V1 in 0\nR1 in m 1k\nR2 m out 10k\nR3 out 0 0\nU1 0 m out\n",
                                        encoding="utf-8")
    status, out, err = run(capsys, "show", "short.net")
    assert (status, err) == (2, "derive: error: short.net: line 4: R3 (0 Ω) shorts the output, node out, to "
                                "ground, so it is always 0 V: remove R3 or give it a resistance\n")


def test_a_short_to_ground_keeps_ground(capsys):
    from derive.solver import solve

    c = parse_netlist("V1 in 0\nR0 0 p 0\nR1 in m 1k\nR2 m out 10k\nU1 p m out\n")
    assert solve(c.without_shorts()).output == -10 * Symbol("V1", real=True)


def test_the_notebook_time_limit_is_one_sentence(tmp_path):
    import subprocess
    import sys

    # 2 s: writing the notebook takes about 1 s, executing it 4 s more on an idle machine, so the
    # limit fires while the kernel runs (on a loaded machine it may fire before: the same sentence)
    done = subprocess.run([sys.executable, "-m", "derive", "--time-limit", "2", "notebook", "inamp", "--execute",
                           "-o", str(tmp_path / "nb.ipynb")], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert (done.returncode, done.stderr.count("\n")) == (2, 1), done.stderr[-2000:]
    assert done.stderr == ("derive: error: the command took longer than 2 s (--time-limit); a circuit this "
                           "large is better solved with numeric values\n")


@pytest.mark.parametrize("where", ["cell", "shutdown"])
def test_a_time_limit_inside_nbclient_is_one_sentence(tmp_path, where):
    """The limit fires inside nbclient's event loop, while a cell runs or while the
    kernel shuts down (where CI once saw 20 lines of tracebacks after derive's
    sentence): the run is finished quietly, no kernel is left, one line is printed."""
    import subprocess
    import sys

    script = f"""
import signal, sys, nbformat
from nbclient import NotebookClient
from derive.cli.limits import apply_limits, LimitExceeded
from derive.notebook.execute import execute
original = NotebookClient._async_cleanup_kernel
async def alarmed(self):
    if {where!r} == "shutdown":
        signal.setitimer(signal.ITIMER_REAL, 0.05)   # expires while the kernel shuts down
    await original(self)
NotebookClient._async_cleanup_kernel = alarmed
cell = "import time; time.sleep(60)" if {where!r} == "cell" else "1"
apply_limits(3 if {where!r} == "cell" else 600, 0)
try:
    execute(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)]))
except LimitExceeded as exc:
    print("stopped:", exc, file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and done.stderr.startswith("stopped: the command took longer than"), \
        done.stderr[-2000:]
    assert done.stderr.count("\n") == 1, done.stderr[-2000:]


# --- the README's examples use files that ship with the project (item 8) ----------------

def _readme_text_sessions():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    for block in re.findall(r"```text\n(.*?)\n```", text, flags=re.S):
        if "examples/" in block:
            yield block


@pytest.mark.parametrize("block", list(_readme_text_sessions()), ids=lambda b: b.split("\n")[0][:40])
def test_readme_examples_run_as_written(block, tmp_path):
    import re
    import shlex
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "examples", tmp_path / "examples")
    for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, expected = part.partition("\n")
        argv = shlex.split(command)
        if argv[0] == "cat":
            shown = (tmp_path / argv[1]).read_text("utf-8")
        else:
            assert argv[0] == "derive"
            done = subprocess.run([sys.executable, "-m", "derive", *argv[1:]], capture_output=True, text=True,
                                  timeout=300, cwd=tmp_path)
            progress = [line for line in done.stderr.splitlines() if line.startswith("graded ")]
            rest = [line for line in done.stderr.splitlines() if not line.startswith("graded ")]
            # a terminal shows the progress line rewritten in place: the last one stays
            shown = done.stdout + "\n".join(rest + progress[-1:])
        assert [line.rstrip() for line in shown.rstrip("\n").splitlines()] == \
            [line.rstrip() for line in expected.splitlines()], command


def test_design_below_the_open_rg_gain_says_no_resistor_gives_it(capsys):
    status, out, err = run(capsys, "design", "inamp-ic", "--gain", "0.5")
    assert status == 2 and out == ""
    assert err == ("derive: error: a gain of 0.5 is below 1, the gain with RG open, and no RG gives less: "
                   "inamp-ic cannot attenuate; ask for G >= 1\n")


@pytest.mark.parametrize("circuit, method, suggested, general", [
    ("inverting", "nodal", "virtual-short", False), ("inverting", None, "nodal", False),
    ("inamp", None, "virtual-short", True),
])
def test_notebook_exercises_suggest_only_what_applies(circuit, method, suggested, general):
    from derive.notebook.build import derivation_notebook

    for lang in ("en", "es"):
        nb = derivation_notebook(circuit, lang, method=method)
        text = next(c.source for c in nb.cells if c.id.startswith("exercise"))
        assert f'method="{suggested}"' in text and text.count("method=") == 1
        assert ("general=True" in text) == general


SUMMER = (".title Three-input summing amplifier\nV1 a 0\nV2 b 0\nV3 c 0\nR1 a m {r1}\nR2 b m {r2}\nR3 c m 10k\n"
          "Rf m out 20k\nU1 0 m out\n")


def test_cmrr_of_a_summer_says_which_input_it_holds_at_zero(capsys, tmp_path):
    path = tmp_path / "sum.net"
    path.write_text(SUMMER.format(r1="10k", r2="5k"), encoding="utf-8")
    for lang, said in (("en", "the other input V3 is held at zero"), ("es", "la otra entrada, V3, se mantiene a cero")):
        status, out, _ = run(capsys, "cmrr", str(path), "--brief", "--lang", lang)
        assert status == 0 and said in out


def test_cmrr_of_equal_gains_is_one_sentence(capsys, tmp_path):
    path = tmp_path / "sum.net"
    path.write_text(SUMMER.format(r1="10k", r2="10k"), encoding="utf-8")
    status, out, err = run(capsys, "cmrr", str(path))
    assert status == 2 and err.count("\n") == 1 and "the differential gain A_d is 0" in err


def test_prose_never_shows_sympy_source_text(capsys):
    status, out, _ = run(capsys, "show", "examples/divider-stage.net")
    assert status == 0
    prose = [line for line in out.splitlines() if line.startswith(("(", "    ")) and "=" not in line]
    assert not [line for line in prose if "*" in line], prose
    assert "(Rb/(Ra + Rb))·Vin" in out


def test_the_time_limit_ends_with_the_command(tmp_path):
    """The limit bounds the command: once main() returns, no alarm is left to kill the
    interpreter's exit (an executed notebook was written, then "Alarm clock", status 142)."""
    import subprocess
    import sys

    script = ("import signal, sys\n"
              "from derive.cli import main\n"
              "sys.argv = ['derive', '--time-limit', '50', 'show', 'inverting']\n"
              "status = main()\n"
              "print(status, signal.getitimer(signal.ITIMER_REAL))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert done.stdout.splitlines()[-1] == "0 (0.0, 0.0)", done.stdout + done.stderr
