"""The documentation build behind ``python build_docs.py``.

Regenerates the committed notebooks, executes them (two at a time, each
notebook generated, run and exported in one worker process), exports each as
HTML with a local MathJax (and as PDF where xelatex and pandoc are installed),
writes the in-amp derivation as LaTeX (and PDF where TeX is installed), and an
index page for both languages. Everything is built in a temporary folder next to the target and
swapped in only when every part succeeded, so a failed build leaves the
previous good output in place. Nothing in the output depends on the time.

Layout of the output folder::

    index.html
    en/01_superposition.ipynb  .html  .pdf      (the same for es/)
    latex/inamp_en.tex  .pdf                    (the in-amp derivation)
    _static/mathjax/                            (local MathJax)
"""
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from pathlib import Path

from ..errors import DeriveError
from ..text import LANGUAGES
from ..text.messages import Message, worded
from .build import to_text
from .registry import NOTEBOOKS
from .sections import say

LATEX_CIRCUIT = "inamp"
TEX_TIMEOUT = 120
# PDFs carry no build time: TeX and nbconvert's xelatex read these.
REPRODUCIBLE_ENV = {"SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}


class BuildError(DeriveError):
    """A part of the documentation build failed."""


class TexMissingFile(BuildError):
    """TeX stopped because a package file (``ulem.sty``) is not installed."""

    def __init__(self, engine, tex_name, sty):
        self.sty = sty
        super().__init__(Message("tex_missing_file", engine=engine, sty=sty, tex=tex_name, hint=missing_hint(sty)))


def missing_hint(sty):
    """How to install a TeX file, as the end of a sentence (a catalog message).

    >>> str(missing_hint("ulem.sty")), missing_hint("ulem.sty").text("es")
    ('install the Debian package texlive-plain-generic', 'instala el paquete de Debian texlive-plain-generic')
    """
    package = _tex_packages().get(sty)
    if package:
        return Message("tex_hint_package", package=package)
    return Message("tex_hint_search", sty=sty)


def _tex_packages():
    import json

    return json.loads(_data_text("tex_packages.json"))["files"]


def _data_text(name):
    """The text of ``derive/notebook/data/<name>``."""
    from importlib import resources

    return resources.files(__package__).joinpath("data", name).read_text("utf-8")


_MISSING_FILE = re.compile(r"File [`'](?P<file>[^`']+)' not found")


def _log(progress, lang, key, **params):
    """Say a step of the build (a line of the ``notebook`` catalog) to ``progress``."""
    if progress:
        progress(say(key, lang, **params))


def _notebook_job(job):
    """Generate, execute and export one notebook (in a worker process).

    Returns ``(lang, file name, executed notebook text, HTML page, PDF bytes or None)``.
    """
    from .execute import execute
    from .html import notebook_html

    lang, key, workdir, pdf = job
    filename = f"{key}.ipynb"
    try:
        nb = NOTEBOOKS[key](lang)
    except DeriveError as exc:
        raise BuildError(Message("build_cannot_generate", notebook=f"{lang}/{filename}", reason=exc)) from None
    except Exception as exc:   # a bug in the generator: name the notebook and the error
        raise BuildError(Message("build_generator_failed", notebook=f"{lang}/{filename}", kind=type(exc).__name__,
                                 reason=str(exc))) from None
    nb = execute(nb, name=f"{lang}/{filename}", cwd=workdir)
    title = _titles(lang)[filename]
    text = to_text(nb)
    pdf_bytes, missing = None, None
    if pdf:
        try:
            pdf_bytes = _notebook_pdf(text, title, Path(workdir) / f"{lang}-{key}")
        except TexMissingFile as exc:     # costs this PDF, never the HTML
            missing = exc.sty
    return lang, filename, text, notebook_html(nb, title, lang, depth=1), pdf_bytes, missing


def _notebook_pdf(text, title, folder):
    """The PDF of an executed notebook: nbconvert's LaTeX (pandoc), then one xelatex pass."""
    body, images = _notebook_latex(text, title)
    folder.mkdir(parents=True)
    for name, data in images.items():
        (folder / name).write_bytes(data)
    tex_path = folder / "notebook.tex"
    tex_path.write_text(body, encoding="utf-8")
    return _compile_tex(tex_path, "xelatex", passes=1).read_bytes()   # no cross-references


def tex_available():
    """The LaTeX engine for PDFs (``pdflatex``, the faster, else ``xelatex``), or None."""
    for engine in ("pdflatex", "xelatex"):
        if shutil.which(engine):
            return engine
    return None


def _compile_tex(tex_path, engine, passes=2):
    """Compile ``tex_path`` ``passes`` times (two resolve references); return the PDF path."""
    env = {**os.environ, **REPRODUCIBLE_ENV}
    for _ in range(passes):
        try:
            proc = subprocess.run(
                [engine, "-interaction=nonstopmode", "-halt-on-error", tex_path.name],
                cwd=tex_path.parent, env=env, capture_output=True, text=True, timeout=TEX_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise BuildError(Message("build_tex_timeout", engine=engine, seconds=TEX_TIMEOUT,
                                     tex=tex_path.name)) from None
        if proc.returncode != 0:
            lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("!")]
            missing = _MISSING_FILE.search(lines[0]) if lines else None
            if missing:
                raise TexMissingFile(engine, tex_path.name, missing["file"])
            raise BuildError(Message("build_tex_failed", engine=engine, tex=tex_path.name,
                                     reason=lines[0] if lines else Message("build_tex_see_log")))
    for suffix in (".aux", ".log", ".out"):
        tex_path.with_suffix(suffix).unlink(missing_ok=True)
    return tex_path.with_suffix(".pdf")


UNICODE_MATH = "\\usepackage{newunicodechar}\n" + "".join(
    f"\\newunicodechar{{{ch}}}{{\\ensuremath{{{tex}}}}}\n"
    for ch, tex in (("ω", "\\omega"), ("τ", "\\tau"), ("π", "\\pi"), ("∥", "\\parallel"), ("≠", "\\neq"))
) + "".join(f"\\newunicodechar{{{chr(0x2080 + d)}}}{{\\ensuremath{{_{{{d}}}}}}}\n" for d in range(10))


def _notebook_latex(text, title):
    """The LaTeX of an executed notebook (nbconvert), with its images beside it."""
    import nbformat
    from nbconvert import LatexExporter

    from traitlets.config import Config

    nb = nbformat.reads(text, as_version=4)
    nb.metadata["date"] = ""          # no \\today on the title page (the build has no date)
    _drop_heading(nb)                 # the PDF's title is \\maketitle's: one title, not two
    config = Config({"SVG2PDFPreprocessor": {"enabled": False}})   # the PNG twin is used instead
    body, resources = LatexExporter(config=config).from_notebook_node(nb, resources={"metadata": {"name": title}})
    # A picture that does not fit the rest of the page would move whole to the next
    # one and leave this one partly empty: \\notebookpicture (data/pdf_preamble.tex)
    # shrinks it to the rest of the page, or floats it and lets the text fill the page.
    body = _PICTURE.sub(_picture, body)
    body = body.replace("max size={0.9\\linewidth}{0.9\\paperheight}", "max size={0.9\\linewidth}{0.4\\paperheight}")
    # Latin Modern has no Greek letters or subscript digits: the catalog prose's
    # ω₀ and τ (the s-domain steps) and a title's ≠ are typeset as math instead of
    # left out (defined before \\title reads the title, after unicode-math is loaded)
    at = body.find("\\title{")
    at = at if at >= 0 else body.find("\\begin{document}")
    body = body[:at] + UNICODE_MATH + body[at:]
    body = body.replace("\\begin{document}", _data_text("pdf_preamble.tex") + "\\begin{document}", 1)
    return body, resources.get("outputs", {})


# nbconvert's LaTeX of a picture output: its prompt (for a result) and the picture, centred
_PICTURE = re.compile(
    r"(?P<prompt>\\prompt\{Out\}\{outcolor\}\{\d+\}\{\}\s*)?"
    r"\\begin\{center\}\s*\\adjustimage\{max size=\{0\.9\\linewidth\}\{0\.9\\paperheight\}\}"
    r"\{(?P<file>[^{}]+)\}\s*\\end\{center\}")


def _picture(match):
    r"""``\notebookpicture{prompt}{file}`` for one picture of nbconvert's LaTeX.

    >>> _picture(_PICTURE.search(r"\prompt{Out}{outcolor}{4}{} \begin{center} "
    ...     r"\adjustimage{max size={0.9\linewidth}{0.9\paperheight}}{output_10_0.png} \end{center}"))
    '\\notebookpicture{\\prompt{Out}{outcolor}{4}{}}{output_10_0.png}'
    """
    prompt = (match["prompt"] or "").strip()
    return f"\\notebookpicture{{{prompt}}}{{{match['file']}}}"


def _drop_heading(nb):
    """Remove the first ``# Title`` line of the first markdown cell (the PDF title repeats it)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.split("\n")
            if lines and lines[0].startswith("# "):
                cell.source = "\n".join(lines[1:]).lstrip("\n")
            return


def _titles(lang):
    return {f"{key}.ipynb": say(f"title_{key}", lang) for key in NOTEBOOKS}


def notebook_pdf_available():
    """Whether the notebooks can get PDFs: nbconvert's LaTeX needs pandoc and xelatex."""
    return not notebook_pdf_missing()


def notebook_pdf_missing():
    """The programs the notebook PDFs need that are not installed (pandoc, xelatex)."""
    return [program for program in ("pandoc", "xelatex") if not shutil.which(program)]


def build_site(out, progress=print, pdf=True, jobs=2, notebooks_dir=None, notebook_pdf=None, lang="en"):
    """Build the documentation into ``out``; return the list of files written.

    ``progress`` is told each step of the build, in ``lang``.

    ``notebooks_dir`` (e.g. the repository's ``notebooks/``) receives the
    executed notebooks too, once everything else succeeded. ``pdf=False``
    skips TeX even where it is installed. ``notebook_pdf`` makes a PDF of
    every notebook too: None (the default) where pandoc and xelatex are
    installed, True to require them.
    """
    if notebook_pdf is None:
        notebook_pdf = pdf and notebook_pdf_available()
    elif notebook_pdf and not notebook_pdf_available():
        raise BuildError(Message("build_needs_pandoc"))
    from .html import copy_mathjax, index_html

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    work = Path(tempfile.mkdtemp(prefix="derive-kernel-"))     # the kernels' working folder
    try:
        engine = tex_available() if pdf else None
        todo = [(language, key, str(work), notebook_pdf) for key in reversed(list(NOTEBOOKS)) for language in LANGUAGES]
        formats = say("build_formats_pdf", lang) if notebook_pdf else "HTML" if not pdf \
            else say("build_formats_no_pdf", lang, missing=say("build_and_no", lang).join(notebook_pdf_missing()))
        _log(progress, lang, "build_start", formats=formats, count=len(todo), jobs=jobs)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # the workers are forked here, before the TeX thread starts
            futures = [pool.submit(_notebook_job, job) for job in todo]
            _log(progress, lang, "build_latex" if engine else "build_latex_no_tex", circuit=LATEX_CIRCUIT,
                 engine=engine)
            latex_jobs = _write_latex(staging / "latex", engine)
            with ThreadPoolExecutor(max_workers=1) as tex:      # TeX runs while the kernels work
                pdfs = [tex.submit(_compile_tex, Path(path), eng) for path, eng in latex_jobs]
                built, missing = _collect(futures, progress)
                for done in pdfs:
                    try:
                        done.result()
                    except TexMissingFile as exc:     # costs the PDF, never the rest
                        _log(progress, lang, "build_latex_no_pdf", circuit=LATEX_CIRCUIT, reason=exc.text(lang))
        if missing:
            _log(progress, lang, "build_notebooks_no_pdf",
                 files="; ".join(f"{sty} ({worded(missing_hint(sty), lang)})" for sty in sorted(missing)))
        _log(progress, lang, "build_writing_pages")
        copy_mathjax(staging)
        _export(staging, built)
        _log(progress, lang, "build_writing_index")
        (staging / "index.html").write_text(_index(staging, index_html), encoding="utf-8")
        if notebooks_dir is not None:
            _log(progress, lang, "build_updating", folder=notebooks_dir)
            _write_notebooks(Path(notebooks_dir), {lang: {f: outputs[0] for f, outputs in files.items()}
                                                   for lang, files in built.items()})
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _log(progress, lang, "build_done", path=f"{out}/index.html")
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "_static" not in p.parts)


