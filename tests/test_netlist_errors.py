"""Bad netlists: each gives one clear error naming its line, never a traceback."""
import subprocess
import sys

import pytest
from sympy import Rational

from derive.circuit import parse_netlist
from derive.errors import NetlistError
from derive.solver import solve

GOOD = """V1 in 0 V1
R1 in m R1
R2 m out R2
U1 0 m out
"""

# (kind, netlist, expected line, words the message must contain)
BAD = [
    ("unknown element", GOOD + "Q1 a b c\n", 5, "unknown element 'Q1'"),
    ("missing nodes", "V1 in 0\nR1 in\nU1 0 in out\n", 2, "needs 2 nodes"),
    ("extra fields", "V1 in 0\nR1 in m 10k 20k\nR2 m out\nU1 0 m out\n", 2, "too many fields"),
    ("bad value", "V1 in 0\nR1 in m 10x\nR2 m out\nU1 0 m out\n", 2, "unknown suffix"),
    ("negative resistance", "V1 in 0\nR1 in m -10k\nR2 m out\nU1 0 m out\n", 2, "cannot be negative"),
    ("duplicate name", GOOD + "R1 in out 5k\n", 5, "duplicate element name 'R1'"),
    ("no ground", "V1 in ref V1\nR1 in out R1\nR2 out ref R2\n", 3, "no element is connected to ground"),
    ("floating node", GOOD + "R3 x y 1k\nR4 x y 2k\n", 5, "node x is floating"),
    ("dangling node", GOOD + "R3 out typo 1k\n", 5, "node typo is connected only to R3"),
    ("tied op-amp outputs", GOOD + "U2 0 m out\n", 5, "tied to U1"),
    ("op-amp output on a source", "V1 in 0\nR1 in m 1k\nU1 0 m in\n.output m\n", 1, "also drives"),
    ("unknown directive", GOOD + ".tran 1m\n", 5, "unknown directive '.tran'"),
    ("bad node name", "V1 in 0\nR1 in m-2 1k\n", 2, "not a valid node name"),
    ("no output", "V1 in 0\nR1 in m 1k\nR2 m 0 1k\n", 3, "no output"),
    ("output not a node", GOOD + ".output nowhere\n", 5, "not a node of the circuit"),
    ("symbol roles clash", "V1 in 0 X\nR1 in m X\nR2 m out\nU1 0 m out\n", 2, "used as a resistance here but as a voltage"),
    ("match unknown symbol", GOOD + ".match R1=R9\n", 5, "no element has the value R9"),
    ("bad match syntax", GOOD + ".match R1\n", 5, "expects conditions like R5=R6"),
    ("short to itself", GOOD + "R3 m m 1k\n", 5, "connects node m to itself"),
    ("op-amp inputs tied", "V1 in 0\nR1 in m 1k\nR2 m out 1k\nU1 m m out\n", 4, "both inputs on node m"),
    ("empty netlist", "* nothing\n\n", 2, "no elements"),
    ("line too long", "V1 in 0\nR1 in m " + "9" * 600 + "\n", 2, "line too long"),
    ("zero gain", GOOD.replace("U1 0 m out", "U1 0 m out 0"), 4, "open-loop gain must be positive"),
    (".opamp names no op-amp", GOOD + ".opamp R1 vos=1m\n", 5, "R1 (resistor) is not an op-amp"),
    (".opamp names nothing", GOOD + ".opamp U9 vos=1m\n", 5, "no element U9"),
    (".opamp unknown parameter", GOOD + ".opamp U1 gbw=1meg\n", 5, "'gbw=1meg' is not a parameter"),
    (".opamp not a number", GOOD + ".opamp U1 ib=lots\n", 5, "is not a number"),
    (".opamp negative noise", GOOD + ".opamp U1 en=-4n\n", 5, "is not negative"),
    (".opamp given twice", GOOD + ".opamp U1 vos=1m\n.opamp U1 vos=2m\n", 6, "already given on line 5"),
]


@pytest.mark.parametrize("kind, text, line, words", BAD, ids=[b[0] for b in BAD])
def test_bad_netlist_names_the_line(kind, text, line, words):
    with pytest.raises(NetlistError) as info:
        parse_netlist(text)
    assert info.value.line == line
    assert f"line {line}:" in str(info.value)
    assert words in str(info.value)


INAMP_RG_ZERO = """V1 in1 0
V2 in2 0
U1 in1 g1 o1
U2 in2 g2 o2
R5 o1 g1
RG g1 g2 0
R6 g2 o2
R1 o1 p3
R2 p3 0
R3 o2 m3
R4 m3 out
U3 p3 m3 out
"""


def test_rg_zero_has_no_unique_solution():
    circuit = parse_netlist(INAMP_RG_ZERO)
    with pytest.raises(NetlistError) as info:
        solve(circuit)
    assert info.value.line == 6
    assert "RG = 0" in str(info.value) and "no unique solution" in str(info.value)


def test_parallel_sources_have_no_unique_solution():
    circuit = parse_netlist("V1 in 0 1\nV2 in 0 2\nR1 in out 1k\nR2 out 0 1k\n")
    with pytest.raises(NetlistError) as info:
        solve(circuit)
    assert info.value.line == 2
    assert "no unique solution" in str(info.value)


def test_zero_resistor_elsewhere_is_just_a_wire():
    circuit = parse_netlist("V1 in 0 Vin\nR0 in a 0\nR1 a out R1\nR2 out 0 R2\n")
    out = solve(circuit).output
    assert str(out) == "R2*Vin/(R1 + R2)"


def test_comments_and_units_are_accepted():
    circuit = parse_netlist(
        "* a comment\n# another\n; and another\n.title Divider\n"
        "V1 in gnd 5V   ; inline comment\nR1 in out 10kΩ $ spice comment\nR2 out GND 10k\n.end\n"
    )
    assert circuit.title == "Divider"
    assert solve(circuit).output == Rational(5, 2)


@pytest.mark.parametrize("kind, text, line, words", BAD[:4], ids=[b[0] for b in BAD[:4]])
def test_cli_reports_one_sentence_without_traceback(tmp_path, kind, text, line, words):
    path = tmp_path / "bad.net"
    path.write_text(text)
    proc = subprocess.run([sys.executable, "-m", "derive", "show", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    assert f"bad.net: line {line}:" in proc.stderr and words in proc.stderr


def test_cli_reports_undecodable_file(tmp_path):
    path = tmp_path / "latin1.net"
    path.write_bytes(b"V1 in 0\nR1 in out 10k \xb5\n")
    proc = subprocess.run([sys.executable, "-m", "derive", "show", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "line 2: the file is not UTF-8" in proc.stderr
