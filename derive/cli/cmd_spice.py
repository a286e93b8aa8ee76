"""``derive spice CIRCUIT``: the circuit as a SPICE deck that ngspice runs.

Every symbol needs a number: give them with ``--values "R1=10k, V1=1"``, or let
``--seed S`` draw the ones left (the same random values ``derive verify`` uses).
Ideal op-amps are exact nullors unless ``--opamp-gain A`` asks for a VCVS.
A netlist's ``.opamp`` offsets and bias currents are written as sources at their
numbers (comment cards say which, and that the noise densities are not simulated).
"""
from . import options


def register(sub):
    h = options.help_texts(sub, "spice")
    p = sub.add_parser(
        "spice", help=h["help"], description=h["description"],
    )
    options.add_circuit(p)
    p.add_argument("-o", "--output", metavar="FILE", help=h["output"])
    p.add_argument("--values", metavar="LIST", default="", help=h["values"])
    p.add_argument("--seed", type=int, default=None, metavar="S", help=h["seed"])
    form = p.add_mutually_exclusive_group()
    options.add_general(form)
    form.add_argument("--matched", action="store_true", help=h["matched"])
    p.add_argument("--opamp-gain", type=float, default=None, metavar="A", help=h["opamp_gain"])
    options.add_lang(p)
    p.set_defaults(run=run)


def run(args):
    from ..analysis.nonideal import simulation_model
    from ..circuit.library import load_circuit
    from ..errors import DeriveError
    from ..spice.export import spice_deck
    from ..spice.points import parse_values, random_point
    from ..text.messages import Message

    circuit = load_circuit(args.circuit)
    if args.general:
        circuit = circuit.general()
    elif args.matched:
        circuit = circuit.matched()
    circuit, notes = simulation_model(circuit, args.lang)
    point = parse_values(args.values, circuit)
    if args.seed is not None:
        point = random_point(circuit, seed=args.seed) | point
    if args.opamp_gain is not None and not args.opamp_gain > 0:
        raise DeriveError(Message("spice_opamp_gain", gain=f"{args.opamp_gain:g}"))
    text = spice_deck(circuit.substitute(point), opamp_gain=args.opamp_gain, notes=notes,
                      lang=args.lang).text
    options.write_output(args.output, text, args.lang)
    return 0
