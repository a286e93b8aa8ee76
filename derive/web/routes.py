"""The student's pages: sign in, the questions, one question with its live
preview and verdicts, the schematic, and the JSON preview endpoint.

>>> [r.path for r in routes(None)][:3]
['/', '/signin', '/signout']
"""
import asyncio

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from ..text import message
from ..text import LANGUAGES
from .instructor import instructor_routes
from .pages import (STUDENT, ui_text, error_page, lang_of, local_path, redirect, render, state_of,
                    student_of)
from .preview import preview
from .security import csrf_ok

MAX_ANSWER = 2000       # characters; the checker's own limit, checked before anything reads it


def client_key(request, student=None):
    """Who a rate limit counts: the signed-in student, else the address."""
    if student:
        return "s:" + student
    return "a:" + (request.client.host if request.client else "?")


async def form_of(request):
    """The posted form, or None when its CSRF token is missing or wrong."""
    form = await request.form()
    if not csrf_ok(request.session, form.get("csrf")):
        return None
    return form


async def home(request):
    state = state_of(request)
    student = student_of(request)
    if student is None:
        return render(request, "signin.html", error=None)
    if state.assignment is None:
        groups = {}
        for q in state.questions.listed:
            groups.setdefault(q.circuit_label, []).append(q)
        return render(request, "pick.html", groups=groups)
    progress = state.storage.latest_by_question(student)
    return render(request, "home.html", questions=state.assignment.questions, progress=progress,
                  assignment=state.assignment)


async def signin(request):
    state = state_of(request)
    form = await form_of(request)
    if form is None:
        return error_page(request, 403, "csrf_failed")
    key = client_key(request)
    if not state.limits.signins.take(key):
        return error_page(request, 429, "rate_limited", seconds=state.limits.signins.retry_after(key))
    sid = str(form.get("student", "")).strip()
    if not STUDENT.match(sid):
        return render(request, "signin.html", status=400, error="bad_student")
    request.session["student"] = sid
    return redirect("/")


async def signout(request):
    if await form_of(request) is None:
        return error_page(request, 403, "csrf_failed")
    request.session.pop("student", None)
    return redirect("/")


async def set_lang(request):
    lang = request.path_params["lang"]
    if lang in LANGUAGES:
        request.session["lang"] = lang
    return redirect(local_path(request.query_params.get("next")))


async def pick(request):
    """The practice list's form: GET /pick?q=inamp.Vout opens that question."""
    qid = request.query_params.get("q", "")
    return redirect(f"/q/{qid}" if state_of(request).questions.has(qid) else "/")


async def _prepared(request):
    return await run_in_threadpool(state_of(request).questions.get, request.path_params["qid"])


async def question_page(request, status=200, error=None, answer=""):
    state = state_of(request)
    student = student_of(request)
    if student is None:
        return redirect("/")
    prepared = await _prepared(request)
    if prepared is None:
        return error_page(request, 404, "not_found")
    lang = lang_of(request)
    if prepared.given:       # this student's numbers, prepared while they read the question
        task = state.pool.prefetch(prepared.request(student), lang)
        if task is not None:
            state.background.add(task)
            task.add_done_callback(state.background.discard)
    attempts = state.storage.attempts(student, prepared.question.id)
    for a in attempts:       # how each answer was read, as math (the parser again: cheap)
        a["latex"] = preview(a["answer"], prepared.vocabulary, lang).get("latex") \
            if a["status"] not in (None, "invalid") else None
        a["verdict_line"] = message("verdict_" + a["status"], a["lang"], quantity=a["quantity"]) \
            if a["status"] in ("equal", "not_equal", "undecided") else a["feedback"]
    from ..text import circuit_title

    return render(request, "question.html", status=status, q=prepared.question, p=prepared,
                  variant=prepared.variant(student), attempts=attempts,
                  latest=_shown(attempts, request.query_params.get("attempt")), error=error, answer=answer,
                  circuit_title=circuit_title(prepared.circuit, lang),
                  method_name=message("method_" + prepared.method, lang))


