"""``derive cmrr CIRCUIT``: differential and common-mode gains, CMRR, resistor tolerance."""
from . import options


def register(sub):
    h = options.help_texts(sub, "cmrr")
    p = sub.add_parser(
        "cmrr", help=h["help"], description=h["description"],
    )
    options.add_circuit(p)
    p.add_argument("--tolerance", metavar="T", help=h["tolerance"])
    p.add_argument("--gain", metavar="G", help=h["gain"])
    p.add_argument("--set", metavar="VALUES", default="", help=h["set"])
    p.add_argument("--inputs", metavar="P,M", help=h["inputs"])
    p.add_argument("--samples", type=int, default=20000, metavar="N", help=h["samples"])
    p.add_argument("--seed", type=int, default=1, metavar="S", help=h["seed"])
    p.add_argument("--distribution", choices=("uniform", "normal"), default="uniform", help=h["distribution"])
    p.add_argument("--common-mode", metavar="V", help=h["common_mode"])
    p.add_argument("--max-error", metavar="E", help=h["max_error"])
    p.add_argument("--table", action="store_true", help=h["table"])
    add_report_options(p)
    p.set_defaults(run=run)


def add_report_options(p):
    """How an analysis is shown: --latex [--body], --brief, --lang, --json (also for ``derive design``)."""
    h = options.help_texts(p, "report")
    p.add_argument("--latex", action="store_true", help=h["latex"])
    p.add_argument("--body", action="store_true", help=h["body"])
    p.add_argument("--brief", action="store_true", help=h["brief"])
    options.add_output(p, h["output"])
    options.add_lang(p)
    options.add_json(p)


def run(args):
    return options.captured(args, _run)


def _run(args):
    import json

    from ..analysis.decibels import cmrr_table, percent, required_cmrr
    from ..analysis.decompose import decompose
    from ..circuit.library import as_circuit
    from ..analysis.inputs import parse_assignments, parse_positive, parse_tolerance
    from ..analysis.report import escape, latex_document, number, render_steps_latex, render_steps_text, title, ui
    from ..errors import DeriveError
    from ..notation.units import si_plain
    from ..text.messages import Message

    circuit = as_circuit(args.circuit)
    inputs = tuple(n.strip() for n in args.inputs.split(",")) if args.inputs else None
    tol = parse_tolerance(args.tolerance, args.lang) if args.tolerance else None
    gain = parse_positive(args.gain, "--gain", args.lang) if args.gain else None
    values = parse_assignments(args.set, circuit, args.lang) if args.set else None
    if gain and tol is None:
        raise DeriveError(Message("cmrr_gain_needs_tolerance"))
    if bool(args.common_mode) != bool(args.max_error):
        raise DeriveError(Message("cmrr_common_mode_pair"))
    if args.samples < 0:
        raise DeriveError(Message("cmrr_samples"))
    dec = decompose(circuit.substitute(values) if values and tol is None else circuit, inputs)
    report = None
    if tol is not None:
        from ..analysis.tolerance import tolerance_analysis

        if inputs:
            raise DeriveError(Message("cmrr_inputs_tolerance"))
        report = tolerance_analysis(circuit, tol, gain=gain, values=values, samples=args.samples,
                                    seed=args.seed, distribution=args.distribution)
    need = None
    if args.common_mode:
        vcm = parse_positive(args.common_mode, "--common-mode", args.lang)
        err = parse_positive(args.max_error, "--max-error", args.lang)
        need = (vcm, err) + required_cmrr(vcm, err)
    lang = args.lang
    if args.json:
        print(json.dumps(_as_json(dec, report, need, args.table), indent=2, ensure_ascii=False))
        return 0
    out = []
    if args.latex:
        out.append(render_steps_latex(dec, lang))
        if report:
            out.append(render_steps_latex(report.analysis, lang))
    elif args.brief:
        from ..analysis.report import explain
        from ..render.text import equation_block, math_text

        ids = ("cmrr", "cmrr-db") if dec.result_id == "cmrr-db" else (dec.result_id,)
        shown = [dec.step(i) for i in ids]
        held = [s for s in dec.steps if s.kind == "other_inputs_zero"]     # never silently
        out += [title(dec, lang)] + [explain(s, lang, math_text) for s in held] + [equation_block(s.equation, lang=lang) for s in shown]
        out += [""]
    else:
        out += [title(dec, lang), ui("general_form", lang), "", render_steps_text(dec, lang)]
        if report:
            out += [title(report.analysis, lang, tol=percent(tol, lang)), "", render_steps_text(report.analysis, lang)]
    notes = _summary(report, lang) if report else []
    if need:
        vcm, err, ratio, db = need
        notes.append(ui("requirement", lang, vcm=si_plain(vcm, "volt"), error=si_plain(err, "volt"),
                        ratio=number(ratio, lang), db=number(db, lang, 2)))
    rows = [(str(db), number(ratio, lang), _volts(e)) for db, ratio, e in cmrr_table()] if args.table else []
    if args.latex:
        out.append("\n\n".join(escape(n) for n in notes) + "\n")
        if rows:
            head = ui("table_header_cells", lang).split("|")
            out.append("\\begin{tabular}{rrl}\n" + " & ".join(map(escape, head)) + " \\\\ \\hline\n"
                       + "".join(" & ".join(map(escape, r)) + " \\\\\n" for r in rows) + "\\end{tabular}\n")
        body = "\n".join(out)
        print(body if args.body else latex_document([body], lang), end="")
        return 0
    out += notes
    if rows:
        out.append(ui("table_header", lang))
        out += [f"{db:>9}   {ratio:<12}  {e}" for db, ratio, e in rows]
    print("\n".join(out).rstrip())
    return 0


