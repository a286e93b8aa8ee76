"""The benchmark's tables and goals, as Markdown.

>>> fmt_seconds(0.01234), fmt_seconds(1.5), fmt_seconds(123.4)
('12.3 ms', '1.50 s', '123 s')
"""
import statistics
from dataclasses import dataclass

LCAPY_STARTUP = 10.0   # seconds allowed for Lcapy's import and warm-up in a lower bound
CLI_GOAL = 1.5


def fmt_seconds(t):
    if t < 1:
        return f"{t * 1000:.1f} ms"
    if t < 100:
        return f"{t:.2f} s"
    return f"{t:.0f} s"


def measurement_cell(m, stage):
    """A table cell for a measurement: median (fastest, runs), or why there is none.

    >>> from types import SimpleNamespace
    >>> measurement_cell(SimpleNamespace(status="timeout", limit=120), "solve")
    '> 120 s (time limit)'
    """
    if m.status == "ok":
        return f"{fmt_seconds(m.median(stage))} ({fmt_seconds(m.best(stage))}, {m.runs(stage)})"
    if m.status == "timeout":
        return f"> {m.limit:.0f} s (time limit)"
    if m.status == "unavailable":
        return f"not available yet ({m.message})" if "lcapy" not in m.message.lower() else m.message
    if m.status == "not run":
        return f"not run ({m.message})"
    return f"error: {m.message}"


@dataclass
class Row:
    """One line of the results table: derive and Lcapy on one case."""

    case: str
    label: str
    derive: object
    derive_stage: str
    lcapy: object
    lcapy_stage: str
    check: str
    goal: str = None

    def _cell(self, m, stage):
        return measurement_cell(m, stage)

    def derive_cell(self):
        return self._cell(self.derive, self.derive_stage)

    def lcapy_cell(self):
        return self._cell(self.lcapy, self.lcapy_stage)

    def ratio(self):
        """(value, is_lower_bound) of Lcapy's time over derive's, or None."""
        if not self.derive.ok:
            return None
        d = self.derive.median(self.derive_stage)
        if self.lcapy.ok:
            return self.lcapy.median(self.lcapy_stage) / d, False
        if self.lcapy.status == "timeout":
            return (self.lcapy.limit - LCAPY_STARTUP) / d, True
        return None

    def ratio_cell(self):
        r = self.ratio()
        if r is None:
            return "-"
        value, bound = r
        return f"{'> ' if bound else ''}{value:,.0f}×" if value >= 10 else f"{'> ' if bound else ''}{value:.1f}×"

    def goal_verdict(self):
        """(goal text, measured text, met?) or None."""
        if self.goal is None:
            return None
        if self.goal.startswith("ratio>="):
            target = float(self.goal[len("ratio>="):])
            text = f"{self.label}: derive ≥ {target:.0f}× faster than Lcapy"
            r = self.ratio()
            if r is None:
                return text, "not measured", None
            return text, self.ratio_cell(), r[0] >= target
        if self.goal == "derive<10s":
            text = f"{self.label}: derive under 10 s"
            if not self.derive.ok:
                return text, self.derive_cell(), False if self.derive.status == "timeout" else None
            return (text, *absolute_verdict(self.derive, self.derive_stage, 10))
        raise ValueError(self.goal)


def absolute_verdict(m, stage, limit):
    """(measured text, met?) of a goal in seconds: judged on the median CPU time of
    the worker process, which other jobs on a shared machine do not inflate; the
    wall-clock median is shown beside it.

    >>> class M:
    ...     def median(self, stage): return 12.0
    ...     def cpu_median(self, stage): return 8.0
    >>> absolute_verdict(M(), "derivation", 10)
    ('8.00 s CPU (12.00 s wall)', True)
    """
    wall, cpu = m.median(stage), m.cpu_median(stage)
    if cpu is None:
        return fmt_seconds(wall), wall < limit
    return f"{fmt_seconds(cpu)} CPU ({fmt_seconds(wall)} wall)", cpu < limit


@dataclass
class ShowRow:
    """Case 5: the proved derivation (or ``derive show``) beside the bare solve."""

    case: str
    label: str
    method: str
    solve: object
    derive: object          # stages "derivation" and, for derive show, "show"
    check: str
    goal: str = None
    text: bool = False      # the row times derive show (derivation and text)

    @property
    def stage(self):
        return "show" if self.text else "derivation"

    def what(self):
        return (f"`derive show` ({self.method}): derivation and text" if self.text
                else f"proved derivation ({self.method})")

    def cell(self):
        return measurement_cell(self.derive, self.stage)

    def solve_cell(self):
        return measurement_cell(self.solve, "solve")

    def times_solve(self):
        if not (self.derive.ok and self.solve.ok):
            return "-"
        return f"{self.derive.median(self.stage) / self.solve.median('solve'):,.0f}×"

    def goal_verdict(self):
        """(goal text, measured text, met?) or None."""
        if self.goal is None:
            return None
        limit = float(self.goal[len("derivation<"):-1])
        text = f"{self.label}: proved derivation ({self.method}) under {fmt_seconds(limit)}"
        if not self.derive.ok:
            return text, self.cell(), False if self.derive.status == "timeout" else None
        return (text, *absolute_verdict(self.derive, "derivation", limit))


@dataclass
class CheckRow:
    """``derive check`` commands, a fresh process each: times by command."""

    times: dict
    failure: str


