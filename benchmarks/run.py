#!/usr/bin/env python3
"""Time derive against Lcapy on the same circuits, in one run, and write RESULTS.md.

    pip install -r benchmarks/requirements.txt     # Lcapy: for the benchmark only
    python benchmarks/run.py                        # full run, a few minutes
    python benchmarks/run.py --quick                # fewer repetitions, shorter limits

Cases (each measurement in its own process, abandoned at the time limit):
  1. the 3-op-amp in-amp, seven distinct resistor symbols, ideal op-amps:
     derive's full proved derivation and its bare solve, against Lcapy's
     ``Circuit(...)['out'].v`` with the op-amp gain taken to infinity;
  2. the same with a finite symbolic open-loop gain A, then A -> oo;
  3. an N-bit R-2R ladder DAC into an inverting summer, every resistor its own
     symbol, N = 2, 3, ... until each tool hits the time limit;
  4. ``derive latex inamp`` end to end against ``python -c "import sympy"``;
  5. what ``derive show`` costs beside the bare solve: the proved derivation
     (every step built and proved) by every method, and the derivation with
     its terminal text, on the general in-amp and the ladders; and one
     ``derive check`` answer on a 4-bit ladder.
  6. the s-domain: the general Sallen-Key low-pass, the MFB band-pass and an
     N-section RC ladder buffered by a follower, N = 2 ... 10, every R and C its
     own symbol: derive's bare solve and full proved derivation against Lcapy's
     ``Circuit(...)['out'].V(s)`` with the gain taken to infinity.
Before a case's times are reported, its results from both tools are compared
(exactly, or at exact random points when too large); a mismatch is reported.
"""
import argparse
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cases  # noqa: E402
import compare  # noqa: E402
import machine  # noqa: E402
import report  # noqa: E402

NUMERIC_SEEDS = (1, 2)


@dataclass
class Measurement:
    """One worker's outcome: status ok / timeout / unavailable / error / not run."""

    status: str
    times: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    message: str = ""
    limit: float = None
    extra: dict = field(default_factory=dict)
    cpu: dict = field(default_factory=dict)     # the worker process's CPU seconds, per stage

    @property
    def ok(self):
        return self.status == "ok"

    def median(self, stage):
        return statistics.median(self.times[stage])

    def cpu_median(self, stage):
        """The median CPU time of ``stage`` (None when the worker did not record it)."""
        return statistics.median(self.cpu[stage]) if self.cpu.get(stage) else None

    def best(self, stage):
        return min(self.times[stage])

    def runs(self, stage):
        return len(self.times[stage])


def progress(text):
    print(text, file=sys.stderr, flush=True)


