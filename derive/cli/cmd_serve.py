"""``derive serve``: put an assignment online; students check answers in the browser."""
import os

from . import options


def register(sub):
    h = options.help_texts(sub, "serve")
    p = sub.add_parser(
        "serve", help=h["help"], description=h["description"],
    )
    p.add_argument("--assignment", metavar="FILE", help=h["assignment"])
    p.add_argument("--host", default="127.0.0.1", help=h["host"])
    p.add_argument("--port", type=int, default=8000, help=h["port"])
    p.add_argument("--db", metavar="PATH", help=h["db"])
    p.add_argument("--workers", type=int, default=None, metavar="N", help=h["workers"])
    p.add_argument("--lang", choices=("en", "es"), default="en", help=h["lang"])
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
