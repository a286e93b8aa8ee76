"""Numeric values for a circuit's symbols: random test points, or the user's ``--values``.

Random points are exact decimals with three significant digits, so SPICE reads
exactly the numbers the symbolic result is evaluated at:

* resistances log-uniform over five decades, 10.0 ohm to 999 kohm;
* source voltages of both signs, 1 mV to 2 V in magnitude (never 0);
* symbolic open-loop gains of finite-gain op-amps, 1.00e3 to 9.99e5
  (a symbolic gain has no value of its own, so one is drawn like any other).

>>> from derive.circuit import load_circuit
>>> point = random_point(load_circuit("inverting"), seed=1)
>>> sorted(s.name for s in point), all(v != 0 for v in point.values())
(['Rf', 'Rin', 'Vin'], True)
>>> parse_values("Rf=100k, Vin=-1.5m", load_circuit("inverting"))
{Rf: 100000, Vin: -3/2000}
"""
import random

from sympy import Rational

from ..circuit.elements import OpAmp, Resistor, VoltageSource
from ..circuit.values import BadValue, parse_number
from ..errors import DeriveError

RESISTANCE_DECADES = (1, 5)     # 10^1 .. 10^5 times a mantissa 1.00 .. 9.99
VOLTAGE_MILLIVOLTS = (1, 2000)
GAIN_DECADES = (3, 5)


def symbol_roles(circuit):
    """``{symbol: 'resistance' | 'voltage' | 'gain'}`` for every symbol of ``circuit``."""
    roles = {}
    for e in circuit.elements:
        if e.value is None:
            continue
        role = {Resistor: "resistance", VoltageSource: "voltage", OpAmp: "gain"}[type(e)]
        for s in sorted(e.value.free_symbols, key=lambda s: s.name):
            roles.setdefault(s, role)
    return roles


def random_point(circuit, seed=None, rng=None):
    """Exact random values for every symbol of ``circuit`` (see the module doc)."""
    rng = rng or random.Random(seed)
    point = {}
    for s, role in sorted(symbol_roles(circuit).items(), key=lambda item: item[0].name):
        mantissa = Rational(rng.randint(100, 999), 100)
        if role == "resistance":
            point[s] = mantissa * 10 ** rng.randint(*RESISTANCE_DECADES)
        elif role == "gain":
            point[s] = mantissa * 10 ** rng.randint(*GAIN_DECADES)
        else:
            point[s] = Rational(rng.randint(*VOLTAGE_MILLIVOLTS), 1000) * rng.choice((1, -1))
    return point


def parse_values(text, circuit):
    """Read ``"R1=10k, V1=-1.5"`` into ``{symbol: exact number}`` for ``circuit``.

    Numbers take SPICE suffixes (k, meg, m, u ...). Raises DeriveError for a
    malformed item, an unknown name, or a resistance or gain that is not positive.
    """
    roles = {s.name: (s, role) for s, role in symbol_roles(circuit).items()}
    point = {}
    for item in (text or "").replace(",", " ").split():
        name, sep, token = item.partition("=")
        if not sep or not name or not token:
            raise DeriveError(f"--values expects items like R1=10k, not '{item}'")
        if name not in roles:
            known = ", ".join(sorted(roles)) or "none"
            raise DeriveError(f"--values names '{name}', which is not a symbol of {circuit.name} (its symbols: {known})")
        try:
            value = parse_number(token)
        except BadValue as exc:
            raise DeriveError(f"--values: {exc}") from None
        if value is None:
            raise DeriveError(f"--values: '{token}' (for {name}) is not a number")
        symbol, role = roles[name]
        if role != "voltage" and value <= 0:
            raise DeriveError(f"--values: {name} is a {role} and must be positive, not {token}")
        point[symbol] = value
    return point
