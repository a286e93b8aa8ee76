"""Options shared by several subcommands, so they read the same everywhere."""
from ..circuit.circuit import METHODS
from ..text import LANGUAGES


def add_circuit(parser):
    parser.add_argument("circuit", metavar="CIRCUIT", help="a built-in circuit name (see 'derive list') or a netlist file")


def add_general(parser):
    parser.add_argument(
        "--general", action="store_true",
        help="keep every resistor distinct (no matching conditions)",
    )


def add_lang(parser):
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text (default: en)")


def add_json(parser):
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def add_method(parser):
    parser.add_argument(
        "--method", choices=METHODS, default=None,
        help="derivation method (default: the one of the circuit's source document)",
    )


def add_output(parser, what="the result"):
    parser.add_argument("-o", "--output", metavar="FILE", help=f"write {what} to FILE instead of standard output")


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
