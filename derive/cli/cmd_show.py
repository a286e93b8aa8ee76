"""``derive show CIRCUIT``: the derivation, step by step, in the terminal (or JSON)."""
from . import options


def register(sub):
    p = sub.add_parser("show", help="show the derivation of a circuit's transfer function, step by step")
    options.add_circuit(p)
    options.add_method(p)
    options.add_general(p)
    options.add_lang(p)
    options.add_json(p)
    p.set_defaults(run=run)


def run(args):
    from ..derivation import derive

    derivation = derive(args.circuit, method=args.method, general=args.general)
    if args.json:
        import json

        from ..render.json_out import derivation_json

        print(json.dumps(derivation_json(derivation, args.lang), indent=2, ensure_ascii=False))
    else:
        from ..render.text import render_text

        print(render_text(derivation, args.lang), end="")
    return 0
