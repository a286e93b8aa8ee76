"""Node names every layer agrees on: the ground node and how a netlist may spell it.

The solver, the topology checks, the schematics and the SPICE deck all compare
node names against :data:`GROUND`; a netlist may write any of
:data:`GROUND_ALIASES` and the reader turns it into :data:`GROUND`.

>>> GROUND, sorted(GROUND_ALIASES)
('0', ['0', 'GND', 'Gnd', 'gnd'])
"""

GROUND = "0"   # SPICE's name for the reference node, kept in exported decks
GROUND_ALIASES = frozenset({"0", "gnd", "GND", "Gnd"})
