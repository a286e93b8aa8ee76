"""``derive latex CIRCUIT``: the derivation as a LaTeX document, or its body with ``--body``."""
from . import options


def register(sub):
    h = options.help_texts(sub, "latex")
    p = sub.add_parser(
        "latex", help=h["help"],
    )
    options.add_circuit(p)
    options.add_method(p)
    options.add_general(p)
    options.add_lang(p)
    p.add_argument(
        "--body", action="store_true", help=h["body"],
    )
    p.add_argument("-o", "--output", metavar="FILE", help=h["output"])
    p.set_defaults(run=run)


def run(args):
    from ..derivation import derive
    from ..render.latex_document import body, document
    from ..schematic.circuitikz import document_drawing

    options.check_writable(args.output)

    derivation = derive(args.circuit, method=args.method, general=args.general)
    drawing = document_drawing(derivation.circuit, args.lang)
    extra = ""
    if derivation.circuit.reactive:     # H(s) in textbook forms: w0, Q, K, poles and zeros, cutoff
        from ..analysis.sdomain import forms_latex, transfer_forms

        extra = forms_latex(transfer_forms(args.circuit, method=args.method, general=args.general), args.lang)
    write = body if args.body else document
    text = write(derivation, args.lang, drawing, extra)
    options.write_output(args.output, text, args.lang)
    return 0
