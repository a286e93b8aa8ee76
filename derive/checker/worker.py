"""A killable worker process with a hard time limit per answer.

The worker is a separate Python process (``python -m derive.checker.worker``)
that reads one JSON request a line on stdin and writes JSON lines on stdout.
It keeps a :class:`~derive.checker.grade.Grader`, so circuits and questions
stay prepared between answers. For every request it first writes
``{"event": "ready"}`` once the question is prepared (that may take seconds
the first time) and then the result; the parent's clock for the answer starts
at ``ready``. An answer that runs past its time limit gets its worker killed
(SIGKILL, not a signal handler inside the grader) and a fresh one started:
the answer is reported ``timeout`` and nothing hangs. A worker that dies is
reported ``crashed`` the same way.

>>> with Worker(timeout=20) as w:
...     w.check("(1+2R5/RG)*R2/R1*(V1-V2)", {"circuit": "inamp"})["status"]
'equal'
"""
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time

from ..text import message
from .result import answer_result, invalid

DEFAULT_TIMEOUT = 10.0         # seconds per answer
PREPARE_TIMEOUT = 120.0        # seconds to prepare a circuit/question (its size is estimated first)
MEMORY_LIMIT = 2 * 1024**3     # bytes of address space for a worker (at most the parent's own)
CPU_MARGIN = 5                 # CPU seconds a worker may use beyond its request's time allowance
PR_SET_PDEATHSIG = 1           # <linux/prctl.h>


def memory_limit():
    """A worker's address-space limit: ``MEMORY_LIMIT``, or the parent's own if lower
    (``derive --memory-limit 0.5 check ...`` bounds the workers too)."""
    try:
        import resource
    except ImportError:     # pragma: no cover - not POSIX
        return MEMORY_LIMIT
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return MEMORY_LIMIT if soft == resource.RLIM_INFINITY else min(soft, MEMORY_LIMIT)


def _prctl():
    """libc's ``prctl`` (Linux), loaded in the parent so the child only calls it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):     # pragma: no cover
        return None


def _child_setup(parent, memory, prctl):
    """What runs in the worker between fork and exec: its own process group, its
    memory limit, and death with its parent (SIGKILL when the parent dies)."""
    def setup():    # pragma: no cover - runs in the child
        os.setpgid(0, 0)
        try:
            import resource

            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory if hard == resource.RLIM_INFINITY
                                                    else min(memory, hard)))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))     # SIGXCPU must not leave a core file
        except (ImportError, ValueError, OSError):
            pass
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:     # the parent died before prctl: do not outlive it
            os._exit(1)
    return setup


def failure(kind, request, lang="en", **params):
    """The result of an answer whose worker timed out or crashed."""
    text = message("verdict_" + kind, lang, **params)
    question = request.get("question", {})
    return answer_result(question.get("quantity"), request.get("answer"), status=kind, feedback=text, error=text)


class Worker:
    """The parent's handle on one worker process (started on first use)."""

    def __init__(self, timeout=DEFAULT_TIMEOUT, prepare_timeout=PREPARE_TIMEOUT, command=None):
        self.timeout = timeout
        self.command = command or [sys.executable, "-m", "derive.checker.worker"]
        self.prepare_timeout = prepare_timeout
        self.proc = None
        self._buffer = b""
        self._stderr = None
        self.request = None
        self.preparing = False
        self.deadline = None

    # --- process life ---------------------------------------------------
    def start(self):
        self._stderr = tempfile.TemporaryFile()
        env = dict(os.environ, PYTHONUNBUFFERED="1", DERIVE_WORKER_PARENT=str(os.getpid()))
        posix = os.name == "posix"
        self.proc = subprocess.Popen(
            self.command, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._stderr, env=env,
            preexec_fn=_child_setup(os.getpid(), memory_limit(), _prctl()) if posix else None,
        )
        self._buffer = b""

    def kill(self):
        """Kill the process and its process group (it is restarted on the next request)."""
        if self.proc is not None:
            try:
                if os.name == "posix":
                    os.killpg(self.proc.pid, signal.SIGKILL)
                else:     # pragma: no cover
                    self.proc.kill()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        self.proc = None
        self.request = None

    def close(self):
        """Stop the worker (killed at once if it is still busy with an answer)."""
        if self.proc is not None and self.proc.poll() is None and self.request is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def fileno(self):
        return self.proc.stdout.fileno()

    def _stderr_tail(self, lang="en"):
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            return lines[-1][:200] if lines else message("worker_ended", lang)
        except (OSError, AttributeError):
            return message("worker_ended", lang)

    # --- asynchronous use (the pool) --------------------------------------
    def send(self, request):
        """Send one request; the answer is collected with :meth:`collect`."""
        if self.proc is None or self.proc.poll() is not None:
            self.kill()
            self.start()
        self.request = request
        self.preparing = True
        self.deadline = time.monotonic() + self.prepare_timeout
        # the worker bounds its own CPU time too, should this process die or hang
        request = dict(request, cpu_seconds=self.prepare_timeout + self.timeout + CPU_MARGIN)
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass     # seen as a crash when reading

    def collect(self):
        """Read what is available: the result dict when it has come, else None.

        On end of file the worker has died: the result says ``crashed``."""
        try:
            chunk = os.read(self.fileno(), 1 << 16)
        except OSError:
            chunk = b""
        if not chunk:
            lang = self.request.get("lang", "en")
            result = failure("crashed", self.request, lang, reason=self._stderr_tail(lang))
            self.kill()
            return result
        self._buffer += chunk
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            msg = json.loads(line)
            if msg.get("event") == "ready":
                self.preparing = False
                self.deadline = time.monotonic() + self.timeout
                continue
            self.request = None
            return msg
        return None

    def expire(self):
        """Kill a worker past its deadline; the result says ``timeout``."""
        request, preparing = self.request, self.preparing
        self.kill()
        if preparing:       # the circuit, not the answer, took the time: say so
            return dict(failure("prepare_timeout", request, request.get("lang", "en"),
                                seconds=f"{self.prepare_timeout:g}"), status="timeout")
        return failure("timeout", request, request.get("lang", "en"), seconds=f"{self.timeout:g}")

    # --- synchronous use ----------------------------------------------------
    def run(self, request):
        """Send a request and wait for its result (or the time limit)."""
        self.send(request)
        with selectors.DefaultSelector() as sel:
            sel.register(self.fileno(), selectors.EVENT_READ)
            while True:
                left = self.deadline - time.monotonic()
                if left <= 0:
                    return self.expire()
                if sel.select(timeout=left):
                    result = self.collect()
                    if result is not None:
                        return result
                    if self.proc is None:
                        return result

    def check(self, answer, question, lang="en"):
        """Grade one answer in the worker; ``question`` holds the keywords of
        :meth:`Grader.problem` (``circuit``, ``quantity``, ``given``...)."""
        return self.run({"op": "check", "answer": answer, "question": question, "lang": lang})

    def check_steps(self, lines, question, lang="en"):
        """Check a derivation line by line in the worker, each line within the time limit.

        A line that runs out of time is reported ``timeout`` and the next lines are
        still graded (by a fresh worker)."""
        from .steps import summarize

        results = []
        for number, line in enumerate(lines, start=1):
            result = self.run({"op": "step", "number": number, "line": line, "question": question,
                               "lang": lang})
            if result["status"] in ("timeout", "crashed"):
                result.update(line=number, answer=line, quantity=None, step=None, step_kind=None)
            if result["status"] == "invalid" and "line" not in result:   # the question itself is bad
                return result
            results.append(result)
        return summarize(results, lang)


