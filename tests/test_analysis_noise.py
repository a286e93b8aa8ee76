"""``derive noise``: thermal noise of a resistor, a non-inverting stage against the textbook."""
import json
import math

import pytest

from derive.analysis.noise import noise, thermal_density
from derive.cli import main

K = 1.380649e-23


@pytest.mark.parametrize("kelvin", [290, 300])
def test_thermal_noise_of_1k_is_4_nv(kelvin):
    value = float(thermal_density(1000, kelvin)) * 1e9
    assert 3.99 < value < 4.08
    assert math.isclose(value, math.sqrt(4 * K * kelvin * 1000) * 1e9, rel_tol=1e-12)


def test_non_inverting_stage_against_the_textbook():
    rf, rin, rs, en, i_n, t = 9000.0, 1000.0, 2000.0, 4e-9, 1e-12, 300
    n = noise("noninverting", values={"Rf": "9k", "Rin": "1k"}, en="4n", in_="1p", temperature=t,
              source_resistance=("2k", 0))
    par = rf * rin / (rf + rin)
    # Textbook: e_RTI^2 = 4kT Rs + en^2 + (in Rs)^2 + (in Rf||Rin)^2 + 4kT (Rf||Rin)
    textbook = math.sqrt(4 * K * t * rs + en ** 2 + (i_n * rs) ** 2 + (i_n * par) ** 2 + 4 * K * t * par)
    assert math.isclose(float(n.rti), textbook, rel_tol=1e-12)
    gains = {s.name: s.gain for s in n.sources}
    assert gains["Rf"] == 1 and gains["Rin"] == -9 and abs(gains["e_n,U1"]) == 10


def test_dominant_source_and_rms():
    n = noise("noninverting", values={"Rf": "9k", "Rin": "1k"}, en="40n", temperature=300, bandwidth=100)
    assert n.dominant.name == "e_n,U1"
    assert math.isclose(float(n.rms), float(n.rti) * 10, rel_tol=1e-12)
    assert math.isclose(sum(float(n.share(s)) for s in n.sources), 1.0, rel_tol=1e-12)


def test_part_noise_from_the_datasheet():
    # AD620 at G = 1000, no source resistance: sqrt(9^2 + (72/1000)^2) nV/√Hz plus RG's own noise.
    n = noise("inamp-ic", part="AD620", gain=1000)
    rg = 49400 / 999
    expected = math.sqrt((9e-9) ** 2 + (72e-9 / 1000) ** 2 + 4 * K * 300 * rg * (999 / 1000) ** 2)
    assert math.isclose(float(n.rti), expected, rel_tol=1e-9)


