"""What each benchmark worker computes, for derive and for Lcapy.

A task is a generator: it yields ``(stage, expression)`` as each stage of the
computation finishes, so one run can time a solve and the limit that follows
it. Every task builds its circuit from netlist text inside the timed region:
parsing is part of the user's cost for both tools.

Tasks are looked up by name in :data:`TASKS`; each entry is (tool, warm-up,
task). The warm-up runs a small circuit through the same code path first, so
that SymPy's and Lcapy's lazily imported modules are loaded before timing.
"""
from sympy import Symbol

try:  # run as a script (benchmarks/worker.py) or imported as benchmarks.tasks
    import cases
except ImportError:  # pragma: no cover
    from benchmarks import cases

GAIN = "A"
TINY = "inverting"   # the warm-up circuit


# --- derive ------------------------------------------------------------------

def _derive_circuit(text, name):
    from derive.circuit.netlist import parse_netlist

    return parse_netlist(text, name=name)


def case_text(case):
    """(derive netlist text, name, general?) for ``inamp``, ``ladderN`` (R-2R),
    ``summerN`` (N-input summer, matched), ``sallen-key``, ``mfb-bandpass`` or
    ``rcN`` (N-section RC ladder)."""
    from derive.circuit.library import builtin_text

    if case == "inamp":
        return builtin_text("inamp"), "inamp", True
    if case.startswith("ladder"):
        bits = int(case[len("ladder"):])
        return cases.ladder_netlist(bits), case, False
    if case.startswith("summer"):
        return cases.summer_netlist(int(case[len("summer"):])), case, False
    if case == "sallen-key":
        return cases.SALLEN_KEY, case, False
    if case == "mfb-bandpass":
        return cases.MFB_BANDPASS, case, False
    if case.startswith("rc"):
        return cases.rc_ladder_netlist(int(case[len("rc"):])), case, False
    if case == TINY:
        return builtin_text(TINY), TINY, False
    raise ValueError(f"unknown case {case!r}")


def derive_solve(case):
    """derive's bare solve: parse, (general form), nodal solve, the output."""
    from derive.solver import solve

    text, name, general = case_text(case)
    circuit = _derive_circuit(text, name)
    if general:
        circuit = circuit.general()
    elif circuit.matches:         # what the derivation derives: the matched circuit
        circuit = circuit.matched()
    yield "solve", solve(circuit).output


def derive_finite(case):
    """Finite shared open-loop gain A: the solve, then A -> oo."""
    from derive.solver import solve

    text, name, general = case_text(case)
    circuit = _derive_circuit(text, name)
    if general:
        circuit = circuit.general()
    solution = solve(circuit.with_finite_gain(Symbol(GAIN, positive=True)))
    yield "finite", solution.output
    yield "limit", solution.limit_infinite_gain().output


def derive_derivation(case, method=None):
    """derive's full derivation, every step proved (raises ImportError if absent)."""
    from derive.derivation import derive

    text, name, general = case_text(case)
    derivation = derive(_derive_circuit(text, name), method=method, general=general)
    yield "derivation", derivation.result.rhs


def derive_show(case, method=None):
    """What ``derive show`` does: the proved derivation (stage "derivation"),
    then the text a terminal gets (stage "show": derivation and text)."""
    from derive.derivation import derive
    from derive.render.text import render_text

    text, name, general = case_text(case)
    derivation = derive(_derive_circuit(text, name), method=method, general=general)
    yield "derivation", derivation.result.rhs
    render_text(derivation, "en")
    yield "show", derivation.result.rhs


def _show_by(method):
    def task(case):
        return derive_show(case, method)
    task.__doc__ = f"``derive show --method {method}``: the proved derivation, then its text."
    return task


def _derivation_by(method):
    def task(case):
        return derive_derivation(case, method)
    task.__doc__ = f"derive's full derivation by the {method} method."
    return task


# --- Lcapy -------------------------------------------------------------------

def _lcapy_text(case, point=None):
    text, name, general = case_text(case)
    circuit = _derive_circuit(text, name)
    if general:
        circuit = circuit.general()
    if point:
        circuit = circuit.substitute({s: point[s.name] for s in circuit.symbols})
    return cases.lcapy_netlist(circuit, gain=GAIN)


def _lcapy_output(net):
    """The output node's voltage: ``.v`` at DC, ``.V(s)`` with capacitors or inductors."""
    from lcapy import Circuit, s

    node = Circuit(net)["out"]
    return node.V(s) if " s {" in net else node.v


def lcapy_finite(case):
    """Lcapy: ``Circuit(netlist)['out'].v`` (``.V(s)`` in the s-domain) with gain A,
    then ``.limit('A', oo)``."""
    from lcapy import oo

    v = _lcapy_output(_lcapy_text(case))
    yield "finite", v.sympy
    yield "limit", v.limit(GAIN, oo).sympy


def lcapy_numeric(case, point):
    """Lcapy on the same circuit with numbers for every symbol but A, then A -> oo."""
    from lcapy import oo

    v = _lcapy_output(_lcapy_text(case, point))
    yield "limit", v.limit(GAIN, oo).sympy


TASKS = {
    "derive-solve": ("derive", derive_solve),
    "derive-finite": ("derive", derive_finite),
    "derive-derivation": ("derive", derive_derivation),
    "derive-derivation-superposition": ("derive", _derivation_by("superposition")),
    "derive-derivation-virtual-short": ("derive", _derivation_by("virtual-short")),
    "derive-derivation-nodal": ("derive", _derivation_by("nodal")),
    "derive-show": ("derive", derive_show),
    "derive-show-superposition": ("derive", _show_by("superposition")),
    "derive-show-virtual-short": ("derive", _show_by("virtual-short")),
    "derive-show-nodal": ("derive", _show_by("nodal")),
    "lcapy": ("lcapy", lcapy_finite),
}


def warm_up(task_name):
    """Run ``task_name`` once on the tiny circuit (untimed)."""
    _, task = TASKS[task_name]
    for _ in task(TINY):
        pass
