"""Exceptions derive raises on purpose.

Every error a user can cause is a :class:`DeriveError`; the command line prints
its message as one sentence on stderr and exits with status 2. Nothing else
should escape to the user as a traceback.
"""


class DeriveError(Exception):
    """Base class for errors caused by the user's input."""


class NetlistError(DeriveError):
    """A netlist that cannot be read, with the line it comes from.

    >>> str(NetlistError("unknown element 'Q1'", line=3))
    "line 3: unknown element 'Q1'"
    """

    def __init__(self, message, line=None, source=None):
        self.line = line
        self.source = source
        self.reason = message
        where = ""
        if source:
            where += f"{source}: "
        if line is not None:
            where += f"line {line}: "
        super().__init__(where + message)


class CircuitError(NetlistError):
    """A netlist that reads well but describes a circuit that cannot be solved."""


class UnknownCircuitError(DeriveError):
    """A circuit name that is neither built in nor a readable file."""


class UnprovedStepError(Exception):
    """A derivation step that does not hold in the circuit: a bug, never printed.

    Raised by the verifier before a Derivation is handed out; it names the step.
    """

    def __init__(self, step, residual):
        self.step = step
        self.residual = residual
        super().__init__(
            f"step {step.id} ({step.kind}) does not hold: {step.equation} "
            f"(left minus right is {residual}, not 0)"
        )
