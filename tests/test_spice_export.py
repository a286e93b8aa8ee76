"""SPICE export and value handling; none of these need ngspice."""
import pytest
from sympy import Rational, Symbol

from derive.circuit import builtin_names, load_circuit, parse_netlist
from derive.errors import DeriveError
from derive.spice.export import SpiceExportError, spice_deck, spice_number
from derive.spice.points import parse_values, random_point, symbol_roles


def cards(deck):
    return [l.split() for l in deck.text.splitlines() if l and l[0] not in "*."]


@pytest.mark.parametrize("value, text", [
    (Rational(4700000), "4700000"), (Rational(-1977, 1000), "-1.977"), (Rational(1, 8), "0.125"),
    (Rational(33, 10**9), "0.000000033"), (Rational(1, 3), repr(1 / 3)), (1e9, "1000000000"),
])
def test_numbers_are_written_exactly_when_a_decimal_can_be(value, text):
    assert spice_number(value) == text


def test_every_element_has_one_card_with_its_value():
    c = load_circuit("inamp")
    point = random_point(c, seed=7)
    deck = spice_deck(c.substitute(point))
    by_name = {card[0]: card for card in cards(deck)}
    assert len(by_name) == len(c.elements)
    for r in c.resistors:
        card = by_name[deck.elements[r.name]]
        assert card[1:3] == [deck.nodes[n] for n in r.nodes]
        assert Rational(card[3]) == point[r.value]
    for v in c.sources:
        assert Rational(by_name[deck.elements[v.name]][4]) == point[v.value]
    # Ideal op-amp: a B source whose equation is V(+) = V(-), driving the output.
    u1 = by_name[deck.elements["U1"]]
    assert u1[:3] == [deck.elements["U1"], deck.nodes["o1"], "0"]
    assert " ".join(u1[3:]) == "V = V(o1) + V(in1) - V(g1)"
    assert deck.text.rstrip().endswith(".op\n.end")


def test_vcvs_model_and_finite_gain_opamps():
    c = parse_netlist("V1 in 0 1\nU1 in m o1\nR1 o1 m 1k\nR2 m 0 1k\nU2 o1 m2 out 2e5\nR3 out m2 1k\n"
                      "R4 m2 0 1k\n.output out")
    deck = spice_deck(c, opamp_gain=1e9)
    by_name = {card[0]: card for card in cards(deck)}
    assert by_name["eu1"] == ["eu1", "o1", "0", "in", "m", "1000000000"]
    assert by_name["eu2"] == ["eu2", "out", "0", "o1", "m2", "200000"]  # its own A, not the stand-in
    assert {card[0] for card in cards(spice_deck(c))} >= {"bu1", "eu2"}


def test_names_differing_only_in_case_stay_distinct():
    # SPICE folds case; derive does not.
    c = parse_netlist("V1 A 0 1\nR1 A a 1k\nR2 a 0 2k\n.output a")
    deck = spice_deck(c)
    assert deck.nodes["A"] != deck.nodes["a"]
    assert len(set(deck.nodes.values())) == 3


def test_zero_resistance_becomes_a_zero_volt_source():
    c = parse_netlist("V1 in 0 1\nR1 in m 0\nR2 m 0 1k\n.output m")
    card = [k for k in cards(spice_deck(c)) if k[1:3] == ["in", "m"]][0]
    assert card[0].startswith("v") and card[3:] == ["DC", "0"]


def test_symbols_without_values_are_named():
    with pytest.raises(SpiceExportError, match=r"\(R1, R2, R3, R4, V1, V2\).*--values"):
        spice_deck(load_circuit("diffamp"))


def test_values_are_read_exactly_and_checked():
    c = load_circuit("inamp")
    point = parse_values("R1=10k, RG=4.7meg V1=-1.5m", c)
    assert point == {Symbol("R1", positive=True): 10000, Symbol("RG", positive=True): 4700000,
                     Symbol("V1", real=True): Rational(-3, 2000)}
    for bad, message in [("R1", "items like"), ("R9=1k", "not a symbol of inamp"),
                         ("R1=-1k", "must be positive"), ("R1=1x", "unknown suffix"), ("R1=R2", "not a number")]:
        with pytest.raises(DeriveError, match=message):
            parse_values(bad, c)


@pytest.mark.parametrize("name", builtin_names())
def test_random_points_cover_the_ranges_and_repeat_with_the_seed(name):
    c = load_circuit(name).general()
    roles = symbol_roles(c)
    draws = [random_point(c, seed=s) for s in range(30)]
    assert draws[3] == random_point(c, seed=3)
    for point in draws:
        assert set(point) == set(c.symbols)
        for s, v in point.items():
            if roles[s] == "resistance":
                assert 10 <= v < 10**6
            else:
                assert v != 0 and abs(v) <= 2
    voltages = [v for p in draws for s, v in p.items() if roles[s] == "voltage"]
    if voltages:   # the tia is driven by a current source
        assert min(voltages) < 0 < max(voltages)
    resistances = [v for p in draws for s, v in p.items() if roles[s] == "resistance"]
    if resistances:   # the follower has none
        assert max(resistances) / min(resistances) > 1000   # several decades


def test_symbolic_open_loop_gain_gets_a_gain_sized_value():
    c = load_circuit("noninverting").with_finite_gain()
    (gain,) = c.open_loop_gains()
    assert symbol_roles(c)[gain] == "gain"
    assert all(10**3 <= random_point(c, seed=s)[gain] < 10**6 for s in range(20))


def test_spice_command_exports_values_and_random_fill(capsys, tmp_path):
    from derive.cli import main

    assert main(["spice", "inamp-wiki", "--general", "--values", "R1a=1k, V1=-2", "--seed", "3"]) == 0
    text = capsys.readouterr().out
    assert "r1a o1 g1 1000" in text and "v1 in1 0 DC -2" in text and "r1b " in text
    path = tmp_path / "deck.cir"
    assert main(["spice", "inverting", "--values", "Rin=1k Rf=10k Vin=1", "--opamp-gain", "1e9", "-o", str(path)]) == 0
    assert "eu1 out 0 0 m 1000000000" in path.read_text()


@pytest.mark.parametrize("argv, message", [
    (["spice", "inamp"], "without a numeric value (R1, R2, R3, R4, R5, R6, RG, V1, V2)"),
    (["spice", "inverting", "--values", "Rin=0"], "must be positive"),
    (["spice", "inverting", "--seed", "1", "--opamp-gain", "0"], "must be positive"),
    (["spice", "inverting", "--seed", "1", "-o", "/nonexistent/dir/x.cir"], "cannot write"),
])
def test_spice_command_bad_input_is_exit_2(argv, message, capsys):
    from derive.cli import main

    assert main(argv) == 2
    assert message in capsys.readouterr().err