def _collect(futures, progress):
    """The notebook jobs' results as ``{lang: {file: [text, html, pdf]}}``, in NOTEBOOKS order,
    and the set of TeX files that were missing for their PDFs."""
    done = {lang: {} for lang in LANGUAGES}
    missing = set()
    try:
        for future in as_completed(futures):
            lang, filename, *outputs, sty = future.result()
            done[lang][filename] = outputs
            if sty:
                missing.add(sty)
            if progress:
                progress(f"  {lang}/{filename}")
    except BaseException:
        for future in futures:      # one failure fails the build: do not wait for the rest
            future.cancel()
        raise
    built = {lang: {f"{key}.ipynb": done[lang][f"{key}.ipynb"] for key in NOTEBOOKS} for lang in LANGUAGES}
    return built, missing


def _export(staging, built):
    """Write each notebook's .ipynb, .html and (when made) .pdf."""
    for lang in LANGUAGES:
        folder = staging / lang
        folder.mkdir()
        for filename, (text, html, pdf) in built[lang].items():
            path = folder / filename
            path.write_text(text, encoding="utf-8")
            path.with_suffix(".html").write_text(html, encoding="utf-8")
            if pdf is not None:
                path.with_suffix(".pdf").write_bytes(pdf)


def _write_latex(folder, engine):
    """The in-amp derivation as a LaTeX document in each language; TeX jobs to run."""
    from ..derivation import derive
    from ..render.latex_document import document
    from ..schematic.circuitikz import document_drawing

    folder.mkdir()
    d = derive(LATEX_CIRCUIT)
    jobs = []
    for lang in LANGUAGES:
        path = folder / f"{LATEX_CIRCUIT}_{lang}.tex"
        path.write_text(document(d, lang, document_drawing(d.circuit, lang)), encoding="utf-8")
        if engine:
            jobs.append((str(path), engine))
    return jobs


