"""Time and memory bounds for one command, so a hostile or oversized input
ends with a clear error instead of hanging the machine.

>>> print(bounded_message(600))
the command took longer than 600 s (--time-limit); a circuit this large is better solved with numeric values
>>> bounded_message(600).text("es")[:46]
'la orden tardó más de 600 s (--time-limit); un'
>>> check_limits(float("nan"), None)
Traceback (most recent call last):
...
derive.errors.DeriveError: --time-limit nan is not a number of seconds: give a positive number, or 0 for no limit
"""
import math
import resource
import signal

from ..errors import DeriveError
from ..text.messages import Message

DEFAULT_SECONDS = 600
DEFAULT_MEMORY_GIB = 8
MIN_MEMORY_GIB = 0.25     # Python, SymPy and derive need about 0.1 GiB of address space to start


class LimitExceeded(DeriveError):
    """The command ran out of its time allowance (``seconds``)."""

    def __init__(self, seconds):
        self.seconds = seconds
        super().__init__(bounded_message(seconds))


def bounded_message(seconds):
    """The sentence of a command stopped by its time limit (a Message, worded when shown)."""
    return Message("limit_time_exceeded", seconds=f"{seconds:g}")


def check_limits(seconds, memory_gib):
    """Refuse limits that would not limit (``inf``, ``nan``, negative) or that leave
    too little memory to start, with one sentence."""
    if seconds is not None and not (math.isfinite(seconds) and seconds >= 0):
        raise DeriveError(Message("limit_time_bad", value=f"{seconds:g}"))
    if memory_gib is not None:
        if not (math.isfinite(memory_gib) and memory_gib >= 0):
            raise DeriveError(Message("limit_memory_bad", value=f"{memory_gib:g}"))
        if 0 < memory_gib < MIN_MEMORY_GIB:
            raise DeriveError(Message("limit_memory_small", value=f"{memory_gib:g}", least=f"{MIN_MEMORY_GIB:g}"))


def apply_limits(seconds=DEFAULT_SECONDS, memory_gib=DEFAULT_MEMORY_GIB):
    """Bound this process: ``seconds`` of wall time (0: none), ``memory_gib`` of address space.

    Worker processes inherit the memory limit (and never raise it)."""
    check_limits(seconds, memory_gib)
    if memory_gib:
        limit = int(memory_gib * 2**30)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if seconds:
        def expired(signum, frame):
            raise LimitExceeded(seconds)

        signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, float(seconds))


def disarm():
    """Stop the time limit set by :func:`apply_limits` (a no-op when none is set).

    >>> disarm()
    """
    signal.setitimer(signal.ITIMER_REAL, 0)
