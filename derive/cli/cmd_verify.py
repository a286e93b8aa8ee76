"""``derive verify CIRCUIT``: cross-check the symbolic result against ngspice.

A netlist's ``.opamp`` offsets and bias currents are part of the circuit checked
(sources at their numbers, :func:`derive.analysis.nonideal.simulation_model`); a
note says so, and that the noise densities cannot be checked at an operating point.

Exit status 0 if every point agrees, 1 if any disagrees, 2 if ngspice is
missing or the input is bad (the message says how to install ngspice).
"""
from . import options


def register(sub):
    h = options.help_texts(sub, "verify")
    p = sub.add_parser(
        "verify", help=h["help"], description=h["description"],
    )
    options.add_circuit(p)
    p.add_argument("--points", type=int, default=5, metavar="N", help=h["points"])
    p.add_argument("--seed", type=int, default=0, metavar="S", help=h["seed"])
    p.add_argument("--matched", action="store_true", help=h["matched"])
    p.add_argument("--opamp-gain", type=float, default=None, metavar="A", help=h["opamp_gain"])
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS", help=h["timeout"])
    p.add_argument("--all-nodes", action="store_true", help=h["all_nodes"])
    options.add_json(p)
    options.add_lang(p)
    p.set_defaults(run=run)


def run(args):
    import json

    from ..analysis.nonideal import simulation_model
    from ..circuit.library import load_circuit
    from ..errors import DeriveError
    from ..spice.ngspice import find_ngspice, ngspice_version
    from ..spice.report import as_json, format_table
    from ..spice.verify import default_claims, verify
    from ..text import ui
    from ..text.messages import Message, worded

    import math

    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise DeriveError(Message("verify_timeout", value=f"{args.timeout:g}"))
    find_ngspice()  # fail early, with the install hint, before any algebra
    circuit = load_circuit(args.circuit)
    circuit = circuit.matched() if args.matched else circuit.general()
    circuit, opamp_notes = simulation_model(circuit, args.lang)
    claims, notes = default_claims(circuit)
    notes = opamp_notes + notes
    report = verify(circuit, points=args.points, seed=args.seed, claims=claims,
                    opamp_gain=args.opamp_gain, timeout=args.timeout)
    if args.json:
        data = as_json(report, args.lang) | {"form": "matched" if args.matched else "general",
                                             "notes": [worded(n, args.lang) for n in notes],
                                             "ngspice": ngspice_version()}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        form = ui("verify_form_matched" if args.matched else "verify_form_general", args.lang)
        n = len(report.points)
        title = ui("verify_title" if n != 1 else "verify_title_one", args.lang, circuit=circuit.name, form=form,
                   n=n, version=ngspice_version())
        print(format_table(report, all_nodes=args.all_nodes, title=title, lang=args.lang))
        for note in notes:
            print(ui("verify_note", args.lang, note=worded(note, args.lang)))
    return 0 if report.ok else 1
