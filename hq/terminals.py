"""Terminals: one-time enrolment codes, per-terminal tokens, revocation.

Secrets leave head office once (the code printed by ``ocop-hq terminal add``, the token in the
enrolment answer) and are kept only as SHA-256 digests. Both are random (100 and 256 bits), so a
slow password hash would add nothing but latency on every push.
"""

import base64
import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq.errors import EnrolmentRefused, InvalidTerminalCode, TerminalExists, UnknownTerminal
from hq.models import Terminal, utcnow

ENROL_CODE_VALID_FOR = dt.timedelta(days=7)
_CODE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,16}$")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_enrol_code(code: str) -> str:
    """Codes are read aloud and typed: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]", "", code).upper()


def _new_enrol_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(15)).decode()  # 24 letters, 120 bits
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def add_terminal(session: Session, code: str, *, now: dt.datetime | None = None) -> str:
    """Register terminal ``code`` (or re-issue one that was revoked); return its enrolment code."""
    if not _CODE_RE.match(code):
        raise InvalidTerminalCode(code=code)
    now = now or utcnow()
    terminal = session.scalar(select(Terminal).where(Terminal.code == code))
    if terminal is None:
        terminal = Terminal(code=code, created_at=now)
        session.add(terminal)
    elif terminal.revoked_at is None and terminal.token_hash is not None:
        raise TerminalExists(code=code)
    enrol_code = _new_enrol_code()
    terminal.enrol_code_hash = digest(normalise_enrol_code(enrol_code))
    terminal.enrol_code_expires_at = now + ENROL_CODE_VALID_FOR
    terminal.token_hash = None
    terminal.revoked_at = None
    session.flush()
    return enrol_code


def enrol(session: Session, enrol_code: str, *, now: dt.datetime | None = None) -> tuple[str, str]:
    """Exchange a one-time code for ``(terminal_code, token)``; the code is spent."""
    now = now or utcnow()
    terminal = session.scalar(
        select(Terminal).where(Terminal.enrol_code_hash == digest(normalise_enrol_code(enrol_code)))
    )
    if terminal is None or terminal.enrol_code_expires_at is None:
        raise EnrolmentRefused()
    if terminal.enrol_code_expires_at < now:
        raise EnrolmentRefused()
    token = secrets.token_urlsafe(32)
    terminal.enrol_code_hash = None
    terminal.enrol_code_expires_at = None
    terminal.token_hash = digest(token)
    terminal.enrolled_at = now
    session.flush()
    return terminal.code, token


def revoke(session: Session, code: str, *, now: dt.datetime | None = None) -> None:
    """Refuse the terminal's token (and any unused enrolment code) from now on."""
    terminal = session.scalar(select(Terminal).where(Terminal.code == code))
    if terminal is None:
        raise UnknownTerminal(code=code)
    terminal.revoked_at = now or utcnow()
    terminal.token_hash = None
    terminal.enrol_code_hash = None
    session.flush()


def authenticate(session: Session, token: str) -> Terminal | None:
    """The terminal holding ``token``, or None when the token is unknown or revoked."""
    if not token:
        return None
    return session.scalar(
        select(Terminal).where(Terminal.token_hash == digest(token), Terminal.revoked_at.is_(None))
    )
