"""Step-by-step derivations, every step proved against a nodal solution.

>>> d = derive("inamp")                       # seed 002, superposition
>>> d.result
Eq(Vout, R2*(V1 - V2)*(2*R5/RG + 1)/R1)
>>> d.quantity("V11")
V1*(R5 + RG)/RG
>>> derive("inamp-wiki").method                # seed 000
'virtual-short'
"""
from ..circuit.circuit import METHODS
from ..errors import DeriveError
from .derivation import Derivation
from .model import Quantity, Scenario, Step
from .nodal import derive_nodal
from .superposition import derive_superposition
from .virtual_short import derive_virtual_short

STRATEGIES = {
    "superposition": derive_superposition,
    "virtual-short": derive_virtual_short,
    "nodal": derive_nodal,
}


def default_method(circuit):
    """The method of the circuit's source document, else superposition for
    several inputs, else virtual-short when an ideal op-amp is present."""
    if circuit.method:
        return circuit.method
    if len(circuit.sources) > 1 and any(op.ideal for op in circuit.opamps):
        return "superposition"
    if any(op.ideal for op in circuit.opamps):
        return "virtual-short"
    return "nodal"


def derive(circuit, method=None, general=False):
    """Derive a circuit's transfer function step by step.

    ``circuit`` is a Circuit, a built-in name or a netlist path. ``method`` is
    ``superposition``, ``virtual-short`` or ``nodal`` (default: the circuit's
    own). ``general=True`` keeps every resistor distinct (no matching
    conditions). Every step is verified before the Derivation is returned.
    """
    from ..circuit.library import as_circuit

    circuit = as_circuit(circuit)
    if general:
        circuit = circuit.general()
    circuit = circuit.without_shorts()
    method = method or default_method(circuit)
    if method not in STRATEGIES:
        raise DeriveError(f"unknown method '{method}' (choose {', '.join(METHODS)})")
    if not circuit.sources:
        raise DeriveError(f"{circuit.name} has no input source to derive a transfer function from")
    return STRATEGIES[method](circuit, general)


__all__ = ["Derivation", "Quantity", "Scenario", "Step", "STRATEGIES", "default_method", "derive"]
