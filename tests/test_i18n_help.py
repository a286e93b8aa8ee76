"""``-h --lang es`` is Spanish: every help text comes from the ``cli`` catalog (issue 13, item 7)."""
import contextlib
import io
import re

import pytest

from derive.cli import COMMANDS, build_parser, main
from derive.text import catalog


def _help(argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    return out.getvalue()


def _descriptions(text):
    """The words of the help after the option names and metavars: the text column
    of each option line, the continuation lines and the description paragraphs."""
    found = []
    for line in text.splitlines()[1:]:
        if line.startswith(" " * 12) and not line.strip().startswith(("[", "CIRCUIT", "COMMAND")):
            found.append(line.strip())
        elif re.match(r"^  \S", line):
            found.extend(part for part in re.split(r" {2,}", line.strip())[1:] if part)
        elif line and not line.startswith(" "):
            found.append(line.strip())
    return [w for w in found if re.search(r"[a-z]{3,} [a-z]{3,}", w)]


@pytest.mark.parametrize("command", [""] + [name for name, _ in COMMANDS])
def test_spanish_help_has_no_english_sentence(command):
    argv = [command] if command else []
    english = _help(argv + ["-h"])
    spanish = _help(argv + ["-h", "--lang", "es"])
    assert spanish.startswith("uso: derive")
    assert "opciones:" in spanish and "muestra esta ayuda y termina" in spanish
    sentences = _descriptions(english)
    assert sentences                      # the comparison has something to compare
    left = [s for s in sentences if s in spanish]
    assert left == [], left


def test_every_help_text_is_in_both_catalogs():
    """Each subcommand's section exists in both languages with the same keys
    (the catalog test checks keys and placeholders for every entry)."""
    en, es = catalog("en", "cli")["help"], catalog("es", "cli")["help"]
    assert set(en) == set(es) >= {name for name, _ in COMMANDS} | {"argparse", "derive", "common", "report"}
    for section in en:
        assert en[section].keys() == es[section].keys(), section


def test_percent_in_help_is_argparse_escaped():
    """``%%`` in a catalog help text is argparse's escape: it prints one ``%``."""
    for lang in ("en", "es"):
        text = build_parser(lang)._subparsers._group_actions[0].choices["cmrr"].format_help()
        assert "0.1% " in text and "0.1%%" not in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_catalog_help_text_is_shown(lang):
    """No dead key: each text of a subcommand's section (and of the shared
    sections) appears in some ``-h`` of that language."""
    flat = lambda text: "".join(text.replace("%%", "%").split())     # argparse wraps at spaces and hyphens
    helps = {name: flat(_help([name, "-h", "--lang", lang])) for name, _ in COMMANDS}
    top = flat(_help(["-h", "--lang", lang]))
    texts = catalog(lang, "cli")["help"]
    for name, _ in COMMANDS:
        for key, text in texts[name].items():
            where = top if key == "help" else helps[name]
            assert flat(text) in where, (name, key)
    everything = top + " ".join(helps.values())
    for section in ("argparse", "derive", "common", "report"):
        for key, text in texts[section].items():
            assert flat(text) in everything, (section, key)
