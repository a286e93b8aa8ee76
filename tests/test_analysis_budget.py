"""``derive budget``: the overview's numbers, the bias-current cancellation, CMRR as ``derive cmrr`` says."""
import json
import math
import re

import pytest
from sympy import Rational, S, Symbol, cancel

from derive.analysis.budget import IB, IOS, RS_M, RS_P, budget, part_spec
from derive.analysis.nonideal import solve_model, with_current, with_source_resistances
from derive.analysis.tolerance import tolerance_analysis
from derive.circuit.library import load_circuit
from derive.cli import main


def _term(b, key):
    return next(t for t in b.terms if t.key == key)


def test_the_overview_ecg_numbers():
    # "AD620 input bias is 0.5 nA typical. Through a 1 MΩ skin-electrode impedance, that's 0.5 mV."
    b = budget("inamp-ic", part="AD620", gain=1000, vdiff_fs="1m", vcm=2, source_resistance=("1meg", 0),
               grade="typ")
    assert abs(_term(b, "ib").rti) == Rational(1, 2000)
    # 2 V of common mode through the AD620's 130 dB at G = 1000: 2 V / 10**6.5, about 0.63 µV.
    assert abs(float(_term(b, "cmrr").rti) - 2 / 10 ** 6.5) < 1e-15
    # ppm of the 1 mV full scale
    assert b.ppm(abs(_term(b, "ib").rti)) == 500000


def test_equal_source_resistances_cancel_the_bias_current():
    b = budget("inamp-ic", part="INA128", gain=100, source_resistance=("1meg", "1meg"))
    assert _term(b, "ib").rti == 0
    # what remains is the offset current through one source resistance: 5 nA (max) x 1 MΩ
    assert abs(_term(b, "ios").rti) == Rational(5, 1000)
    step = b.analysis.step("budget-bias-matched")
    assert step.equation.rhs.free_symbols == {IOS, RS_P} and IB not in step.equation.rhs.free_symbols
    # by hand: E = -(I_B+ Rs+ - I_B- Rs-) with I_B+- = I_B +- I_OS/2
    general = b.analysis.step("budget-bias").equation.rhs
    hand = -(IB + IOS / 2) * RS_P + (IB - IOS / 2) * RS_M
    assert cancel(general - hand) == 0


def test_a_discrete_in_amp_with_0_1_percent_resistors_has_the_cmrr_of_derive_cmrr():
    b = budget("inamp", gain=100, vcm=2, tolerance="0.1%")
    worst = tolerance_analysis("inamp", Rational(1, 1000), gain=100, samples=0).worst
    assert abs(float(_term(b, "cmrr").rti) - 2 / worst) < 1e-12
    assert 93.9 < 20 * math.log10(2 / float(_term(b, "cmrr").rti)) < 94.1


def test_offset_of_each_opamp_against_the_hand_result():
    b = budget("inamp", gain=100, vos="1m")
    # U1, U2: the offset adds to their input -> RTI 1 mV; U3: the difference stage's noise gain
    # 1 + R4/R3 = 2 at the output, divided by G = 100.
    assert abs(_term(b, "vos_U1").rti) == Rational(1, 1000)
    assert abs(_term(b, "vos_U2").rti) == Rational(1, 1000)
    assert abs(_term(b, "vos_U3").rti) == Rational(2, 100) * Rational(1, 1000)


def test_rg_tolerance_gain_error_from_the_derived_sensitivity():
    b = budget("inamp-ic", part="INA128", gain=100, vdiff_fs="0.1", tolerance="1%")
    # G = 1 + K/RG: a relative change T of RG changes G by T (G - 1)/G.
    assert _term(b, "gain_rg").rti == Rational(99, 100) * Rational(1, 100) * Rational(1, 10)


def test_current_source_model_is_a_current():
    # A bias current I out of the inverting input of an inverting amplifier: Vout = I Rf (hand).
    c = with_current(load_circuit("inverting").with_sources({"Vin": 0}), "m", Symbol("I"), "IB")
    assert cancel(solve_model(c).output - Symbol("I") * Symbol("Rf", positive=True)) == 0
    # and through a source resistance it drops I Rs at the pin of a follower
    f = load_circuit("follower")
    c, pins = with_source_resistances(f, f.sources[0], f.sources[0], (Symbol("Rs", positive=True), 0))
    c = with_current(c.with_sources({"Vin": 0}), pins["Vin"], Symbol("I"), "IB")
    assert cancel(solve_model(c).output + Symbol("I") * Symbol("Rs", positive=True)) == 0


def test_part_data():
    assert part_spec("INA128", "vos_in", "max") == S(50) / 10 ** 6
    assert part_spec("AD620", "cmrr_db", "typ", gain=1000) == 130
    assert part_spec("AD620", "gain_error_percent", "max", gain=200) == Rational(7, 10)
    for name in ("INA128", "AD620", "AD8221", "INA333"):
        for key in ("vos_in", "vos_out", "ib", "ios", "cmrr_db", "gain_error_percent", "en_in", "in"):
            assert part_spec(name, key, "max", gain=10) is not None, (name, key)
    # INA333 (SBOS445C, Electrical Characteristics): CMR 80 min, 90 typ dB at G = 1; 110 typ at G = 10.
    assert part_spec("INA333", "cmrr_db", "max", gain=100) == 100
    assert part_spec("INA333", "cmrr_db", "max", gain=1) == 80
    assert part_spec("INA333", "cmrr_db", "typ", gain=10) == 110
    # AD8221 Rev. C, Table 1, AR grade: input bias current 0.5 nA typ, 1.5 nA max.
    assert part_spec("AD8221", "ib", "typ") == S(5) / 10 ** 10
    assert part_spec("AD8221", "ib", "max") == S(15) / 10 ** 10


