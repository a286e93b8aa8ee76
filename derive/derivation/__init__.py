"""Step-by-step derivations, every step proved against a nodal solution.

>>> d = derive("inamp")                       # the superposition article, superposition
>>> d.result
Eq(Vout, R2*(V1 - V2)*(2*R5/RG + 1)/R1)
>>> d.quantity("V11")
V1*(R5 + RG)/RG
>>> derive("inamp-wiki").method                # the Wikipedia article
'virtual-short'
"""
from ..circuit.circuit import METHODS
from ..errors import CircuitError, DeriveError, UnprovedStepError
from ..text.messages import Message
from ..solver import solve
from .common import Declined
from .derivation import Derivation
from .feedback import PositiveFeedbackError, feedback_conditions
from .model import FULL_SCENARIO, Quantity, Scenario, Step
from .nodal import derive_nodal
from .superposition import derive_superposition
from .virtual_short import derive_virtual_short

STRATEGIES = {
    "superposition": derive_superposition,
    "virtual-short": derive_virtual_short,
    "nodal": derive_nodal,
}


TEXTBOOK_ORDER = ("superposition", "virtual-short")


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


def _methods_to_try(circuit, method):
    """The requested method (or the default) first, then the other textbook
    strategy, nodal analysis last."""
    first = method or default_method(circuit)
    order = [first] + [m for m in TEXTBOOK_ORDER if m != first]
    return order + ([] if "nodal" in order else ["nodal"])


def derive(circuit, method=None, general=False):
    """Derive a circuit's transfer function step by step.

    ``circuit`` is a Circuit, a built-in name or a netlist path. ``method`` is
    ``superposition``, ``virtual-short`` or ``nodal`` (default: the most
    textbook-like that applies). ``general=True`` keeps every resistor
    distinct (no matching conditions). Every step is verified before the
    Derivation is returned.

    Before any strategy runs, the circuit is checked: its nodal equations must
    have one solution (else the CircuitError names the element at fault) and
    every op-amp must have negative feedback (else PositiveFeedbackError).
    A strategy whose rules do not fit the circuit declines; the next one is
    tried, and the Derivation records who declined and why:

    >>> from derive.circuit.netlist import parse_netlist
    >>> howland = parse_netlist(chr(10).join(["Vin in 0", "R1 in m", "R2 m out", "R3 p 0",
    ...                                       "R4 p out", "RL p 0", "U1 p m out", ".output p VL"]))
    >>> d = derive(howland)
    >>> d.method, d.declined
    ('nodal', (('virtual-short', 'decline_nodal'), ('superposition', 'decline_nodal')))
    >>> [str(c.condition) for c in d.feedback]
    ['R1*R3*R4 + R1*R4*RL - R2*R3*RL > 0']
    """
    from dataclasses import replace

    from ..circuit.library import as_circuit

    circuit = as_circuit(circuit)
    if general:
        circuit = circuit.general()
    circuit = circuit.without_shorts()
    if method is not None and method not in STRATEGIES:
        raise DeriveError(Message("unknown_method", method=method, methods=", ".join(METHODS)))
    if not circuit.sources:
        raise DeriveError(Message("no_source", circuit=circuit.name))
    solution = check_solvable(circuit)
    # With no matching conditions the circuit checked is the circuit derived:
    # its nodal solution is the one every strategy solves and proves against.
    solved = {FULL_SCENARIO.id: solution} if not circuit.matches else {}
    conditions = feedback_conditions(circuit.matched())
    declined = []
    for m in _methods_to_try(circuit, method):
        try:
            d = STRATEGIES[m](circuit, general, solved=solved)
        except Declined as exc:
            declined.append((m, exc.reason))
            continue
        except (CircuitError, UnprovedStepError):
            if m == "nodal":
                _floating_source(circuit)
                raise
            declined.append((m, "decline_rules"))
            continue
        return replace(d, declined=tuple(declined), feedback=conditions)
    raise AssertionError("nodal analysis never declines")  # pragma: no cover


def _floating_source(circuit):
    """A known limit, said in one sentence: no strategy yet writes the steps of a
    circuit whose voltage source has neither terminal on ground (a supernode)."""
    from ..circuit.circuit import GROUND

    for e in circuit.voltage_sources:
        if GROUND not in e.nodes:
            raise CircuitError(Message("floating_source", source=e.name, a=e.nodes[0], b=e.nodes[1]),
                               e.line, circuit.source)


def check_solvable(circuit):
    """Raise CircuitError (naming the element) unless the nodal equations of
    ``circuit`` (matching conditions applied) have exactly one solution; return
    that solution.

    >>> from derive.circuit.netlist import parse_netlist
    >>> check_solvable(parse_netlist("V1 in 0\\nR1 in m\\nR2 m out\\nU1 0 m out")).v("m")
    0
    """
    return solve(circuit.matched())


__all__ = ["Declined", "Derivation", "PositiveFeedbackError", "Quantity", "Scenario", "Step",
           "STRATEGIES", "check_solvable", "default_method", "derive"]