def run_worker(task, case, reps, limit, extra=()):
    """Run benchmarks/worker.py in a fresh process; give up after ``limit`` seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.pkl"
        cmd = [sys.executable, str(HERE / "worker.py"), task, case, "--reps", str(reps),
               "--budget", str(limit / 4), "--out", str(out), *extra]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
        except subprocess.TimeoutExpired:
            return Measurement("timeout", limit=limit)
        if proc.returncode == 3:
            return Measurement("unavailable", message=proc.stderr.strip().splitlines()[-1])
        if proc.returncode != 0 or not out.exists():
            lines = proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"]
            return Measurement("error", message=lines[-1])
        data = pickle.loads(out.read_bytes())  # written by our own worker just now
    return Measurement("ok", data["times"], data["results"], extra={"point": data.get("point")},
                       cpu=data.get("cpu", {}))


# --- the cases ---------------------------------------------------------------

def inamp_rows(args):
    progress("in-amp: Lcapy ...")
    lcapy = run_worker("lcapy", "inamp", args.lcapy_reps, args.limit) if args.lcapy else _no_lcapy()
    rows = []
    if "1" in args.cases:
        progress("in-amp: derive derivations (three methods) and bare solve ...")
        for method in (None, "virtual-short", "nodal"):
            task = "derive-derivation" + (f"-{method}" if method else "")
            m = run_worker(task, "inamp", args.reps, args.limit)
            label = (f"{method} method" if method else "default method, superposition")
            rows.append(report.Row("1", f"in-amp, ideal: derive full proved derivation ({label})", m,
                                   "derivation", lcapy, "limit", _check(m, "derivation", lcapy, "limit"),
                                   goal=None if method else "ratio>=10"))
        solve = run_worker("derive-solve", "inamp", args.reps, args.limit)
        rows.append(report.Row("1", "in-amp, ideal: derive bare solve", solve, "solve",
                               lcapy, "limit", _check(solve, "solve", lcapy, "limit")))
    if "2" in args.cases:
        progress("in-amp: derive finite gain ...")
        finite = run_worker("derive-finite", "inamp", args.reps, args.limit)
        rows += [
            report.Row("2", "in-amp, finite gain A: solve", finite, "finite",
                       lcapy, "finite", _check(finite, "finite", lcapy, "finite")),
            report.Row("2", "in-amp, finite gain A, then A -> oo", finite, "limit",
                       lcapy, "limit", _check(finite, "limit", lcapy, "limit")),
        ]
    return rows


def ladder_rows(args):
    rows = []
    derive_stop = lcapy_stop = None     # the N at which each tool first hit the limit
    for bits in range(2, args.max_bits + 1):
        if derive_stop and (lcapy_stop or not args.lcapy):
            break
        case = f"ladder{bits}"
        progress(f"ladder N={bits}: derive ...")
        d = (Measurement("not run", message=f"timed out at N = {derive_stop}") if derive_stop
             else run_worker("derive-solve", case, args.reps, args.limit))
        if not args.lcapy:
            l = _no_lcapy()
        elif lcapy_stop:
            l = Measurement("not run", message=f"timed out at N = {lcapy_stop}")
        else:
            progress(f"ladder N={bits}: Lcapy ...")
            l = run_worker("lcapy", case, args.lcapy_reps, args.limit)
        derive_stop = derive_stop or (bits if d.status == "timeout" else None)
        lcapy_stop = lcapy_stop or (bits if l.status == "timeout" else None)
        check = _check(d, "solve", l, "limit")
        if d.ok and not l.ok and args.lcapy:
            check = _numeric_check(d, case, args.limit)
        goal = "ratio>=50" if bits == 5 else "derive<10s" if bits == 8 else None
        rows.append(report.Row("3", f"R-2R ladder, N = {bits} ({2 * bits + 2} resistors)",
                               d, "solve", l, "limit", check, goal=goal))
    return rows


SHOW_METHODS = ("superposition", "virtual-short", "nodal")


def derivation_rows(args):
    """Case 5: the proved derivation and ``derive show`` beside the bare solve.

    Each ladder runs the derivation by every method until that method hits
    the time limit, and ``derive show`` (derivation and text) by the default
    method, superposition; the in-amp runs ``derive show`` by every method.
    """
    rows = []
    progress("in-amp: derive show, three methods ...")
    solve = run_worker("derive-solve", "inamp", args.reps, args.limit)
    for method in SHOW_METHODS:
        m = run_worker(f"derive-show-{method}", "inamp", args.reps, args.limit)
        rows.append(report.ShowRow("5", "in-amp, general (7 resistors)", method, solve, m,
                                   _check(m, "derivation", solve, "solve"),
                                   goal="derivation<0.1s" if method == SHOW_METHODS[0] else None))
    stopped = {}
    for bits in range(2, args.max_show_bits + 1):
        if len(stopped) > len(SHOW_METHODS):
            break
        case = f"ladder{bits}"
        label = f"R-2R ladder, N = {bits} ({2 * bits + 2} resistors)"
        progress(f"ladder N={bits}: solve, derivations, derive show ...")
        solve = run_worker("derive-solve", case, args.reps, args.limit)
        for method in SHOW_METHODS + ("show",):
            task = ("derive-show-" + SHOW_METHODS[0]) if method == "show" else f"derive-derivation-{method}"
            if method in stopped:
                m = Measurement("not run", message=f"timed out at N = {stopped[method]}")
            else:
                m = run_worker(task, case, args.reps, args.limit)
            if m.status == "timeout":
                stopped[method] = bits
            goal = "derivation<10s" if bits == 8 and method == SHOW_METHODS[0] else None
            rows.append(report.ShowRow("5", label, SHOW_METHODS[0] if method == "show" else method, solve, m,
                                       _check(m, "derivation", solve, "solve"), goal=goal,
                                       text=method == "show"))
    return rows


SUMMER_INPUTS = 12


def summer_rows(args):
    """Case 7: case 5's rows on the wide summer of issue 12
    (``cases.summer_netlist``): the proved derivation by every method (goal:
    each under 10 s) and ``derive show`` by the default one."""
    circuit = cases.summer_circuit(SUMMER_INPUTS)
    case = f"summer{SUMMER_INPUTS}"
    label = (f"summer, {SUMMER_INPUTS} inputs with source resistances and dividers, "
             f"matched ({len(circuit.resistors)} resistors)")
    progress(f"{case}: solve, derivations, derive show ...")
    solve = run_worker("derive-solve", case, args.reps, args.limit)
    rows = []
    for method in SHOW_METHODS + ("show",):
        task = ("derive-show-" + SHOW_METHODS[0]) if method == "show" else f"derive-derivation-{method}"
        m = run_worker(task, case, args.reps, args.limit)
        rows.append(report.ShowRow("7", label, SHOW_METHODS[0] if method == "show" else method, solve, m,
                                   _check(m, "derivation", solve, "solve"),
                                   goal=None if method == "show" else "derivation<10s", text=method == "show"))
    return rows


def check_row(args):
    """One ``derive check`` answer on the 4-bit ladder, a fresh process each time,
    beside one on the inverting amplifier (the checker's own start-up)."""
    script = Path(sys.executable).parent / "derive"
    derive_cmd = [str(script)] if script.exists() else [sys.executable, "-m", "derive"]
    with tempfile.TemporaryDirectory() as tmp:
        net = Path(tmp) / "ladder4.net"
        net.write_text(cases.ladder_netlist(4), encoding="utf-8")
        commands = {
            "derive check ladder4.net '-RF*D3/RI'": (derive_cmd + ["check", str(net), "-RF*D3/RI"], 1),
            "derive check inverting '-Rf*Vin/Rin'": (derive_cmd + ["check", "inverting", "-Rf*Vin/Rin"], 0),
        }
        times = {k: [] for k in commands}
        for _ in range(args.check_runs):
            for name, (cmd, expected) in commands.items():
                start = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.limit)
                elapsed = time.perf_counter() - start
                if proc.returncode != expected:
                    message = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
                    return report.CheckRow(times, f"{name} failed: {message}")
                times[name].append(elapsed)
    return report.CheckRow(times, "")


