"""The ``derive`` command line: one module per subcommand, dispatched here.

Every subcommand module has ``register(subparsers)`` (cheap: no heavy imports)
and ``run(args) -> int``. Errors the user caused (:class:`DeriveError`) are
printed as one sentence on stderr with exit status 2; never a traceback.
"""
import importlib
import os
import sys

COMMANDS = (
    ("list", "derive.cli.cmd_list"),
    ("show", "derive.cli.cmd_show"),
    ("latex", "derive.cli.cmd_latex"),
    ("notebook", "derive.cli.cmd_notebook"),
    ("schematic", "derive.cli.cmd_schematic"),
    ("design", "derive.cli.cmd_design"), ("cmrr", "derive.cli.cmd_cmrr"),
    ("verify", "derive.cli.cmd_verify"), ("spice", "derive.cli.cmd_spice"),
    ("check", "derive.cli.cmd_check"),
    ("range", "derive.cli.cmd_range"), ("budget", "derive.cli.cmd_budget"), ("noise", "derive.cli.cmd_noise"),
    ("serve", "derive.cli.cmd_serve"),
)


def build_parser(lang="en"):
    """The argparse parser with every subcommand registered; its errors in ``lang``."""
    from .. import __version__
    from .options import help_texts
    from .parser import Parser

    h = help_texts(lang, "derive")
    parser = Parser(lang=lang, prog="derive", description=h["description"])
    parser.add_argument("--time-limit", type=float, default=None, metavar="SECONDS", help=h["time_limit"])
    parser.add_argument("--memory-limit", type=float, default=None, metavar="GIB", help=h["memory_limit"])
    parser.add_argument("--version", action="version", version=f"derive {__version__}", help=h["version"])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for _, module in COMMANDS:
        importlib.import_module(module).register(sub)
    return parser


def _with_file(exc, args):
    """A netlist error that names a line but not the file gets the file's name.

    Errors found while solving (after reading) know the line only; the user
    needs ``b1.net: line 5: ...`` as the parser writes it.
    """
    from ..errors import NetlistError

    circuit = getattr(args, "circuit", None)
    if (isinstance(exc, NetlistError) and exc.source is None and exc.line is not None
            and circuit and os.path.isfile(circuit)):
        return exc.with_source(circuit)
    return exc


def _print_notes(args):
    """Print, on stderr, the notes of the netlist file a command reads: values read
    as written that were probably meant otherwise (``R1 in m 1M`` is one
    milliohm). Nothing for a built-in, or for a file that does not parse: the
    command itself then says why."""
    from ..circuit.library import builtin_names, load_circuit
    from ..errors import DeriveError
    from ..text.messages import Message

    path = getattr(args, "circuit", None)
    if not isinstance(path, str) or path in builtin_names() or not os.path.isfile(path):
        return
    try:
        notes = load_circuit(path).notes
    except DeriveError:
        return
    lang = _lang(args)
    for line, message in notes:
        print("derive: " + Message("note_line", note=message.located(path, line, lang)).text(lang), file=sys.stderr)


def _lang(args):
    """The language the command was asked to speak (English if it has no --lang)."""
    return getattr(args, "lang", None) or "en"


def main(argv=None):
    """Run the command line; return the exit status."""
    from ..errors import DeriveError
    from ..text.messages import Message

    from .limits import DEFAULT_MEMORY_GIB, DEFAULT_SECONDS, apply_limits, disarm

    from .argv import reorder
    from .parser import requested_language

    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(requested_language(words))
    args = parser.parse_args(reorder(parser, words))
    try:
        if argv is None:  # a real command, not a call from Python (tests, notebooks)
            apply_limits(
                # a command may set its own default (derive serve runs until stopped)
                getattr(args, "default_time_limit", DEFAULT_SECONDS) if args.time_limit is None
                else args.time_limit,
                DEFAULT_MEMORY_GIB if args.memory_limit is None else args.memory_limit,
            )
        _print_notes(args)
        return args.run(args)
    except DeriveError as exc:
        print(f"derive: error: {_with_file(exc, args).text(_lang(args))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"derive: {Message('interrupted').text(_lang(args))}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print(f"derive: error: {Message('out_of_memory').text(_lang(args))}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug in derive, not the user's fault
        if os.environ.get("DERIVE_DEBUG"):
            raise
        print(
            f"derive: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug; run with DERIVE_DEBUG=1 to see where)",
            file=sys.stderr,
        )
        return 70
    finally:
        if argv is None:
            disarm()   # the limit bounds the command, not the interpreter's exit
