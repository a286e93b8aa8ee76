"""The committed notebooks: no drift from the generator, same cells in es and en.

These tests read the notebooks without executing anything; the executed
build is tested in test_notebooks_build.py.
"""
import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

from derive.notebook.build import derivation_notebook, to_text
from derive.notebook.registry import NOTEBOOKS, committed_notebooks
from derive.text import LANGUAGES
from derive.text import placeholders

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
FILES = [f"{key}.ipynb" for key in NOTEBOOKS]


def strip_outputs(text):
    """A committed (executed) notebook as the generator writes it: no outputs, no counts."""
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return to_text(nb)


@pytest.fixture(scope="module")
def generated():
    return {lang: {f: to_text(nb) for f, nb in committed_notebooks(lang).items()} for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("filename", FILES)
def test_committed_notebook_is_what_the_generator_writes(generated, lang, filename):
    path = NOTEBOOK_DIR / lang / filename
    assert path.is_file(), f"{path} is missing: run python build_docs.py"
    assert strip_outputs(path.read_text("utf-8")) == generated[lang][filename], (
        f"{path.relative_to(ROOT)} has drifted from the generator: run python build_docs.py"
    )


def test_no_stray_committed_notebooks():
    for lang in LANGUAGES:
        assert sorted(p.name for p in (NOTEBOOK_DIR / lang).glob("*.ipynb")) == sorted(FILES)


@pytest.mark.parametrize("filename", FILES)
def test_languages_share_cells_and_code(generated, filename):
    en, es = (nbformat.reads(generated[lang][filename], as_version=4) for lang in ("en", "es"))
    assert [(c.id, c.cell_type) for c in en.cells] == [(c.id, c.cell_type) for c in es.cells]
    code = [(a.source, b.source) for a, b in zip(en.cells, es.cells) if a.cell_type == "code"]
    # the same code, except the language the figures are labelled in
    assert code and all(a == b.replace('lang="es"', 'lang="en"') for a, b in code)
    prose = [(a.source, b.source) for a, b in zip(en.cells, es.cells) if a.cell_type == "markdown"]
    # the prose is translated, the equations are shared
    assert sum(a != b for a, b in prose) >= len(prose) - 1
    equations = lambda nb: [line for c in nb.cells if c.cell_type == "markdown"
                            for line in c.source.splitlines() if "\\tag{" in line]
    assert equations(en) == equations(es)


PLOTS = {"bode_plot", "pole_zero_plot", "step_plot", "range_plot", "cmrr_histogram"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_are_drawn_in_the_notebooks_language(generated, lang):
    """A Spanish notebook's plots have Spanish axes: each call of a plotting
    function of derive passes the notebook's language."""
    calls = []
    for text in generated[lang].values():
        for cell in nbformat.reads(text, as_version=4).cells:
            if cell.cell_type == "code":
                calls += [node for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Call)
                          and getattr(node.func, "id", None) in PLOTS]
    languages = [next((ast.literal_eval(k.value) for k in c.keywords if k.arg == "lang"), None) for c in calls]
    assert len(calls) >= 5 and languages == [lang] * len(calls)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_notebooks_are_executed_with_the_python3_kernel(lang):
    for filename in FILES:
        nb = nbformat.read(NOTEBOOK_DIR / lang / filename, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec.name == "python3"
        for cell in nb.cells:
            assert "execution" not in cell.metadata
            if cell.cell_type == "code":
                ends_in_expression = isinstance(ast.parse(cell.source).body[-1], ast.Expr)
                assert cell.outputs or not ends_in_expression, f"{lang}/{filename} cell {cell.id} has no output"
                assert all(o.output_type != "error" for o in cell.outputs)


def test_superposition_notebook_follows_the_superposition_article():
    nb = committed_notebooks("en")["01_superposition.ipynb"]
    text = "\n".join(c.source for c in nb.cells)
    # the intermediate quantities of the superposition article each get their own numbered equation
    for name in ("V_{11}", "V_{12}", "V_{out1}", "V_{21}", "V_{22}", "V_{out2}"):
        assert f"{name} = " in text
    assert 'derive(circuit, method="superposition")' in text
    headings = [c.source for c in nb.cells if c.cell_type == "markdown" and "### " in c.source]
    assert len(headings) >= 2                      # one per superposition case
    tags = [int(n) for n in re.findall(r"\\tag\{(\d+)\}", text)]
    assert tags == list(range(1, len(tags) + 1)) and len(tags) >= 12


def test_virtual_short_notebook_shows_the_general_formula():
    nb = committed_notebooks("es")["02_virtual_short.ipynb"]
    text = "\n".join(c.source for c in nb.cells)
    assert "cortocircuito virtual" in text
    # the general result keeps R3/R2; the special case R2 = R3 drops it
    assert "\\frac{R_{3}}{R_{2}}" in text
    assert 'symbol["R3"]: symbol["R2"]' in text


def test_cell_ids_are_fixed_and_unique():
    a, b = derivation_notebook("inamp", "en"), derivation_notebook("inamp", "en")
    assert to_text(a) == to_text(b)
    ids = [c.id for c in a.cells]
    assert len(ids) == len(set(ids))
    assert all(i.split("-")[-1].isdigit() for i in ids)


def test_a_user_netlist_is_embedded(tmp_path):
    net = tmp_path / "divider_amp.net"
    net.write_text("V1 in 0 Vin\nR1 in m Ra\nR2 m out Rb\nU1 0 m out\n.output out Vout\n", "utf-8")
    nb = derivation_notebook(str(net), "es")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "NETLIST = " in code and "R2 m out Rb" in code
    assert 'parse_netlist(NETLIST, name="divider_amp")' in code


def test_notebook_catalogs_have_the_same_keys_and_placeholders():
    catalogs = {
        lang: json.loads((ROOT / "derive" / "text" / "catalogs" / f"notebook_{lang}.json").read_text("utf-8"))["ui"]
        for lang in LANGUAGES
    }
    assert catalogs["en"].keys() == catalogs["es"].keys()
    for key, text in catalogs["en"].items():
        assert placeholders(text) == placeholders(catalogs["es"][key]), key
        assert text != catalogs["es"][key] or key.startswith("index_title"), f"{key} is not translated"


def test_a_circuit_object_is_refused_with_a_reason():
    from derive.circuit.library import load_circuit
    from derive.errors import DeriveError

    with pytest.raises(DeriveError, match="name or netlist file"):
        derivation_notebook(load_circuit("inverting"), "en")
