"""``derive list``: the built-in circuits, one a line, with a description."""
from . import options


def register(sub):
    h = options.help_texts(sub, "list")
    p = sub.add_parser("list", help=h["help"])
    p.set_defaults(run=run)


def run(args):
    from ..circuit.library import builtin_names, load_circuit

    names = builtin_names()
    width = max(len(n) for n in names)
    for name in names:
        print(f"{name:<{width}}  {load_circuit(name).title}")
    return 0
