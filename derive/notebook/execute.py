"""Run a notebook with nbclient and keep only what is the same on every run.

Timing metadata is dropped and the kernel's version details are reset, so an
executed notebook depends on its cells alone; execution counts stay (they are
1, 2, 3... on a fresh kernel).
"""
import copy
import re
import subprocess
import tempfile

from ..errors import DeriveError
from ..text.messages import Message

KERNEL_NAME = "python3"
TIMEOUT = 180          # seconds for one cell
START_ATTEMPTS = 3     # kernel start-ups tried before giving up
# The kernel logs only errors: its warning that local TCP is not encrypted
# (the kernel listens on 127.0.0.1 for this one client) is noise to a reader.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")   # the colours of IPython's tracebacks


class NotebookExecutionError(DeriveError):
    """A cell of a notebook raised an error or timed out."""


def execute(nb, name="notebook", cwd=None, timeout=TIMEOUT):
    """Execute ``nb`` (a copy is returned) in a fresh ``python3`` kernel.

    The kernel runs in ``cwd`` when given (a build folder of ours), otherwise in
    a new empty temporary folder: never in the folder the notebook is written
    to, whose files (a ``sympy.py`` left by someone else) the kernel would
    import before the real modules. Raises NotebookExecutionError naming the
    notebook and the cell id when a cell fails.
    """
    if cwd is None:
        with tempfile.TemporaryDirectory(prefix="derive-kernel-") as empty:
            return execute(nb, name, empty, timeout)
    try:
        from jupyter_client.kernelspec import NoSuchKernel
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    except ImportError as exc:
        raise NotebookExecutionError(Message("notebook_needs_nbclient", reason=str(exc))) from None

    source = nb
    language_info = copy.deepcopy(nb.metadata.get("language_info"))
    try:
        for attempt in range(1, START_ATTEMPTS + 1):
            nb = copy.deepcopy(source)
            client = NotebookClient(
                nb, timeout=timeout, kernel_name=KERNEL_NAME, record_timing=False,
                extra_arguments=list(KERNEL_ARGUMENTS),
                resources={"metadata": {"path": str(cwd)}} if cwd else {},
            )
            try:
                # The kernel's own stderr is not ours to show: cell errors come back
                # as messages, and a kernel cut off by --time-limit would print
                # ZMQ tracebacks after derive's one-sentence error.
                client.execute(stderr=subprocess.DEVNULL)
                break
            except (CellExecutionError, CellTimeoutError, DeadKernelError, NoSuchKernel):
                raise
            except BaseException as exc:
                if not _start_failure(exc):
                    # Stopped from outside (--time-limit, Ctrl-C): the run is left
                    # half-way in nbclient's event loop; finish it here, quietly,
                    # or it ends at exit with tracebacks after derive's sentence.
                    _stop_pending(client)
                    raise
                # Kernels started at the same moment can race for a port and
                # die before they answer: start a fresh one, a few times.
                if attempt == START_ATTEMPTS:
                    raise
    except NoSuchKernel:
        raise NotebookExecutionError(Message("notebook_no_kernel", notebook=name, kernel=KERNEL_NAME)) from None
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        failed = next((c.id for c in nb.cells if _failed(c)), "?")
        first = _ANSI.sub("", str(exc)).strip().splitlines()
        raise NotebookExecutionError(Message("notebook_cell_failed", notebook=name, cell=failed,
                                             reason=first[-1] if first else type(exc).__name__)) from exc
    return clean(nb, language_info)


def _stop_pending(client):
    """Cancel the execution an outside exception cut short and wait for its
    clean-up (nbclient shuts the kernel down); its exit hook is then dropped."""
    import asyncio
    import atexit

    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending and not loop.is_running():
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    atexit.unregister(client._cleanup_kernel)


def _start_failure(exc):
    """True for a kernel that died while starting (e.g. a port taken by another)."""
    text = f"{type(exc).__name__}: {exc}"
    return "Kernel died before replying to kernel_info" in text or "Address already in use" in text


def _failed(cell):
    return any(o.get("output_type") == "error" for o in cell.get("outputs", ()))


def clean(nb, language_info=None):
    """Drop what changes from run to run: timing metadata and the kernel's version.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    >>> nb.cells[0].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    >>> clean(nb).cells[0].metadata
    {}
    """
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
    if language_info is not None:
        nb.metadata["language_info"] = language_info
    else:
        nb.metadata["language_info"] = {"name": "python"}
    return nb
