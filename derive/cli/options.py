"""Options shared by several subcommands, so they read the same everywhere.

Their help texts are the ``help`` entries of the ``cli`` catalog, in the
language of the parser they are added to (:func:`help_texts`).
"""
from ..circuit.circuit import METHODS
from ..text import LANGUAGES, catalog


def help_texts(where, section):
    """The help texts of ``section`` (a subcommand, ``common``, ``report``...) of the
    ``cli`` catalog, in the language of ``where``: a language, or a parser, group or
    subparsers action of :class:`~derive.cli.parser.Parser`; else English.

    >>> help_texts("es", "show")["pole_zero"]
    'escribe el mapa de polos y ceros (.png, .svg o .pdf)'
    """
    lang = where if isinstance(where, str) else getattr(where, "lang", "en")
    return catalog(lang, "cli")["help"][section]


def add_circuit(parser):
    parser.add_argument("circuit", metavar="CIRCUIT", help=help_texts(parser, "common")["circuit"])


def add_general(parser):
    parser.add_argument("--general", action="store_true", help=help_texts(parser, "common")["general"])


def add_lang(parser):
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help=help_texts(parser, "common")["lang"])


def add_json(parser):
    parser.add_argument("--json", action="store_true", help=help_texts(parser, "common")["json"])


def add_method(parser):
    parser.add_argument("--method", choices=METHODS, default=None, help=help_texts(parser, "common")["method"])


def add_output(parser, text):
    """``-o/--output FILE`` with the help ``text`` (what is written there)."""
    parser.add_argument("-o", "--output", metavar="FILE", help=text)


def check_writable(path):
    """Refuse, before any work, an output file whose folder does not exist.

    >>> check_writable("/no/such/folder/r.csv")
    Traceback (most recent call last):
    ...
    derive.errors.DeriveError: cannot write /no/such/folder/r.csv: the folder /no/such/folder does not exist; create it or choose another path with -o
    """
    from pathlib import Path

    from ..errors import DeriveError
    from ..text.messages import Message

    if path and path != "-":
        folder = Path(path).parent
        if not folder.is_dir():
            raise DeriveError(Message("write_no_folder", path=path, folder=folder))


def write_output(path, text, lang="en"):
    """Write ``text`` to ``path`` and say so on stdout (``-`` or None: print the text)."""
    from pathlib import Path

    from ..errors import DeriveError
    from ..text.messages import Message
    from ..text import catalog

    if not path or path == "-":
        print(text, end="")
        return
    check_writable(path)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DeriveError(Message("write_failed", path=path, reason=exc.strerror)) from None
    print(catalog(lang)["ui"]["wrote"].format(path=path))


def captured(args, run):
    """Run ``run(args)``; with ``args.output``, what it prints goes to that file instead."""
    import contextlib
    import io

    if not getattr(args, "output", None) or args.output == "-":
        return run(args)
    check_writable(args.output)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = run(args)
    write_output(args.output, buffer.getvalue(), getattr(args, "lang", "en"))
    return status
