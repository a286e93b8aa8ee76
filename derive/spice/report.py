"""Print a :class:`~derive.spice.verify.VerifyReport` as a table or as JSON.

The table has one row per point for each claim about the output node, plus the
worst other node of that point, plus every node that disagrees; ``all_nodes``
prints every check. Below it, the values of each point, then one summary line.

>>> si(Rational(7330)), si(Rational(-977, 1000)), si(Rational(645000)), si(0)
('7.33k', '-977m', '645k', '0')
"""
import cmath

from sympy import Rational

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


def _number(x):
    """A real number, or a complex one as magnitude and phase in degrees (AC)."""
    z = complex(x)
    if z.imag == 0 and not isinstance(x, complex) and getattr(x, "is_real", True):
        return f"{z.real:.12g}"
    return f"{abs(z):.12g} ∠ {cmath.phase(z) * 180 / cmath.pi:.6g}°"


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


def format_table(report, *, all_nodes=False, title=None):
    """The report as text: a header, the table, each point's values, a summary line."""
    circuit = report.circuit
    lines = []
    if title:
        lines.append(title)
    lines.append(f"ngspice model: {report.opamp_model}; seed {report.seed}")
    header = ("point", "quantity", "derive (exact)", "ngspice", "error", "tolerance", "result")
    table = [header]
    for p in report.points + report.dc_points:
        for i, c in enumerate(_rows(p, circuit.output, all_nodes)):
            label = c.label if c.node == circuit.output or all_nodes or not c.ok else f"{c.label} (worst node)"
            table.append((str(p.index) if i == 0 else "", label, _number(c.expected), _number(c.simulated),
                          f"{c.error:.1e}", f"{c.tolerance:.1e}", "agree" if c.ok else "DISAGREE"))
    widths = [max(len(row[k]) for row in table) for k in range(len(header))]
    for row in table:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    lines.append("")
    for p in report.points + report.dc_points[:1]:
        if isinstance(p.index, str):       # the DC points reuse the AC points' values
            lines.append(f"{', '.join(q.index for q in report.dc_points)}: the values of points "
                         f"1 to {len(report.dc_points)}, at DC (s = 0)")
            continue
        values = ", ".join(f"{s.name}={si(v)}" for s, v in sorted(p.values.items(), key=lambda kv: kv[0].name))
        lines.append(f"point {p.index}: {values or 'the values written in the circuit (it has no symbols)'}")
    lines.append("")
    lines.append(summary(report))
    return "\n".join(lines)


def summary(report):
    """One sentence: how many points agree, the worst error, or what disagrees."""
    n = len(report.points)
    checks = [c for p in report.points + report.dc_points for c in p.checks]
    if report.ok:
        worst = max(checks, key=lambda c: c.error / c.tolerance)
        per_point = len(report.points[0].checks)
        points = f"all {n} points" if n > 1 else "the 1 point"
        if report.dc_points:
            points += (f" and their {len(report.dc_points)} DC operating points" if n > 1
                       else " and its DC operating point")
        text = (f"agree: {points}, {per_point} checks each; worst {worst.label} "
                f"error {worst.error:.1e} (tolerance {worst.tolerance:.1e})")
        return text + (f"; {report.dc_note}" if report.dc_note else "")
    bad = [(p.index, c) for p in report.points + report.dc_points for c in p.failures()]
    first_index, first = bad[0]
    return (f"DISAGREE: {len(bad)} of {len(checks)} checks fail, e.g. point {first_index} {first.label}: "
            f"derive {_number(first.expected)}, ngspice {_number(first.simulated)} "
            f"(error {first.error:.1e} > tolerance {first.tolerance:.1e})")


def as_json(report):
    """The report as a JSON-ready dict."""
    return {
        "circuit": report.circuit.name,
        "agree": report.ok,
        "model": report.opamp_model,
        "seed": report.seed,
        "points": [
            {
                "index": p.index,
                "values": {s.name: str(v) for s, v in sorted(p.values.items(), key=lambda kv: kv[0].name)},
                "agree": p.ok,
                "checks": _checks_json(p.checks),
            }
            for p in report.points
        ],
        "dc_points": [
            {
                "index": p.index,
                "agree": p.ok,
                "checks": _checks_json(p.checks),
            }
            for p in report.dc_points
        ],
        "dc_note": report.dc_note,
    }


def _checks_json(checks):
    """The JSON rows of one point's checks (AC and DC points alike)."""
    return [{"quantity": c.label, "node": c.node, "derive": str(c.expected),
             "ngspice": _json_number(c.simulated), "error": c.error, "tolerance": c.tolerance,
             "agree": c.ok} for c in checks]


def _json_number(x):
    """A float, or ``[real, imaginary]`` for an AC value."""
    return [x.real, x.imag] if isinstance(x, complex) else x