def sdomain_rows(args):
    """Case 6: the s-domain. The general Sallen-Key low-pass and MFB band-pass,
    then an N-section RC ladder buffered by a follower, N = 2 ... --max-sections:
    derive's bare solve and its full proved derivation against Lcapy's ``.V(s)``."""
    rows = []
    for case, label, goal in (("sallen-key", "Sallen-Key low-pass, general", "ratio>=20"),
                              ("mfb-bandpass", "MFB band-pass, general", None)):
        progress(f"{case}: Lcapy, derive ...")
        lcapy = run_worker("lcapy", case, args.lcapy_reps, args.limit) if args.lcapy else _no_lcapy()
        full = run_worker("derive-derivation", case, args.reps, args.limit)
        bare = run_worker("derive-solve", case, args.reps, args.limit)
        rows += [report.Row("6", f"{label}: derive full proved derivation", full, "derivation",
                            lcapy, "limit", _check(full, "derivation", lcapy, "limit"), goal=goal),
                 report.Row("6", f"{label}: derive bare solve", bare, "solve",
                            lcapy, "limit", _check(bare, "solve", lcapy, "limit"))]
    stop = {}                     # task -> the N at which it first hit the limit
    for n in range(2, args.max_sections + 1):
        case = f"rc{n}"
        found = {}
        for task in ("derive-solve", "derive-derivation", "lcapy"):
            if task == "lcapy" and not args.lcapy:
                found[task] = _no_lcapy()
            elif task in stop:
                found[task] = Measurement("not run", message=f"timed out at N = {stop[task]}")
            else:
                progress(f"RC ladder N={n}: {task} ...")
                reps = args.lcapy_reps if task == "lcapy" else args.reps
                found[task] = run_worker(task, case, reps, args.limit)
                if found[task].status == "timeout":
                    stop[task] = n
        l = found["lcapy"]
        for task, stage, what in (("derive-derivation", "derivation", "full proved derivation"),
                                  ("derive-solve", "solve", "bare solve")):
            d = found[task]
            check = _check(d, stage, l, "limit")
            if d.ok and not l.ok and args.lcapy:
                check = _numeric_check(d, case, args.limit, stage)
            goal = "derive<10s" if n == 8 and stage == "derivation" else None
            rows.append(report.Row("6", f"RC ladder, N = {n} ({2 * n} elements): derive {what}",
                                   d, stage, l, "limit", check, goal=goal))
    return rows


def _no_lcapy():
    return Measurement("unavailable", message="Lcapy is not installed")


def _check(a, stage_a, b, stage_b):
    if not (a.ok and b.ok):
        return "-"
    return compare.agree(a.results[stage_a], b.results[stage_b])


