"""Strategy ``nodal``: virtual shorts, KCL at every node, the solution.

Works for any circuit, so every netlist gets an honest derivation.
"""
from .builder import Builder
from .common import assumption_steps, case_steps, nodal_steps, simplify_step
from .model import FULL_SCENARIO


def derive_nodal(circuit, general, solved=None):
    """Derive ``circuit``'s output by plain nodal analysis.

    >>> from derive.circuit.library import load_circuit
    >>> d = derive_nodal(load_circuit("inverting"), general=False)
    >>> [s.kind for s in d.steps]
    ['virtual_ground', 'kcl', 'solution', 'solution']
    """
    b = Builder(circuit, "nodal", general, solved)
    assumptions = {} if general else assumption_steps(b, circuit)
    values = nodal_steps(b, circuit, FULL_SCENARIO, {}, "", assumptions)
    value, step = values[circuit.output]
    if step is None:
        step = b.add("result", "result", circuit.output_symbol, value)
    simplified, _ = simplify_step(b, "result", circuit.output_symbol, step.equation.rhs, circuit,
                                  [step], assumptions)
    result = simplified or step
    return b.finish(result, case_steps(b, circuit, result))
