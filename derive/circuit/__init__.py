"""Circuits: elements, netlists and the built-in circuit library."""
from .circuit import Circuit
from .nodes import GROUND
from .elements import OpAmp, Resistor, VoltageSource
from .library import builtin_names, load_circuit
from .netlist import parse_netlist, read_netlist

__all__ = [
    "GROUND", "Circuit", "OpAmp", "Resistor", "VoltageSource",
    "builtin_names", "load_circuit", "parse_netlist", "read_netlist",
]