# --- the worker process side --------------------------------------------------
def handle(grader, request, ready):
    """Answer one request (runs in the worker process)."""
    from .errors import AnswerError
    from .steps import check_step, check_steps

    q = dict(request.get("question", {}))
    lang = request.get("lang", "en")
    try:
        _check_size(q)
        if request["op"] == "step":
            grader.context(q.get("circuit"), q.get("general", False), q.get("method")).quantity_trees
            ready()
            return check_step(grader, request["number"], request["line"], q.get("circuit"),
                              q.get("general", False), q.get("method"), q.get("given"), lang)
        if request["op"] == "steps":
            grader.context(q.get("circuit"), q.get("general", False), q.get("method")).quantity_trees
            ready()
            return check_steps(grader, request["lines"], q.get("circuit"), q.get("general", False),
                               q.get("method"), q.get("given"), lang)
        problem = grader.problem(**q)
        problem.context.quantity_trees     # every method's quantities, for diagnoses: before the clock
    except AnswerError as err:
        ready()
        return invalid(q.get("quantity"), request.get("answer"), err.text(lang), lang, err.code)
    ready()
    from .grade import grade

    return grade(problem, request["answer"], lang)


def _limit_cpu(seconds):
    """Let this process use ``seconds`` more CPU time, then SIGXCPU ends it."""
    try:
        import resource
    except ImportError:     # pragma: no cover
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):     # pragma: no cover
        pass


def watch_parent(parent, every=0.5):
    """End this process when ``parent`` is no longer its parent (where prctl is missing).

    A daemon thread; it returns the thread (started)."""
    def watch():     # pragma: no cover - ends the process
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(every)

    thread = threading.Thread(target=watch, name="derive-parent-watch", daemon=True)
    thread.start()
    return thread


def _check_size(question):
    """Refuse, before any algebra, a circuit whose result would be too large for
    the checker (``derive check`` has a lower budget than ``derive show``)."""
    from ..circuit.cost import CHECK_BUDGET, check_cost
    from ..circuit.library import as_circuit

    if question.get("circuit") is None:
        return
    circuit = as_circuit(question["circuit"])
    check_cost(circuit.general() if question.get("general") else circuit, CHECK_BUDGET, "check")


def serve(infile, outfile):
    """The worker loop: one JSON request per line in, JSON lines out."""
    from ..errors import DeriveError
    from .grade import Grader

    grader = Grader()
    parent = os.environ.get("DERIVE_WORKER_PARENT", "")
    if parent.isdigit():
        watch_parent(int(parent))

    def write(obj):
        outfile.write((json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8"))
        outfile.flush()

    for line in infile:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("cpu_seconds"):
            _limit_cpu(float(request["cpu_seconds"]))
        try:
            result = handle(grader, request, lambda: write({"event": "ready"}))
        except DeriveError as err:     # a bad circuit or method: the user's input
            write({"event": "ready"})
            lang = request.get("lang", "en")
            result = invalid(request.get("question", {}).get("quantity"), request.get("answer"), err.text(lang),
                             lang)
        except Exception as err:       # a bug: reported for this answer, the worker lives on
            result = failure("crashed", request, request.get("lang", "en"),
                             reason=f"{type(err).__name__}: {err}"[:200])
        write(result)


def main():     # pragma: no cover - the child process
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr          # nothing else may write on the protocol stream
    serve(sys.stdin.buffer, out)


if __name__ == "__main__":     # pragma: no cover
    main()