def _numeric_check(d, case, limit, stage="solve"):
    """derive's expression against Lcapy solving the numeric circuit (symbolic too slow)."""
    expr = d.results[stage]
    for seed in NUMERIC_SEEDS:
        m = run_worker("lcapy-numeric", case, 1, limit, ["--point-seed", str(seed)])
        if not m.ok:
            return f"- (Lcapy numeric: {m.status})"
        if not compare.agree_numeric(expr, m.extra["point"], m.results["limit"]):
            return "DIFFERENT (vs Lcapy numeric)"
    return f"numeric ({len(NUMERIC_SEEDS)} points, Lcapy on numbers)"


def cli_row(args):
    """``derive latex inamp`` against ``python -c 'import sympy'``, fresh processes."""
    script = Path(sys.executable).parent / "derive"
    derive_cmd = [str(script)] if script.exists() else [sys.executable, "-m", "derive"]
    with tempfile.TemporaryDirectory() as tmp:
        tex = Path(tmp) / "inamp.tex"
        commands = {
            "derive": derive_cmd + ["latex", "inamp", "-o", str(tex)],
            "import sympy": [sys.executable, "-c", "import sympy"],
        }
        times = {k: [] for k in commands}
        for run in range(args.cli_runs + 1):       # run 0 warms the file cache, untimed
            for name, cmd in commands.items():
                start = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.limit)
                elapsed = time.perf_counter() - start
                if proc.returncode != 0:
                    message = (proc.stderr.strip().splitlines() or ["?"])[-1]
                    return report.CliRow(commands, None, f"{name} failed: {message}")
                if run:
                    times[name].append(elapsed)
            if run == 0:
                text = tex.read_text(encoding="utf-8")
                if "\\begin{document}" not in text or "\\end{document}" not in text:
                    return report.CliRow(commands, None, "derive latex wrote no complete document")
    return report.CliRow(commands, times, "")


# --- main ----------------------------------------------------------------------

def lcapy_installed():
    try:
        import importlib.util

        return importlib.util.find_spec("lcapy") is not None
    except (ImportError, ValueError):
        return False


def parse_args(argv):
    p = argparse.ArgumentParser(description="Time derive against Lcapy; write benchmarks/RESULTS.md.")
    p.add_argument("--quick", action="store_true", help="fewer repetitions and a 20 s limit")
    p.add_argument("--limit", type=float, help="seconds before a measurement is abandoned (default 120, quick 20)")
    p.add_argument("--max-bits", type=int, help="largest ladder (default 12, quick 7)")
    p.add_argument("--max-sections", type=int, help="largest RC ladder of case 6 (default 10, quick 6)")
    p.add_argument("--output", default=str(HERE / "RESULTS.md"), help="where to write the results")
    p.add_argument("--cases", default="1,2,3,4,5,6,7", help="comma-separated case numbers to run")
    p.add_argument("--max-show-bits", type=int,
                   help="largest ladder for case 5, the proved derivation (default 10, quick 6)")
    args = p.parse_args(argv)
    args.limit = args.limit or (20.0 if args.quick else 120.0)
    args.max_bits = args.max_bits or (7 if args.quick else 12)
    args.max_sections = args.max_sections or (6 if args.quick else 10)
    args.reps = 3 if args.quick else 7
    args.lcapy_reps = 1 if args.quick else 3
    args.cli_runs = 3 if args.quick else 10
    args.check_runs = 2 if args.quick else 5
    args.max_show_bits = args.max_show_bits or (6 if args.quick else 10)
    args.cases = {c.strip() for c in args.cases.split(",")}
    args.lcapy = lcapy_installed()
    return args


def main(argv=None):
    args = parse_args(argv)
    if not args.lcapy:
        progress("Lcapy is not installed: pip install -r benchmarks/requirements.txt "
                 "(derive's times are still measured)")
    started = time.perf_counter()
    info = machine.describe()
    rows, cli, shows, check = [], None, [], None
    if args.cases & {"1", "2"}:
        rows += inamp_rows(args)
    if "3" in args.cases:
        rows += ladder_rows(args)
    if "6" in args.cases:
        rows += sdomain_rows(args)
    if "4" in args.cases:
        progress("derive latex inamp vs import sympy ...")
        cli = cli_row(args)
    if "5" in args.cases:
        shows = derivation_rows(args)
        progress("derive check on the 4-bit ladder ...")
        check = check_row(args)
    if "7" in args.cases:
        shows += summer_rows(args)
    text = report.markdown(info, rows, cli, args, time.perf_counter() - started,
                           machine.load_average(), shows, check)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    progress(f"written to {args.output}")
    return 1 if any(r.check.startswith("DIFFERENT") for r in rows + shows) else 0


if __name__ == "__main__":
    sys.exit(main())
