"""The size estimate made before any algebra (derive.circuit.cost): exact for
ladders, an upper bound on every corpus circuit, and it refuses hopeless circuits
in seconds with one sentence, while the 8-section R-2R ladder is still derived."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sympy import Add, expand, fraction, together

from derive.circuit.cost import CHECK_BUDGET, SHOW_BUDGET, CircuitTooLarge, check_cost, estimate
from derive.circuit.library import builtin_names, load_circuit
from derive.circuit.netlist import parse_netlist, read_netlist
from derive.solver import solve

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "tests" / "data" / "anycircuit").glob("*.net"))


def ladder(bits):
    """benchmarks/cases.py's R-2R ladder DAC into an inverting summer."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.cases import ladder_netlist

    return parse_netlist(ladder_netlist(bits), name=f"ladder{bits}")


def denominator_terms(circuit):
    _, d = fraction(together(solve(circuit).output))
    return len(Add.make_args(expand(d)))


@pytest.mark.parametrize("bits", [1, 2, 3, 4, 5, 6])
def test_the_estimate_is_exact_for_ladders(bits):
    c = ladder(bits)
    assert estimate(c).terms == denominator_terms(c)


@pytest.mark.parametrize("path", CORPUS + builtin_names(), ids=lambda p: getattr(p, "stem", p))
def test_the_estimate_bounds_every_corpus_circuit(path):
    c = read_netlist(path) if isinstance(path, Path) else load_circuit(path)
    c = c.general()
    assert denominator_terms(c) <= estimate(c).terms


def test_budgets_separate_show_from_check():
    assert check_cost(ladder(8)) is not None               # show derives the N = 8 ladder
    assert estimate(ladder(10)).terms < CHECK_BUDGET < estimate(ladder(12)).terms < SHOW_BUDGET
    check_cost(ladder(12))
    with pytest.raises(CircuitTooLarge, match="the limit of derive check is 20,000"):
        check_cost(ladder(12), CHECK_BUDGET, "check")


@pytest.mark.parametrize("command", ["show", "latex", "verify", "cmrr", "check"])
def test_a_small_file_with_a_huge_result_is_refused_at_once(tmp_path, command):
    """A 1.2 kB, 20-section ladder (the issue's 8.3 GB case) is refused before any
    algebra: within a 1 GiB memory limit, in one sentence with exit 2."""
    path = tmp_path / "ladder20.net"
    sys.path.insert(0, str(ROOT))
    from benchmarks.cases import ladder_netlist

    path.write_text(ladder_netlist(20))
    args = [command, path] + (["R1"] if command == "check" else [])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "derive", "--memory-limit", "1", "--time-limit", "120",
                           *map(str, args)], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 2, done.stderr
    assert "too large to solve symbolically" in done.stderr and "268 million terms" in done.stderr
    assert done.stderr.count("\n") == 1
