"""The instructor's pages, behind the secret: every attempt, per question the
share right at first try and the histogram of diagnosis codes, and the CSV.

>>> [r.path for r in instructor_routes()]
['/instructor', '/instructor/login', '/instructor/logout', '/instructor/attempts.csv']
"""
from starlette.responses import Response
from starlette.routing import Route

from .pages import error_page, redirect, render, state_of
from .security import csrf_ok
from .stats import csv_text, question_stats

SHOWN = 500      # attempts listed on the page (the CSV has them all)


def is_instructor(request):
    return request.session.get("instructor") == state_of(request).instructor_mark


def _client(request):
    return "a:" + (request.client.host if request.client else "?")


def _counts(state):
    return {q.id: q.attempts for q in state.questions.listed}


async def dashboard(request):
    state = state_of(request)
    if not is_instructor(request):
        return render(request, "instructor_login.html", error=None)
    rows = state.storage.all()
    stats = question_stats(rows, _counts(state))
    listed = [q.id for q in state.questions.listed if q.id in stats] if state.assignment is None \
        else [q.id for q in state.questions.listed]
    return render(request, "instructor.html", stats=stats, order=listed, rows=list(reversed(rows[-SHOWN:])),
                  shown=min(SHOWN, len(rows)))


async def login(request):
    state = state_of(request)
    form = await request.form()
    if not csrf_ok(request.session, form.get("csrf")):
        return error_page(request, 403, "csrf_failed")
    key = _client(request)
    if not state.limits.logins.take(key):
        return error_page(request, 429, "rate_limited", seconds=state.limits.logins.retry_after(key))
    if not state.secret.check(form.get("secret")):
        return render(request, "instructor_login.html", status=403, error="instructor_bad_secret")
    request.session["instructor"] = state.instructor_mark
    return redirect("/instructor")


async def logout(request):
    form = await request.form()
    if not csrf_ok(request.session, form.get("csrf")):
        return error_page(request, 403, "csrf_failed")
    request.session.pop("instructor", None)
    return redirect("/instructor")


async def attempts_csv(request):
    state = state_of(request)
    if not is_instructor(request):
        return redirect("/instructor")
    text = csv_text(state.storage.all(), _counts(state))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="attempts.csv"'})


def instructor_routes():
    return [
        Route("/instructor", dashboard),
        Route("/instructor/login", login, methods=["POST"]),
        Route("/instructor/logout", logout, methods=["POST"]),
        Route("/instructor/attempts.csv", attempts_csv),
    ]
