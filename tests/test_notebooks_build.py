"""``python build_docs.py``: executed notebooks, deterministic output, offline math.

One full build is shared by the module (it executes every notebook); the
determinism test builds a second time and compares every file byte for byte.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from derive.errors import DeriveError
from derive.notebook import site
from derive.notebook.registry import NOTEBOOKS
from derive.text import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
FILES = [f"{key}.ipynb" for key in NOTEBOOKS]


def tree(folder):
    """``{relative path: bytes}`` of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("docs")
    site.build_site(base / "docs", progress=None, notebooks_dir=base / "notebooks")
    return base


def test_every_notebook_executes_and_shows_pictures(built):
    for lang in LANGUAGES:
        for filename in FILES:
            nb = nbformat.read(built / "docs" / lang / filename, as_version=4)
            code = [c for c in nb.cells if c.cell_type == "code"]
            assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
            outputs = [o for c in code for o in c.outputs]
            assert not [o for o in outputs if o.output_type == "error"]
            pictures = [o for o in outputs if "image/png" in o.get("data", {})]
            assert pictures, f"{lang}/{filename} shows no schematic or plot"
            assert all("image/svg+xml" in o.data for o in pictures)
            assert all("execution" not in c.metadata for c in nb.cells)


def _outputs(built, lang, filename):
    """``{cell id: text/plain of its output}`` of an executed notebook."""
    nb = nbformat.read(built / "docs" / lang / filename, as_version=4)
    return {c.id: "".join(o.get("data", {}).get("text/plain", "") for o in c.outputs)
            for c in nb.cells if c.cell_type == "code"}


def test_in_practice_reproduces_seed_001_numbers(built):
    for lang in LANGUAGES:
        out = _outputs(built, lang, "03_in_practice.ipynb")
        assert out["gain-3"] == "[1001, 101, 11, 1]"                 # INA128: RG = 50, 500, 5k, open
        rg_exact, standard, _, _ = out["ecg-2"].strip("()").split(", ", 3)
        assert round(float(rg_exact), 2) == 49.45 and standard == "Decimal('49.9')"   # AD620, G = 1000
        ratio, db = (float(x) for x in out["ecg-4"].strip("()").split(", "))
        assert ratio == 20000 and round(db) == 86                    # ECG: CMRR > 86 dB
        rg, _, vout = out["bridge-6"].strip("()").split(", ")
        assert round(float(rg)) == 251 and 1.9 < float(vout) < 2.1    # bridge: RG ~ 251, ~2 V full scale
        assert out["cmrr-3"] == "(88.0, 94.0)"                       # 0.1 %: discrete 88 dB, in-amp G=100
        assert out["engineer-4"] == "[(-13.0, 13.0), (-8.6, 8.6)]"    # diamond: inputs at 0 V, U1/U2 outputs at 10 V
        assert "('ib', 500.0)" in out["engineer-6"]                  # 0.5 nA x 1 MΩ = 0.5 mV


def test_homework_notebook_grades_right_and_wrong_answers(built):
    for lang in LANGUAGES:
        out = _outputs(built, lang, "04_homework.ipynb")
        status = {cid: text.split(",")[0].strip("('") for cid, text in out.items() if cid.startswith("answers-")}
        assert [status[k] for k in sorted(status) if k.startswith("answers-right")] == ["equal", "equal"]
        wrong = [out[k] for k in sorted(out) if k.startswith("answers-wrong")]
        assert any("scaled_symbol" in w for w in wrong) and any("sign_or_swap" in w for w in wrong)
        assert any("other_quantity" in w for w in wrong) and any(w.startswith("('invalid'") for w in wrong)
        assert "within_tolerance" in out["answers-numbers-3"] and "outside_tolerance" in out["answers-numbers-5"]


def test_committed_notebooks_equal_a_fresh_build(built):
    for lang in LANGUAGES:
        for filename in FILES:
            fresh = (built / "notebooks" / lang / filename).read_text("utf-8")
            committed = (ROOT / "notebooks" / lang / filename).read_text("utf-8")
            assert fresh == committed, f"notebooks/{lang}/{filename} is stale: run python build_docs.py"


