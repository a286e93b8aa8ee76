"""An independent numeric nodal solver, for checking derive's symbolic one.

It shares no code with ``derive.solver``: full modified nodal analysis with a
current unknown for every source and op-amp output, solved by SymPy's
``linsolve`` on exact rational numbers. Tests use it as the second opinion.
Capacitors and inductors are impedances in the Laplace variable ``s``, which
stays a symbol (1/(sC), sL); a current source ``I a b`` drives its value from
a through the source into b, as in SPICE.
"""
import random

from sympy import Rational, Symbol, linsolve

S_VAR = Symbol("s")


def numeric_point(symbols, seed):
    """Exact random values: resistances log-uniform over 10 Ω..1 MΩ, voltages of both signs."""
    rng = random.Random(seed)
    point = {}
    for s in symbols:
        if s.is_positive:
            point[s] = Rational(rng.randint(100, 999), 100) * 10 ** rng.randint(1, 5)
        else:
            point[s] = Rational(rng.randint(-2000, 2000), 1000)
    return point


def _flows(kcl, a, b, current):
    """``current`` leaves node ``a`` and enters node ``b`` (ground has no equation)."""
    if a != "0":
        kcl[a] += current
    if b != "0":
        kcl[b] -= current


def reference_voltages(circuit, point):
    """Node voltages of ``circuit`` with its symbols replaced by ``point``."""
    nodes = [n for n in circuit.nodes if n != "0"]
    v = {n: Symbol(f"v_{n}") for n in nodes}
    v["0"] = 0
    currents = {}
    kcl = {n: 0 for n in nodes}
    equations = []
    for e in circuit.elements:
        value = None if e.value is None else e.value.subs(point)
        letter = e.name[0].upper()
        if letter in "CL":
            a, b = e.nodes
            _flows(kcl, a, b, (v[a] - v[b]) * S_VAR * value if letter == "C" else (v[a] - v[b]) / (S_VAR * value))
        elif letter == "I":
            _flows(kcl, *e.nodes, value)
        elif letter in "RV":
            a, b = e.nodes
            if letter == "R" and value != 0:
                _flows(kcl, a, b, (v[a] - v[b]) / value)
            else:                         # a source or a short: its current is an unknown
                i = currents[e.name] = Symbol(f"i_{e.name}")
                equations.append(v[a] - v[b] - (value if letter == "V" else 0))
                _flows(kcl, a, b, i)
        elif letter == "U":
            plus, minus, out = e.nodes
            i = Symbol(f"i_{e.name}")
            currents[e.name] = i
            kcl[out] -= i
            if value is None:
                equations.append(v[plus] - v[minus])
            else:
                equations.append(v[out] - value * (v[plus] - v[minus]))
    equations += list(kcl.values())
    unknowns = [v[n] for n in nodes] + list(currents.values())
    solutions = list(linsolve(equations, unknowns))
    assert len(solutions) == 1, "reference solver: no unique solution"
    values = dict(zip(unknowns, solutions[0]))
    for x in values.values():
        assert not x.free_symbols - {S_VAR}, "reference solver: solution not unique"
    return {n: values[v[n]] for n in nodes} | {"0": 0}


def reference_stable(circuit, point, omegas=None):
    """Independent stability oracle: every op-amp an integrator w/s (sources at 0),
    the closed-loop characteristic polynomial's roots found numerically.

    ``omegas`` maps op-amp names to their gain-bandwidths w (default 1 each).
    True if every root has a negative real part at ``point``; shares no code
    with ``derive.derivation.feedback`` (its own MNA matrix, ``nroots``).
    """
    from sympy import Matrix, Poly, fraction, together

    s = Symbol("s_ref")
    nodes = [n for n in circuit.nodes if n != "0"]
    index = {n: i for i, n in enumerate(nodes)}
    extra = [e for e in circuit.elements if e.name[0].upper() in "VU"]
    size = len(nodes) + len(extra)
    M = [[0] * size for _ in range(size)]
    for k, e in enumerate(extra):
        row = len(nodes) + k
        letter = e.name[0].upper()
        if letter == "V":
            p, m = e.nodes
            for node, sign in ((p, 1), (m, -1)):
                if node != "0":
                    M[index[node]][row] += sign
                    M[row][index[node]] += sign
        else:
            plus, minus, out = e.nodes
            w = (omegas or {}).get(e.name, 1)
            M[index[out]][row] -= 1
            M[row][index[out]] += s
            for node, sign in ((plus, -1), (minus, 1)):
                if node != "0":
                    M[row][index[node]] += sign * w
    for e in circuit.elements:
        if e.name[0].upper() == "R":
            g = 1 / e.value.subs(point)
            a, b = e.nodes
            for x, y in ((a, b), (b, a)):
                if x != "0":
                    M[index[x]][index[x]] += g
                    if y != "0":
                        M[index[x]][index[y]] -= g
    det = Matrix(M).det(method="berkowitz")
    num, _ = fraction(together(det))
    poly = Poly(num, s)
    if poly.degree() <= 0:
        return True
    return all(r.as_real_imag()[0] < -1e-12 * (1 + abs(r)) for r in poly.nroots(n=30, maxsteps=200))


def reference_stable_for_all_bandwidths(circuit, point, tries=3, seed=0):
    """``reference_stable`` with every op-amp at w = 1, then ``tries`` random choices of
    each op-amp's own gain-bandwidth over three decades: False if any is unstable
    (the engine refuses a loop that is not stable whatever the op-amps' speeds)."""
    rng = random.Random(seed)
    names = [e.name for e in circuit.elements if e.name[0].upper() == "U"]
    choices = [None] + [{n: Rational(rng.randint(1, 999)) * 10 ** rng.randint(0, 2) for n in names}
                        for _ in range(tries if len(names) > 1 else 0)]
    return all(reference_stable(circuit, point, w) for w in choices)
