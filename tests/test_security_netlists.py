"""Netlists that parse but used to crash (exit 70), and the smaller leaks of issue 14:
each works, or is one sentence naming the line with exit 2."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sympy import Symbol, sympify

from derive.circuit.netlist import parse_netlist
from derive.errors import NetlistError

ROOT = Path(__file__).resolve().parents[1]
DIFF = "V1 a 0\nV2 b 0\nR1 a m R1\nR2 p 0 R2\nR3 b p R3\nR4 m out R4\nU1 p m out\n"


def derive(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "derive", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("text, line, words", [
    (DIFF + ".output a\n", 8, ["terminal of the source V1", "line 1"]),
    (DIFF + ".match R3=R1, R1=R3\n", 8, ["undoes"]),
    (DIFF + ".match R3=R1\n.match R1=R3\n", 9, ["undoes"]),
    (DIFF + ".match R3=R1 R4=R3 R1=R4\n", 8, ["undoes"]),
    (DIFF + ".match R3=R1 R2=R1\n", 8, ["R1 is already set to R3"]),
    (DIFF + ".match V1=R2\n", 8, ["a resistance equal to a voltage"]),
])
def test_meaningless_conditions_are_one_sentence_naming_the_line(text, line, words):
    with pytest.raises(NetlistError) as err:
        parse_netlist(text)
    assert err.value.line == line and all(w in str(err.value) for w in words), str(err.value)


def test_a_chain_of_matches_is_accepted():
    c = parse_netlist(DIFF + ".match R3=R1 R4=R2\n")
    assert [(str(a), str(b)) for a, b, _ in c.matches] == [("R3", "R1"), ("R4", "R2")]


@pytest.mark.parametrize("netlist", [
    "V1 in1 0\nV2 in2 0 5\nR1 in1 m R1\nR2 in2 p R2\nR3 p 0 R3\nR4 m out R4\nU1 p m out\n",   # numeric source
    DIFF + ".case R2=R1\n",
    DIFF + ".output a\n",
    DIFF + ".match V1=R2\n",
    DIFF + ".match R3=R1, R1=R3\n",
])
@pytest.mark.parametrize("command", ["show", "latex"])
def test_issue_netlists_work_or_exit_2(tmp_path, netlist, command):
    path = tmp_path / "c.net"
    path.write_text(netlist)
    done = derive(command, path, cwd=tmp_path)
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 2:
        assert done.stderr.count("\n") == 1 and "c.net: line" in done.stderr, done.stderr


def test_spice_never_maps_a_node_to_ground_by_its_spelling(tmp_path):
    path = tmp_path / "gnd.net"
    path.write_text("V1 in 0\nR1 in gND R1\nR2 gND out R2\nU1 0 gND out\n")
    deck = derive("spice", path, "--seed", "1", cwd=tmp_path).stdout
    cards = [line.split() for line in deck.splitlines() if line and line[0] in "rvb"]
    assert not any(word.lower() == "gnd" for card in cards for word in card[1:3]), deck


def test_json_symbols_named_like_sympy_constants_read_back_as_symbols(tmp_path):
    path = tmp_path / "ipe.net"
    path.write_text("V1 in 0 E\nR1 in m I\nR2 m out pi\nU1 0 m out\n")
    data = json.loads(derive("show", path, "--json", cwd=tmp_path).stdout)
    rhs = sympify(data["result"]["rhs"])        # trusted output of our own, as the README says
    assert rhs.free_symbols == {Symbol("E"), Symbol("I"), Symbol("pi")}
    for step in data["steps"]:
        sympify(step["lhs"]), sympify(step["rhs"])


def test_non_utf8_netlist_is_exit_2_everywhere(tmp_path):
    path = tmp_path / "latin1.net"
    path.write_bytes("V1 in 0\nR1 in m Ré\nR2 m out R2\nU1 0 m out\n".encode("latin-1"))
    for command in ("show", "notebook", "latex"):
        done = derive(command, path, cwd=tmp_path)
        assert done.returncode == 2 and "line 2" in done.stderr and "UTF-8" in done.stderr, (command, done.stderr)


def test_nul_in_a_comment_gives_a_notebook_that_runs():
    from derive.notebook.build import derivation_notebook

    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nul.net"
        path.write_text("V1 in 0 ; com\x00ment\nR1 in m R1\nR2 m out R2\nU1 0 m out\n")
        nb = derivation_notebook(str(path), "en")
    source = next(c.source for c in nb.cells if "NETLIST =" in c.source)
    compile(source, "cell", "exec")          # no NUL byte in the code


def test_square_root_of_a_negative_number_is_named():
    from derive.checker.grade import Grader, grade

    result = grade(Grader().problem("inamp"), "sqrt(-1)")
    assert result["status"] == "invalid" and "square root of a negative number" in result["error"]


@pytest.mark.parametrize("value", ["１０k", "١٠k", "१०k", "٣k"])   # answers may use full-width digits; netlists not
def test_unicode_digits_are_not_values(value):
    with pytest.raises(NetlistError) as err:
        parse_netlist(f"V1 in 0\nR1 in m {value}\nR2 m out R2\nU1 0 m out\n")
    assert err.value.line == 2 and "neither a number nor a symbol" in str(err.value)