def test_output_has_index_html_latex_and_no_network_references(built):
    docs = built / "docs"
    index = (docs / "index.html").read_text("utf-8")
    for lang in LANGUAGES:
        for filename in FILES:
            assert f'href="{lang}/{Path(filename).stem}.html"' in index
        assert (docs / "latex" / f"inamp_{lang}.tex").is_file()
        if site.tex_available():
            assert (docs / "latex" / f"inamp_{lang}.pdf").read_bytes().startswith(b"%PDF")
        if site.notebook_pdf_available():
            for filename in FILES:
                pdf = docs / lang / filename.replace(".ipynb", ".pdf")
                assert pdf.read_bytes().startswith(b"%PDF") and f'href="{lang}/{pdf.name}"' in index
    links = re.findall(r'href="([^"]+)"', index)
    assert len(links) == len(set(links)), "the index links a file twice"
    for page in docs.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?:""", html), page
    assert (docs / "_static" / "mathjax" / "tex-svg-full.js").is_file()


PAGE_FILL = 0.8      # every page but the last is inked down to 0.8 of its text height at least


def _pages(pdf, folder, dpi=30):
    """Each page of ``pdf`` as a grey PIL image (pdftoppm)."""
    from PIL import Image

    folder.mkdir()
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(folder / "p")], check=True)
    return [Image.open(path) for path in sorted(folder.glob("p-*.pgm"))]


def _inked_depth(page, dpi):
    """How far down the text area (1 in margins, nbconvert's) the page is inked, 0..1."""
    width, height = page.size
    top, bottom = dpi, height - dpi
    pixels = page.load()
    rows = [y for y in range(top, bottom) if any(pixels[x, y] < 200 for x in range(width))]
    return (max(rows) - top) / (bottom - top) if rows else 0.0


def _inked_right_margin(page, dpi):
    """Whether anything is drawn in the right margin (a line or picture too wide)."""
    width, height = page.size
    pixels = page.load()
    return any(pixels[x, y] < 200 for x in range(width - round(0.95 * dpi), width) for y in range(height))


@pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                    reason="needs pdftoppm and pdftotext (poppler-utils)")
def test_notebook_pdfs_have_full_pages_one_title_and_nothing_past_the_margin(built, tmp_path):
    """A plot that does not fit the rest of a page is shrunk or floats, not left for the next page
    with this one half empty; a list of equations is one per line; the title is \\maketitle's only."""
    if not site.notebook_pdf_available():
        pytest.skip("the notebook PDFs need pandoc and xelatex")
    dpi = 30
    for lang in LANGUAGES:
        for filename in FILES:
            pdf = built / "docs" / lang / filename.replace(".ipynb", ".pdf")
            pages = _pages(pdf, tmp_path / f"{lang}-{pdf.stem}", dpi)
            depths = [round(_inked_depth(page, dpi), 2) for page in pages]
            assert min(depths[:-1], default=1) >= PAGE_FILL, f"{lang}/{pdf.name}: pages inked to {depths}"
            wide = [n for n, page in enumerate(pages, 1) if _inked_right_margin(page, dpi)]
            assert not wide, f"{lang}/{pdf.name}: pages {wide} run into the right margin"
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            title = site._titles(lang)[filename]
            assert " ".join(text.split()).count(title) == 1, f"{lang}/{pdf.name}: the title is not there once"
            assert "\ufffd" not in text, f"{lang}/{pdf.name}: a character has no glyph in the PDF's fonts"


def test_the_build_is_deterministic(built, tmp_path):
    again = tmp_path / "docs"
    site.build_site(again, progress=None, notebooks_dir=tmp_path / "notebooks")
    first, second = tree(built / "docs"), tree(again)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files differ between two builds: {differing}"
    assert tree(built / "notebooks") == tree(tmp_path / "notebooks")


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _offline_dom(url):
    """The DOM of ``url`` after scripts ran, in headless Chromium with no network."""
    command = [
        _chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
        "--virtual-time-budget=20000", "--dump-dom", url,
    ]
    isolated = shutil.which("unshare") and subprocess.run(
        ["unshare", "-n", "true"], capture_output=True).returncode == 0
    if isolated:  # a network namespace with no interface but loopback, down
        command = ["unshare", "-n"] + command
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    return done.stdout


def expected_math(nb):
    """How many formulas a page of ``nb`` must show: display and inline math in the
    prose, and every LaTeX output of a code cell."""
    display = inline = outputs = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"`[^`]*`", "", cell.source)          # code spans are not math
            display += len(re.findall(r"\$\$.+?\$\$", text, flags=re.S))
            inline += len(re.findall(r"\$[^$\n]+\$", re.sub(r"\$\$.+?\$\$", "", text, flags=re.S)))
        else:
            outputs += sum("text/latex" in o.get("data", {}) for o in cell.get("outputs", ()))
    return display, inline + outputs


