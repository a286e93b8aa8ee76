"""``derive show CIRCUIT``: the derivation, step by step, in the terminal (or JSON)."""
from . import options
from ..text.messages import Message


def register(sub):
    h = options.help_texts(sub, "show")
    p = sub.add_parser("show", help=h["help"])
    options.add_circuit(p)
    options.add_method(p)
    options.add_general(p)
    options.add_lang(p)
    options.add_json(p)
    p.add_argument("--at", metavar="f=FREQ", default=None, help=h["at"])
    p.add_argument("--set", metavar="VALUES", default="", help=h["set"])
    p.add_argument("--bode", metavar="FILE", default=None, help=h["bode"])
    p.add_argument("--pole-zero", metavar="FILE", default=None, help=h["pole_zero"])
    p.add_argument("--step", metavar="FILE", default=None, help=h["step"])
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
        raise DeriveError(Message("at_frequency", text=text))
    return value


FIGURES = (("bode", "figure_bode"), ("pole_zero", "figure_pole_zero"), ("step", "figure_step"))


def _figure_paths(args):
    """``{kind: path}`` of the figures asked for, checked before any work."""
    from ..errors import DeriveError

    paths = {kind: getattr(args, kind, None) for kind, _ in FIGURES if getattr(args, kind, None)}
    for kind, path in paths.items():
        if not path.lower().endswith((".png", ".svg", ".pdf")):
            option = "--" + kind.replace("_", "-")
            raise DeriveError(Message("figure_suffix", option=option, path=path))
        options.check_writable(path)
    return paths


def run(args):
    from ..derivation import derive
    from ..errors import DeriveError

    paths = _figure_paths(args)
    at = getattr(args, "at", None)
    frequency = _frequency(at) if at is not None else None
    derivation = derive(args.circuit, method=args.method, general=args.general)
    circuit = derivation.circuit
    set_text = getattr(args, "set", "")
    if (set_text or paths) and not circuit.reactive:
        raise DeriveError(Message("response_needs_reactive", circuit=circuit.name))
    values = None
    if set_text:
        from ..analysis.inputs import parse_assignments

        values = parse_assignments(set_text, circuit, args.lang)
    forms = h = None
    if circuit.reactive:     # the s-domain: H(s) in textbook forms, each step proved
        from ..analysis.response import transfer, with_values
        from ..analysis.sdomain import transfer_forms
        from ..circuit.elements import LAPLACE

        forms = transfer_forms(args.circuit, method=args.method, general=args.general)
        symbolic = transfer(forms).free_symbols - {LAPLACE}
        if values is not None or paths or not symbolic:    # numbers: from --set or from the netlist
            h = with_values(transfer(forms), values or {})
    if args.json:
        import json

        from ..render.json_out import derivation_json

        print(json.dumps(derivation_json(derivation, args.lang), indent=2, ensure_ascii=False))
    else:
        from ..render.text import render_text

        print(render_text(derivation, args.lang), end="")
        if forms is not None:
            from ..analysis.sdomain import forms_text

            print()
            print(forms_text(forms, args.lang, frequency, values), end="")
        if h is not None:
            from ..analysis.response_text import response_text, values_text

            print()
            if values:
                print(values_text(circuit, values, args.lang))
            print(response_text(h, args.lang), end="")
    _write_figures(h, paths, args)
    return 0


def _write_figures(h, paths, args):
    """Draw and save the figures asked for, and say so (not under --json)."""
    if not paths:
        return
    from ..analysis import response_plots
    from ..analysis.report import ui
    from ..analysis.response import step_response

    lang = args.lang
    draw = {"bode": lambda p: response_plots.bode_plot(h, p, lang=lang),
            "pole_zero": lambda p: response_plots.pole_zero_plot(h, p, lang=lang),
            "step": lambda p: response_plots.step_plot(step_response(h), p, lang=lang)}
    for kind, key in FIGURES:
        if kind in paths:
            draw[kind](paths[kind])
            if not args.json:
                print(ui("wrote_figure", args.lang, what=ui(key, args.lang), path=paths[kind]))
