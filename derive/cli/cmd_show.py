"""``derive show CIRCUIT``: the derivation, step by step, in the terminal (or JSON)."""
from . import options


def register(sub):
    p = sub.add_parser("show", help="show the derivation of a circuit's transfer function, step by step")
    options.add_circuit(p)
    options.add_method(p)
    options.add_general(p)
    options.add_lang(p)
    options.add_json(p)
    p.add_argument("--at", metavar="f=FREQ", default=None,
                   help="also give H at this frequency, e.g. --at f=1k (circuits with C or L)")
    p.set_defaults(run=run)


def _frequency(text):
    from ..circuit.values import BadValue, parse_number
    from ..errors import DeriveError

    name, sep, token = (text or "").partition("=")
    try:
        value = parse_number(token.strip()) if sep and name.strip() == "f" else None
    except BadValue as exc:
        raise DeriveError(f"--at: {exc}") from None
    if value is None or value <= 0:
        raise DeriveError(f"--at expects a positive frequency in hertz like f=1k, not '{text}'")
    return value


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
        at = getattr(args, "at", None)
        frequency = _frequency(at) if at is not None else None
        if derivation.circuit.reactive:   # the s-domain: H(s) in textbook forms, each step proved
            from ..analysis.sdomain import forms_text, transfer_forms

            forms = transfer_forms(args.circuit, method=args.method, general=args.general)
            print()
            print(forms_text(forms, args.lang, frequency), end="")
    return 0