def _index(staging, index_html):
    languages = []
    for lang in LANGUAGES:
        titles = _titles(lang)
        entries = []
        for filename in titles:
            stem = Path(filename).stem
            extras = [(f"{lang}/{filename}", "ipynb")]
            if (staging / lang / f"{stem}.pdf").is_file():
                extras.append((f"{lang}/{stem}.pdf", "PDF"))
            entries.append((f"{lang}/{stem}.html", titles[filename], extras))
        latex = [(f"latex/{LATEX_CIRCUIT}_{lang}.tex", "LaTeX")]
        if (staging / "latex" / f"{LATEX_CIRCUIT}_{lang}.pdf").is_file():
            latex.append((f"latex/{LATEX_CIRCUIT}_{lang}.pdf", "PDF"))
        main = latex[-1][0]                 # the PDF where there is one: each link once
        entries.append((main, say("index_latex", lang), [x for x in latex if x[0] != main]))
        languages.append((lang, say("index_heading", lang), entries))
    return index_html(say("index_title", "en") + " · " + say("index_title", "es"), languages)


def _write_notebooks(folder, executed):
    """Write the executed notebooks into ``folder/<lang>/`` (each file replaced atomically)."""
    for lang, files in executed.items():
        target = folder / lang
        target.mkdir(parents=True, exist_ok=True)
        for filename, text in files.items():
            tmp = target / f".{filename}.tmp"
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target / filename)
        for stale in target.glob("*.ipynb"):
            if stale.name not in files:
                stale.unlink()


def _swap(staging, out):
    """Put ``staging`` where ``out`` was; the old output is removed only after."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
