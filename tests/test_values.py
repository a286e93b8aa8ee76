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
