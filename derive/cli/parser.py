"""The command line's parser, speaking the language asked for with ``--lang``.

argparse words its errors in English (through the ``gettext`` domain
"argparse", which is global state). Instead of installing a translation, the
parser here matches argparse's message against the ``cli`` catalog's English
templates (they are argparse's own wording) and writes the same entry of the
``lang`` catalog. The language is read from the command line before parsing
(:func:`requested_language`), since the error may come before ``--lang``.

>>> import contextlib, io
>>> p = Parser(prog="derive", lang="es")
>>> _ = p.add_argument("--n", type=int)
>>> err = io.StringIO()
>>> with contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
...     p.parse_args(["--bogus"])
>>> err.getvalue().splitlines()
['uso: derive [-h] [--n N]', 'derive: error: argumentos no reconocidos: --bogus']
"""
import argparse
import re
import string
import sys
from functools import lru_cache

from ..text import LANGUAGES, catalog


def requested_language(argv):
    """The language named by ``--lang X`` / ``--lang=X`` (or an unambiguous ``--lan``
    prefix) before any ``--``; English if none or not a known language.

    >>> requested_language(["show", "inverting", "--bogus", "--lang", "es"])
    'es'
    >>> requested_language(["show", "x", "--lang=fr"]), requested_language(["check", "--", "--lang", "es"])
    ('en', 'en')
    """
    for i, word in enumerate(argv):
        if word == "--":
            break
        name, eq, value = word.partition("=")
        if len(name) >= 5 and "--lang".startswith(name):
            if not eq:
                value = argv[i + 1] if i + 1 < len(argv) else ""
            return value if value in LANGUAGES else "en"
    return "en"


@lru_cache(maxsize=None)
def _patterns():
    """``(key, regex)`` for each of argparse's messages, from the English catalog."""
    found = []
    for key, template in catalog("en", "cli")["argparse"].items():
        regex = ""
        for literal, field, _, _ in string.Formatter().parse(template):
            regex += re.escape(literal) + (f"(?P<{field}>.+?)" if field else "")
        found.append((key, re.compile(f"^{regex}$", re.DOTALL)))
    return tuple(found)


def translated(message, lang="en"):
    """argparse's English ``message`` in ``lang`` (unchanged if it is not one of argparse's).

    >>> translated("argument --lang: invalid choice: 'fr' (choose from 'en', 'es')", "es")
    "argumento --lang: opción no válida: 'fr' (elige entre 'en', 'es')"
    """
    if lang == "en":
        return message
    for key, regex in _patterns():
        match = regex.match(message)
        if match:
            values = match.groupdict()
            if "message" in values:
                values["message"] = translated(values["message"], lang)
            return catalog(lang, "cli")["argparse"][key].format(**values)
    return message


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors, usage line and help are in ``lang``
    (argparse's own words: the section titles and ``-h``'s help, from the ``cli``
    catalog's ``help.argparse``); its subcommands' parsers, groups and subparsers
    action carry the same ``lang`` for the help texts added to them.

    >>> p = Parser(prog="derive", lang="es")
    >>> print(p.format_help().rstrip())
    uso: derive [-h]
    <BLANKLINE>
    opciones:
      -h, --help  muestra esta ayuda y termina
    """

    def __init__(self, *args, lang="en", **kwargs):
        self.lang = lang
        super().__init__(*args, **kwargs)
        words = catalog(lang, "cli")["help"]["argparse"]
        self._positionals.title = words["positionals"]
        self._optionals.title = words["options"]
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = words["help"]

    def add_subparsers(self, **kwargs):
        """Subcommand parsers of the same class and language."""
        lang = self.lang
        kwargs.setdefault("parser_class", lambda **kw: Parser(lang=lang, **kw))
        action = super().add_subparsers(**kwargs)
        action.lang = lang
        return action

    def add_mutually_exclusive_group(self, **kwargs):
        """A group that knows the parser's language (for :func:`~derive.cli.options.help_texts`)."""
        group = super().add_mutually_exclusive_group(**kwargs)
        group.lang = self.lang
        return group

    def format_usage(self):
        """The usage line with the word "usage" in ``lang``."""
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups,
                            catalog(self.lang, "cli")["usage"])
        return formatter.format_help()

    def format_help(self):
        """argparse's help with the usage line in ``lang`` (the sections are worded
        in ``lang`` already)."""
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups,
                            catalog(self.lang, "cli")["usage"])
        formatter.add_text(self.description)
        for group in self._action_groups:
            formatter.start_section(group.title)
            formatter.add_text(group.description)
            formatter.add_arguments(group._group_actions)
            formatter.end_section()
        formatter.add_text(self.epilog)
        return formatter.format_help()

    def error(self, message):
        """Print the usage and the message in ``lang``; exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {translated(message, self.lang)}\n")
