"""Netlist mutations for fuzzing the commands: every built-in and every netlist of
the any-circuit corpus, changed one to three times (a node, a value, an element's
kind, a line deleted, duplicated or swapped, an element or a directive added), then
run through ``derive show`` (and every tenth through ``latex --body`` and
``spice``) in this process, exactly as the command line runs them. An outcome is
exit 0 or 2 (a sentence); exit 70 (an internal error) is what the fuzz hunts.

    python tests/support/netlist_fuzz.py 10000 [seed]     # prints the tally and every exit-70
"""
import contextlib
import io
import random
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASE_SECONDS = 20      # a mutation that runs longer counts as 'slow' (not a crash)

VALUES = ["0", "-1", "1k", "4.7meg", "1e30", "1e-30", "0.5", "10", "I", "E", "pi", "S", "A", "R1", "RG",
          "V1", "beta", "x_1", "1M", "1m", "abc", "k", "-0", "1/2", "2*R1", "1e400", "nan", "inf"]
NODES = ["0", "gnd", "GND", "gND", "out", "in", "x", "m", "n_1", "a", "b", "p"]
DIRECTIVES = [".match {a}={b}", ".case {a}={b}", ".output {n}", ".output {n} {a}", ".method nodal",
              ".method superposition", ".method virtual-short", ".title {a} \\input{{x}} <b>", ".end",
              ".match {a}={b} {b}={a}", ".case {a}={a}"]


def seeds():
    """(name, netlist text) of every built-in and every any-circuit corpus file."""
    from derive.circuit.library import builtin_names, builtin_text

    out = [(n, builtin_text(n)) for n in builtin_names()]
    out += [(p.stem, p.read_text("utf-8")) for p in sorted((ROOT / "tests" / "data" / "anycircuit").glob("*.net"))]
    return out


def _tokens(text):
    lines = [l.split() for l in text.splitlines()]
    nodes, symbols = set(), set()
    for t in lines:
        if t and t[0][0].isalpha() and not t[0].startswith("."):
            k = {"U": 3}.get(t[0][0].upper(), 2)
            nodes.update(t[1:1 + k])
            symbols.update(x for x in t[1 + k:] if x[0].isalpha())
            symbols.add(t[0])
    return lines, sorted(nodes) or NODES, sorted(symbols) or ["R1"]


def mutate(text, rng):
    """One mutation of netlist ``text``."""
    lines, nodes, symbols = _tokens(text)
    elements = [i for i, t in enumerate(lines) if t and t[0][0].isalpha()]
    op = rng.randrange(11)
    if op == 0 and lines:
        del lines[rng.randrange(len(lines))]
    elif op == 1 and lines:
        i = rng.randrange(len(lines))
        lines.insert(i, list(lines[i]))
    elif op == 2 and len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 3 and elements:                      # a node changed
        t = lines[rng.choice(elements)]
        if len(t) > 1:
            t[rng.randrange(1, min(len(t), 4))] = rng.choice(nodes + NODES)
    elif op == 4 and elements:                      # a value changed or added
        t = lines[rng.choice(elements)]
        value = rng.choice(VALUES + symbols)
        k = 4 if t[0][0].upper() == "U" else 3
        if len(t) > k:
            t[k] = value
        else:
            t.append(value)
    elif op == 5 and elements:                      # an element's kind changed
        t = lines[rng.choice(elements)]
        t[0] = rng.choice("RVUCLIQ") + t[0][1:]
    elif op == 6:                                   # an element added
        a, b, c = (rng.choice(nodes + NODES) for _ in range(3))
        kind = rng.choice(["R", "V", "U", "C", "I"])
        name = f"{kind}{rng.randrange(90, 99)}"
        lines.append([name, a, b, c] if kind == "U" else [name, a, b] + ([rng.choice(VALUES)] if rng.random() < .5 else []))
    elif op == 7:                                   # a directive added
        a, b = rng.choice(symbols + VALUES), rng.choice(symbols + VALUES)
        lines.append(rng.choice(DIRECTIVES).format(a=a, b=b, n=rng.choice(nodes + NODES)).split())
    elif op == 8 and elements:                      # fields dropped
        t = lines[rng.choice(elements)]
        if len(t) > 1:
            del t[rng.randrange(1, len(t)):]
    elif op == 9 and elements:                      # two elements share a value
        t, u = lines[rng.choice(elements)], lines[rng.choice(elements)]
        if len(t) > 3 and len(u) > 3:
            u[-1] = t[-1]
    else:                                           # an op-amp's inputs swapped or tied
        ops = [lines[i] for i in elements if lines[i][0][0].upper() == "U" and len(lines[i]) >= 4]
        if ops:
            t = rng.choice(ops)
            if rng.random() < .5:
                t[1], t[2] = t[2], t[1]
            else:
                t[3] = t[rng.choice((1, 2))]
    return "\n".join(" ".join(t) for t in lines) + "\n"


class _Slow(Exception):
    pass


def _alarm(signum, frame):
    raise _Slow


def run_one(text, commands, folder):
    """Exit statuses of ``derive COMMAND file`` for each command, in this process."""
    from derive.cli import main

    path = Path(folder) / "fuzz.net"
    path.write_text(text, encoding="utf-8")
    statuses = []
    for command in commands:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
        err = io.StringIO()
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                status = main([*command[:1], str(path), *command[1:]])
        except _Slow:
            status = "slow"
        except SystemExit as exc:         # argparse
            status = exc.code
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        statuses.append((command[0], status, err.getvalue().strip()[-300:]))
    return statuses


def fuzz(count, seed=0, progress=None):
    """Run ``count`` mutations; return (tally {status: n}, [(netlist, command, message) of exit 70])."""
    rng = random.Random(seed)
    base = seeds()
    tally, crashes = {}, []
    with tempfile.TemporaryDirectory() as folder:
        for k in range(count):
            name, text = base[k % len(base)]
            for _ in range(rng.randint(1, 3)):
                text = mutate(text, rng)
            commands = [["show"]] + ([["latex", "--body"], ["spice", "--seed", "1"]] if k % 10 == 0 else [])
            for command, status, message in run_one(text, commands, folder):
                tally[status] = tally.get(status, 0) + 1
                if status not in (0, 1, 2, "slow"):
                    crashes.append((text, command, message))
            if progress and (k + 1) % 500 == 0:
                print(f"{k + 1} mutations: {tally}", file=progress, flush=True)
    return tally, crashes


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    tally, crashes = fuzz(n, int(sys.argv[2]) if len(sys.argv) > 2 else 0, progress=sys.stderr)
    print(f"{n} mutations: {tally}; exit 70: {len(crashes)}")
    for text, command, message in crashes:
        print("----", command, message, text, sep="\n")
