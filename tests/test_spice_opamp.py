"""A netlist's ``.opamp`` offsets and bias currents in ``derive spice`` and ``derive verify``.

The in-amp of ``examples/inamp-offsets.net`` at RG = 200 Ω (G = 101), every
input at 0 V: by hand, with the difference stage giving Vout = V(o1) - V(o2),

* each offset is a source in series with the + input: G*(VOS1 - VOS2) + 2*VOS3;
* the - input of U1 draws I_B - I_OS/2 = 1.4 nA out of g1, which the virtual
  short holds at 0 V, so V(o1) rises by R5 * 1.4 nA = 14 µV (U2: R6 * 1.25 nA);
* U3's currents cancel: -(R1 || R2) * 2 nA * 2 at p, +R4 * 2 nA at m.

So Vout = 101 * 100 µV + 150 µV + 14 µV - 12.5 µV = 10.2515 mV.
"""
import shutil
from pathlib import Path

import pytest
from sympy import Rational

from derive.analysis.nonideal import simulation_model
from derive.circuit import load_circuit, parse_netlist
from derive.cli import main
from derive.derivation import derive
from derive.spice.export import spice_deck
from derive.spice.verify import simulate

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "inamp-offsets.net")
AT_ZERO = {"RG": 200, "V1": 0, "V2": 0, "Vref": 0}
BY_HAND = Rational(101 * 100 + 150, 10**6) + Rational(14 - 125 / Rational(10), 10**6)
needs_ngspice = pytest.mark.skipif(shutil.which("ngspice") is None,
                                   reason="ngspice is not installed (apt-get install ngspice)")


def _point(circuit, values):
    return {s: Rational(values[s.name]) for s in circuit.symbols}


def test_by_hand_is_what_the_docstring_says():
    assert BY_HAND == Rational(102515, 10**7)


def test_the_deck_has_the_offsets_and_the_datasheet_split_of_the_currents():
    model, notes = simulation_model(load_circuit(EXAMPLE))
    text = spice_deck(model.substitute(_point(model, AT_ZERO)), notes=notes).text
    cards = text.splitlines()
    # VOS in series with the + input: the op-amp now sees in1_u1 = in1 + 60 µV
    assert "vos_u1 in1_u1 in1 DC 0.00006" in cards
    assert "bu1 o1 0 V = V(o1) + V(in1_u1) - V(g1)" in cards
    assert "vos_u2 in2_u2 in2 DC -0.00004" in cards
    # ib = 1.8 nA, ios = 0.8 nA: 2.2 nA out of the + input, 1.4 nA out of the - input
    assert "ibpu1 in1 0 DC 0.0000000022" in cards and "ibmu1 g1 0 DC 0.0000000014" in cards
    # U3 has no ios: both currents are its ib
    assert "ibpu3 p 0 DC 0.000000002" in cards and "ibmu3 m 0 DC 0.000000002" in cards
    assert any(c.startswith("* The .opamp offsets and bias currents are elements") and "IBmU1 = 1.4 nA" in c
               for c in cards)


def test_the_derivation_of_the_model_gives_the_hand_value():
    model, _ = simulation_model(load_circuit(EXAMPLE))
    result = derive(model).result.rhs
    assert result.xreplace(_point(model, AT_ZERO)) == BY_HAND


@needs_ngspice
def test_ngspice_operating_point_equals_the_hand_value():
    model, _ = simulation_model(load_circuit(EXAMPLE))
    voltages, _ = simulate(model, _point(model, AT_ZERO))
    assert voltages["out"] == pytest.approx(float(BY_HAND), rel=1e-9)
    # U1's output: g1 at 60 µV, 100 µV / 200 Ω through RG plus 1.4 nA, all through R5 = 10 kΩ
    assert voltages["o1"] == pytest.approx(60e-6 + 10e3 * (100e-6 / 200 + 1.4e-9), rel=1e-9)


@needs_ngspice
def test_verify_checks_the_model_and_says_so(capsys):
    assert main(["verify", EXAMPLE, "--points", "2"]) == 0
    out = capsys.readouterr().out
    assert "Vout (derivation)" in out and "agree: all 2 points" in out
    assert "note: The .opamp offsets and bias currents are elements of the simulated circuit" in out
    assert "VOS_U3 = 75 µV" in out


@needs_ngspice
def test_noise_densities_are_named_as_not_simulated(tmp_path, capsys):
    net = tmp_path / "stage.net"
    net.write_text("V1 p 0 1\nR1 out m 9k\nR2 m 0 1k\nU1 p m out\n.opamp U1 en=4n in=0.3p\n")
    assert main(["verify", str(net), "--points", "1", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "nota: Las densidades de ruido de las líneas .opamp (en de U1, in de U1) no se simulan" in out
    assert main(["spice", str(net)]) == 0
    deck = capsys.readouterr().out
    assert "* The .opamp noise densities (en of U1, in of U1) are not simulated" in deck
    assert "vos_u1" not in deck and "ibpu1" not in deck   # no source without a vos or an ib


def test_a_netlist_without_opamp_lines_is_unchanged():
    c = parse_netlist("V1 p 0 1\nR1 out m 9k\nR2 m 0 1k\nU1 p m out")
    model, notes = simulation_model(c)
    assert model is c and notes == []
