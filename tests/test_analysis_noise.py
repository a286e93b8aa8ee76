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
