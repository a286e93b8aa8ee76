"""Options shared by several subcommands, so they read the same everywhere."""

LANGS = ("en", "es")


def add_circuit(parser):
    parser.add_argument("circuit", metavar="CIRCUIT", help="a built-in circuit name (see 'derive list') or a netlist file")


def add_general(parser):
    parser.add_argument(
        "--general", action="store_true",
        help="keep every resistor distinct (no matching conditions)",
    )


def add_lang(parser):
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of the text (default: en)")


def add_json(parser):
    parser.add_argument("--json", action="store_true", help="machine-readable output")


METHODS = ("superposition", "virtual-short", "nodal")


def add_method(parser):
    parser.add_argument(
        "--method", choices=METHODS, default=None,
        help="derivation method (default: the one of the circuit's source document)",
    )
