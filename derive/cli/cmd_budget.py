"""``derive budget CIRCUIT``: the DC error budget, each term derived by superposition."""
from . import options


def register(sub):
    h = options.help_texts(sub, "budget")
    from .cmd_cmrr import add_report_options

    p = sub.add_parser(
        "budget", help=h["help"], description=h["description"],
    )
    options.add_circuit(p)
    p.add_argument("--part", metavar="P", help=h["part"])
    p.add_argument("--gain", metavar="G", help=h["gain"])
    p.add_argument("--set", metavar="VALUES", default="", help=h["set"])
    p.add_argument("--vdiff-fs", metavar="V", help=h["vdiff_fs"])
    p.add_argument("--vcm", metavar="V", default="0", help=h["vcm"])
    p.add_argument("--source-resistance", metavar="R+,R-", default="0,0", help=h["source_resistance"])
    p.add_argument("--tolerance", metavar="T", help=h["tolerance"])
    p.add_argument("--grade", choices=("typ", "max"), default="max", help=h["grade"])
    p.add_argument("--vos", metavar="V", help=h["vos"])
    p.add_argument("--ib", metavar="A", help=h["ib"])
    p.add_argument("--ios", metavar="A", help=h["ios"])
    p.add_argument("--bandwidth", metavar="HZ", help=h["bandwidth"])
    add_report_options(p)
    p.set_defaults(run=run)


def run(args):
    """Run the command; with ``-o FILE`` its report goes to that file (``wrote FILE``)."""
    return options.captured(args, _run)


def _run(args):
    import json

    from ..analysis.budget import budget
    from ..analysis.inputs import optional, parse_band, parse_positive, parse_tolerance, parse_voltage, read_design_options
    from ..analysis.report import latex_document, render_steps_latex, render_steps_text, title

    lang = args.lang
    o = read_design_options(args, "AD620", "1meg,0")
    result = budget(
        o.circuit, part=o.part, gain=o.gain, values=o.values, source_resistance=o.source_resistance,
        vdiff_fs=optional(args, "vdiff_fs", parse_positive, "--vdiff-fs", lang),
        vcm=parse_voltage(args.vcm, "--vcm", lang),
        tolerance=parse_tolerance(args.tolerance, lang) if args.tolerance else None,
        grade=args.grade,
        vos=optional(args, "vos", parse_voltage, "--vos", lang),
        ib=optional(args, "ib", parse_voltage, "--ib", lang),
        ios=optional(args, "ios", parse_voltage, "--ios", lang),
        bandwidth=optional(args, "bandwidth", parse_band, "--bandwidth", lang),
    )
    rows = table_rows(result, lang)
    if args.json:
        print(json.dumps(as_json(result), indent=2, ensure_ascii=False))
        return 0
    if args.latex:
        body = render_steps_latex(result.analysis, lang) + "\n" + latex_table(rows, lang)
        print(body if args.body else latex_document([body], lang), end="")
        return 0
    out = [title(result.analysis, lang), setup_line(result, lang), ""]
    if not args.brief:
        out.append(render_steps_text(result.analysis, lang))
    out += text_table(rows, lang)
    print("\n".join(out).rstrip())
    return 0


def _uv(volts, lang):
    from ..notation.units import si_plain

    from fractions import Fraction

    return si_plain(Fraction(float(volts)).limit_denominator(10 ** 15), "volt", lang) if volts else "0 V"


def term_label(term, lang):
    from ..analysis.report import ui

    if term.key.startswith("vos_") and term.key not in ("vos_in", "vos_out"):
        return ui("term_vos_opamp", lang, opamp=term.key[4:])
    if term.key.startswith("ib_"):
        return ui("term_ib_opamp", lang, opamp=term.key[3:])
    return ui(f"term_{term.key}", lang)


def setup_line(result, lang):
    from ..analysis.budget import RS_M, RS_P
    from ..analysis.parts import conditions
    from ..analysis.report import ui
    from ..notation.units import si_plain

    if result.part is not None:
        data = ui("budget_data_part", lang, part=result.part.name, grade=ui(f"grade_{result.grade}", lang),
                  conditions=conditions(result.part.name))
    else:
        data = ui("budget_data_none", lang)
    vcm = next((s.params.get("at", {}) for s in result.analysis.steps if s.id == "value-cmrr"), {})
    vcm_value = next((v for k, v in vcm.items() if str(k) == "V_cm"), 0)
    return ui("budget_setup", lang, gain=_short(result.gain, lang), fs=_uv(result.vdiff_fs, lang),
              vcm=_uv(vcm_value, lang), rsp=si_plain(result.numbers[RS_P], "ohm", lang),
              rsm=si_plain(result.numbers[RS_M], "ohm", lang), data=data)


def _short(q, lang):
    from ..text.numerals import formatted

    return formatted(q, ".6g", lang)


def table_rows(result, lang):
    """(label, RTI text, ppm text) for each term, then the two totals."""
    from ..analysis.report import number, ui

    rows = [(term_label(t, lang), _uv(abs(t.rti), lang), number(result.ppm(abs(t.rti)), lang, 1))
            for t in result.terms]
    rows.append((ui("budget_sum", lang), _uv(result.total, lang), number(result.ppm(result.total), lang, 1)))
    rows.append((ui("budget_rss", lang), _uv(result.rss, lang), number(result.ppm(result.rss), lang, 1)))
    return rows


def text_table(rows, lang):
    from ..analysis.report import ui

    head = ui("budget_header", lang).split("|")
    w0 = max(len(r[0]) for r in rows + [tuple(head)])
    w1 = max(len(r[1]) for r in rows + [tuple(head)])
    w2 = max(len(r[2]) for r in rows + [tuple(head)])
    out = [f"{head[0]:<{w0}}  {head[1]:>{w1}}  {head[2]:>{w2}}"]
    for i, (label, rti, ppm) in enumerate(rows):
        if i == len(rows) - 2:
            out.append("-" * (w0 + w1 + w2 + 4))
        out.append(f"{label:<{w0}}  {rti:>{w1}}  {ppm:>{w2}}")
    return out


def latex_table(rows, lang):
    from ..analysis.report import escape, ui

    head = [escape(h) for h in ui("budget_header", lang).split("|")]
    out = ["\\begin{center}\\begin{tabular}{lrr}", " & ".join(head) + " \\\\ \\hline"]
    for i, row in enumerate(rows):
        if i == len(rows) - 2:
            out.append("\\hline")
        out.append(" & ".join(escape(c) for c in row) + " \\\\")
    out += ["\\end{tabular}\\end{center}", ""]
    return "\n".join(out)


def as_json(result):
    """The budget for tools: every term in volts RTI and ppm of full scale, the totals, the steps."""
    a = result.analysis
    return {
        "circuit": a.circuit.name,
        "part": result.part.name if result.part else None, "grade": result.grade,
        "gain": str(result.gain), "vdiff_fs": str(result.vdiff_fs),
        "terms": [{"key": t.key, "rti": float(t.rti), "rti_exact": str(t.rti),
                   "ppm": float(result.ppm(abs(t.rti))), "step": t.step} for t in result.terms],
        "total": {"sum": float(result.total), "rss": float(result.rss),
                  "sum_ppm": float(result.ppm(result.total)), "rss_ppm": float(result.ppm(result.rss))},
        "steps": [{"id": s.id, "kind": s.kind, "lhs": str(s.lhs), "rhs": str(s.rhs), "uses": list(s.uses)}
                  for s in a.steps],
    }
