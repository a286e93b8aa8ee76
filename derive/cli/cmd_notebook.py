"""``derive notebook CIRCUIT``: a Jupyter notebook of the derivation, for any circuit."""
from . import options


def register(sub):
    h = options.help_texts(sub, "notebook")
    p = sub.add_parser(
        "notebook", help=h["help"],
    )
    options.add_circuit(p)
    options.add_method(p)
    options.add_general(p)
    options.add_lang(p)
    p.add_argument("-o", "--output", metavar="FILE", help=h["output"])
    p.add_argument("--execute", action="store_true", help=h["execute"])
    p.set_defaults(run=run)


def run(args):
    from ..errors import DeriveError
    from ..text.messages import Message

    try:
        from ..notebook.build import derivation_notebook, to_text
    except ImportError as exc:
        raise DeriveError(Message("notebook_needs_docs", reason=str(exc))) from None

    options.check_writable(args.output)
    nb = derivation_notebook(args.circuit, args.lang, method=args.method, general=args.general)
    if args.execute:
        from ..notebook.execute import execute

        nb = execute(nb, name=str(args.output or args.circuit))   # in an empty folder of its own
    options.write_output(args.output, to_text(nb), args.lang)
    return 0
