"""Hostile text (a netlist's title, a file's name, a student's answer) through every
command that writes an artefact: LaTeX compiled with pdflatex and xelatex (also with
-shell-escape), a notebook executed and opened as HTML in headless Chromium, SPICE
decks run by ngspice, batch results read as CSV. Nothing is read, written or run,
and the text shows up as the text it is."""
import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derive.circuit.netlist import parse_netlist
from derive.text.escape import (csv_cell, csv_value, html_text, latex_text, markdown_code, markdown_text,
                                one_line, spice_comment, terminal_text)

ROOT = Path(__file__).resolve().parents[1]
ELEMENTS = "V1 in 0\nR1 in m R1\nR2 m out R2\nU1 0 m out\n"


def latex_payloads(secret, marker):
    """Titles that would read ``secret``, write files or run a command in an unescaped document."""
    return [
        rf"\input{{{secret}}} \include{{{secret}}} \openin1={secret}",
        rf"\immediate\openout7={marker}-openout.tex \immediate\write7{{x}} \immediate\closeout7",
        rf"\immediate\write18{{touch {marker}-shell}} \ShellEscape{{touch {marker}-shell2}}",
        rf"^^5cinput{{{secret}}} \catcode`\^^M=13 }} {{ \end{{document}} \def\x{{\x}}\x",
        r"50% & R_1#2 {a} ~ ^ \\ \verb|x| \section{x} [opt] <<a>> ``q'' \par \bye",
        "Ω ± µ — “q” ‘a’ … 文字 \u202e reversed \u200b \x07",
    ]


HTML_PAYLOADS = [
    "<img src=x onerror=document.body.id=String.fromCharCode(80,87,78)>",
    "<script>document.body.id=String.fromCharCode(80,87,78)</script>",
    "<svg onload=document.body.id=String.fromCharCode(80,87,78)>",
    "[click](javascript:document.body.id=1) <iframe srcdoc=x></iframe> <a href=javascript:x>a</a>",
    r"\(\href{javascript:alert(1)}{x}\) \[x\] `code` *em* _u_ </div></body>",
]


def netlist(tmp_path, title, name="hostile"):
    path = tmp_path / f"{name}.net"
    path.write_text(f".title {title}\n{ELEMENTS}", encoding="utf-8")
    return path


def derive(*args, cwd, check=True):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "derive", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


# ------------------------------------------------------------ the functions
@pytest.mark.parametrize("text", [
    r"\input{x}", "a\nb", "<b>&", "=1+1", "'", "\x00\x1b[31m", "`` ` ``", "", "文 Ω",
])
def test_every_escape_keeps_one_line_and_no_raw_specials(text):
    for escaped in (latex_text(text), markdown_text(text), spice_comment(text), markdown_code(text)):
        assert "\n" not in escaped and "\r" not in escaped and "\x00" not in escaped and "\x1b" not in escaped
    assert not re.search(r"(?<!\\)[<>&]", markdown_text(text).replace("&amp;", "").replace("&lt;", "")
                         .replace("&gt;", "").replace("&quot;", "").replace("&#x27;", ""))
    assert "<" not in html_text(text) and "\x1b" not in terminal_text(text)
    assert csv_value(csv_cell(text)) == text
    assert not csv_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_latex_text_leaves_no_command_or_group():
    escaped = latex_text(r"\input{a} \def\x{1} $x$ ^^5c #1 % c & _ ~")
    # every backslash starts one of the escapes, every brace is escaped or closes one
    commands = set(re.findall(r"\\([A-Za-z]+|.)", escaped))
    assert commands <= {"textbackslash", "{", "}", "$", "#", "%", "&", "_", "textasciicircum",
                        "textasciitilde"}, commands
    assert one_line(" a \n b ") == "a b"


