"""``derive show CIRCUIT``: the solved output of a circuit."""
from . import options


def register(sub):
    p = sub.add_parser("show", help="show the circuit's transfer function")
    options.add_circuit(p)
    options.add_general(p)
    options.add_json(p)
    p.set_defaults(run=run)


def run(args):
    import json

    from sympy import factor, pretty

    from ..circuit.library import load_circuit
    from ..solver import solve

    circuit = load_circuit(args.circuit)
    circuit = circuit.general() if args.general else circuit.matched()
    result = solve(circuit).output_equation()
    rhs = factor(result.rhs)
    if args.json:
        print(json.dumps({
            "circuit": circuit.name, "method": "nodal",
            "assumptions": [str(a) for a in ([] if args.general else circuit.assumptions())],
            "steps": [], "result": {"lhs": str(result.lhs), "rhs": str(rhs)},
        }, indent=2, ensure_ascii=False))
    else:
        print(circuit.title)
        print(pretty(type(result)(result.lhs, rhs, evaluate=False), use_unicode=True))
    return 0
