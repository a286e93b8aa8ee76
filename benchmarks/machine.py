"""A description of the machine and software a benchmark ran on."""
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_commit():
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if not head:
        return "unknown"
    try:
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "derive"], cwd=ROOT,
                               timeout=10).returncode != 0
    except (OSError, subprocess.SubprocessError):
        dirty = False
    return f"{head} (derive/ with uncommitted changes)" if dirty else head


def _ground_types():
    try:
        from sympy.external.gmpy import GROUND_TYPES
    except ImportError:
        return "unknown"
    return GROUND_TYPES


def describe():
    """``[(label, value)]`` describing this machine, now."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return [
        ("Date (UTC)", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")),
        ("CPU", f"{_cpu_model()}, {os.cpu_count()} logical CPUs"),
        ("Memory", _memory()),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})"),
        ("SymPy", f"{_version('sympy')} (ground types: {_ground_types()})"),
        ("Lcapy", _version("lcapy")),
        ("derive", f"{_version('derive')} at commit {_git_commit()}"),
        ("Load average at start", ", ".join(f"{x:.2f}" for x in load) if load else "unknown"),
    ]


def load_average():
    """The 1-minute load average, or None."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None
