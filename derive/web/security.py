"""Safety of the web application: CSRF tokens, per-client rate limits, the
Content-Security-Policy, the request size limit and the instructor's secret.

- Every form carries the session's CSRF token; a POST without it is refused
  (the JSON preview sends it in the ``X-CSRF-Token`` header).
- A token bucket per client (the signed-in student, else the address) bounds
  checks, previews and sign-ins.
- Every response carries a CSP with ``script-src 'self'``: no inline script
  runs, whatever text a page holds.
- Bodies larger than :data:`MAX_BODY` bytes are refused before anything reads them.
- The instructor's secret is a token made at start (printed once) or a scrypt
  hash in the assignment file; make one with ``python -m derive.web.security``.

>>> h = hash_password("correct horse")
>>> verify_password("correct horse", h), verify_password("wrong", h)
(True, False)
>>> b = TokenBucket(rate=1.0, burst=2)
>>> [b.take("k", now=0.0) for _ in range(3)], b.take("k", now=1.0)
([True, True, False], True)
"""
import base64
import hashlib
import hmac
import secrets
import sys
import time

MAX_BODY = 16 * 1024     # bytes of a request body
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


# --- CSRF ---------------------------------------------------------------------------
def csrf_token(session):
    """The session's CSRF token (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def csrf_ok(session, sent):
    """True when ``sent`` is the session's token (compared in constant time)."""
    expected = session.get("csrf")
    return bool(expected) and isinstance(sent, str) and hmac.compare_digest(expected, sent)


# --- rate limits ---------------------------------------------------------------
class TokenBucket:
    """Per-key token buckets: ``burst`` at once, then ``rate`` per second."""

    def __init__(self, rate, burst, max_keys=100_000):
        self.rate = float(rate)
        self.burst = float(burst)
        self.max_keys = max_keys
        self._buckets = {}

    def take(self, key, now=None):
        """Spend one token of ``key``; False when none is left."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if len(self._buckets) >= self.max_keys and key not in self._buckets:
            self._prune(now)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True

    def retry_after(self, key):
        """Seconds until ``key`` has a token again."""
        tokens, _ = self._buckets.get(key, (self.burst, 0))
        return max(1, int((1 - tokens) / self.rate) + 1)

    def _prune(self, now):
        full = [k for k, (t, last) in self._buckets.items() if t + (now - last) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]


class Limits:
    """The application's rate limits (per minute), from the assignment's ``[limits]``."""

    DEFAULTS = {"checks_per_minute": 30, "check_burst": 10, "previews_per_minute": 240,
                "signins_per_minute": 120, "signin_burst": 60}

    def __init__(self, overrides=()):
        values = dict(self.DEFAULTS, **dict(overrides))
        self.values = values
        self.checks = TokenBucket(values["checks_per_minute"] / 60, values["check_burst"])
        self.previews = TokenBucket(values["previews_per_minute"] / 60, max(20, values["previews_per_minute"] / 6))
        self.signins = TokenBucket(values["signins_per_minute"] / 60, values["signin_burst"])
        self.logins = TokenBucket(6 / 60, 5)      # instructor password tries, per address


# --- request bodies ------------------------------------------------------------
class BodyLimit:
    """ASGI middleware: refuse a body over ``limit`` bytes with 413, before it is read."""

    def __init__(self, app, limit=MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await _too_large(send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


async def _too_large(send):
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")] + HEADERS})
    await send({"type": "http.response.body", "body": b"request too large"})


class SecurityHeaders:
    """ASGI middleware: the CSP and companion headers on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


# --- the instructor's secret ------------------------------------------------------
def hash_password(password, salt=None):
    """A scrypt hash of ``password`` to put in the assignment (``scrypt$salt$hash``)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    enc = base64.urlsafe_b64encode
    return f"scrypt${enc(salt).decode()}${enc(digest).decode()}"


def verify_password(password, stored):
    """True when ``password`` matches a hash from :func:`hash_password`."""
    try:
        _, salt, digest = stored.split("$")
        salt, digest = base64.urlsafe_b64decode(salt), base64.urlsafe_b64decode(digest)
    except (ValueError, AttributeError):
        return False
    if not isinstance(password, str) or len(password) > 1024:
        return False
    found = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=len(digest), **SCRYPT)
    return hmac.compare_digest(found, digest)


class InstructorSecret:
    """Either a token made now (shown once at start) or the assignment's password hash."""

    def __init__(self, password_hash=None, token=None):
        self.password_hash = password_hash
        self.token = None if password_hash else (token or secrets.token_urlsafe(18))

    def check(self, sent):
        if not isinstance(sent, str) or not sent:
            return False
        if self.password_hash:
            return verify_password(sent, self.password_hash)
        return hmac.compare_digest(sent.encode(), self.token.encode())


def main(argv=None):     # pragma: no cover - interactive
    """``python -m derive.web.security [--lang es]``: print the hash of a password read from stdin."""
    import argparse
    import getpass

    from ..text import LANGUAGES, ui

    parser = argparse.ArgumentParser(prog="python -m derive.web.security")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    lang = parser.parse_args(argv).lang
    password = getpass.getpass(ui("password_prompt", lang, "web")) if sys.stdin.isatty() \
        else sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        print(ui("password_short", lang, "web"), file=sys.stderr)
        return 2
    print(f'instructor_password = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":     # pragma: no cover
    sys.exit(main())
