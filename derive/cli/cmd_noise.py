"""``derive noise CIRCUIT``: white noise referred to the input, each source's gain derived."""
from . import options


def register(sub):
    h = options.help_texts(sub, "noise")
    from .cmd_cmrr import add_report_options

    p = sub.add_parser(
        "noise", help=h["help"], description=h["description"],
    )
    options.add_circuit(p)
    p.add_argument("--part", metavar="P", help=h["part"])
    p.add_argument("--gain", metavar="G", help=h["gain"])
    p.add_argument("--set", metavar="VALUES", default="", help=h["set"])
    p.add_argument("--en", metavar="V", help=h["en"])
    p.add_argument("--in", dest="in_", metavar="A", help=h["in"])
    p.add_argument("--temperature", metavar="K", default="300", help=h["temperature"])
    p.add_argument("--bandwidth", metavar="HZ", help=h["bandwidth"])
    p.add_argument("--frequency", metavar="HZ", help=h["frequency"])
    p.add_argument("--source-resistance", metavar="R+,R-", default="0,0", help=h["source_resistance"])
    add_report_options(p)
    p.set_defaults(run=run)


def run(args):
    """Run the command; with ``-o FILE`` its report goes to that file (``wrote FILE``)."""
    return options.captured(args, _run)


def _run(args):
    import json

    from ..analysis.inputs import optional, parse_band, parse_positive, read_design_options
    from ..analysis.noise import noise
    from ..analysis.report import latex_document, render_steps_latex, render_steps_text, title

    lang = args.lang
    o = read_design_options(args, "AD620", "10k,10k")
    report = noise(o.circuit, part=o.part, gain=o.gain, values=o.values, source_resistance=o.source_resistance,
                   temperature=parse_positive(args.temperature, "--temperature", lang),
                   en=optional(args, "en", parse_positive, "--en", lang),
                   in_=optional(args, "in_", parse_positive, "--in", lang),
                   bandwidth=optional(args, "bandwidth", parse_band, "--bandwidth", lang),
                   frequency=optional(args, "frequency", parse_positive, "--frequency", lang))
    if args.json:
        print(json.dumps(as_json(report), indent=2, ensure_ascii=False))
        return 0
    lines = summary(report, args.part, lang)
    if args.latex:
        from ..analysis.report import escape

        setup, head, rows, notes = table(report, args.part, lang)
        tabular = ["\\begin{center}\\begin{tabular}{l" + "r" * (len(head) - 1) + "}",
                   " & ".join(escape(h) for h in head) + " \\\\ \\hline"]
        tabular += [" & ".join(escape(c) for c in row) + " \\\\" for row in rows]
        tabular += ["\\end{tabular}\\end{center}"]
        body = "\n\n".join([render_steps_latex(report.analysis, lang), escape(setup), "\n".join(tabular)]
                            + [escape(x) for x in notes]) + "\n"
        print(body if args.body else latex_document([body], lang), end="")
        return 0
    out = [title(report.analysis, lang), lines[0], ""]
    if not args.brief:
        out.append(render_steps_text(report.analysis, lang))
    out += lines[1:]
    print("\n".join(out).rstrip())
    return 0


def _density(value, unit, lang, per_root_hz=True):
    from fractions import Fraction

    from ..notation.units import si_plain

    text = (si_plain(Fraction(float(value)).limit_denominator(10 ** 18), unit, lang) if value
            else "0 " + {"volt": "V", "ampere": "A"}[unit])
    return text + "/√Hz" if per_root_hz else text


def _hz(value, lang):
    from fractions import Fraction

    from sympy import oo

    from ..notation.units import si_plain

    if value == oo:
        return "∞"
    return si_plain(Fraction(float(value)).limit_denominator(10 ** 6), "hertz", lang)