def test_cli_json(capsys):
    assert main(["noise", "noninverting", "--set", "Rf=9k, Rin=1k", "--en", "4n", "--in", "1p",
                 "--bandwidth", "1k", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dominant"] == "e_n,U1" and data["rti_rms"] == pytest.approx(data["rti_density"] * math.sqrt(1000))


def test_cli_error(capsys):
    assert main(["noise", "follower"]) == 2
    assert "no noise sources" in capsys.readouterr().err
    assert main(["noise", "inamp-ic", "--part", "INA129", "--gain", "10"]) == 2
    assert "no datasheet noise for INA129" in capsys.readouterr().err


RC_STAGE = """.title Non-inverting with a feedback capacitor
Vin in 0 Vin
U1 in m out
Rf out m 9k
Cf out m 1n
Rin m 0 1k
.output out Vout
"""


def test_spot_noise_with_a_capacitor_against_the_hand_gain(tmp_path):
    path = tmp_path / "rc.net"
    path.write_text(RC_STAGE)
    f, rf, rin, cf = 1000.0, 9000.0, 1000.0, 1e-9
    n = noise(str(path), en="4n", frequency=1000)
    zf = rf / (1 + 2j * math.pi * f * rf * cf)
    gains = {s.name: complex(s.gain) for s in n.sources}
    assert abs(abs(gains["e_n,U1"]) - abs(1 + zf / rin)) < 1e-9      # hand: |1 + Zf/Rin|
    assert abs(abs(gains["Rin"]) - abs(zf / rin)) < 1e-9
    with pytest.raises(Exception, match="--frequency"):
        noise(str(path), en="4n")


def test_netlist_opamp_noise_is_the_options_noise():
    from derive.circuit.netlist import parse_netlist

    text = "Vin in 0 Vin\nU1 in m out\nRf out m 9k\nRin m 0 1k\n"
    given = noise(parse_netlist(text + ".opamp U1 en=4n in=1p\n"))
    options = noise("noninverting", values={"Rf": "9k", "Rin": "1k"}, en="4n", in_="1p")
    assert given.rti == options.rti
    assert {s.name for s in noise(parse_netlist(text)).sources} == {"Rf", "Rin"}


RC = "Vin in 0 Vin\nR1 in out {r}\nC1 out 0 {c}\n"
LP = "Vin in 0 Vin\nR1 in a 10k\nC1 a 0 10n\nU1 a m out\nRf out m 9k\nRg m 0 1k\n.opamp U1 en=4n\n"


@pytest.mark.parametrize("r", ["1k", "100k"])
def test_rc_low_pass_integrated_to_infinity_is_kt_over_c(r):
    from sympy import oo

    from derive.analysis.noise import BOLTZMANN
    from derive.circuit.netlist import parse_netlist

    n = noise(parse_netlist(RC.format(r=r, c="1n")), bandwidth=oo, temperature=300)
    assert n.banded and n.reference == 0
    kt_c = math.sqrt(float(BOLTZMANN) * 300 / 1e-9)               # kT/C: the resistance drops out
    assert math.isclose(float(n.output_rms), kt_c, rel_tol=1e-12)
    rc = {"1k": 1e-6, "100k": 1e-4}[r]
    fc = 1 / (2 * math.pi * rc)
    assert math.isclose(float(n.enbw), math.pi / 2 * fc, rel_tol=1e-12)   # noise bandwidth of one pole


def test_op_amp_filter_over_a_finite_band_against_the_closed_forms():
    from derive.circuit.netlist import parse_netlist

    band = 20000
    n = noise(parse_netlist(LP), bandwidth=band, temperature=300)
    power = {s.name: float(s.power) for s in n.sources}
    k = 1.380649e-23
    fc = 1 / (2 * math.pi * 10e3 * 10e-9)
    # R1's noise reaches the + input through the RC pole, then the gain 10:
    # ∫ 4kT R1 · 100 / (1 + (f/fc)²) df over 0..B = 4kT R1 · 100 · fc · atan(B/fc)
    assert math.isclose(power["R1"], 4 * k * 300 * 10e3 * 100 * fc * math.atan(band / fc), rel_tol=1e-10)
    # the op-amp's e_n and Rg, Rf see flat gains: density² · gain² · B
    assert math.isclose(power["e_n,U1"], (10 * 4e-9) ** 2 * band, rel_tol=1e-12)
    assert math.isclose(power["Rg"], 4 * k * 300 * 1e3 * 81 * band, rel_tol=1e-12)
    assert math.isclose(float(n.rms), math.sqrt(sum(power.values())) / 10, rel_tol=1e-12)


def test_band_errors(capsys):
    from sympy import oo

    from derive.circuit.netlist import parse_netlist
    from derive.errors import DeriveError

    with pytest.raises(DeriveError, match="does not fall at high frequency"):
        noise(parse_netlist(LP), bandwidth=oo)                       # e_n, Rf, Rg are flat
    with pytest.raises(DeriveError, match="unbounded band is infinite"):
        noise("noninverting", values={"Rf": "9k", "Rin": "1k"}, bandwidth=oo)
    hp = parse_netlist("Vin in 0 Vin\nC1 in out 1n\nR1 out 0 1k\n")
    with pytest.raises(DeriveError, match="0 at DC: give --frequency"):
        noise(hp, bandwidth=1000)
    assert noise(hp, bandwidth=1000, frequency="1meg").reference == 1000000
    assert main(["noise", "noninverting", "--set", "Rf=9k, Rin=1k", "--bandwidth", "5,1", "--lang", "es"]) == 2
    assert "la banda va de FL" in capsys.readouterr().err


def test_cli_band_table(capsys, tmp_path):
    path = tmp_path / "lp.net"
    path.write_text(LP)
    assert main(["noise", str(path), "--bandwidth", "0.5,150", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["integrated"] and data["band"] == [0.5, 150.0] and data["rti_density"] is None
    assert math.isclose(sum(s["share"] for s in data["sources"]), 1)
    assert main(["noise", str(path), "--bandwidth", "100k", "--brief"]) == 0
    out = capsys.readouterr().out
    assert "Output rms over the band" in out and "Noise bandwidth of the signal gain" in out
    assert main(["noise", str(path), "--bandwidth", "100k", "--latex", "--body"]) == 0
    tex = capsys.readouterr().out
    assert "\\begin{tabular}{lrrr}" in tex and "nV/\\ensuremath{\\surd}Hz" in tex and "?" not in tex


@pytest.mark.parametrize("q", [0.5, 2 ** -0.5, 20])
def test_second_order_noise_bandwidth_is_pi_q_f0_over_2(q):
    # ∫0^∞ |1/(1 + s/(Q w0) + s²/w0²)|² df = π Q f0 / 2; a Q of 20 puts a sharp peak at f0.
    from sympy import nsimplify, oo, pi

    from derive.analysis.noise_band import band_power
    from derive.circuit.elements import LAPLACE as s

    f0 = 1000
    w0, qq = 2 * pi * f0, nsimplify(q)
    power = band_power(1 / (1 + s / (qq * w0) + s ** 2 / w0 ** 2), 0, oo)
    assert math.isclose(float(power), math.pi * q * f0 / 2, rel_tol=1e-10)
