"""Independent cross-check against ngspice: SPICE export, batch runs, comparison.

- :mod:`.export` writes a circuit with numeric values as a SPICE deck
  (ideal op-amps as exact nullors, or VCVS of a chosen open-loop gain);
- :mod:`.ngspice` runs ``ngspice -b`` in a fresh directory with a timeout and
  reads the operating point, turning every failure into a clear error;
- :mod:`.points` draws random values (or reads ``--values``);
- :mod:`.verify` compares exact symbolic node voltages with ngspice's
  (``from derive.spice.verify import verify``; the function is not re-exported
  here, so that ``derive.spice.verify`` stays the module);
- :mod:`.report` prints the comparison as a table or JSON.

>>> from derive.circuit import load_circuit
>>> c = load_circuit("inverting")
>>> print(spice_deck(c.substitute(parse_values("Rin=1k, Rf=10k, Vin=1", c))).text.splitlines()[-3])
bu1 out 0 V = V(out) + V(0) - V(m)
"""
from .export import SpiceDeck, SpiceExportError, spice_deck, spice_number
from .ngspice import NgspiceError, NgspiceMissing, find_ngspice, operating_point, run_ngspice
from .points import parse_values, random_point

__all__ = [
    "NgspiceError", "NgspiceMissing", "SpiceDeck", "SpiceExportError", "find_ngspice",
    "operating_point", "parse_values", "random_point", "run_ngspice", "spice_deck", "spice_number",
]
