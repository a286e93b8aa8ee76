"""Read a command line as people type it: options anywhere, operands that start with '-'.

argparse stops at the first operand that looks like an option (the answer
``-Rf/Rin*Vin`` of every inverting amplifier) and cannot take an optional
operand after an option (``derive check inamp --general ANSWER``). So before
argparse reads them, a subcommand's arguments are put in order: its options
first (a value joined to its option, so a value may start with '-'), then
``--`` and the operands in the order given. A word is an option only when it
is one of the subcommand's own (``-o``, ``--given``, an unambiguous prefix of
a long one) or starts with ``--``; any other word is an operand.

>>> import argparse
>>> p = argparse.ArgumentParser(prog="derive")
>>> sub = p.add_subparsers(dest="command")
>>> c = sub.add_parser("check")
>>> _ = c.add_argument("circuit"); _ = c.add_argument("answer", nargs="?")
>>> _ = c.add_argument("--general", action="store_true"); _ = c.add_argument("-q", "--quantity")
>>> reorder(p, ["check", "inverting", "-Rf/Rin*Vin", "-q", "Vout"])
['check', '-qVout', '--', 'inverting', '-Rf/Rin*Vin']
>>> reorder(p, ["check", "inamp", "--general", "(1+2*R5/RG)*R2/R1*(V1-V2)"])
['check', '--general', '--', 'inamp', '(1+2*R5/RG)*R2/R1*(V1-V2)']

A subcommand's option typed before the subcommand is moved after it:

>>> reorder(p, ["--general", "check", "inamp", "-q", "V11"])
['check', '--general', '-qV11', '--', 'inamp']
"""
import argparse


def _arity(parser):
    """``{option string: number of values}`` of a parser's options."""
    table = {}
    for action in parser._actions:
        takes = 0 if action.nargs == 0 else 1
        for option in action.option_strings:
            table[option] = takes
    return table


def _resolve(word, arity):
    """The option a word names (exactly, or as the one long option it begins), else None."""
    name = word.split("=", 1)[0] if word.startswith("--") else word
    if name in arity:
        return name
    if name.startswith("--"):
        found = [o for o in arity if o.startswith("--") and o.startswith(name)]
        if len(found) == 1:
            return found[0]
    return None


def _subparsers(parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _hoist(argv, top, sub):
    """A subcommand's options typed before it (``derive --lang es show inamp``) moved after it.

    Only words that are the subcommand's own options (with their values) move;
    the program's own (``--time-limit 60``) stay, and anything else is left for
    argparse to refuse.
    """
    i, before = 0, []
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        option = _resolve(argv[i], top)
        if option is not None:
            takes = 0 if "=" in argv[i] else top[option]
            before.append(argv[i: i + 1 + takes])
            i += 1 + takes
            continue
        rest = argv[i + 1:]
        command = next((w for w in rest if w in sub.choices), None)
        if command is None:
            return argv
        arity = _arity(sub.choices[command])
        mine = _resolve(argv[i], arity)
        if mine is None:
            return argv
        takes = 0 if "=" in argv[i] else arity[mine]
        before.append(("sub", argv[i: i + 1 + takes]))
        i += 1 + takes
    if i >= len(argv) or argv[i] not in sub.choices:
        return argv
    own = [w for group in before if not isinstance(group, tuple) for w in group]
    moved = [w for group in before if isinstance(group, tuple) for w in group[1]]
    return own + [argv[i]] + moved + argv[i + 1:]


def reorder(parser, argv):
    """``argv`` with the subcommand's options before its operands (see the module)."""
    argv = list(argv)
    sub = _subparsers(parser)
    if sub is None:
        return argv
    argv = _hoist(argv, _arity(parser), sub)
    top = _arity(parser)
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        option = _resolve(argv[i], top)
        joined = "=" in argv[i] or option is None
        i += 1 + (0 if joined else top[option])
    if i >= len(argv) or argv[i] not in sub.choices:
        return argv
    arity = _arity(sub.choices[argv[i]])
    options, operands, rest = [], [], argv[i + 1:]
    j = 0
    while j < len(rest):
        word = rest[j]
        j += 1
        if word == "--":
            operands += rest[j:]
            break
        option = _resolve(word, arity)
        if option is None and not (word.startswith("--") and len(word) > 2):
            operands.append(word)
        elif option is None or "=" in word or not arity[option] or j >= len(rest):
            options.append(word)          # unknown options are left for argparse to refuse
        else:
            value = rest[j]
            j += 1
            options.append(f"{option}={value}" if option.startswith("--") else f"{option}{value}")
    return argv[: i + 1] + options + (["--"] + operands if operands else [])
