"""The data model of a derivation: scenarios, quantities, steps.

A :class:`Step` is one line of a textbook derivation: an equation, the kind of
reasoning that produced it (a key into the message catalogs), the steps it
uses, and the scenario it holds in (the whole circuit, or one superposition
case with the other sources set to zero). Symbols such as ``V11`` or ``I_RG``
are *quantities*: each names a node voltage or a resistor current of one
scenario, which is how the verifier can check every step against an
independent nodal solution.

>>> from sympy import Eq, Symbol
>>> s = Step("eq3", "noninverting_stage", Eq(Symbol("V11"), Symbol("V1")))
>>> s.id, s.kind, s.uses
('eq3', 'noninverting_stage', ())
"""
from dataclasses import dataclass, field

FULL = "full"


@dataclass(frozen=True)
class Scenario:
    """A superposition case: ``zeroed`` sources set to 0 (none: the full circuit).

    >>> Scenario("s1", ("V2",), active="V1").zeroed
    ('V2',)
    """

    id: str = FULL
    zeroed: tuple = ()
    active: str = None
    index: int = 0

    def apply(self, circuit):
        """The circuit of this scenario."""
        return circuit.with_sources({name: 0 for name in self.zeroed})


FULL_SCENARIO = Scenario()


@dataclass(frozen=True)
class Quantity:
    """A named node voltage (``what="node"``) or resistor current (``what="current"``).

    ``ref`` is the node name or the resistor's element name; currents flow from
    the resistor's first node to its second.
    """

    symbol: object
    what: str
    ref: str
    scenario: Scenario = FULL_SCENARIO


@dataclass(frozen=True)
class Step:
    """One proved line of a derivation."""

    id: str
    kind: str
    equation: object
    uses: tuple = ()
    scenario: Scenario = FULL_SCENARIO
    params: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def lhs(self):
        return self.equation.lhs

    @property
    def rhs(self):
        return self.equation.rhs


def unique_id(step_id, taken):
    """``step_id``, or the first free ``step_id-2``, ``step_id-3``, ... if it is taken.

    The one rule every step builder (derivations and analyses) follows: a
    repeated id is numbered, never an error, so labels and ``\\eqref`` stay unique.

    >>> unique_id("eq", set()), unique_id("eq", {"eq", "eq-2"})
    ('eq', 'eq-3')
    """
    base, n = step_id, 2
    while step_id in taken:
        step_id = f"{base}-{n}"
        n += 1
    return step_id
