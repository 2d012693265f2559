"""Request bodies limited per route, refused before they are read.

A body that says it is too large (``Content-Length``) is answered 413 at once, before a byte of it
is read; the server then closes the connection, so the rest is never received. A body without a
length (chunked) is counted as the route reads it and refused the moment it passes the limit. So a
request costs at most its route's limit in memory, and the routes open to anyone (sign-in,
enrolment) take a few kilobytes: 20 parallel 200 MB uploads cost head office almost nothing
(docs/security-hq.md has the figures).

Per-route limits alone still let 20 enrolled terminals hold 20 pushes of the largest size at once;
so the bytes of all bodies being held are also counted against one budget for the process, and a
request that would pass it is answered 503 with Retry-After, to come back when others are done.
"""

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KIB = 1024
MIB = 1024 * KIB
# Prefix of the path -> most bytes its body may have; the first prefix that matches wins.
# A push is at most 1,000 entries (about 4.4 KB a sale); a catalogue of 10,000 products is 3 MB.
ROUTE_LIMITS: tuple[tuple[str, int], ...] = (
    ("/api/v1/push", 16 * MIB),
    ("/api/v1/catalogue/import", 16 * MIB),
    ("/catalogue/import", 16 * MIB),  # the pages' upload: the API's limit, about 50,000 products
    ("/api/v1/enrol", 4 * KIB),
    ("/login", 4 * KIB),
    ("/logout", 4 * KIB),
)
DEFAULT_LIMIT = 4 * KIB
BODY_BUDGET = 48 * MIB


def limit_for(path: str) -> int:
    for prefix, limit in ROUTE_LIMITS:
        if path == prefix or path.startswith(prefix + "/"):
            return limit
    return DEFAULT_LIMIT


class BodyTooLarge(HTTPException):
    """Raised from the route's reading of its body; an HTTPException, so that FastAPI's body
    parsing hands it on as it is instead of turning it into a 400."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body over {limit} bytes for this address")
        self.limit = limit


class BodyLimit:
    """ASGI middleware: refuse a body over its route's limit with 413, reading none of it."""

    def __init__(self, app: ASGIApp, budget: int = BODY_BUDGET):
        self.app = app
        self.budget = budget  # bytes of bodies that may be held at once; one event loop, no lock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is None:
            await _answer(send, 400, "Content-Length is not a number")
            return
        if declared > limit:
            await _answer(send, 413, f"request body over {limit} bytes for this address")
            return
        if declared > self.budget:
            await _answer(send, 503, _BUSY, _RETRY)
            return
        self.budget -= declared
        held = declared  # what this request took from the budget
        started, seen, body_read = False, 0, declared == 0 and not _chunked(scope)

        async def counting_receive() -> Message:
            nonlocal seen, body_read, held
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                body_read = not message.get("more_body", False)
                if seen > limit:
                    raise BodyTooLarge(limit)
                if seen > held:
                    if seen - held > self.budget:
                        raise HTTPException(503, _BUSY, {"Retry-After": "5"})
                    self.budget -= seen - held
                    held = seen
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if not body_read:  # answered without the body (401, 413): do not drain it
                    message = {**message, "headers": [*message["headers"], _CLOSE]}
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except HTTPException as exc:  # raised by counting_receive outside a route
            if not started:
                await _answer(send, exc.status_code, exc.detail)
        finally:
            self.budget += held


_CLOSE = (b"connection", b"close")
_RETRY = (b"retry-after", b"5")
_BUSY = "head office is busy: try again shortly"


def _chunked(scope: Scope) -> bool:
    return any(name == b"transfer-encoding" for name, _ in scope.get("headers", ()))


def _content_length(scope: Scope) -> int | None:
    """The declared length (0 when none is declared), or None when it is not a number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 20 else None
    return 0


async def _answer(send: Send, status: int, reason: str, *extra: tuple[bytes, bytes]) -> None:
    body = json.dumps({"detail": reason}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                _CLOSE,
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
