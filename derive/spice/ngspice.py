"""Run ngspice in batch mode on a deck and read the operating point it prints.

ngspice runs as ``ngspice -b -n deck.cir`` (batch, no init files) in a fresh
temporary directory, with a timeout, so a broken deck or a stuck simulator is
an error with a clear message -- never a hang. ngspice quietly rescues a
singular circuit by "gmin stepping" and reports an answer anyway; that is
treated as an error here, because the answer is then the simulator's
invention, not the circuit's.

>>> parse_print_all("v(out) = -1.23400000000000e+02\\nvin#branch = 1e-3\\nin = 1.5")
{'out': -123.4, 'in': 1.5}
"""
import os
import re
import shutil
import subprocess
import tempfile

from ..errors import DeriveError
from ..text.messages import Message

DEFAULT_TIMEOUT = 20.0
INSTALL_HINT = Message("ngspice_install")
PRINT_CONTROL = ("set numdgt=15", "op", "print all", "quit 0")
"""The ``.control`` lines that make ngspice print every node voltage at full precision."""


def ac_control(frequency):
    """The ``.control`` lines for an AC analysis at one ``frequency`` (Hz), printed in full."""
    f = f"{float(frequency):.17g}"
    return ("set numdgt=15", f"ac lin 1 {f} {f}", "print all", "quit 0")


