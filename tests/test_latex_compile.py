"""Every built-in circuit's document compiles: pdflatex and xelatex, English and Spanish.

Compilations run concurrently (a thread pool; each in its own directory, with
a timeout) once per session; each combination is then its own test. A LaTeX
error fails the test with the log's error lines.
"""
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from derive.analysis.sdomain import forms_latex, transfer_forms
from derive.circuit.library import builtin_names
from derive.derivation import derive
from derive.render import latex_document
from derive.schematic.circuitikz import document_drawing

ENGINES = ("pdflatex", "xelatex")
LANGS = ("en", "es")
TIMEOUT = 180
FAST = {"pdflatex": ["-draftmode"], "xelatex": ["-no-pdf"]}   # errors show without writing a PDF

# the in-amp family in every language and engine; the s-domain built-ins (which
# add no LaTeX construct of their own beyond s) each in one, alternating
S_DOMAIN = ("integrator", "differentiator", "lossy-integrator", "tia", "sallen-key-lp", "mfb-bandpass",
            "ecg-front-end")
MATCHED = [(n, False, lang, eng) for n in builtin_names() if n not in S_DOMAIN for lang in LANGS for eng in ENGINES]
MATCHED += [(n, False, LANGS[i % 2], ENGINES[(i + 1) % 2]) for i, n in enumerate(S_DOMAIN)]
# general forms: each circuit once, languages and engines alternating
GENERAL = [(n, True, LANGS[i % 2], ENGINES[i % 2]) for i, n in enumerate(builtin_names())]
# user netlists with numbers (siunitx, decimal comma in Spanish) and a finite-gain op-amp
NETLISTS = {
    "numeric-inamp.net": (
        "V1 in1 0 V1\nV2 in2 0 V2\nU1 in1 g1 o1\nU2 in2 g2 o2\nR5 o1 g1 24.7k\nRG g1 g2 494\n"
        "R6 g2 o2 24.7k\nR1 o1 p3 10k\nR2 p3 0 10k\nR3 o2 m3 10k\nR4 m3 out 10k\nU3 p3 m3 out\n"
        ".output out Vout\n"
    ),
    "finite-gain.net": "Vin in 0 Vin\nU1 in m out A\nRin m 0 1k\nRf out m 49.4k\n.output out Vout\n",
}
USER = [(n, False, lang, eng) for n in NETLISTS for lang, eng in (("es", "xelatex"), ("en", "pdflatex"))]


def document(d, lang):
    """The document as ``derive latex`` writes it: with the circuit's schematic (and,
    in the s-domain, the textbook forms of H(s) after the derivation)."""
    extra = ""
    if d.circuit.reactive:
        extra = forms_latex(transfer_forms(d.circuit, method=d.method, general=d.general), lang)
    return latex_document.document(d, lang, document_drawing(d.circuit), extra)


def body(d, lang):
    """The body as ``derive latex --body`` writes it: with the circuit's schematic."""
    return latex_document.body(d, lang, document_drawing(d.circuit))


def _need(engine):
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed (.ci/run installs TeX Live)")


def compile_tex(engine, tex, directory, fast=True, runs=1):
    """Compile ``tex`` in ``directory``; return (exit status, error lines, log text)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "doc.tex").write_text(tex, encoding="utf-8")
    cmd = [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
    cmd += FAST[engine] if fast else []
    status = 0
    for _ in range(runs):
        try:
            done = subprocess.run(
                cmd + ["doc.tex"], cwd=directory, capture_output=True, timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
            status = done.returncode
        except subprocess.TimeoutExpired:
            return -1, [f"{engine} took longer than {TIMEOUT} s"], ""
        if status:
            break
    log_path = directory / "doc.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    errors = [line for line in log.splitlines() if line.startswith("!")]
    return status, errors, log


@pytest.fixture(scope="session")
def compiled(tmp_path_factory):
    """{(circuit, general, lang, engine): (status, errors)} for every document, compiled once."""
    root = tmp_path_factory.mktemp("latex")
    derivations, jobs = {}, {}
    for filename, text in NETLISTS.items():
        (root / filename).write_text(text, encoding="utf-8")
        derivations[filename, False] = derive(str(root / filename))
    for key in MATCHED + GENERAL + USER:
        name, general, lang, engine = key
        if shutil.which(engine) is None:
            continue                      # its tests skip, saying so
        if (name, general) not in derivations:
            derivations[name, general] = derive(name, general=general)
        tex = document(derivations[name, general], lang)
        jobs[key] = (engine, tex, root / "-".join(str(k) for k in key))
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {key: pool.submit(compile_tex, *job) for key, job in jobs.items()}
        return {key: f.result()[:2] for key, f in futures.items()}


@pytest.mark.parametrize("name, general, lang, engine", MATCHED + GENERAL + USER)
def test_document_compiles(compiled, name, general, lang, engine):
    _need(engine)
    status, errors = compiled[(name, general, lang, engine)]
    assert status == 0 and not errors, "\n".join(errors) or f"{engine} exited with {status}"


@pytest.mark.parametrize("lang, engine", [("es", "pdflatex"), ("en", "xelatex")])
def test_body_compiles_in_a_minimal_document_with_the_packages_it_lists(tmp_path, lang, engine):
    _need(engine)
    fragment = body(derive("inamp"), lang)
    listed = re.findall(r"\\usepackage(?:\[[^\]]*\])?\{[^}]+\}", fragment.splitlines()[0])
    assert listed, "the first line of the body lists its packages"
    tex = "\\documentclass{article}\n" + "\n".join(listed) + "\n\\begin{document}\n" + fragment + "\\end{document}\n"
    status, errors, _ = compile_tex(engine, tex, tmp_path)
    assert status == 0 and not errors, "\n".join(errors)


def test_spanish_inamp_pdf_has_resolved_references_and_fits_the_page(tmp_path):
    _need("pdflatex")
    status, errors, log = compile_tex("pdflatex", document(derive("inamp"), "es"), tmp_path, fast=False, runs=2)
    assert status == 0 and not errors
    assert (tmp_path / "doc.pdf").stat().st_size > 10_000
    assert "undefined" not in log.lower()
    assert "Overfull \\hbox" not in log