def _shown(attempts, number):
    """The attempt whose verdict the page shows: the one asked for, else the latest."""
    if number and number.isdigit() and 1 <= int(number) <= len(attempts):
        return attempts[int(number) - 1]
    return attempts[-1] if attempts else None


async def submit(request):
    """Store the attempt, grade it in a worker, store the verdict, show it."""
    state = state_of(request)
    student = student_of(request)
    form = await form_of(request)
    if form is None:
        return error_page(request, 403, "csrf_failed")
    if student is None:
        return redirect("/")
    key = client_key(request, student)
    if not state.limits.checks.take(key):
        return error_page(request, 429, "rate_limited", seconds=state.limits.checks.retry_after(key))
    prepared = await _prepared(request)
    if prepared is None:
        return error_page(request, 404, "not_found")
    answer = form.get("answer", "")
    lang = lang_of(request)
    if not isinstance(answer, str) or not answer.strip():
        return await question_page(request, 400, error=ui_text(lang)["answer_empty"])
    if len(answer) > MAX_ANSWER:        # refused before it is stored or parsed
        return await question_page(request, 400, error=message("too_long", lang, length=len(answer),
                                                               limit=MAX_ANSWER))
    qid = prepared.question.id
    question = prepared.request(student)
    attempt = state.storage.add_attempt(student, qid, answer, lang, prepared.quantity,
                                        question["given"] or "")

    async def grade():
        result = await state.pool.check(answer, question, lang)
        state.storage.record(attempt["id"], result)

    await asyncio.shield(grade())       # a client that leaves does not lose its verdict
    return redirect(f"/q/{qid}?attempt={attempt['number']}#verdict")


async def preview_api(request):
    """POST JSON ``{"answer": ...}`` with the CSRF token in ``X-CSRF-Token``."""
    state = state_of(request)
    if not csrf_ok(request.session, request.headers.get("x-csrf-token")):
        return JSONResponse({"ok": False, "message": ui_text(lang_of(request))["csrf_failed"]}, status_code=403)
    student = student_of(request)
    key = client_key(request, student)
    if not state.limits.previews.take(key):
        return JSONResponse({"ok": False, "message": ui_text(lang_of(request))["rate_limited"].format(
            seconds=state.limits.previews.retry_after(key))}, status_code=429)
    prepared = await _prepared(request)
    if prepared is None:
        return JSONResponse({"ok": False, "message": ui_text(lang_of(request))["not_found"]}, status_code=404)
    try:
        body = await request.json()
    except ValueError:
        body = None
    answer = body.get("answer") if isinstance(body, dict) else None
    return JSONResponse(preview(answer, prepared.vocabulary, lang_of(request)))


async def schematic(request):
    prepared = await _prepared(request)
    svg = None if prepared is None else await run_in_threadpool(lambda: prepared.schematic_svg)
    if svg is None:
        return Response(ui_text(lang_of(request))["no_schematic"], status_code=404,
                        media_type="text/plain; charset=utf-8")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


async def mathjax(request):
    from starlette.responses import FileResponse

    from ..notebook.html import mathjax_source

    return FileResponse(mathjax_source(), media_type="text/javascript",
                        headers={"Cache-Control": "max-age=86400"})


async def not_found(request, exc):
    return error_page(request, 404, "not_found")


def routes(static):
    """The application's routes (``static``: the app for ``/static``)."""
    out = [
        Route("/", home),
        Route("/signin", signin, methods=["POST"]),
        Route("/signout", signout, methods=["POST"]),
        Route("/lang/{lang}", set_lang),
        Route("/pick", pick),
        Route("/q/{qid}", question_page, methods=["GET"]),
        Route("/q/{qid}", submit, methods=["POST"]),
        Route("/api/preview/{qid}", preview_api, methods=["POST"]),
        Route("/schematic/{qid}.svg", schematic),
        Route("/mathjax/tex-svg-full.js", mathjax),
    ] + instructor_routes()
    if static is not None:
        out.append(Mount("/static", app=static, name="static"))
    return out