_COMPLEX_LINE = re.compile(r"^\s*(?:v\()?([^\s()=]+)\)?\s*=\s*(%s)\s*,\s*(%s)\s*$" % ((r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?",) * 2))

_VALUE_LINE = re.compile(r"^\s*(?:v\()?([^\s()=]+)\)?\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$")
# What ngspice prints (lower case) -> the key of our sentence in the errors catalog.
_TROUBLE = (
    ("singular matrix", "ngspice_singular"),
    ("gmin stepping", "ngspice_gmin_stepping"),
    ("source stepping", "ngspice_source_stepping"),
    ("no convergence", "ngspice_no_convergence"),
    ("timestep too small", "ngspice_no_convergence"),
    ("error", "ngspice_rejected"),
    ("could not find", "ngspice_rejected"),
    ("unknown", "ngspice_rejected"),
)


class NgspiceError(DeriveError):
    """ngspice failed: missing, timed out, rejected the deck, or gave no usable answer."""


class NgspiceMissing(NgspiceError):
    """The ngspice program is not installed (or not where we were told it is)."""


def find_ngspice(program=None):
    """The path of the ngspice executable, or raise :class:`NgspiceMissing`.

    ``program`` overrides the name or path (default: ``$DERIVE_NGSPICE`` or
    ``ngspice`` on the PATH).
    """
    wanted = program or os.environ.get("DERIVE_NGSPICE") or "ngspice"
    found = shutil.which(wanted)
    if not found:
        raise NgspiceMissing(Message("ngspice_missing", wanted=wanted, hint=INSTALL_HINT))
    return found


def ngspice_version(program=None):
    """The version line of ngspice, e.g. ``'ngspice-39'`` (``'ngspice'`` if unknown)."""
    try:
        proc = subprocess.run([find_ngspice(program), "--version"], capture_output=True,
                              text=True, timeout=DEFAULT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return "ngspice"
    match = re.search(r"ngspice-\S+", proc.stdout)
    return match.group(0) if match else "ngspice"


def run_ngspice(deck_text, *, program=None, timeout=DEFAULT_TIMEOUT, operating_point=True):
    """Run ngspice in batch mode on ``deck_text``; return (stdout, stderr).

    Raises :class:`NgspiceMissing` if there is no ngspice, and
    :class:`NgspiceError` on a timeout, a non-zero exit status, or trouble
    reported in its output (singular matrix, no convergence, rejected lines).
    ``operating_point`` False ignores the trouble of the DC operating point
    (an AC analysis of a linear circuit does not depend on it).
    """
    exe = find_ngspice(program)
    with tempfile.TemporaryDirectory(prefix="derive-ngspice-") as tmp:
        path = os.path.join(tmp, "deck.cir")
        with open(path, "w", encoding="ascii", errors="replace") as fh:
            fh.write(deck_text)
        env = dict(os.environ, HOME=tmp)  # no ~/.spiceinit of the user's
        try:
            proc = subprocess.run([exe, "-b", "-n", path], cwd=tmp, env=env, capture_output=True,
                                  text=True, errors="replace", timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise NgspiceError(Message("ngspice_timeout", seconds=f"{timeout:g}")) from None
        except OSError as exc:
            raise NgspiceMissing(Message("ngspice_not_started", reason=exc, hint=INSTALL_HINT)) from None
    trouble = _trouble(proc.stdout + "\n" + proc.stderr, operating_point)
    if trouble:
        raise NgspiceError(trouble)
    if proc.returncode != 0:
        last = _last_line(proc.stderr) or _last_line(proc.stdout) or Message("ngspice_no_message")
        raise NgspiceError(Message("ngspice_exit", status=proc.returncode, last=last))
    return proc.stdout, proc.stderr


def operating_point(deck_text, *, program=None, timeout=DEFAULT_TIMEOUT):
    """Node voltages ngspice computes for a deck written with :data:`PRINT_CONTROL`.

    Returns ``{spice node name: float}``; raises :class:`NgspiceError` if ngspice
    fails or prints no node voltage.
    """
    stdout, _ = run_ngspice(deck_text, program=program, timeout=timeout)
    voltages = parse_print_all(stdout)
    if not voltages:
        raise NgspiceError(_no_voltage(stdout))
    return voltages


def ac_point(deck_text, *, program=None, timeout=DEFAULT_TIMEOUT):
    """Complex node voltages ngspice computes for a deck written with :func:`ac_control`.

    >>> _parse_complex("frequency = 1.5e+02,0\\nout = 5e-01,-5e-01\\nv1#branch = 1,2")
    {'out': (0.5-0.5j)}
    """
    # A circuit with no DC solution (an integrator) still has one at f > 0: the
    # AC analysis of a linear circuit does not use the operating point.
    stdout, _ = run_ngspice(deck_text, program=program, timeout=timeout, operating_point=False)
    voltages = _parse_complex(stdout)
    if not voltages:
        raise NgspiceError(_no_voltage(stdout))
    return voltages


def _parse_complex(text):
    found = {}
    for line in text.splitlines():
        match = _COMPLEX_LINE.match(line)
        if match and "#" not in match.group(1) and match.group(1).lower() != "frequency":
            found[match.group(1).lower()] = complex(float(match.group(2)), float(match.group(3)))
    return found


def parse_print_all(text):
    """Node voltages from the output of ngspice's ``print all`` (branch currents are skipped)."""
    found = {}
    for line in text.splitlines():
        match = _VALUE_LINE.match(line)
        if match and "#" not in match.group(1):
            found[match.group(1).lower()] = float(match.group(2))
    return found


OPERATING_POINT_TROUBLE = ("singular matrix", "gmin stepping", "source stepping", "no convergence")


def _trouble(text, operating_point=True):
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        line = " ".join(raw.split())
        if line.endswith(":") and i + 1 < len(lines):
            line += " " + " ".join(lines[i + 1].split())  # "Error on line 4:" + the card itself
        low = line.lower()
        if low.startswith(("note: no compatibility mode", "circuit:")) or _VALUE_LINE.match(line):
            continue  # the deck's own title and printed values are not messages
        for needle, key in _TROUBLE:
            if needle in low and (operating_point or needle not in OPERATING_POINT_TROUBLE):
                return Message(key, line=line)
    return None


def _no_voltage(stdout):
    return Message("ngspice_no_voltage", last=_last_line(stdout) or Message("ngspice_empty"))


def _last_line(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else ""
