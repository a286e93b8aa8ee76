"""Message catalogs: same keys and placeholders in every language, nothing untranslated."""
import json
import re
from importlib import resources

import pytest

from derive.derivation import derive
from derive.text import LANGUAGES, catalog, explain, placeholders

CATALOG_DIR = resources.files("derive.text").joinpath("catalogs")
ENGLISH_WORDS = re.compile(r"\b(the|and|of|with|through|is|are|we|from|its|output|input|current|voltage)\b")


def catalog_names():
    names = set()
    for p in CATALOG_DIR.iterdir():
        if p.name.endswith(".json"):
            stem = p.name[:-5]
            names.add(None if stem in LANGUAGES else stem.rsplit("_", 1)[0])
    return sorted(names, key=lambda n: n or "")


def flat(d, prefix=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from flat(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", v


@pytest.mark.parametrize("name", catalog_names())
def test_same_keys_and_placeholders(name):
    en, es = dict(flat(catalog("en", name))), dict(flat(catalog("es", name)))
    assert en.keys() == es.keys()
    for key in en:
        if isinstance(en[key], str):
            assert placeholders(en[key]) == placeholders(es[key]), key


@pytest.mark.parametrize("name", catalog_names())
def test_spanish_is_translated(name):
    es = dict(flat(catalog("es", name)))
    for key, text in es.items():
        if not isinstance(text, str):
            continue
        bare = re.sub(r"\{[^}]*\}", "", text)
        bare = re.sub(r"'[^']*'|\.[a-z]+\b", "", bare)   # quoted netlist text and directives are code
        assert not ENGLISH_WORDS.search(bare.lower()), f"{key}: {text!r} looks English"


def test_every_step_kind_has_text():
    kinds = set()
    for name in ("inamp", "inamp-wiki", "diffamp", "inverting", "follower", "inamp-ic"):
        for method in ("superposition", "virtual-short", "nodal"):
            kinds |= {s.kind for s in derive(name, method=method).steps}
    for lang in LANGUAGES:
        assert kinds <= set(catalog(lang)["steps"])
    for s in derive("inamp").steps:
        for lang in LANGUAGES:
            text = explain(s, lang)
            assert "{" not in text and text.strip()
