"""HTML pages of executed notebooks that render their equations with no network.

MathJax 3 comes from a Python package (``django-static-mathjax``: the static
MathJax files, nothing else) and its one-file SVG build is copied next to the
pages. SVG output carries its glyphs inside the script, so nothing loads from
the network or as a web font (which browsers refuse from ``file://``). The
page template (``templates/offline``) is nbconvert's ``lab`` one without the
scripts it would fetch from a CDN.

>>> mathjax_url(depth=1)
'../_static/mathjax/tex-svg-full.js'
"""
import importlib.util
import shutil
from pathlib import Path

from ..errors import DeriveError
from ..text.messages import Message

STATIC = "_static"
MATHJAX_DIR = f"{STATIC}/mathjax"
MATHJAX_FILE = "tex-svg-full.js"
TEMPLATES = Path(__file__).parent / "templates"


def mathjax_source():
    """The packaged MathJax 3 single-file build (found without importing anything)."""
    spec = importlib.util.find_spec("mathjax")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        found = Path(folder) / "static" / "mathjax" / "es5" / MATHJAX_FILE
        if found.is_file():
            return found
    raise DeriveError(Message("mathjax_missing"))


def copy_mathjax(site):
    """Copy MathJax into ``site/_static/mathjax/``; return the file written."""
    target = Path(site) / MATHJAX_DIR
    target.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(mathjax_source(), target / MATHJAX_FILE))


def mathjax_url(depth):
    """The MathJax script URL seen from a page ``depth`` folders below the site root."""
    return "../" * depth + f"{MATHJAX_DIR}/{MATHJAX_FILE}"


def exporter(lang, depth):
    """nbconvert's HTMLExporter with the offline template and the local MathJax."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="offline",
        mathjax_url=mathjax_url(depth),
        language_code=lang,
    )


def notebook_html(nb, title, lang, depth=1, html_exporter=None):
    """The HTML page of ``nb`` (already executed), titled ``title``.

    Pass ``html_exporter`` (from :func:`exporter`) to reuse one for many pages.
    """
    html_exporter = html_exporter or exporter(lang, depth)
    body, _ = html_exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def index_html(title, languages):
    """The index page: ``languages`` is ``[(lang, heading, [(href, title), ...]), ...]``.

    >>> page = index_html("derive", [("en", "English", [("en/a.html", "A", [])])])
    >>> 'href="en/a.html"' in page
    True
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
        keep_trailing_newline=True,
    )
    return env.get_template("index.html.j2").render(title=title, languages=languages)
