"""``derive range CIRCUIT --supply "-15,15"``: the input range ("diamond plot"), derived."""
import re

from . import options

# "-15,15" is a value, not an option: let this subcommand read it after --supply.
_NEGATIVE_VALUE = re.compile(r"^-\d|^-\.\d")


def register(sub):
    h = options.help_texts(sub, "range")
    from .cmd_cmrr import add_report_options

    p = sub.add_parser(
        "range", help=h["help"], description=h["description"],
    )
    p._negative_number_matcher = _NEGATIVE_VALUE
    options.add_circuit(p)
    p.add_argument("--supply", metavar="LOW,HIGH", required=True, help=h["supply"])
    p.add_argument("--headroom-in", metavar="V", default="0", help=h["headroom_in"])
    p.add_argument("--swing", metavar="V", default="0", help=h["swing"])
    p.add_argument("--vref", metavar="V", default="0", help=h["vref"])
    p.add_argument("--gain", metavar="G", help=h["gain"])
    p.add_argument("--part", metavar="P", help=h["part"])
    p.add_argument("--set", metavar="VALUES", default="", help=h["set"])
    p.add_argument("--inputs", metavar="P,M", help=h["inputs"])
    p.add_argument("--vout", metavar="V", help=h["vout"])
    p.add_argument("--vcm", metavar="V", help=h["vcm"])
    p.add_argument("--plot", metavar="FILE", help=h["plot"])
    add_report_options(p)
    p.set_defaults(run=run)


def run(args):
    """Run the command; with ``-o FILE`` its report goes to that file (``wrote FILE``)."""
    return options.captured(args, _run)


def _run(args):
    import json

    from ..analysis.input_range import input_range, range_plot
    from ..analysis.inputs import error, optional, parse_supply, parse_voltage, read_design_options
    from ..analysis.report import latex_document, render_steps_latex, render_steps_text, title, ui

    lang = args.lang
    o = read_design_options(args, "INA128")
    supply = parse_supply(args.supply, lang)
    vref = parse_voltage(args.vref, "--vref", lang)
    inputs = None
    if args.inputs:
        inputs = tuple(n.strip() for n in args.inputs.split(","))
        if len(inputs) != 2 or not all(inputs):
            raise error("inputs_two", lang, text=repr(args.inputs))
    report = input_range(o.circuit, supply, parse_voltage(args.headroom_in, "--headroom-in", lang),
                         parse_voltage(args.swing, "--swing", lang), vref, gain=o.gain, part=o.part,
                         values=o.values, inputs=inputs)
    at_vout = optional(args, "vout", parse_voltage, "--vout", lang)
    at_vout = vref if at_vout is None else at_vout
    at_vcm = optional(args, "vcm", parse_voltage, "--vcm", lang)
    at_vcm = (supply[0] + supply[1]) / 2 if at_vcm is None else at_vcm
    if args.plot:
        try:
            range_plot(report, args.plot, title=title(report.analysis, lang), lang=lang)
        except (OSError, ValueError) as exc:
            raise error("plot_not_written", lang, path=args.plot, reason=exc) from None
    if args.json:
        print(json.dumps(as_json(report, at_vout, at_vcm), indent=2, ensure_ascii=False))
        return 0
    notes = summary(report, at_vout, at_vcm, lang)
    if args.plot:
        notes.append(ui("range_plot_saved", lang, path=args.plot))
    if args.latex:
        body = render_steps_latex(report.analysis, lang) + "\n" + latex_tables(report, lang)
        print(body if args.body else latex_document([body], lang), end="")
        return 0
    head = 3 if report.opamp_errors else 2
    out = [title(report.analysis, lang)] + notes[:head] + [""]
    if not args.brief:
        out.append(render_steps_text(report.analysis, lang))
    out += notes[head:]
    print("\n".join(out).rstrip())
    return 0


def _num(q, lang="en"):
    """An exact number as a short decimal (four decimals at most)."""
    from ..text.numerals import localized

    text = f"{float(q):.4f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return localized(text, lang)


def _volts(q, lang):
    return f"{_num(q, lang)} V"


def _by(limit, lang):
    from ..analysis.report import ui

    return ui("range_by", lang, opamp=limit.opamp, terminal=_terminal(limit.terminal, lang), node=limit.node)


def _terminal(terminal, lang):
    from ..analysis.input_range import terminal_words

    return terminal_words(terminal, lang)


def _relation(limit, lang):
    return ("≤ " if limit.side == "high" else "≥ ") + _volts(limit.bound, lang)


