"""One benchmark measurement, run in its own process so that it can be abandoned.

    python benchmarks/worker.py TASK CASE --reps R --budget SECONDS --out FILE
    python benchmarks/worker.py lcapy-numeric CASE --point-seed S --out FILE

Imports and a warm-up on a tiny circuit come first and are not timed. Then
the task runs up to R times (fewer once SECONDS are spent), SymPy's cache and
derive's own lru caches cleared before each run so that no run profits from an
earlier one. FILE gets
a pickle: {"times": {stage: [seconds, ...]}, "results": {stage: expression}},
the expressions of the first run with every symbol made a plain
``Symbol(name)`` (the two tools give their symbols different assumptions).
Exit status 3 means the task's code does not exist yet (ImportError).
"""
import argparse
import pickle
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tasks  # noqa: E402  (after the path is set)


def plain(expr):
    """``expr`` with each symbol replaced by an assumption-free one of the same name."""
    from sympy import Symbol

    return expr.xreplace({s: Symbol(s.name) for s in expr.free_symbols})


def numeric_point(symbol_names, seed):
    """Exact values by name: R, C, L 100..99999 (integers), sources -20..20, never 0."""
    rng = random.Random(seed)
    point = {}
    for name in sorted(symbol_names):
        if name.startswith(("R", "C", "L")):
            point[name] = rng.randint(100, 99999)
        else:
            point[name] = rng.choice([-1, 1]) * rng.randint(1, 20)
    return point


def clear_derive_caches():
    """Empty every ``functools.lru_cache`` in derive's modules (factorisations,
    feedback checks, ...), so that a repeated run of the same circuit is not
    timed against its own remembered results."""
    for name, module in list(sys.modules.items()):
        if name == "derive" or name.startswith("derive."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def measure(task, case, reps, budget):
    from sympy.core.cache import clear_cache

    times, cpu, results = {}, {}, {}
    spent = 0.0
    for run in range(reps):
        clear_cache()
        clear_derive_caches()
        start, start_cpu = time.perf_counter(), time.process_time()
        for stage, expr in task(case):
            times.setdefault(stage, []).append(time.perf_counter() - start)
            cpu.setdefault(stage, []).append(time.process_time() - start_cpu)
            if run == 0:
                results[stage] = plain(expr)
        spent += time.perf_counter() - start
        if spent > budget:
            break
    return {"times": times, "cpu": cpu, "results": results}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("task", choices=sorted(tasks.TASKS) + ["lcapy-numeric"])
    p.add_argument("case")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--budget", type=float, default=10.0)
    p.add_argument("--point-seed", type=int)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    try:
        if args.task == "lcapy-numeric":
            from derive.circuit.netlist import parse_netlist

            text, name, general = tasks.case_text(args.case)
            circuit = parse_netlist(text, name=name)
            circuit = circuit.general() if general else circuit
            point = numeric_point([s.name for s in circuit.symbols], args.point_seed)
            task = lambda case: tasks.lcapy_numeric(case, point)  # noqa: E731
            data = measure(task, args.case, 1, 0)
            data["point"] = point
        else:
            tasks.warm_up(args.task)
            _, task = tasks.TASKS[args.task]
            data = measure(task, args.case, args.reps, args.budget)
    except ImportError as exc:
        print(f"not available: {exc}", file=sys.stderr)
        return 3
    Path(args.out).write_bytes(pickle.dumps(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
