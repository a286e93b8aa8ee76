"""Time and memory bounds for one command, so a hostile or oversized input
ends with a clear error instead of hanging the machine.

>>> bounded_message(600)
'the command took longer than 600 s (--time-limit); a circuit this large is better solved with numeric values'
"""
import resource
import signal

from ..errors import DeriveError

DEFAULT_SECONDS = 600
DEFAULT_MEMORY_GIB = 8


class LimitExceeded(DeriveError):
    """The command ran out of its time or memory allowance."""


def bounded_message(seconds):
    return (f"the command took longer than {seconds} s (--time-limit); "
            "a circuit this large is better solved with numeric values")


def apply_limits(seconds=DEFAULT_SECONDS, memory_gib=DEFAULT_MEMORY_GIB):
    """Bound this process: ``seconds`` of wall time (0: none), ``memory_gib`` of address space."""
    if memory_gib:
        limit = int(memory_gib * 2**30)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if seconds:
        def expired(signum, frame):
            raise LimitExceeded(bounded_message(seconds))

        signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, float(seconds))