@pytest.mark.skipif(not _chromium(), reason="chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_renders_every_equation_offline(built, lang):
    for filename in FILES:
        page = built / "docs" / lang / filename.replace(".ipynb", ".html")
        display, inline = expected_math(nbformat.read(built / "docs" / lang / filename, as_version=4))
        dom = _offline_dom(page.as_uri())
        body = re.sub(r"<script.*?</script>", "", dom, flags=re.S)
        shown_display = len(re.findall(r'<mjx-container[^>]*display="true"', body))
        shown = len(re.findall(r"<mjx-container", body))
        assert shown_display >= display and shown >= display + inline > 0, (page.name, shown, display, inline)
        assert "<svg" in body and "mjx-merror" not in body and "data-mjx-error" not in body, page.name
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<pre.*?</pre>|<code.*?</code>", "", body, flags=re.S))
        assert "$$" not in visible and "\\frac" not in visible, f"TeX left unrendered in {page.name}"


def test_a_failed_build_keeps_the_previous_output(built, tmp_path, monkeypatch):
    out = tmp_path / "docs"
    shutil.copytree(built / "docs", out)
    before = tree(out)
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    broken.cells[0].id = "broken-1"
    broken.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    monkeypatch.setattr(site, "NOTEBOOKS", {"01_broken": lambda lang: broken})
    with pytest.raises(DeriveError, match="01_broken.ipynb: cell 'broken-1' failed"):
        site.build_site(out, progress=None, notebooks_dir=tmp_path / "notebooks")
    assert tree(out) == before
    assert not (tmp_path / "notebooks").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".docs")] == []


def test_build_docs_exits_non_zero_with_one_line(monkeypatch, capsys, tmp_path):
    sys.path.insert(0, str(ROOT))
    try:
        import build_docs
    finally:
        sys.path.remove(str(ROOT))

    def fail(*args, **kwargs):
        raise DeriveError("en/01_superposition.ipynb: cell 'plot-2' failed (ZeroDivisionError)")

    monkeypatch.setattr(site, "build_site", fail)
    assert build_docs.main(["--out", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("build_docs: error: en/01_superposition.ipynb")


def _tiny_registry(monkeypatch):
    """One small notebook instead of the four (the build's logic, not its content, is tested)."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("1 + 1")])
    nb.cells[0].id, nb.cells[1].id = "title-1", "sum-1"
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    monkeypatch.setattr(site, "NOTEBOOKS", {"01_superposition": lambda lang: nb})


def test_with_no_tex_at_all_every_html_page_is_written(tmp_path, monkeypatch):
    _tiny_registry(monkeypatch)
    real_which = shutil.which
    monkeypatch.setattr(site.shutil, "which",
                        lambda name: None if name in ("pdflatex", "xelatex", "pandoc") else real_which(name))
    lines = []
    site.build_site(tmp_path / "docs", progress=lines.append)
    for lang in LANGUAGES:
        assert (tmp_path / "docs" / lang / "01_superposition.html").read_text("utf-8").startswith("<!DOCTYPE html>")
        assert not list((tmp_path / "docs" / lang).glob("*.pdf"))
    assert (tmp_path / "docs" / "index.html").is_file()
    assert any("(no pandoc and no xelatex: no PDF)" in line for line in lines), lines
    assert any("(no TeX: no PDF)" in line for line in lines), lines


@pytest.mark.parametrize("absent", ["pandoc", "xelatex"])
def test_the_missing_program_is_the_one_named(absent, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(site.shutil, "which", lambda name: None if name == absent else real_which(name))
    assert absent in site.notebook_pdf_missing()
    assert not site.notebook_pdf_available()
    other = {"pandoc": "xelatex", "xelatex": "pandoc"}[absent]
    assert other not in site.notebook_pdf_missing() or real_which(other) is None


def test_a_missing_tex_package_costs_only_the_pdfs_with_one_line(tmp_path, monkeypatch):
    _tiny_registry(monkeypatch)

    def no_ulem(text, title, folder):
        raise site.TexMissingFile("xelatex", "notebook.tex", "ulem.sty")

    monkeypatch.setattr(site, "_notebook_pdf", no_ulem)
    monkeypatch.setattr(site, "notebook_pdf_available", lambda: True)
    lines = []
    site.build_site(tmp_path / "docs", progress=lines.append, notebook_pdf=True)
    for lang in LANGUAGES:
        assert (tmp_path / "docs" / lang / "01_superposition.html").is_file()
    said = [line for line in lines if "ulem.sty" in line]
    assert said == ["no PDFs of the notebooks: xelatex cannot find ulem.sty "
                    "(install the Debian package texlive-plain-generic)"]


@pytest.mark.skipif(not shutil.which("pdflatex"), reason="pdflatex is not installed")
def test_tex_names_the_missing_file(tmp_path):
    tex = tmp_path / "x.tex"
    tex.write_text("\\documentclass{article}\\usepackage{nosuchpackagexyz}\\begin{document}x\\end{document}\n")
    with pytest.raises(site.TexMissingFile) as err:
        site._compile_tex(tex, "pdflatex", passes=1)
    assert err.value.sty == "nosuchpackagexyz.sty"
    assert "apt-file search nosuchpackagexyz.sty" in str(err.value)


def test_the_kernel_does_not_warn_about_tcp(tmp_path, capfd):
    from derive.notebook.execute import execute

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("2 * 3")])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    done = execute(nb, cwd=tmp_path)
    assert done.cells[0].outputs[0]["data"]["text/plain"] == "6"
    captured = capfd.readouterr()
    assert "WARNING" not in captured.err and "without encryption" not in captured.err
