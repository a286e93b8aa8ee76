"""Running ngspice: results against textbook formulas, and every way it can fail.

The failure tests that need no real simulator use small fake ``ngspice``
scripts, so a hang, a crash or garbage output is exercised everywhere.
"""
import os
import shutil
import stat
import time

import pytest
from sympy import Rational

from derive.circuit import load_circuit, parse_netlist
from derive.spice.export import spice_deck
from derive.spice.ngspice import (
    PRINT_CONTROL, NgspiceError, NgspiceMissing, find_ngspice, operating_point, parse_print_all, run_ngspice,
)

needs_ngspice = pytest.mark.skipif(
    shutil.which("ngspice") is None, reason="ngspice is not installed (apt-get install ngspice)"
)


def fake_ngspice(tmp_path, body):
    path = tmp_path / "ngspice"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def deck_for(circuit, values, **kw):
    return spice_deck(circuit.substitute({s: values[s.name] for s in circuit.symbols}), control=PRINT_CONTROL, **kw)


@needs_ngspice
def test_inverting_amplifier_matches_the_textbook():
    c = load_circuit("inverting")
    deck = deck_for(c, {"Rin": 4700, "Rf": 220000, "Vin": Rational(-37, 100)})
    v = operating_point(deck.text)
    assert v[deck.nodes["out"]] == pytest.approx(-220000 / 4700 * -0.37, rel=1e-12)
    assert abs(v[deck.nodes["m"]]) < 1e-12          # virtual ground, exactly, with the nullor


@needs_ngspice
def test_finite_gain_vcvs_matches_the_textbook():
    c = load_circuit("noninverting")
    deck = deck_for(c, {"Rin": 1000, "Rf": 9000, "Vin": 1}, opamp_gain=1000)
    beta = 1000 / 10000
    v = operating_point(deck.text)
    assert v[deck.nodes["out"]] == pytest.approx(1000 / (1 + 1000 * beta), rel=1e-12)


@needs_ngspice
def test_singular_circuit_is_an_error_not_a_gmin_answer():
    # Two resistors floating on their own: ngspice would "solve" it by gmin stepping.
    deck = "* floating\nv1 in 0 DC 1\nr1 in 0 1k\nr2 x y 1k\n.control\n" + "\n".join(PRINT_CONTROL) + "\n.endc\n.end\n"
    with pytest.raises(NgspiceError, match="singular"):
        operating_point(deck)


@needs_ngspice
def test_rejected_deck_names_the_line():
    deck = "* bad\nv1 in 0 DC 1\nq1 in 0 1k\n.control\nop\nprint all\nquit 0\n.endc\n.end\n"
    with pytest.raises(NgspiceError, match="rejected.*line 3.*q1 in 0 1k"):
        operating_point(deck)


@needs_ngspice
def test_a_title_with_the_word_error_is_not_an_error():
    c = parse_netlist(".title Error amplifier\nV1 in 0 1\nR1 in out 1k\nR2 out 0 1k\n.output out")
    deck = spice_deck(c, control=PRINT_CONTROL)
    assert operating_point(deck.text)[deck.nodes["out"]] == pytest.approx(0.5)


def test_missing_binary_says_how_to_install(monkeypatch):
    with pytest.raises(NgspiceMissing, match="apt-get install ngspice"):
        find_ngspice("no-such-ngspice-program")
    monkeypatch.setenv("DERIVE_NGSPICE", "/nonexistent/ngspice")
    with pytest.raises(NgspiceMissing, match="/nonexistent/ngspice"):
        run_ngspice("* x\n.end\n")


def test_a_stuck_ngspice_is_stopped_by_the_timeout(tmp_path):
    program = fake_ngspice(tmp_path, "sleep 30")
    start = time.monotonic()
    with pytest.raises(NgspiceError, match="did not finish within 1 s"):
        run_ngspice("* x\n.end\n", program=program, timeout=1)
    assert time.monotonic() - start < 10


def test_nonzero_exit_status_is_reported(tmp_path):
    program = fake_ngspice(tmp_path, 'echo "fatal: out of memory" >&2; exit 3')
    with pytest.raises(NgspiceError, match="exit status 3: fatal: out of memory"):
        run_ngspice("* x\n.end\n", program=program)


def test_output_without_voltages_is_reported(tmp_path):
    program = fake_ngspice(tmp_path, 'echo "nothing to see here"')
    with pytest.raises(NgspiceError, match="printed no node voltage.*nothing to see here"):
        operating_point("* x\n.end\n", program=program)


def test_the_deck_runs_in_a_fresh_directory(tmp_path):
    # The fake prints its working directory and the deck it was given as voltages.
    program = fake_ngspice(tmp_path, 'echo "cwdfiles = $(ls | wc -l)"; grep -c . "$3" | sed "s/^/lines = /"')
    values = operating_point("* one\n* two\n.end\n", program=program)
    assert values == {"cwdfiles": 1.0, "lines": 3.0}
    assert os.getcwd() != str(tmp_path)


def test_print_all_parsing_keeps_node_voltages_only():
    text = "No. of Data Rows : 1\nb1#branch = 1.2e-03\nin = 1.234000000000000e+00\nout = -1.23400000000000e+02\n"
    assert parse_print_all(text) == {"in": 1.234, "out": -123.4}


@needs_ngspice
@pytest.mark.parametrize("name", ["inamp", "inamp-wiki", "inamp-ic", "inamp2"])
def test_export_and_parsing_agree_with_the_independent_reference_solver(name):
    # tests/support/reference.py shares no code with derive or with the exporter.
    from reference import numeric_point, reference_voltages

    circuit = load_circuit(name).general()
    point = numeric_point(circuit.symbols, seed=9)
    expected = reference_voltages(circuit.substitute(point), {})
    deck = spice_deck(circuit.substitute(point), control=PRINT_CONTROL)
    got = operating_point(deck.text)
    scale = max(abs(float(v)) for v in expected.values())
    for node, value in expected.items():
        if node != "0":
            assert got[deck.nodes[node]] == pytest.approx(float(value), rel=1e-9, abs=1e-12 * scale)
