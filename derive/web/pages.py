"""What every page handler shares: the reader's language, the signed-in
student, rendering a template with the interface strings, refusing a request.

>>> fraction_text(0.5), fraction_text(None)
('50 %', '—')
"""
import re
from datetime import datetime, timezone

from starlette.responses import HTMLResponse, RedirectResponse

from ..checker.numbers import decimal_text
from ..notation.names import latex_symbol_name
from ..text.numerals import localized
from ..notation.units import si_plain
from ..text import LANGUAGES, catalog
from .preview import GREEK_LATEX
from .security import csrf_token

STUDENT = re.compile(r"^[\w.@+-]{1,64}$")


def ui_text(lang):
    """The web interface's strings in ``lang`` (English for an unknown language).

    >>> ui_text("xx") == ui_text("en")
    True
    """
    return catalog(lang if lang in LANGUAGES else "en", "web")["ui"]


def state_of(request):
    return request.app.state.web


def lang_of(request):
    """The reader's language: chosen on the page, else the browser's, else the assignment's."""
    lang = request.session.get("lang")
    if lang in LANGUAGES:
        return lang
    accept = request.headers.get("accept-language", "")[:200].lower()
    for part in accept.split(","):
        code = part.split(";")[0].strip()[:2]
        if code in LANGUAGES:
            return code
    return state_of(request).default_lang


def student_of(request):
    """The signed-in student's identifier, or None."""
    sid = request.session.get("student")
    return sid if isinstance(sid, str) and STUDENT.match(sid) else None


def number_text(value, unit, lang="en"):
    """A student's number as shown: SI prefix and unit, the reader's decimal mark.

    >>> from fractions import Fraction
    >>> number_text(Fraction(131, 1000), "volt", "es"), number_text(Fraction(5, 2), None)
    ('131 mV', '2.5')
    >>> number_text(Fraction(1315, 10000), "volt", "es")
    '131,5 mV'
    """
    return si_plain(value, unit, lang) if unit else localized(decimal_text(value, 12), lang)


def utc_text(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def fraction_text(share):
    return "—" if share is None else f"{round(100 * share)} %"


def render(request, template, status=200, **context):
    """The page ``template`` in the reader's language."""
    state = state_of(request)
    lang = lang_of(request)
    page = state.templates.get_template(template).render(
        t=ui_text(lang), lang=lang, other_lang=[x for x in LANGUAGES if x != lang][0],
        csrf=csrf_token(request.session), student=student_of(request), path=request.url.path,
        app_title=state.title(lang), practice=state.assignment is None,
        tex_name=lambda name: GREEK_LATEX.get(name) or latex_symbol_name(name), share=fraction_text, utc=utc_text,
        number=lambda value, unit: number_text(value, unit, lang), **context)
    return HTMLResponse(page, status_code=status)


def error_page(request, status, key, **params):
    """A short page saying what went wrong, in the reader's language."""
    response = render(request, "error.html", status=status, message=ui_text(lang_of(request))[key].format(**params))
    if status == 429:
        response.headers["Retry-After"] = str(params.get("seconds", 1))
    return response


def redirect(url):
    return RedirectResponse(url, status_code=303)


def local_path(target, default="/"):
    """``target`` when it is a path on this site (``/q/a``), else ``default``."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target and len(target) < 300:
        return target
    return default