def summary(report, at_vout, at_vcm, lang):
    """The lines after the title: values, limits, then (after the steps) the region."""
    from ..analysis.report import ui
    from ..notation.units import si_plain

    vals = []
    for s, v in sorted(report.values.items(), key=lambda kv: str(kv[0])):
        text = f"{s} = {si_plain(v, 'ohm', lang)}" if v == int(v) else f"{s} = {_num(v, lang)} Ω"
        vals.append(ui("range_default", lang, symbol=s, value=si_plain(v, "ohm", lang)) if s in report.defaults else text)
    vals.append(ui("range_gain", lang, gain=_num(report.gain, lang)))
    low, high = report.supply
    refs = ", ".join(f"{r} = {_volts(v, lang)}" for r, v in report.refs.items()) or ui("range_refs_none", lang)
    vout = report.vout_symbol
    lines = [ui("range_values", lang, values=", ".join(vals)),
             ui("range_limits", lang, in_low=_volts(low + report.headroom_in, lang),
                in_high=_volts(high - report.headroom_in, lang), out_low=_volts(low + report.swing, lang),
                out_high=_volts(high - report.swing, lang), low=_volts(low, lang), high=_volts(high, lang),
                refs=refs),
             ui("range_region", lang, vout=vout, n=len(report.vertices))]
    if report.opamp_errors:
        lines.insert(2, ui("range_opamp_errors", lang, values=", ".join(
            f"{s} = {si_plain(v, 'ampere' if s.name.startswith('I_') else 'volt', lang)}"
            for s, v in sorted(report.opamp_errors.items(), key=lambda kv: kv[0].name))))
    for x, y in report.vertices:
        lines.append("  " + ui("range_vertex", lang, vout=_volts(x, lang), vcm=_volts(y, lang),
                               vd=_volts(report.vdiff(x, y), lang)))
    lines.append(ui("range_edges", lang))
    for e in report.edges:
        eq = e.limit.equation(vout)
        text = ui("range_edge_line", lang, opamp=e.opamp, terminal=_terminal(e.terminal, lang), node=e.node,
                  relation=_relation(e.limit, lang), equation=f"{eq.lhs} = {eq.rhs}")
        if e.limit.also:
            text += " (" + ui("range_also", lang, names=", ".join(f"{o} {n}" for o, _, n in e.limit.also)) + ")"
        lines.append("  " + text)
    span = report.vcm_limits(at_vout)
    if span:
        lines.append(ui("range_at_vout", lang, vout=vout, value=_volts(at_vout, lang), low=_volts(span[0], lang),
                        low_by=_by(span[2], lang), high=_volts(span[1], lang), high_by=_by(span[3], lang)))
    else:
        lines.append(ui("range_outside_vout", lang, vout=vout, value=_volts(at_vout, lang)))
    span = report.vout_limits(at_vcm)
    if span:
        lines.append(ui("range_at_vcm", lang, value=_volts(at_vcm, lang), low=_volts(span[0], lang),
                        low_by=_by(span[2], lang), high=_volts(span[1], lang), high_by=_by(span[3], lang)))
    else:
        lines.append(ui("range_outside_vcm", lang, value=_volts(at_vcm, lang)))
    return lines


def latex_tables(report, lang):
    """The vertices and the edges as two LaTeX tables."""
    from ..analysis.report import escape, latex_math, ui

    vout = report.vout_symbol
    from ..analysis.decompose import VCM, VD

    head = [latex_math(vout), latex_math(VCM), latex_math(VD)]
    rows = [" & ".join(f"${_num(v, lang).replace(',', '{,}')}$" for v in (x, y, report.vdiff(x, y)))
            for x, y in report.vertices]
    out = ["\\begin{center}\\begin{tabular}{rrr}", " & ".join(head) + " \\\\ \\hline"]
    out += [r + " \\\\" for r in rows] + ["\\end{tabular}\\end{center}", ""]
    heads = [escape(h) for h in ui("range_table_edges", lang).split("|")]
    out += ["\\begin{center}\\begin{tabular}{llll}", " & ".join(heads) + " \\\\ \\hline"]
    for e in report.edges:
        eq = e.limit.equation(vout)
        out.append(f"{escape(e.opamp)} & {escape(e.node)} & {latex_math(e.limit.relation(_node_symbol(report, e)))} & "
                   f"{latex_math(eq)} \\\\")
    out += ["\\end{tabular}\\end{center}", ""]
    return "\n".join(out)


def _node_symbol(report, edge):
    from ..analysis.input_range import _node_symbol as node_symbol

    return node_symbol(report.circuit, edge.node)


def as_json(report, at_vout, at_vcm):
    """The region for tools: vertices (floats and exact), edges, the numbers used."""
    vout = report.vout_symbol

    def pair(p):
        return [float(p[0]), float(p[1])]

    def span(s):
        if s is None:
            return None
        return {"low": float(s[0]), "high": float(s[1]), "low_exact": str(s[0]), "high_exact": str(s[1]),
                "low_limit": {"opamp": s[2].opamp, "node": s[2].node},
                "high_limit": {"opamp": s[3].opamp, "node": s[3].node}}

    edges = []
    for e in report.edges:
        eq = e.limit.equation(vout)
        edges.append({
            "opamp": e.opamp, "node": e.node, "terminal": e.terminal,
            "limit": str(e.limit.relation(_node_symbol(report, e))), "side": e.side, "bound": float(e.bound),
            "equation": f"{eq.lhs} = {eq.rhs}", "from": pair(e.start), "to": pair(e.end),
            "also": [{"opamp": o, "terminal": t, "node": n} for o, t, n in e.limit.also],
        })
    a = report.analysis
    return {
        "circuit": report.circuit.name,
        "supply": [float(v) for v in report.supply],
        "headroom_in": float(report.headroom_in), "swing": float(report.swing),
        "references": {str(k): float(v) for k, v in report.refs.items()},
        "opamp_errors": {str(k): float(v) for k, v in report.opamp_errors.items()},
        "values": {str(k): str(v) for k, v in report.values.items()},
        "defaults": [str(s) for s in report.defaults],
        "gain": str(report.gain),
        "vertices": [pair(p) for p in report.vertices],
        "vertices_exact": [[str(x), str(y)] for x, y in report.vertices],
        "vdiff": [float(report.vdiff(x, y)) for x, y in report.vertices],
        "edges": edges,
        "vcm_at_vout": {"vout": float(at_vout), **(span(report.vcm_limits(at_vout)) or {"low": None, "high": None})},
        "vout_at_vcm": {"vcm": float(at_vcm), **(span(report.vout_limits(at_vcm)) or {"low": None, "high": None})},
        "steps": [{"id": s.id, "kind": s.kind, "lhs": str(s.lhs), "rhs": str(s.rhs), "uses": list(s.uses)}
                  for s in a.steps],
    }
