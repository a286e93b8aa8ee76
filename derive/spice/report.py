"""Print a :class:`~derive.spice.verify.VerifyReport` as a table or as JSON.

The table has one row per point for each claim about the output node, plus the
worst other node of that point, plus every node that disagrees; ``all_nodes``
prints every check. Below it, the values of each point, then one summary line.

>>> si(Rational(7330)), si(Rational(-977, 1000)), si(Rational(645000)), si(0)
('7.33k', '-977m', '645k', '0')
"""
import cmath

from sympy import Rational

from ..text.numerals import formatted
from ..text import ui
from ..text.messages import Message, worded

SI_PREFIXES = ((10**12, "T"), (10**9, "G"), (10**6, "meg"), (10**3, "k"), (1, ""),
               (Rational(1, 10**3), "m"), (Rational(1, 10**6), "u"), (Rational(1, 10**9), "n"),
               (Rational(1, 10**12), "p"))


def si(value):
    """A number with a SPICE suffix and up to 6 significant digits, as ngspice reads it."""
    value = Rational(value)
    if value == 0:
        return "0"
    for factor, prefix in SI_PREFIXES:
        if abs(value) >= factor:
            break
    text = f"{float(value / factor):.6g}"
    return text + prefix


def _number(x, lang="en"):
    """A real number, or a complex one as magnitude and phase in degrees (AC), in ``lang``."""
    z = complex(x)
    if z.imag == 0 and not isinstance(x, complex) and getattr(x, "is_real", True):
        return formatted(z.real, ".12g", lang)
    return f"{formatted(abs(z), '.12g', lang)} ∠ {formatted(cmath.phase(z) * 180 / cmath.pi, '.6g', lang)}°"


def _rows(point, output, all_nodes):
    if all_nodes:
        return list(point.checks)
    rows = [c for c in point.checks if c.node == output]
    others = [c for c in point.checks if c.node != output]
    if others:
        worst = max(others, key=lambda c: c.error / c.tolerance)
        rows.append(worst)
    rows += [c for c in point.failures() if c not in rows]
    return rows


def format_table(report, *, all_nodes=False, title=None, lang="en"):
    """The report as text in ``lang``: a header, the table, each point's values, a summary line."""
    circuit = report.circuit
    lines = []
    if title:
        lines.append(title)
    lines.append(ui("verify_model", lang, model=worded(report.opamp_model, lang), seed=report.seed))
    header = tuple(ui("verify_header", lang).split("|"))
    table = [header]
    for p in report.points + report.dc_points:
        for i, c in enumerate(_rows(p, circuit.output, all_nodes)):
            label = c.label if c.node == circuit.output or all_nodes or not c.ok else \
                Message("verify_worst_node", label=c.label)
            table.append((str(p.index) if i == 0 else "", worded(label, lang), _number(c.expected, lang),
                          _number(c.simulated, lang), formatted(c.error, ".1e", lang),
                          formatted(c.tolerance, ".1e", lang),
                          ui("verify_cell_agree" if c.ok else "verify_cell_disagree", lang)))
    widths = [max(len(row[k]) for row in table) for k in range(len(header))]
    for row in table:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    lines.append("")
    for p in report.points + report.dc_points[:1]:
        if isinstance(p.index, str):       # the DC points reuse the AC points' values
            lines.append(ui("verify_dc_values" if len(report.dc_points) > 1 else "verify_dc_values_one", lang, points=", ".join(q.index for q in report.dc_points),
                            n=len(report.dc_points)))
            continue
        values = ", ".join(f"{s.name}={si(v)}" for s, v in sorted(p.values.items(), key=lambda kv: kv[0].name))
        lines.append(ui("verify_point", lang, index=p.index, values=values or ui("verify_no_symbols", lang)))
    lines.append("")
    lines.append(summary(report, lang))
    return "\n".join(lines)


def summary(report, lang="en"):
    """One sentence in ``lang``: how many points agree, the worst error, or what disagrees."""
    n = len(report.points)
    checks = [c for p in report.points + report.dc_points for c in p.checks]
    if report.ok:
        worst = max(checks, key=lambda c: c.error / c.tolerance)
        per_point = len(report.points[0].checks)
        points = ui("verify_all_points", lang, n=n) if n > 1 else ui("verify_one_point", lang)
        checks_key = "verify_check" + ("s" if per_point > 1 else "") + ("_each" if n > 1 else "")
        if report.dc_points:
            points += (ui("verify_dc_many", lang, n=len(report.dc_points)) if n > 1
                       else ui("verify_dc_one", lang))
        text = ui("verify_agree", lang, points=points, checks=ui(checks_key, lang, n=per_point),
                  label=worded(worst.label, lang), error=formatted(worst.error, ".1e", lang),
                  tolerance=formatted(worst.tolerance, ".1e", lang))
        return text + (f"; {worded(report.dc_note, lang)}" if report.dc_note else "")
    bad = [(p.index, c) for p in report.points + report.dc_points for c in p.failures()]
    first_index, first = bad[0]
    return ui("verify_disagree" if len(bad) > 1 else "verify_disagree_one", lang, bad=len(bad), total=len(checks),
              index=first_index, label=worded(first.label, lang), expected=_number(first.expected, lang),
              simulated=_number(first.simulated, lang), error=formatted(first.error, ".1e", lang),
              tolerance=formatted(first.tolerance, ".1e", lang))


def as_json(report, lang="en"):
    """The report as a JSON-ready dict (its sentences and labels in ``lang``)."""
    return {
        "circuit": report.circuit.name,
        "agree": report.ok,
        "model": worded(report.opamp_model, lang),
        "seed": report.seed,
        "points": [
            {
                "index": p.index,
                "values": {s.name: str(v) for s, v in sorted(p.values.items(), key=lambda kv: kv[0].name)},
                "agree": p.ok,
                "checks": _checks_json(p.checks, lang),
            }
            for p in report.points
        ],
        "dc_points": [
            {
                "index": p.index,
                "agree": p.ok,
                "checks": _checks_json(p.checks, lang),
            }
            for p in report.dc_points
        ],
        "dc_note": worded(report.dc_note, lang) if report.dc_note else None,
    }


def _checks_json(checks, lang="en"):
    """The JSON rows of one point's checks (AC and DC points alike)."""
    return [{"quantity": worded(c.label, lang), "node": c.node, "derive": str(c.expected),
             "ngspice": _json_number(c.simulated), "error": c.error, "tolerance": c.tolerance,
             "agree": c.ok} for c in checks]


def _json_number(x):
    """A float, or ``[real, imaginary]`` for an AC value."""
    return [x.real, x.imag] if isinstance(x, complex) else x