def _volts(v):
    from fractions import Fraction

    from ..notation.units import si_plain

    return si_plain(Fraction(v).limit_denominator(10**12), "volt")


def _summary(report, lang):
    """The numbers of a tolerance analysis, one sentence each."""
    from ..analysis.decibels import percent
    from ..analysis.report import number, ui

    nominal = ", ".join(f"{s} = {_ohms(v)}" for s, v in sorted(report.nominal.items(), key=lambda kv: str(kv[0])))
    stage = sorted(report.worst_corner, key=str)
    lines = [ui("nominal", lang, values=nominal),
             ui("first_order", lang, ratio=number(report.first_order, lang),
                db=number(report.first_order_db, lang, 2)),
             ui("worst_case", lang, ratio=number(report.worst, lang), db=number(report.worst_db, lang, 2)),
             ui("corners_note", lang, n=len(stage), names=", ".join(map(str, stage)))]
    mc = report.monte_carlo
    if mc:
        lines.append(ui("monte_carlo", lang, samples=number(mc["samples"], lang),
                        distribution=ui(f"dist_{mc['distribution']}", lang), tol=percent(report.tolerance, lang),
                        seed=mc["seed"], **{k: number(mc[k], lang, 1) for k in ("p50", "p5", "p1", "min")}))
    return lines


def _ohms(value):
    from ..notation.units import si_plain

    return si_plain(value, "ohm")


def _as_json(dec, report, need, table):
    from ..analysis.decibels import cmrr_table
    from ..analysis.decompose import ACM, AD

    data = {
        "circuit": dec.circuit.name,
        "inputs": [str(dec.values["plus"]), str(dec.values["minus"])],
        "ad": str(dec.value(AD)), "acm": str(dec.value(ACM)),
        "cmrr": {"lhs": str(dec.result.lhs), "rhs": str(dec.result.rhs)},
        "steps": [{"id": s.id, "kind": s.kind, "lhs": str(s.lhs), "rhs": str(s.rhs), "uses": list(s.uses)}
                  for s in dec.steps],
    }
    if report:
        mc = {k: v for k, v in report.monte_carlo.items() if k != "db"}
        data["tolerance"] = {
            "tolerance": str(report.tolerance),
            "nominal": {str(k): str(v) for k, v in report.nominal.items()},
            "first_order": report.first_order, "first_order_db": report.first_order_db,
            "worst": report.worst, "worst_db": report.worst_db,
            "worst_corner": {str(k): v for k, v in report.worst_corner.items()},
            "monte_carlo": mc,
        }
    if need:
        data["requirement"] = {"common_mode": str(need[0]), "max_error": str(need[1]), "ratio": need[2], "db": need[3]}
    if table:
        data["table"] = [{"db": db, "ratio": r, "error_per_volt": e} for db, r, e in cmrr_table()]
    return data
