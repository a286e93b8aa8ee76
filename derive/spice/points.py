"""Numeric values for a circuit's symbols: random test points, or the user's ``--values``.

Random points are exact decimals with three significant digits, so SPICE reads
exactly the numbers the symbolic result is evaluated at:

* source voltages of both signs, 1 mV to 2 V in magnitude (never 0);
* every other value log-uniform over the decades its element type gives
  (``decades``; resistances 10.0 ohm to 999 kohm, capacitances 10 pF to
  999 nF, symbolic open-loop gains of finite-gain op-amps 1.00e3 to 9.99e5:
  a symbolic gain has no value of its own, so one is drawn like any other),
  of both signs for sources (currents).

>>> from derive.circuit import load_circuit
>>> point = random_point(load_circuit("inverting"), seed=1)
>>> sorted(s.name for s in point), all(v != 0 for v in point.values())
(['Rf', 'Rin', 'Vin'], True)
>>> parse_values("Rf=100k, Vin=-1.5m", load_circuit("inverting"))
{Rf: 100000, Vin: -3/2000}
"""
import random

from sympy import Rational

from ..circuit.values import TYPED, BadValue, parse_number
from ..errors import DeriveError
from ..text.messages import Message

VOLTAGE_MILLIVOLTS = (1, 2000)


def _symbol_types(circuit):
    """``{symbol: element class}``: the type of the first element whose value uses it."""
    types = {}
    for e in circuit.elements:
        if e.value is None:
            continue
        for s in sorted(e.value.free_symbols, key=lambda s: s.name):
            types.setdefault(s, type(e))
    return types


def symbol_roles(circuit):
    """``{symbol: role}`` ('resistance', 'voltage', 'gain', 'capacitance', ...)
    for every symbol of ``circuit``: the role of its element's value."""
    return {s: cls.role for s, cls in _symbol_types(circuit).items()}


def random_point(circuit, seed=None, rng=None):
    """Exact random values for every symbol of ``circuit`` (see the module doc)."""
    rng = rng or random.Random(seed)
    point = {}
    for s, cls in sorted(_symbol_types(circuit).items(), key=lambda item: item[0].name):
        mantissa = Rational(rng.randint(100, 999), 100)
        if cls.decades is None:    # voltages
            magnitude = Rational(rng.randint(*VOLTAGE_MILLIVOLTS), 1000)
        else:
            magnitude = mantissa * 10 ** rng.randint(*cls.decades)
        point[s] = magnitude * rng.choice((1, -1)) if cls.is_source else magnitude
    return point


def parse_values(text, circuit):
    """Read ``"R1=10k, V1=-1.5"`` into ``{symbol: exact number}`` for ``circuit``.

    Numbers are read by the one number reader (:mod:`derive.circuit.values`, rule
    TYPED): k, meg, m, u, a unit after a prefix as written (1MΩ mega); a bare M is
    refused. Raises DeriveError for a
    malformed item, an unknown name, or a resistance or gain that is not positive.
    """
    types = _symbol_types(circuit)
    roles = {s.name: (s, cls.role) for s, cls in types.items()}
    signed = {cls.role for cls in types.values() if cls.is_source}
    point = {}
    for item in (text or "").replace(",", " ").split():
        name, sep, token = item.partition("=")
        if not sep or not name or not token:
            raise DeriveError(Message("values_item", item=item))
        if name not in roles:
            known = ", ".join(sorted(roles)) or "-"
            raise DeriveError(Message("values_unknown_name", name=name, circuit=circuit.name, known=known))
        try:
            value = parse_number(token, TYPED)
        except BadValue as exc:
            raise DeriveError(Message("values_bad", reason=exc)) from None
        if value is None:
            raise DeriveError(Message("values_not_number", token=token, name=name))
        symbol, role = roles[name]
        if role not in signed and value <= 0:
            raise DeriveError(Message("values_not_positive", name=name, role=Message(f"role_{role}"), token=token))
        point[symbol] = value
    return point
