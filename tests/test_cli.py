"""The command line as a user runs it."""
import json
import subprocess
import sys

import pytest
from sympy import Symbol, simplify, sympify

from derive.circuit import builtin_names
from derive.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "derive", *args], capture_output=True, text=True, timeout=120)


def test_list_names_every_builtin_with_a_description(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [l.split()[0] for l in lines] == builtin_names()
    assert all(len(l.split()) > 2 for l in lines)


def test_python_dash_m_runs():
    proc = run("list")
    assert proc.returncode == 0 and "inamp" in proc.stdout


def test_show_json_reads_back(capsys):
    assert main(["show", "inamp", "--general", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["circuit"] == "inamp"
    assert data["result"]["lhs"] == "Vout"
    rhs = sympify(data["result"]["rhs"])
    # R5 = R6 etc. not assumed: the general result depends on all seven resistors.
    assert {s.name for s in rhs.free_symbols} >= {"R1", "R2", "R3", "R4", "R5", "R6", "RG"}


def test_show_netlist_file(tmp_path, capsys):
    path = tmp_path / "divider.net"
    path.write_text("V1 in 0 Vin\nR1 in out Ra\nR2 out 0 Rb\n")
    assert main(["show", str(path), "--json"]) == 0
    rhs = sympify(json.loads(capsys.readouterr().out)["result"]["rhs"])
    assert simplify(rhs - Symbol("Rb") * Symbol("Vin") / (Symbol("Ra") + Symbol("Rb"))) == 0


def test_unknown_circuit_is_exit_2():
    proc = run("show", "no-such-circuit")
    assert proc.returncode == 2
    assert "neither a built-in circuit" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_usage_is_exit_2():
    proc = run("show")
    assert proc.returncode == 2 and "CIRCUIT" in proc.stderr


def test_time_limit_stops_a_long_command_with_a_clear_error(tmp_path):
    # A ladder too large to finish in 1 s symbolically (but under the size estimate's
    # budget: 40 sections are refused before any algebra, see test_security_cost.py).
    lines = ["V1 n0 0 Vs"] + [f"Ra{i} n{i} n{i+1}\nRb{i} n{i+1} 0" for i in range(12)] + [".output n12"]
    path = tmp_path / "ladder.net"
    path.write_text("\n".join(lines))
    proc = run("--time-limit", "1", "show", str(path), "--method", "nodal")
    assert proc.returncode == 2
    assert "took longer than 1" in proc.stderr and "Traceback" not in proc.stderr
