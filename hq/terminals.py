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

from hq.errors import (
    EnrolmentRefused,
    InvalidShop,
    InvalidTerminalCode,
    ShopExists,
    TerminalExists,
    UnknownShop,
    UnknownTerminal,
)
from hq.models import Shop, Terminal, utcnow

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


def add_terminal(
    session: Session, code: str, *, shop_id: int | None = None, now: dt.datetime | None = None
) -> str:
    """Register terminal ``code`` in shop ``shop_id`` (the first shop by default), or re-issue
    one that was revoked (moving it to ``shop_id`` when given); return its enrolment code."""
    if not _CODE_RE.match(code):
        raise InvalidTerminalCode(code=code)
    if shop_id is not None and session.get(Shop, shop_id) is None:
        raise UnknownShop(code=shop_id)
    now = now or utcnow()
    terminal = session.scalar(select(Terminal).where(Terminal.code == code))
    if terminal is None:
        terminal = Terminal(code=code, created_at=now, shop_id=shop_id or default_shop(session))
        session.add(terminal)
    elif terminal.revoked_at is None and terminal.token_hash is not None:
        raise TerminalExists(code=code)
    elif shop_id is not None:
        terminal.shop_id = shop_id
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


def default_shop(session: Session) -> int:
    """The id of the shop a terminal goes to when none is named: the first one (the migration
    makes ``MAIN`` for a database that had terminals before shops)."""
    first = session.scalar(select(Shop.id).order_by(Shop.id).limit(1))
    return first if first is not None else add_shop(session, "MAIN", "Cửa hàng chính").id


def _shop_name(name: str, province: str) -> tuple[str, str]:
    name, province = name.strip(), province.strip()
    if not name or len(name) > 200 or "\x00" in name:
        raise InvalidShop(field="name")
    if len(province) > 80 or "\x00" in province:
        raise InvalidShop(field="province")
    return name, province


def add_shop(session: Session, code: str, name: str, province: str = "") -> Shop:
    """A new shop; its ``code`` follows the rules of a terminal code and is never changed."""
    code = code.strip()
    if not _CODE_RE.match(code):
        raise InvalidShop(field="code")
    name, province = _shop_name(name, province)
    if session.scalar(select(Shop.id).where(Shop.code == code)) is not None:
        raise ShopExists(code=code)
    shop = Shop(code=code, name=name, province=province, created_at=utcnow())
    session.add(shop)
    session.flush()
    return shop


def rename_shop(session: Session, shop_id: int, name: str, province: str) -> Shop:
    """Give shop ``shop_id`` a new name and province (its code and terminals stay)."""
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise UnknownShop(code=shop_id)
    shop.name, shop.province = _shop_name(name, province)
    session.flush()
    return shop
