"""What comes over the wire, checked before it reaches the database; refusals that never echo.

Every malformed request is answered 4xx with a reason and never 500: a 500 tells an attacker where
to dig and tells an operator nothing. Error bodies name the field and the problem, never the value
sent (a 422 that echoed a 200 MB body back cost as much memory again).
"""

import json
import re
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

MAX_ERRORS = 20
_MAX_LOC_CHARS = 40
# A JSON string escape for U+0000 (an odd number of backslashes before "u0000"). PostgreSQL
# refuses NUL in text and JSONB, so it is refused for both databases at the door.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
# The plain escape, to look for first: re's literal search passes over a push of 1 MB, full of
# "\u" escapes of Vietnamese letters, in a third of the time of ``bytes.__contains__``.
_NUL_ESCAPE = re.compile(rb"\\u0000")


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


NUL_REFUSED = "the character U+0000 is not accepted"


def has_json_nul(body: bytes) -> bool:
    """Does the JSON ``body`` carry the character U+0000 (escaped, as JSON must)?"""
    return _NUL_ESCAPE.search(body) is not None and _JSON_NUL.search(body) is not None


def without_nul_entries(body: bytes) -> tuple[dict[str, Any], dict[int, str]]:
    """A push body that carries U+0000, decoded, with each entry that carries it replaced by a
    copy without it (U+FFFD in its place, to keep it for an operator), and {index: reason} of
    those entries: they are rejected one by one, not the whole batch. PostgreSQL cannot store
    U+0000 in text or JSONB, so it never reaches the database."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise InputRefused(422, "the body is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputRefused(422, "entries: a list is required")
    refused: dict[int, str] = {}
    entries = []
    for index, entry in enumerate(data["entries"]):
        clean = _without_nul(entry)
        if clean != entry:
            refused[index] = NUL_REFUSED
        entries.append(clean)
    return {"entries": entries, "backlog": data.get("backlog", 0)}, refused


def _without_nul(value: Any) -> Any:
    """``value`` (decoded JSON) with U+0000 replaced by U+FFFD in every string and key."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value
