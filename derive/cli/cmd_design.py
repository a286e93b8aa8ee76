"""``derive design CIRCUIT --gain G``: the gain resistor, nearest standard value, real gain."""
from . import options
from ..text.messages import Message
from .cmd_cmrr import add_report_options


def register(sub):
    h = options.help_texts(sub, "design")
    p = sub.add_parser(
        "design", help=h["help"], description=h["description"],
    )
    options.add_circuit(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--gain", metavar="G", help=h["gain"])
    what.add_argument("--rg", metavar="R", help=h["rg"])
    p.add_argument("--part", metavar="P", help=h["part"])
    p.add_argument("--series", default="E24", type=str.upper, choices=("E12", "E24", "E48", "E96"), help=h["series"])
    p.add_argument("--set", metavar="VALUES", default="", help=h["set"])
    p.add_argument("--gbw", metavar="F", help=h["gbw"])
    add_report_options(p)
    p.set_defaults(run=run)


def run(args):
    return options.captured(args, _run)


def _run(args):
    import json

    from ..circuit.library import as_circuit
    from ..analysis.design import design, gain_for
    from ..analysis.inputs import parse_assignments, parse_positive, parse_rg
    from ..analysis.report import escape, latex_document, render_steps_latex, render_steps_text, title, ui
    from ..notation.units import si_plain

    circuit = as_circuit(args.circuit)
    values = parse_assignments(args.set, circuit, args.lang) if args.set else None
    lang = args.lang
    if args.rg is not None:
        rg = parse_rg(args.rg, args.lang)
        g = gain_for(circuit, rg, args.part, values)
        shown = ui("rg_open_value", lang) if rg.is_infinite else si_plain(rg, "ohm", lang)
        if args.json:
            print(json.dumps({"circuit": circuit.name, "rg": str(rg), "gain": str(g), "gain_value": float(g)}))
        else:
            print(f"{ui('rg_open', lang, gain=_num(g, lang)) if rg.is_infinite else ui('gain_from_rg', lang, gain=_num(g, lang))}"
                  f"   (RG = {shown}{', ' + args.part if args.part else ''})")
        return 0
    gain = parse_positive(args.gain, "--gain", lang)
    r = design(circuit, gain, part=args.part, series=args.series, values=values)
    if args.json:
        print(json.dumps({
            "circuit": circuit.name, "gain": str(gain), "part": r.part.name if r.part else None,
            "rg_exact": None if r.rg_exact is None else str(r.rg_exact),
            "rg_exact_value": None if r.rg_exact is None or r.rg_exact.is_infinite else float(r.rg_exact),
            "series": r.series, "rg_standard": None if r.standard is None else str(r.standard),
            "gain_actual": None if r.gain_actual is None else float(r.gain_actual),
            "error": None if r.error is None else float(r.error),
            "steps": [{"id": s.id, "kind": s.kind, "lhs": str(s.lhs), "rhs": str(s.rhs)} for s in r.analysis.steps],
        }, indent=2, ensure_ascii=False))
        return 0
    lines = _numbers(r, lang)
    fg = None
    if args.gbw:
        fg, line = _bandwidth(circuit, r, parse_positive(args.gbw, "--gbw", lang), lang)
        lines.append(line)
    if args.latex:
        body = render_steps_latex(r.analysis, lang)
        if fg is not None:
            body += "\n" + render_steps_latex(fg, lang)
        body += "\n" + "\n\n".join(escape(l) for l in lines)
        print(body if args.body else latex_document([body], lang))
        return 0
    out = [title(r.analysis, lang, gain=_num(gain, lang))]
    if not args.brief:
        out += ["", render_steps_text(r.analysis, lang)]
        if fg is not None:
            out += [title(fg, lang), "", render_steps_text(fg, lang)]
    print("\n".join(out + lines).rstrip())
    return 0


def _bandwidth(circuit, r, gbw, lang):
    """The finite-gain analysis and a line with the design's -3 dB bandwidth and poles."""
    from ..analysis.finite_gain import F_T, bandwidth, finite_gain
    from ..analysis.report import ui
    from ..errors import DeriveError
    from ..notation.units import si_plain

    if r.standard is None:
        raise DeriveError(Message("gbw_numeric"))
    fg = finite_gain(circuit)
    values = dict(r.values)
    values[r.rg] = _exact(r.standard)
    f3 = bandwidth(fg, values, float(gbw))
    poles = [(s.equation.lhs, s.equation.rhs.subs(values).subs(F_T, gbw)) for s in fg.steps
             if s.kind == "pole_bandwidth"]
    shown = ", ".join(f"{si_plain(_round(f), 'hertz', lang)} ({sym})" for sym, f in poles)
    return fg, ui("bandwidth", lang, gbw=si_plain(gbw, "hertz", lang), f3db=si_plain(_round(f3), "hertz", lang), poles=shown)


def _round(x):
    from fractions import Fraction

    return Fraction(f"{float(x):.4g}")


def _numbers(r, lang):
    """The design in numbers: exact RG, the standard value and its gain, the neighbours."""
    from ..analysis.design import standard_values
    from ..analysis.report import ui
    from ..text.numerals import formatted
    from ..notation.units import si_plain

    if r.rg_exact is None:
        return [ui("symbolic_only", lang)]
    if r.rg_exact.is_infinite:
        return [ui("rg_open", lang, gain=_num(r.gain_actual, lang))]
    values = standard_values(r.series)
    i = values.index(r.standard)
    near = [v for v in values[max(i - 1, 0):i + 2] if v != r.standard]
    return [ui("rg_exact", lang, value=si_plain(r.rg_exact, "ohm", lang)),
            ui("rg_standard", lang, series=r.series, value=si_plain(_exact(r.standard), "ohm", lang),
               gain=_num(r.gain_actual, lang), error=formatted(float(r.error) * 100, "+.3f", lang) + " %"),
            ui("rg_neighbours", lang, series=r.series,
               values=", ".join(f"{si_plain(_exact(v), 'ohm', lang)} → G = {_num(r.gain_at(v), lang)}" for v in near))]


def _exact(decimal_value):
    from sympy import Rational

    return Rational(str(decimal_value))


def _num(value, lang="en"):
    """A gain for people: exact integers as they are, others to 6 significant digits."""
    from sympy import Integer

    from ..text.numerals import formatted

    if getattr(value, "is_Integer", False) or isinstance(value, (int, Integer)):
        return str(value)
    return formatted(value, ".6g", lang)
