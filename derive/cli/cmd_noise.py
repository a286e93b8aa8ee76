"""``derive noise CIRCUIT``: white noise referred to the input, each source's gain derived."""
from . import options


def register(sub):
    from .cmd_cmrr import add_report_options

    p = sub.add_parser(
        "noise", help="white noise: thermal and op-amp noise, each gain derived, referred to the input",
        description="Add every noise source to the circuit model (resistor thermal noise, op-amp voltage and "
                    "current noise, or a part's datasheet densities), derive each one's gain to the output, "
                    "add them in power and refer the result to the input; with --bandwidth the rms noise.",
    )
    options.add_circuit(p)
    p.add_argument("--part", metavar="P", help="an integrated in-amp with datasheet noise: INA128, AD620, AD8221, INA333")
    p.add_argument("--gain", metavar="G", help="differential gain: sets the gain resistor RG")
    p.add_argument("--set", metavar="VALUES", default="", help='resistor values, e.g. "Rf=9k, Rin=1k"')
    p.add_argument("--en", metavar="V", help="op-amp voltage noise density in V/√Hz, e.g. 4n")
    p.add_argument("--in", dest="in_", metavar="A", help="op-amp current noise density in A/√Hz, e.g. 1p")
    p.add_argument("--temperature", metavar="K", default="300", help="temperature in kelvin (default 300)")
    p.add_argument("--bandwidth", metavar="HZ", help="noise bandwidth for the rms value, e.g. 150")
    p.add_argument("--frequency", metavar="HZ", help="spot noise at this frequency (circuits with C or L)")
    p.add_argument("--source-resistance", metavar="R+,R-", default="0,0",
                   help='resistance in series with each input (its thermal noise counts), e.g. "10k,10k"')
    add_report_options(p)
    p.set_defaults(run=run)


def run(args):
    import json

    from ..analysis.inputs import optional, parse_positive, read_design_options
    from ..analysis.noise import noise
    from ..analysis.report import latex_document, render_steps_latex, render_steps_text, title

    lang = args.lang
    o = read_design_options(args, "AD620", "10k,10k")
    report = noise(o.circuit, part=o.part, gain=o.gain, values=o.values, source_resistance=o.source_resistance,
                   temperature=parse_positive(args.temperature, "--temperature", lang),
                   en=optional(args, "en", parse_positive, "--en", lang),
                   in_=optional(args, "in_", parse_positive, "--in", lang),
                   bandwidth=optional(args, "bandwidth", parse_positive, "--bandwidth", lang),
                   frequency=optional(args, "frequency", parse_positive, "--frequency", lang))
    if args.json:
        print(json.dumps(as_json(report), indent=2, ensure_ascii=False))
        return 0
    lines = summary(report, args.part, lang)
    if args.latex:
        from ..analysis.report import escape

        body = render_steps_latex(report.analysis, lang) + "\n" + "\n\n".join(escape(x) for x in lines) + "\n"
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

    text = (si_plain(Fraction(float(value)).limit_denominator(10 ** 18), unit) if value
            else "0 " + {"volt": "V", "ampere": "A"}[unit])
    text = text + "/√Hz" if per_root_hz else text
    return text.replace(".", ",") if lang == "es" else text


def summary(report, part, lang):
    """Setup line, then the table, totals, rms and the dominant source."""
    from ..analysis.report import number, ui
    from ..notation.units import si_plain

    data = ui("noise_data_part", lang, part=part) if part else ui("noise_data_given", lang)
    lines = [ui("noise_setup", lang, gain=_g(report.gain, lang), temperature=number(report.temperature, lang, 0),
                data=data)]
    head = ui("noise_header", lang).split("|")
    rows = []
    for s in report.sources:
        unit = "ampere" if s.name.startswith("i_n") else "volt"
        rows.append((s.name, _density(s.density, unit, lang), _g(s.gain, lang), _density(s.output, "volt", lang),
                     f"{number(100 * float(report.share(s)), lang, 1)} %"))
    widths = [max(len(r[i]) for r in rows + [tuple(head)]) for i in range(5)]
    fmt = "{:<%d}  {:>%d}  {:>%d}  {:>%d}  {:>%d}" % tuple(widths)
    lines += [fmt.format(*head)] + [fmt.format(*r) for r in rows]
    lines.append(ui("noise_total", lang, out=_density(report.output, "volt", lang),
                    rti=_density(report.rti, "volt", lang)))
    if report.bandwidth is not None:
        bw = si_plain(report.bandwidth, "hertz")
        rms = _density(report.rms, "volt", lang, per_root_hz=False)
        lines.append(ui("noise_rms", lang, bandwidth=bw.replace(".", ",") if lang == "es" else bw, rms=rms))
    d = report.dominant
    lines.append(ui("noise_dominant", lang, source=d.name, share=f"{number(100 * float(report.share(d)), lang, 1)} %"))
    return lines


def _g(value, lang):
    """A gain as a number; a complex gain (spot noise at a frequency) as its magnitude."""
    from sympy import S

    value = S(value)
    text = f"{float(value if value.is_real else abs(value)):.6g}"
    return text.replace(".", ",") if lang == "es" else text


def as_json(report):
    return {
        "circuit": report.analysis.circuit.name,
        "gain": str(report.gain), "temperature": str(report.temperature),
        "sources": [{"name": s.name, "density": float(s.density), "gain": str(s.gain),
                     "gain_magnitude": float(abs(s.gain)), "output": float(s.output),
                     "share": float(report.share(s))} for s in report.sources],
        "output_density": float(report.output), "rti_density": float(report.rti),
        "bandwidth": None if report.bandwidth is None else float(report.bandwidth),
        "rti_rms": None if report.rms is None else float(report.rms),
        "dominant": report.dominant.name,
        "steps": [{"id": s.id, "kind": s.kind, "lhs": str(s.lhs), "rhs": str(s.rhs), "uses": list(s.uses)}
                  for s in report.analysis.steps],
    }