def table(report, part, lang):
    """``(setup line, header, rows, lines after the table)`` of the summary."""
    from ..analysis.report import number, ui

    data = ui("noise_data_part", lang, part=part) if part else ui("noise_data_given", lang)
    setup = ui("noise_setup", lang, gain=_g(report.gain, lang), temperature=number(report.temperature, lang, 0),
               data=data)
    share = {s.name: f"{number(100 * float(report.share(s)), lang, 1)} %" for s in report.sources}
    rows = []
    spot = not report.banded or report.reference != 0
    for s in report.sources:
        unit = "ampere" if s.name.startswith("i_n") else "volt"
        row = [s.name, _density(s.density, unit, lang)]
        if spot:
            row += [_g(s.gain, lang), _density(s.output, "volt", lang)]
        if report.banded:
            row.append(_density(s.power ** 0.5, "volt", lang, per_root_hz=False))
        rows.append(tuple(row + [share[s.name]]))
    head = ui("noise_header", lang).split("|")
    if report.banded:
        band = ui("noise_header_band", lang)
        head = head[:-1] + [band] + head[-1:] if spot else head[:2] + [band] + head[-1:]
    notes = []
    if spot:
        notes.append(ui("noise_total", lang, out=_density(report.output, "volt", lang),
                        rti=_density(report.rti, "volt", lang)))
    if report.banded:
        where = (ui("noise_at_dc", lang) if report.reference == 0
                 else ui("noise_at_f", lang, frequency=_hz(report.reference, lang)))
        notes.append(ui("noise_band_total", lang, low=_hz(report.band[0], lang), high=_hz(report.band[1], lang),
                        out=_density(report.output_rms, "volt", lang, per_root_hz=False), gain=_g(report.gain, lang),
                        where=where, rti=_density(report.rms, "volt", lang, per_root_hz=False)))
        notes.append(ui("noise_band_enbw", lang, enbw=_hz(report.enbw, lang)))
    elif report.bandwidth is not None:
        rms = _density(report.rms, "volt", lang, per_root_hz=False)
        notes.append(ui("noise_rms", lang, bandwidth=_hz(report.bandwidth, lang), rms=rms))
    d = report.dominant
    notes.append(ui("noise_dominant", lang, source=d.name, share=share[d.name]))
    return setup, head, rows, notes


def summary(report, part, lang):
    """Setup line, then the table, totals, rms and the dominant source."""
    setup, head, rows, notes = table(report, part, lang)
    widths = [max(len(r[i]) for r in rows + [tuple(head)]) for i in range(len(head))]
    fmt = "{:<%d}" % widths[0] + "".join("  {:>%d}" % w for w in widths[1:])
    return [setup] + [fmt.format(*head)] + [fmt.format(*r) for r in rows] + notes


def _g(value, lang):
    """A gain as a number; a complex gain (spot noise at a frequency) as its magnitude."""
    from sympy import S

    from ..text.numerals import formatted

    value = S(value)
    return formatted(value if value.is_real else abs(value), ".6g", lang)


def as_json(report):
    from sympy import S, oo

    from ..circuit.elements import LAPLACE

    def num(x):
        return None if x is None or S(x).has(LAPLACE) else float(x)

    def source(s):
        spot = not S(s.gain).has(LAPLACE)
        return {"name": s.name, "density": float(s.density), "gain": str(s.gain),
                "gain_magnitude": float(abs(s.gain)) if spot else None, "output": float(s.output) if spot else None,
                "power": num(s.power), "share": float(report.share(s))}

    spot = not report.banded or report.reference != 0
    band = None if report.band is None else [float(report.band[0]), "inf" if report.band[1] == oo
                                             else float(report.band[1])]
    return {
        "circuit": report.analysis.circuit.name,
        "gain": str(report.gain), "temperature": str(report.temperature),
        "sources": [source(s) for s in report.sources],
        "output_density": float(report.output) if spot else None, "rti_density": float(report.rti) if spot else None,
        "bandwidth": None if report.bandwidth is None or report.band[1] == oo else float(report.bandwidth),
        "band": band, "integrated": report.banded,
        "output_rms": num(report.output_rms), "rti_rms": num(report.rms),
        "enbw": num(report.enbw),
        "dominant": report.dominant.name,
        "steps": [{"id": s.id, "kind": s.kind, "lhs": str(s.lhs), "rhs": str(s.rhs), "uses": list(s.uses)}
                  for s in report.analysis.steps],
    }
