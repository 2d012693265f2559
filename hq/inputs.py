"""What comes over the wire, checked before it reaches the database; refusals that never echo.

Every malformed request is answered 4xx with a reason and never 500: a 500 tells an attacker where
to dig and tells an operator nothing. Error bodies name the field and the problem, never the value
sent (a 422 that echoed a 200 MB body back cost as much memory again).
"""

import re

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

MAX_ERRORS = 20
_MAX_LOC_CHARS = 40
# A JSON string escape for U+0000 (an odd number of backslashes before "u0000"). PostgreSQL
# refuses NUL in text and JSONB, so it is refused for both databases at the door.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class InputRefused(Exception):
    """A request refused with ``status`` and a ``reason`` that says what is wrong, not what came."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def validation_failed(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming the fields and what is wrong with each; the input is left out on purpose."""
    errors = [
        {
            "loc": [str(part)[:_MAX_LOC_CHARS] for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()[:MAX_ERRORS]
    ]
    return JSONResponse({"detail": errors}, status_code=422)


def input_refused(_request: Request, exc: InputRefused) -> JSONResponse:
    return JSONResponse({"detail": exc.reason}, status_code=exc.status)


def refuse_json_nul(body: bytes) -> None:
    """Raise InputRefused when a JSON body carries the character U+0000 anywhere."""
    if b"\\u0000" in body and _JSON_NUL.search(body):
        raise InputRefused(422, "the character U+0000 is not accepted")
