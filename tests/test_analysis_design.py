"""RG design: the overview's worked examples, the derived gain equation, standard values."""
from decimal import Decimal

import pytest
from sympy import Rational, Symbol, cancel, oo

from derive.analysis.design import (design, find_part, gain_equation, gain_for, nearest_standard,
                                    part_names, standard_values)
from derive.circuit.netlist import parse_netlist
from derive.errors import DeriveError
from derive.solver import solve


def R(name):
    return Symbol(name, positive=True)


def test_gain_equation_is_derived_from_the_circuit():
    eq = gain_equation("inamp-ic")
    assert eq.g0 == 1 and eq.k == 2 * R("R") and eq.rg == R("RG")
    eq = gain_equation("inamp")            # the superposition article: G = (R2/R1)(1 + 2 R5/RG)
    assert cancel(eq.g0 - R("R2") / R("R1")) == 0
    assert cancel(eq.k - 2 * R("R2") * R("R5") / R("R1")) == 0


def test_ad620_at_gain_1000_seed_001():
    r = design("inamp-ic", 1000, part="AD620", series="E96")
    assert r.rg_exact == Rational(49400, 999)
    assert float(r.rg_exact) == pytest.approx(49.4, rel=2e-3)      # "RG = 49.4 Ω -> G = 1000"
    assert r.standard == Decimal("49.9")
    assert r.gain_actual == 1 + Rational(49400) / Rational("49.9")
    assert r.error == (r.gain_actual - 1000) / 1000


@pytest.mark.parametrize("rg, g", [(50, 1001), (500, 101), (5000, 11), (None, 1), (oo, 1)])
def test_ina128_gains_seed_001(rg, g):
    assert gain_for("inamp-ic", rg, part="INA128") == g


def test_the_parts_table():
    ks = {name: find_part(name).k for name in part_names()}
    assert ks == {"INA128": 50000, "INA129": 49400, "AD620": 49400, "AD8221": 49400, "INA826": 49400,
                  "INA333": 100000, "AD8421": 9900}
    assert find_part("1 + 49.4k/RG").k == 49400 and find_part("24.7k/R_G + 1").k == 24700
    assert all(find_part(n).source for n in part_names())


def test_wheatstone_bridge_with_ina128_seed_001():
    # 350 Ω bridge at 5 V; the gauge chosen so that the full-scale output is 2 mV/V x 5 V = 10 mV.
    gauge = Rational(350 * 251, 249)
    bridge_lines = "Vexc exc 0 5\nR1 exc a 350\nR2 a 0 350\nR3 exc b 350\nR4 b 0 Rgauge\n"
    bridge = parse_netlist(bridge_lines + ".output b Vb\n", name="bridge").substitute({R("Rgauge"): gauge})
    sol = solve(bridge)
    assert sol.v("a") == Rational(5, 2)                          # common mode at rest: V_exc/2
    full_scale = sol.v("b") - sol.v("a")
    assert full_scale == Rational(10, 1000)                      # 10 mV full scale
    # The overview's approximation V_diff ~ (dR / 4R) V_exc is within a percent of it.
    dr = gauge - 350
    assert float(dr / (4 * 350) * 5) == pytest.approx(float(full_scale), rel=0.01)
    gain = Rational(2) / full_scale                              # fill a 2 V ADC range
    assert gain == 200
    r = design("inamp-ic", gain, part="INA128")
    assert r.rg_exact == Rational(50000, 199) and round(float(r.rg_exact)) == 251
    # The whole front end solved together: bridge into the in-amp (its inputs draw no current).
    front = parse_netlist(
        bridge_lines + "U1 b g1 o1\nU2 a g2 o2\nRa o1 g1 25k\nRG g1 g2 RG\nRb g2 o2 25k\n"
        "Rd1 o1 p3 10k\nRd2 p3 0 10k\nRd3 o2 m3 10k\nRd4 m3 out 10k\nU3 p3 m3 out\n.output out Vout\n",
        name="front-end").substitute({R("Rgauge"): gauge, R("RG"): r.rg_exact})
    out = solve(front)
    assert (out.v("a") + out.v("b")) / 2 == Rational(2505, 1000)   # the 2.5 V pedestal (+ half the signal)
    assert out.output == 2                                          # exactly full scale


def test_nearest_standard_values():
    assert nearest_standard(Rational(50000, 199)) == Decimal("240")
    assert nearest_standard(Rational(50000, 199), "E96") == Decimal("249")
    assert len(standard_values("E24")) == 24 * 7 and len(standard_values("E96")) == 96 * 7
    assert nearest_standard(1000, "E12") == Decimal("1000")


def test_gain_of_one_means_rg_open():
    r = design("inamp-ic", 1, part="INA128")
    assert r.rg_exact == oo and r.gain_actual == 1


@pytest.mark.parametrize("call, message", [
    (lambda: gain_for("inamp-ic", 0, part="INA128"), "short"),
    (lambda: design("inamp-ic", Rational(1, 2), part="INA128"), "cannot attenuate"),
    (lambda: find_part("LM741"), "unknown part"),
    (lambda: find_part("1 + abc/RG"), "positive number of ohms"),
    (lambda: nearest_standard(100, "E7"), "unknown series"),
    (lambda: design("diffamp", 10), "no gain resistor"),
    (lambda: design("inamp-wiki", 10, part="AD620"), "--set"),
])
def test_clear_errors(call, message):
    with pytest.raises(DeriveError, match=message):
        call()


def test_symbolic_design_without_a_part():
    r = design("inamp-ic", 100)
    assert r.rg_exact is None
    assert r.analysis.result.rhs == Symbol("K", positive=True) / (Symbol("G", positive=True) - Symbol("G_0", positive=True))


@pytest.mark.parametrize("lang, prose, other", [("es", "la descripción general (R = 24.7 kΩ)", "the overview"),
                                                ("en", "the overview (R = 24.7 kΩ)", "descripción")])
def test_part_source_prose_in_the_language(lang, prose, other, capsys):
    from derive.cli import main

    assert main(["design", "inamp-ic", "--gain", "100", "--part", "AD620", "--lang", lang]) == 0
    step = capsys.readouterr().out.split("(5) ")[1].split("(6) ")[0]
    flat = " ".join(step.split())
    assert "Analog Devices AD620 data sheet Rev. E, Specifications: GAIN, G = 1 + (49.4 kΩ/RG)" in flat
    assert prose in flat and other not in flat


def test_spanish_sources_keep_the_documents_words():
    """A ``source_es`` translates only the joining prose: the document's name, its
    quoted words and every number stay as the data sheet writes them."""
    import re

    translated = 0
    for name in part_names():
        source = find_part(name).source
        if source.text("es") == source.text("en"):
            continue
        translated += 1
        en, es = source.text("en"), source.text("es")
        assert en.split("; ")[0] == es.split("; ")[0], name
        assert re.findall(r"[\d.]+", en) == re.findall(r"[\d.]+", es), name
        assert re.findall(r"'[^']*'", en) == re.findall(r"'[^']*'", es), name
    assert translated == 2                     # INA128 and AD620 name their overview