def _show_section(shows, check):
    out = ["", "## Cases 5 and 7: the proved derivation and `derive show`, beside the bare solve", "",
           "The *bare solve* is `solve(circuit).output` (cases 1–3). The *proved derivation* is "
           "`derive(circuit, method=...)`: every step built, in textbook form, and proved against the "
           "nodal solution of its scenario (what `derive show` computes before printing). "
           "`derive show` adds the terminal text (`render_text`), printed in full. Same process "
           "rules as above; 'same result' compares the derivation's result with the solve.", "",
           "| # | case | what is timed | bare solve | timed | ÷ bare solve | same result |",
           "|---|---|---|---|---|---|---|"]
    for r in shows:
        out.append(f"| {r.case} | {r.label} | {r.what()} | {r.solve_cell()} | {r.cell()} | "
                   f"{r.times_solve()} | {r.check} |")
    if check is not None:
        out += ["", "`derive check` of one answer, a fresh process each time (imports and the "
                "checker's worker process included):", ""]
        if check.failure:
            out.append(f"Not measured: {check.failure}.")
        else:
            out += ["| command | median | fastest | runs |", "|---|---|---|---|"]
            for name, t in check.times.items():
                out.append(f"| `{name}` | {fmt_seconds(statistics.median(t))} | {fmt_seconds(min(t))} "
                           f"| {len(t)} |")
            out += ["", "The right answer on the 4-bit ladder is longer than the checker's limit on an "
                    "answer (600 symbols and operators), so the timed answer is a wrong one: it is "
                    "graded (and diagnosed) against the same reference."]
    return out


@dataclass
class CliRow:
    """``derive latex inamp`` against ``import sympy``: times by command name."""

    commands: dict
    times: dict
    failure: str

    def ratio(self):
        if not self.times:
            return None
        return statistics.median(self.times["derive"]) / statistics.median(self.times["import sympy"])


def _verdict(met):
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def markdown(info, rows, cli, args, total_seconds, load_at_end, shows=(), check=None):
    out = ["# Benchmarks: derive against Lcapy", ""]
    out.append(f"Written by `python benchmarks/run.py{' --quick' if args.quick else ''}` "
               f"(total run time {fmt_seconds(total_seconds)}). Do not edit by hand: re-run the script.")
    out += ["", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in info]
    if load_at_end is not None:
        out.append(f"| Load average at end | {load_at_end:.2f} |")
    out += ["", "## How it is measured", "",
            f"- Every measurement runs in a fresh Python process that is abandoned after "
            f"{args.limit:.0f} s (imports and warm-up included). Imports and one warm-up on a small "
            "circuit are not timed; SymPy's cache is cleared before every timed run.",
            f"- derive: up to {args.reps} runs, Lcapy: up to {args.lcapy_reps} (fewer once a quarter of "
            "the limit is spent). Cells show the median, then (fastest, runs). Ratios are of medians, "
            "from the same run of this script. A goal in seconds (not a ratio) is judged on the median "
            "CPU time of the worker process, shown with the wall-clock median beside it: the machine "
            "may be shared, and other jobs inflate wall time, not the CPU time derive spends.",
            "- Lcapy has no ideal op-amp: its op-amps get a gain A (`E.. opamp`) and the ideal result is "
            "`Circuit(...)['out'].v.limit('A', oo)` (case 6, in the s-domain: sources `V.. s {Vin}` and "
            "`.V(s)`). Its in-amp runs once for cases 1 and 2 "
            "(`.v` is case 2's finite solve, the limit cases 1 and 2b).",
            "- derive's `solve` expands the determinant at once and each node voltage when it is first "
            "asked for (here only the output); Lcapy's `.v` solves for every node voltage. Both are "
            "each tool's ordinary way of getting one node's voltage.",
            "- Both tools parse netlist text inside the timed region. 'Same result' compares the two "
            "expressions by symbol name: `exact` is `cancel(a - b) == 0`; larger ones are compared at "
            "exact random points. Where Lcapy's symbolic solve timed out, derive's expression is checked "
            "against Lcapy solving the same circuit with numbers.",
            f"- A lower bound `> n×` takes Lcapy's time as the limit minus {LCAPY_STARTUP:.0f} s for its "
            "import and warm-up.", ""]
    out += ["## Cases 1–3 and 6: derive and Lcapy", "",
            "| # | case | derive | Lcapy | Lcapy ÷ derive | same result |",
            "|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r.case} | {r.label} | {r.derive_cell()} | {r.lcapy_cell()} | "
                   f"{r.ratio_cell()} | {r.check} |")
    goals = [g for g in (r.goal_verdict() for r in rows) if g]
    if cli is not None:
        out += ["", "## Case 4: `derive latex inamp` end to end", ""]
        if cli.failure:
            out.append(f"Not measured: {cli.failure}.")
            goals.append((f"`derive latex inamp` within {CLI_GOAL}× of `import sympy`", "not measured", None))
        else:
            out += ["| command | median | fastest | runs |", "|---|---|---|---|"]
            for name, cmd in cli.commands.items():
                t = cli.times[name]
                shown = " ".join(["derive"] + cmd[1:-2]) if name == "derive" else "python -c \"import sympy\""
                out.append(f"| `{shown}` | {fmt_seconds(statistics.median(t))} | "
                           f"{fmt_seconds(min(t))} | {len(t)} |")
            ratio = cli.ratio()
            out += ["", f"Ratio of medians: derive takes {ratio:.2f}× as long as importing SymPy "
                        "(each run a fresh process; `-o` to a temporary file)."]
            goals.append((f"`derive latex inamp` within {CLI_GOAL}× of `import sympy`", f"{ratio:.2f}×",
                          ratio <= CLI_GOAL))
    if shows or check is not None:
        out += _show_section(shows, check)
        goals += [g for g in (r.goal_verdict() for r in shows) if g]
    if goals:
        out += ["", "## Goals", "", "| goal | measured | verdict |", "|---|---|---|"]
        out += [f"| {text} | {measured} | {_verdict(met)} |" for text, measured, met in goals]
    return "\n".join(out) + "\n"
