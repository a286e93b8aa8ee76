"""``derive serve``: put an assignment online; students check answers in the browser."""
import os


def register(sub):
    p = sub.add_parser(
        "serve", help="serve an assignment: students check answers in the browser, the instructor sees the class",
        description="A web application: each student gets their own numbers, types an answer (text, "
                    "LaTeX or a number with its unit), sees how it was read, then the verdict and the "
                    "diagnosis; the instructor sees every attempt, what the class gets wrong, and a CSV. "
                    "Without --assignment, any built-in circuit can be practised.",
    )
    p.add_argument("--assignment", metavar="FILE", help="the assignment (TOML; see examples/assignment.toml)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--db", metavar="PATH",
                   help="the SQLite file of attempts (default: next to the assignment, FILE.sqlite3)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="checker worker processes (default: one per core)")
    p.add_argument("--lang", choices=("en", "es"), default="en", help="language of these console messages")
    p.set_defaults(run=run, default_time_limit=0)


def db_path(assignment, db):
    """Where attempts go: ``--db``, else next to the assignment, else the current folder."""
    from pathlib import Path

    if db:
        return Path(db)
    if assignment:
        a = Path(assignment)
        return a.with_name(a.stem + ".sqlite3")
    return Path("derive-serve.sqlite3")


def _check_port(host, port):
    """Refuse at once, in one sentence, an address that cannot be listened on."""
    import socket

    from ..errors import DeriveError
    from ..text.messages import Message

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(infos[0][4])
    except OSError as err:
        raise DeriveError(Message("serve_listen", host=host, port=port, reason=err.strerror or err)) from None


def run(args):
    import sqlite3

    from ..errors import DeriveError
    from ..text.messages import Message
    from ..text import ui

    try:
        import uvicorn

        from ..web.app import create_app
        from ..web.assignment import load_assignment
    except ImportError as err:
        raise DeriveError(Message("serve_web_extra", name=err.name)) from None
    from ..notebook.html import mathjax_source

    mathjax_source()           # the local MathJax copy, checked before anything starts
    if not 0 < args.port < 65536:
        raise DeriveError(Message("serve_port", port=args.port))
    workers = args.workers or os.cpu_count() or 1
    if not 1 <= workers <= 64:
        raise DeriveError(Message("serve_workers", workers=workers))
    assignment = load_assignment(args.assignment) if args.assignment else None
    path = db_path(args.assignment, args.db)
    _check_port(args.host, args.port)
    print(ui("serve_preparing", args.lang, name="web"), flush=True)
    try:
        app = create_app(assignment, str(path), workers)
    except (OSError, sqlite3.Error) as err:
        raise DeriveError(Message("serve_database", path=path, reason=err)) from None
    state = app.state.web
    url = f"http://{args.host}:{args.port}/"
    print(ui("serve_ready", args.lang, name="web", url=url, db=path, workers=workers), flush=True)
    if state.secret.token:
        print(ui("serve_token", args.lang, name="web", url=url + "instructor", token=state.secret.token),
              flush=True)
    else:
        print(ui("serve_password", args.lang, name="web", url=url + "instructor"), flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    except OSError as err:
        raise DeriveError(Message("serve_listen", host=args.host, port=args.port, reason=err.strerror)) from None
    return 0
