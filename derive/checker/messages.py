"""Message catalogs of the checker: ``derive/text/catalogs/check_{en,es}.json``.

Both catalogs have the same keys and the same placeholders (a test keeps them
so); the code never holds user-facing sentences.

>>> message("verdict_equal", "es", quantity="Vout")
'Correcto: tu respuesta es igual a Vout.'
"""
import json
import string
from functools import lru_cache
from importlib import resources

LANGS = ("en", "es")


@lru_cache(maxsize=None)
def catalog(lang):
    """The ``{key: template}`` catalog of one language."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use {' or '.join(LANGS)}")
    path = resources.files("derive.text").joinpath("catalogs", f"check_{lang}.json")
    return json.loads(path.read_text("utf-8"))


def placeholders(template):
    """The named placeholders of a template, e.g. ``{'quantity'}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def message(key, lang="en", **params):
    """The message ``key`` in ``lang`` with its placeholders filled in."""
    return catalog(lang)[key].format_map(params)
