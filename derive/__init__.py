"""derive: step-by-step, proved derivations of op-amp circuit transfer functions.

>>> from derive import load_circuit, solve
>>> solve(load_circuit("inverting")).output
-Rf*Vin/Rin
"""
from .circuit import Circuit, load_circuit, parse_netlist, read_netlist
from .errors import CircuitError, DeriveError, NetlistError
from .solver import solve

__version__ = "0.1.0"

__all__ = [
    "Circuit", "CircuitError", "DeriveError", "NetlistError",
    "load_circuit", "parse_netlist", "read_netlist", "solve",
]
