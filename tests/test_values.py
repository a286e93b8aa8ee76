import pytest
from sympy import Rational

from derive.circuit.values import BadValue, parse_number, parse_value


@pytest.mark.parametrize("token, expected", [
    ("10k", 10_000), ("4.7meg", 4_700_000), ("4.7MEG", 4_700_000), ("49.9", Rational(499, 10)),
    ("1m", Rational(1, 1000)), ("2.2u", Rational(22, 10**7)), ("100n", Rational(1, 10**7)),
    ("1e3", 1000), ("1.5e-3", Rational(3, 2000)), ("10kΩ", 10_000), ("10kohm", 10_000),
    ("5V", 5), ("-3", -3), ("1G", 10**9), ("3p", Rational(3, 10**12)),
])
def test_numbers_are_exact(token, expected):
    assert parse_number(token) == expected


@pytest.mark.parametrize("token", ["1x", "1.2.3", "10 k", "1e999", "9" * 40])
def test_bad_numbers(token):
    with pytest.raises(BadValue):
        parse_number(token)


def test_symbols_carry_assumptions():
    assert parse_value("RG", positive=True).is_positive
    v = parse_value("V1", positive=False)
    assert v.is_real and v.is_positive is None
    assert parse_number("R1") is None
    with pytest.raises(BadValue):
        parse_value("R-1", positive=True)


# --- the M rule (issue 13 item 2): one reader, the same everywhere ---------------------

from derive.circuit.values import SPICE, TYPED, BareMega, read_suffix  # noqa: E402


@pytest.mark.parametrize("token, expected", [
    ("1MΩ", 10**6), ("1M\u2126", 10**6), ("1mΩ", Rational(1, 1000)), ("1Mohm", 10**6), ("1megohm", 10**6),
    ("1M", Rational(1, 1000)), ("1m", Rational(1, 1000)), ("1meg", 10**6), ("1MEG", 10**6),
    ("10KOHM", 10**4), ("2.2UV", Rational(22, 10**7)), ("100NA", Rational(1, 10**7)), ("1kV", 1000), ("3mA", Rational(3, 1000)),
])
def test_netlist_rule(token, expected):
    assert parse_number(token, SPICE) == expected


@pytest.mark.parametrize("token, expected", [
    ("1MΩ", 10**6), ("1 MΩ", 10**6), ("1mΩ", Rational(1, 1000)), ("1meg", 10**6), ("1m", Rational(1, 1000)),
    ("10K", 10**4), ("4.7k", 4700), ("1G", 10**9),
])
def test_typed_rule(token, expected):
    assert parse_number(token, TYPED) == expected


def test_a_bare_M_typed_is_refused_with_one_sentence():
    with pytest.raises(BareMega, match="write 'meg' or the unit"):
        parse_number("1M", TYPED)
    assert read_suffix("M", SPICE)[0] * 1000 == 1 and read_suffix("MΩ", TYPED)[0] == 10**6


def _netlist(value):
    from derive.circuit.netlist import parse_netlist

    return parse_netlist(f"V1 in 0 Vin\nR1 in a 1k\nR2 a out {value}\nU1 0 a out\n", name="t.net")


def test_M_in_a_netlist_and_everywhere_else():
    from derive.cli import main

    r2 = {e.name: e.value for e in _netlist("1MΩ").resistors}["R2"]
    assert r2 == 10**6
    assert {e.name: e.value for e in _netlist("1M").resistors}["R2"] == Rational(1, 1000)
    assert main(["spice", "inverting", "--values", "Rin=1MΩ, Rf=2MΩ, Vin=1"]) == 0


def test_spice_values_in_megaohms(capsys):
    from derive.cli import main

    assert main(["spice", "inverting", "--values", "Rin=1MΩ, Rf=2meg, Vin=1"]) == 0
    deck = capsys.readouterr().out
    assert "1meg" in deck.lower() or "1000000" in deck or "1e6" in deck.lower()
    assert "0.001" not in deck
    assert main(["spice", "inverting", "--values", "Rin=1M, Rf=2meg, Vin=1"]) == 2
    assert "write 'meg' or the unit" in capsys.readouterr().err


def test_answers_and_given_refuse_a_bare_M(capsys):
    from derive.cli import main

    assert main(["check", "inverting", "-q", "Vout", "--given", "Rin=1M, Rf=2MΩ, Vin=1m", "-2 mV"]) == 2
    assert "write 'meg' or the unit" in capsys.readouterr().err
    assert main(["check", "inverting", "-q", "Vout", "--given", "Rin=1MΩ, Rf=2meg, Vin=1m", "-2 mV"]) == 0
    assert main(["check", "inamp-ic", "-q", "RG", "--given", "R=24.7k, Vinp=1m, Vinm=0, Vref=0, Vout=0.1",
                 "1M", "--lang", "es"]) == 2
    assert "escribe 'meg' o la unidad" in capsys.readouterr().err
