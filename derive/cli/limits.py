"""Time and memory bounds for one command, so a hostile or oversized input
ends with a clear error instead of hanging the machine.

>>> bounded_message(600)
'the command took longer than 600 s (--time-limit); a circuit this large is better solved with numeric values'
>>> check_limits(float("nan"), None)
Traceback (most recent call last):
...
derive.errors.DeriveError: --time-limit nan is not a number of seconds: give a positive number, or 0 for no limit
"""
import math
import resource
import signal

from ..errors import DeriveError

DEFAULT_SECONDS = 600
DEFAULT_MEMORY_GIB = 8
MIN_MEMORY_GIB = 0.25     # Python, SymPy and derive need about 0.1 GiB of address space to start


class LimitExceeded(DeriveError):
    """The command ran out of its time allowance (``seconds``)."""

    def __init__(self, seconds):
        self.seconds = seconds
        super().__init__(bounded_message(seconds))


def bounded_message(seconds):
    return (f"the command took longer than {seconds:g} s (--time-limit); "
            "a circuit this large is better solved with numeric values")


def check_limits(seconds, memory_gib):
    """Refuse limits that would not limit (``inf``, ``nan``, negative) or that leave
    too little memory to start, with one sentence."""
    if seconds is not None and not (math.isfinite(seconds) and seconds >= 0):
        raise DeriveError(f"--time-limit {seconds:g} is not a number of seconds: give a positive number, "
                          "or 0 for no limit")
    if memory_gib is not None:
        if not (math.isfinite(memory_gib) and memory_gib >= 0):
            raise DeriveError(f"--memory-limit {memory_gib:g} is not a size in GiB: give a positive number, "
                              "or 0 for no limit")
        if 0 < memory_gib < MIN_MEMORY_GIB:
            raise DeriveError(f"--memory-limit {memory_gib:g} GiB is too small for derive to start "
                              f"(at least {MIN_MEMORY_GIB:g}, or 0 for no limit)")


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