def test_every_datasheet_number_names_its_source():
    """Each number in a part's specs has a provenance entry: a document of its own list, or 'unverified'/'not found'."""
    from derive.analysis.parts import all_parts

    for name, entry in all_parts().items():
        specs = entry.get("specs")
        if specs is None:
            continue
        prov, docs = specs["provenance"], specs["documents"]
        numbers = []
        for key, value in specs.items():
            if key in ("conditions", "provenance", "documents"):
                continue
            if key in ("cmrr_db", "gain_error_percent"):
                numbers += [f"{key}.{g}.{col}" for g, row in value.items() for col in row]
                numbers += [f"{key}.{g}" for g, row in value.items() if not row]
            else:
                numbers += [f"{key}.{col}" for col in value]
        assert sorted(numbers) == sorted(prov), name
        for where, text in prov.items():
            tag = text.split(":")[0]
            assert tag in docs or tag in ("unverified", "not found"), (name, where, text)
            key, *gain = where.split(".")
            if key in ("cmrr_db", "gain_error_percent") and tag in docs:
                # a per-gain value names the table row of its own gain
                assert re.search(rf"row G = {gain[0]}(?!\d)", text), (name, where, text)


def test_cli_json_and_table(capsys):
    assert main(["budget", "inamp-ic", "--part", "AD620", "--gain", "1000", "--vdiff-fs", "1m", "--vcm", "2",
                 "--source-resistance", "1meg,0", "--grade", "typ", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ib = next(t for t in data["terms"] if t["key"] == "ib")
    assert ib["rti_exact"] == "-1/2000" and ib["ppm"] == 500000.0
    assert data["total"]["sum"] >= data["total"]["rss"] > 0
    assert main(["budget", "inamp", "--gain", "100", "--vcm", "2", "--tolerance", "0.1%", "--brief",
                 "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "Modo común / CMRR" in out and "40 µV" in out


@pytest.mark.parametrize("argv, words", [
    (["budget", "inamp-ic", "--part", "AD620"], "give the gain"),
    (["budget", "inamp-ic", "--part", "INA129", "--gain", "10"], "no datasheet errors"),
    (["budget", "inamp-ic", "--gain", "10", "--source-resistance", "1meg"], "two resistances"),
])
def test_cli_errors(capsys, argv, words):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["budget", "noise", "range"])
def test_the_three_commands_read_their_shared_options_alike_and_in_spanish(capsys, command):
    extra = ["--supply", "-15,15"] if command == "range" else []
    assert main([command, "inamp-ic", "--part", "AD620", "--lang", "es"] + extra) == 2
    assert "da también la ganancia" in capsys.readouterr().err
    assert main([command, "inamp-ic", "--gain", "-3", "--lang", "es"] + extra) == 2
    assert "--gain '-3' debe ser positivo" in capsys.readouterr().err
    assert main([command, "inamp-ic", "--gain", "10", "--set", "Rx=1k"] + extra) == 2
    assert "not a symbol of inamp-ic" in capsys.readouterr().err


def test_noise_row_is_the_derived_rms_noise():
    from derive.analysis.noise import noise

    b = budget("inamp-ic", part="AD620", gain=1000, vdiff_fs="1m", source_resistance=("1meg", 0), bandwidth=150)
    n = noise("inamp-ic", part="AD620", gain=1000, source_resistance=("1meg", 0), bandwidth=150)
    assert _term(b, "noise").rti == n.rms and b.noise.dominant.name == n.dominant.name


def test_netlist_opamp_parameters_against_the_hand_result():
    from derive.circuit.netlist import parse_netlist

    net = parse_netlist("\n".join([
        "V1 in1 0 V1", "V2 in2 0 V2", "Vr ref 0 Vref", "U1 in1 g1 o1", "U2 in2 g2 o2", "R5 o1 g1 10k",
        "RG g1 g2 RG", "R6 g2 o2 10k", "R1 o1 p 10k", "R2 p ref 10k", "R3 o2 m 10k", "R4 m out 10k",
        "U3 p m out", ".opamp U1 vos=2m ib=10n", ".opamp U3 vos=-1m"]))
    b = budget(net, gain=100, source_resistance=("10k", 0))
    # U1's offset is in series with the input: 2 mV RTI. U3's is gained by 1 + R4/R3 = 2 at the output,
    # 2 mV / G = 20 uV RTI. U1's - input draws 10 nA through R5: 100 uV out, 1 uV RTI. The + input's
    # 10 nA at the pin through R_s+ = 10k: -100 uV, as I_B = 5 nA and I_OS = 10 nA of the pins.
    assert _term(b, "vos_U1").rti == Rational(2, 1000)
    assert _term(b, "vos_U3").rti == -Rational(2, 100000)
    assert _term(b, "ib_U1").rti == Rational(1, 10 ** 6)
    assert _term(b, "ib").rti + _term(b, "ios").rti == -Rational(100, 10 ** 6)
    # --vos on the command line replaces the netlist's, for every op-amp
    b = budget(net, gain=100, vos="1m")
    assert {t.key for t in b.terms if t.key.startswith("vos_")} == {"vos_U1", "vos_U2", "vos_U3"}
