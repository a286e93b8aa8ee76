"""``derive schematic CIRCUIT``: the circuit's schematic as circuitikz, PNG or SVG."""
from . import options

FORMATS = ("tex", "png", "svg")


def register(sub):
    h = options.help_texts(sub, "schematic")
    p = sub.add_parser(
        "schematic", help=h["help"], description=h["description"],
    )
    options.add_circuit(p)
    options.add_general(p)
    options.add_lang(p)
    p.add_argument("-o", "--output", metavar="FILE", help=h["output"])
    p.add_argument("--format", choices=FORMATS, help=h["format"])
    p.add_argument("--body", action="store_true", help=h["body"])
    p.set_defaults(run=run)


def _format(args):
    if args.format:
        return args.format
    if args.output:
        suffix = args.output.rsplit(".", 1)[-1].lower() if "." in args.output else ""
        if suffix in FORMATS:
            return suffix
    return "tex"


def run(args):
    from pathlib import Path

    from ..circuit.library import load_circuit
    from ..errors import DeriveError
    from ..text import ui
    from ..text.messages import Message

    circuit = load_circuit(args.circuit)
    if args.general:   # every resistor labelled with its own symbol (R1a, R1b, ...)
        circuit = circuit.general()
    fmt = _format(args)
    if args.body and fmt != "tex":
        raise DeriveError(Message("schematic_body_tex"))
    try:
        if fmt == "tex":
            from ..schematic.circuitikz import standalone_document, to_circuitikz

            text = to_circuitikz(circuit) if args.body else standalone_document(circuit)
            if args.output is None:
                print(text, end="")
                return 0
            Path(args.output).write_text(text, encoding="utf-8")
            written = [args.output]
        else:
            from ..schematic.schemdraw_backend import save

            target = Path(args.output) if args.output else Path(f"{circuit.name}.{fmt}")
            if target.suffix.lower() != f".{fmt}":
                target = target.with_name(target.name + f".{fmt}")
            written = save(circuit, target, formats=(fmt,))
    except OSError as exc:
        raise DeriveError(Message("write_failed", path=exc.filename or args.output, reason=exc.strerror)) from None
    for path in written:
        print(ui("wrote", args.lang, path=path))
    return 0
