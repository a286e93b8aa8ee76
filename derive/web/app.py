"""The Starlette application: its state, middleware, templates and start-up.

:func:`create_app` builds the application from an assignment (or none: the
built-in circuits to practise with), a database path and a worker count. At
start-up the worker processes prepare every question, and attempts left
without a verdict by an earlier run are graded again.

>>> from starlette.testclient import TestClient
>>> app = create_app(None, ":memory:", workers=1)
>>> with TestClient(app) as client:
...     page = client.get("/")
>>> page.status_code, "Content-Security-Policy" in page.headers
(200, True)
"""
import asyncio
import contextlib
import hashlib
import threading
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from ..checker import Grader
from ..checker.worker import DEFAULT_TIMEOUT
from ..text import message
from .pool import CheckPool
from .pages import ui_text
from .prepare import Prepared, builtin_questions
from .security import BodyLimit, InstructorSecret, Limits, SecurityHeaders
from .storage import Storage

HERE = Path(__file__).parent


class Questions:
    """The questions served: prepared eagerly for an assignment, on first use
    for the built-in practice list (preparing a circuit takes a second)."""

    def __init__(self, assignment):
        self.assignment = assignment
        self.grader = Grader()
        self._lock = threading.Lock()
        self._prepared = {}
        if assignment is not None:
            self.listed = list(assignment.questions)
            for q in self.listed:
                self._prepared[q.id] = Prepared(q, assignment.seed, self.grader, assignment.source)
        else:
            self.listed = builtin_questions()
        self._by_id = {q.id: q for q in self.listed}

    def get(self, qid):
        """The :class:`Prepared` question ``qid`` (None when there is none); may block."""
        question = self._by_id.get(qid)
        if question is None:
            return None
        with self._lock:
            if qid not in self._prepared:
                self._prepared[qid] = Prepared(question, "", self.grader, "built-in")
            return self._prepared[qid]

    def has(self, qid):
        """True when ``qid`` is one of the questions served."""
        return qid in self._by_id

    def ready(self):
        """The questions prepared so far."""
        return list(self._prepared.values())


class WebState:
    """Everything a request handler needs (one per application; nothing global)."""

    def __init__(self, assignment, db_path, workers, timeout, secret, worker_command=None):
        self.assignment = assignment
        self.questions = Questions(assignment)
        self.storage = Storage(db_path)
        self.pool = CheckPool(workers, timeout, worker_command)
        self.limits = Limits(assignment.limits if assignment else ())
        self.secret = secret or InstructorSecret(assignment.password_hash if assignment else None)
        self.default_lang = assignment.language if assignment else "en"
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(HERE / "templates")),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.background = set()

    @property
    def instructor_mark(self):
        """What an instructor's session holds: changes when the secret changes."""
        basis = self.secret.password_hash or self.secret.token
        return hashlib.sha256(basis.encode()).hexdigest()[:24]

    def title(self, lang):
        if self.assignment is None:
            return ui_text(lang)["practice_title"]
        return self.assignment.title(lang)


async def regrade_pending(state):
    """Grade the attempts a previous run stored but did not finish."""
    from ..checker.worker import failure

    for row in state.storage.pending():
        prepared = await asyncio.to_thread(state.questions.get, row["question"])
        if prepared is None:
            result = failure("crashed", {"answer": row["answer"]}, row["lang"],
                             reason=message("question_missing", row["lang"], question=row["question"]))
        else:
            result = await state.pool.check(row["answer"], prepared.request(row["student"]), row["lang"])
        state.storage.record(row["id"], result)


def create_app(assignment=None, db_path="derive-serve.sqlite3", workers=2, timeout=DEFAULT_TIMEOUT,
               secret=None, warm=True, worker_command=None):
    """The ASGI application (run it with uvicorn). ``worker_command`` replaces the
    checker's worker process command (tests use a deliberately slow one)."""
    from .routes import routes

    state = WebState(assignment, db_path, workers, timeout, secret, worker_command)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        async def start():
            if warm:
                await state.pool.warm([p.request("") for p in state.questions.ready()])
            await regrade_pending(state)

        task = asyncio.create_task(start())
        state.background.add(task)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            await asyncio.to_thread(state.pool.close)
            state.storage.close()

    middleware = [
        Middleware(SecurityHeaders),
        Middleware(BodyLimit),
        Middleware(SessionMiddleware, secret_key=state.storage.secret("session"),
                   session_cookie="derive_session", same_site="strict", max_age=14 * 24 * 3600),
    ]
    app = Starlette(routes=routes(StaticFiles(directory=str(HERE / "static"))),
                    middleware=middleware, lifespan=lifespan)
    app.state.web = state
    return app