# -------------------------------------------------------------------- LaTeX
def _compile(engine, tex, folder, shell_escape):
    command = [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
    if shell_escape:
        command[-1] = "-shell-escape"
    done = subprocess.run(command + [tex.name], cwd=folder, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout[-1500:]
    text = subprocess.run(["pdftotext", tex.with_suffix(".pdf").name, "-"], cwd=folder,
                          capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


@pytest.mark.skipif(not (shutil.which("pdflatex") and shutil.which("xelatex") and shutil.which("pdftotext")),
                    reason="needs pdflatex, xelatex and pdftotext")
def test_hostile_titles_compile_as_text_and_touch_nothing(tmp_path):
    secret = tmp_path / "secret.tex"
    secret.write_text("TOPSECRETCONTENT\n")
    work = tmp_path / "work"
    work.mkdir()
    marker = tmp_path / "pwned"
    payloads = latex_payloads("../secret", "../pwned")     # relative to the folder compiled in
    # one document per engine and shell-escape setting, each holding every payload
    # (the title of the derivation and of the CMRR analysis of a differential amp)
    for k, half in enumerate((payloads[:3], payloads[3:])):
        source = netlist(tmp_path, " | ".join(half), name=f"hostile{k}")
        derive("latex", source, "-o", work / f"doc{k}.tex", cwd=work)
    diff = tmp_path / "diff.net"
    diff.write_text(f".title {payloads[0]} {payloads[2]}\nV1 a 0\nV2 b 0\nR1 a m R1\nR2 p 0 R2\n"
                    "R3 b p R3\nR4 m out R4\nU1 p m out\n", encoding="utf-8")
    (work / "cmrr.tex").write_text(derive("cmrr", diff, "--latex", cwd=work).stdout, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    for engine in ("pdflatex", "xelatex"):
        for name in ("doc0.tex", "doc1.tex", "cmrr.tex"):
            text = _compile(engine, work / name, work, shell_escape=True)
            assert "TOPSECRETCONTENT" not in text
            if name == "doc0.tex":
                assert r"\input{../secret} \include" in text and r"\immediate\write18{touch" in text, text[:400]
            if name == "doc1.tex":
                assert r"50% & R_1#2 {a} ~ ^ \\ \verb|x| \section{x} [opt] <<a>>" in text, text[:400]
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "a file appeared outside the output folder"
    assert not list(tmp_path.glob("pwned*")) and not list(work.glob("pwned*"))
    produced = {p.suffix for p in work.iterdir()}
    assert produced <= {".tex", ".pdf", ".aux", ".log", ".out"}, produced


def test_hostile_file_names_are_escaped_in_latex_and_notebooks(tmp_path):
    """A netlist without a .title is titled with its file name: that is user text too."""
    name = r"$x$ \input{y} <img src=x onerror=alert(1)> `a` ; #"
    path = tmp_path / f"{name}.net"
    path.write_text(ELEMENTS)
    tex = derive("latex", path, "--body", cwd=tmp_path).stdout
    assert r"\$x\$ \textbackslash{}input\{y\}" in tex and r"\input{y}" not in tex
    import json

    cells = json.loads(derive("notebook", path, cwd=tmp_path).stdout)["cells"]
    prose = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", prose)    # code spans show HTML as text
    assert "&lt;img" in prose and "<img" not in outside_code and "``" + f" {name} " not in prose


# ------------------------------------------------------------ notebook, HTML
def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not _chromium(), reason="chromium is not installed")
def test_hostile_notebook_runs_no_script_in_a_browser(tmp_path):
    nbconvert = pytest.importorskip("nbconvert")
    shared = tmp_path / "shared"
    shared.mkdir()
    # a classmate's folder: a sympy.py the kernel must not import
    (shared / "sympy.py").write_text(f"open({str(tmp_path / 'pwned-kernel')!r}, 'w').close()\n")
    source = netlist(shared, " ".join(HTML_PAYLOADS), name="<b>name<\\b> `x`")
    out = shared / "out.ipynb"
    derive("notebook", source, "--execute", "-o", out, cwd=tmp_path)   # (python -m puts cwd on sys.path)
    assert not (tmp_path / "pwned-kernel").exists(), "the kernel imported sympy.py from the output folder"
    import nbformat

    nb = nbformat.read(out, as_version=4)
    assert all(o.get("output_type") != "error" for c in nb.cells for o in c.get("outputs", ()))
    body, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    page = tmp_path / "page.html"
    page.write_text(body, encoding="utf-8")
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
               "--virtual-time-budget=5000", "--dump-dom", page.as_uri()]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120).stdout
    assert "<body" in dom
    assert not re.search(r"<body[^>]*\bid=\"?PWN", dom), "a script from the title ran"
    assert "<img src=\"x\"" not in dom and "<svg onload" not in dom and "<iframe" not in dom
    visible = re.sub(r"<[^>]+>", "", dom)
    assert "onerror=document.body.id" in visible      # the title is shown, as text


# -------------------------------------------------------------------- SPICE
def test_spice_deck_keeps_a_hostile_title_in_one_comment(tmp_path):
    from derive.spice.export import spice_deck

    circuit = parse_netlist("R1 in out 1k\nR2 out 0 1k\nV1 in 0 1\n",
                            name="x\n.control\nshell touch pwned\n.endc\r\n.include /etc/passwd")
    deck = spice_deck(circuit)
    first, *rest = deck.text.splitlines()
    assert first.startswith("* x .control shell touch pwned")
    assert not any(line.startswith((".control", "shell", ".include")) for line in rest)
    if shutil.which("ngspice"):
        (tmp_path / "deck.cir").write_text(deck.text)
        subprocess.run(["ngspice", "-b", "deck.cir"], cwd=tmp_path, capture_output=True, timeout=60)
        assert not (tmp_path / "pwned").exists()


def test_spice_and_verify_read_hostile_titles_as_comments(tmp_path):
    source = netlist(tmp_path, r".control shell touch pwned .endc \input{x} <script>")
    deck = derive("spice", source, "--seed", "1", cwd=tmp_path).stdout
    assert deck.splitlines()[0].startswith("* .control shell touch pwned")
    if shutil.which("ngspice"):
        done = derive("verify", source, "--points", "1", cwd=tmp_path, check=False)
        assert done.returncode == 0, done.stderr
        assert not (tmp_path / "pwned").exists()


# ---------------------------------------------------------------------- CSV
def test_batch_results_neutralise_formulas_and_keep_the_text(tmp_path):
    answers = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-R2/R1*(V1-V2)",
               "@SUM(A1)", "\tR2/R1", "'quoted", "(1+2R5/RG)*R2/R1*(V1-V2)"]
    rows = tmp_path / "answers.csv"
    with rows.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "answer"])
        for k, a in enumerate(answers):
            w.writerow([f"=student{k}", a])
    out = tmp_path / "results.csv"
    derive("check", "inamp", "--batch", rows, "-o", out, "--jobs", "1", cwd=tmp_path, check=False)
    got = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(got) == len(answers)
    for row, answer in zip(got, answers):
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert csv_value(row["answer"]) == answer
    assert got[-1]["status"] == "equal"
