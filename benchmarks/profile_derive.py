#!/usr/bin/env python3
"""Where derive's time goes: the evidence behind a missed benchmark goal.

    python benchmarks/profile_derive.py            # writes benchmarks/PROFILE.md

Profiles (cProfile, in a fresh process each) the in-amp's general derivation
(benchmark case 1), the work of ``derive latex inamp`` (case 4), and the
ladder's proved derivation and ``derive show`` (case 5), and splits
the time of each into the parts named in :data:`PARTS` (inclusive times: a
solve inside the verification counts in both). Import time comes from
``python -X importtime``. Nothing is asserted; the numbers are for people.
"""
import argparse
import cProfile
import pstats
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# (label, file suffix, function name): inclusive time of every call
PARTS = [
    ("nodal solve (derive/solver)", "derive/solver/solve.py", "solve"),
    ("textbook forms (derivation/common.textbook)", "derive/derivation/common.py", "textbook"),
    ("proof of every step (derivation/verify.verify)", "derive/derivation/verify.py", "verify"),
    ("  of which factorisation (derivation/factoring.factor_list)", "derive/derivation/factoring.py",
     "factor_list"),
    ("negative-feedback check (derivation/feedback.feedback_conditions)", "derive/derivation/feedback.py",
     "feedback_conditions"),
    ("terminal text (render/text.render_text)", "derive/render/text.py", "render_text"),
    ("LaTeX document (render/latex_document.document)", "derive/render/latex_document.py", "document"),
]
TOP = 12


def _inclusive(stats, suffix, name):
    total, calls = 0.0, 0
    for (path, _, func), (_, ncalls, _, cumtime, callers) in stats.stats.items():
        if path.endswith(suffix) and func == name:
            # only the outermost calls: skip calls made from the same function
            outer = {k: v for k, v in callers.items() if not (k[0].endswith(suffix) and k[2] == name)}
            total += sum(v[3] for v in outer.values()) if outer else cumtime
            calls += ncalls
    return total, calls


def _short(key):
    path, line, func = key
    parts = Path(path).parts
    where = "/".join(parts[parts.index("sympy"):]) if "sympy" in parts else "/".join(parts[-2:])
    return f"{where}:{line}({func})"


def _sympy_entry_points(stats):
    """[(sympy function, derive callers, inclusive time, calls)], largest first."""
    found = []
    for key, (_, _, _, _, callers) in stats.stats.items():
        if "/sympy/" not in key[0]:
            continue
        ours = {k: v for k, v in callers.items() if "/derive/" in k[0]}
        if ours:
            t = sum(v[3] for v in ours.values())
            n = sum(v[1] for v in ours.values())
            names = sorted({f"{Path(k[0]).parent.name}/{Path(k[0]).name}:{k[2]}" for k in ours})
            found.append((_short(key), ", ".join(names[:3]) + (" …" if len(names) > 3 else ""), t, n))
    return sorted(found, key=lambda r: -r[2])


def profile(setup):
    """Warm up with ``setup()``, then profile the call it returns, in this process."""
    work = setup()
    from sympy.core.cache import clear_cache

    clear_cache()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(work)
    wall = time.perf_counter() - start
    return wall, pstats.Stats(profiler)


def _derivation():
    from derive.derivation import derive

    derive("inverting")
    return lambda: derive("inamp", general=True)


def _latex():
    import derive.derivation  # noqa: F401 - imported before timing, as in case 4
    import derive.render.latex_document  # noqa: F401
    from derive.cli import main

    main(["latex", "inverting", "-o", "/dev/null"])
    return lambda: main(["latex", "inamp", "-o", "/dev/null"])


def _ladder():
    import cases
    from derive.derivation import derive

    derive("inverting")
    circuit = cases.ladder_circuit(6)
    return lambda: derive(circuit)


def _ladder_show():
    import cases
    from derive.derivation import derive
    from derive.render.text import render_text

    render_text(derive("inverting"), "en")
    circuit = cases.ladder_circuit(5)
    return lambda: render_text(derive(circuit), "en")


SCENARIOS = {
    "derivation": ("in-amp general derivation (case 1): derive('inamp', general=True)", _derivation),
    "latex": ("the work of `derive latex inamp` after imports (case 4)", _latex),
    "ladder": ("R-2R ladder N = 6, proved derivation (case 5): derive(ladder)", _ladder),
    "ladder-show": ("R-2R ladder N = 5, the work of `derive show` (case 5): derivation and text",
                    _ladder_show),
}


def one(name):
    """Profile one scenario (run in a child process); print Markdown."""
    title, setup = SCENARIOS[name]
    wall, stats = profile(setup)
    lines = [f"### {title}", "", f"Wall time under the profiler: {wall * 1000:.0f} ms.", "",
             "| part | inclusive time | share | calls |", "|---|---|---|---|"]
    for label, suffix, func in PARTS:
        t, n = _inclusive(stats, suffix, func)
        if n:
            lines.append(f"| {label} | {t * 1000:.0f} ms | {100 * t / wall:.0f}% | {n} |")
    lines += ["", f"SymPy functions called directly by derive's code, by inclusive time (top {TOP}):", "",
              "| SymPy function | called from | inclusive time | calls |", "|---|---|---|---|"]
    for callee, callers, t, n in _sympy_entry_points(stats)[:TOP]:
        lines.append(f"| `{callee}` | {callers} | {t * 1000:.0f} ms | {n} |")
    print("\n".join(lines) + "\n")


def import_times():
    """Cumulative import time (ms) of sympy and of the derive modules `derive latex` loads."""
    code = "import derive.cli, derive.derivation, derive.render.latex_document"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                          capture_output=True, text=True, timeout=120)
    found = {}
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            found[parts[2].strip()] = int(parts[1]) / 1000
    wanted = ["sympy", "derive", "derive.cli", "derive.derivation", "derive.render.latex_document"]
    lines = ["### Import time (`python -X importtime`, cumulative)", "", "| module | ms |", "|---|---|"]
    lines += [f"| `{m}` | {found[m]:.0f} |" for m in wanted if m in found]
    return "\n".join(lines) + "\n"


def main(argv=None):
    p = argparse.ArgumentParser(description="Profile derive on the benchmark's cases.")
    p.add_argument("--scenario", choices=sorted(SCENARIOS), help=argparse.SUPPRESS)
    p.add_argument("--output", default=str(HERE / "PROFILE.md"))
    args = p.parse_args(argv)
    if args.scenario:
        one(args.scenario)
        return 0
    parts = ["# Where derive's time goes", "",
             "Written by `python benchmarks/profile_derive.py` (cProfile, one fresh process per "
             "scenario, SymPy's cache cleared; times under the profiler are inflated, the shares are "
             "what matters).", ""]
    for name in SCENARIOS:
        proc = subprocess.run([sys.executable, __file__, "--scenario", name],
                              capture_output=True, text=True, timeout=600)
        parts.append(proc.stdout if proc.returncode == 0 else
                     f"### {name}\n\nfailed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}\n")
    parts.append(import_times())
    text = "\n".join(parts)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
