"""A shop's kiosk users kept at head office (issue 13): added, deactivated and given a new PIN on
the users page, learnt from the terminals' pushes, and handed to the shop's terminals by version.

PINs are hashed with argon2 exactly as the kiosk hashes them (:data:`PIN_HASHER`); head office
keeps and sends the hash, never the PIN.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from argon2 import PasswordHasher, Type
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from hq import protocol_users as wire
from hq.errors import HqError
from hq.models import KioskUser, Shop, utcnow

# The same parameters as the kiosk's ``PasswordHasher()`` in kiosk/core/people/users.py
# (argon2-cffi's defaults, RFC 9106 "low memory"). They must stay equal: a hash made with others
# still verifies at the till, but the kiosk would rehash it on the next sign-in, and a hash
# too costly would slow every sign-in there. tests/hq/test_kiosk_users.py checks they agree.
PIN_HASHER = PasswordHasher(
    time_cost=3, memory_cost=65536, parallelism=4, hash_len=32, salt_len=16, type=Type.ID
)
PIN_MIN, PIN_MAX = 4, 8  # as the kiosk's users.PIN_MIN, PIN_MAX
ROLES = ("clerk", "manager", "admin")
_LOCK = 7002  # PostgreSQL advisory lock: versions handed out and committed in order


class InvalidKioskUser(HqError):
    """A kiosk user's ``field`` is not usable: name (1 to 80 printable characters), role, or
    PIN (4 to 8 digits)."""


class KioskUserExists(HqError):
    """An active user of that ``name`` exists in the shop already."""


class UnknownKioskUser(HqError):
    """No such kiosk user (or not in the operator's shop)."""


def _next_version(session: Session) -> int:
    """The next version; on PostgreSQL the writers queue here until commit, so a terminal that
    has read version N never misses a row stamped N or lower later."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k, 0)"), {"k": _LOCK})
    return (session.scalar(select(func.max(KioskUser.version))) or 0) + 1


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > wire.USER_NAME_MAX or not name.isprintable():
        raise InvalidKioskUser(field="name")
    return name


def _hash_pin(pin: str) -> str:
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise InvalidKioskUser(field="pin")
    return PIN_HASHER.hash(pin)


def add(session: Session, shop_id: int, name: str, role: str, pin: str) -> KioskUser:
    """A new user of shop ``shop_id``; ``pin`` is hashed at once and not kept."""
    name = _check_name(name)
    if role not in ROLES:
        raise InvalidKioskUser(field="role")
    pin_hash = _hash_pin(pin)
    if session.get(Shop, shop_id) is None:
        raise UnknownKioskUser(shop_id=shop_id)
    taken = select(KioskUser.id).where(
        KioskUser.shop_id == shop_id, KioskUser.name == name, KioskUser.active
    )
    if session.scalar(taken) is not None:
        raise KioskUserExists(name=name)
    now = utcnow()
    user = KioskUser(
        id=uuid.uuid4(), shop_id=shop_id, name=name, role=role, pin_hash=pin_hash,
        active=True, version=_next_version(session), created_at=now, changed_at=now,
    )  # fmt: skip
    session.add(user)
    session.flush()
    return user


def _user(session: Session, user_id: uuid.UUID, shop_id: int | None) -> KioskUser:
    """The user, if in ``shop_id`` (None: any shop)."""
    user = session.get(KioskUser, user_id)
    if user is None or (shop_id is not None and user.shop_id != shop_id):
        raise UnknownKioskUser(id=str(user_id))
    return user


def deactivate(session: Session, user_id: uuid.UUID, *, shop_id: int | None) -> KioskUser:
    """The user can no longer sign in at the shop's tills once they have pulled it."""
    user = _user(session, user_id, shop_id)
    if user.active:
        user.active, user.version, user.changed_at = False, _next_version(session), utcnow()
    return user


def reset_pin(session: Session, user_id: uuid.UUID, pin: str, *, shop_id: int | None) -> KioskUser:
    """A new PIN for the user at every till of the shop (their hash there is replaced)."""
    user = _user(session, user_id, shop_id)
    user.pin_hash = _hash_pin(pin)
    user.version, user.changed_at = _next_version(session), utcnow()
    return user


def of_shop(session: Session, shop_id: int) -> list[KioskUser]:
    """The shop's users, active ones first, by role and name."""
    query = select(KioskUser).where(KioskUser.shop_id == shop_id)
    return list(
        session.scalars(query.order_by(KioskUser.active.desc(), KioskUser.role, KioskUser.name))
    )


def changes_since(session: Session, shop_id: int, since: int) -> wire.KioskUsers:
    """The shop's users changed after version ``since`` that a till can use (with a hash)."""
    rows = session.scalars(
        select(KioskUser)
        .where(KioskUser.shop_id == shop_id, KioskUser.version > since)
        .where(KioskUser.pin_hash.is_not(None))
        .order_by(KioskUser.version)
    ).all()
    version = session.scalar(select(func.max(KioskUser.version))) or 0
    users = [
        wire.KioskUserRecord(
            id=u.id,
            name=u.name,
            role=u.role,
            pin_hash=u.pin_hash or "",
            active=u.active,
            version=u.version,
        )
        for u in rows
    ]
    return wire.KioskUsers(since=since, version=max(version, since), users=users)


# -- what terminals push ----------------------------------------------------------------------


def record(session: Session, shop_id: int, told: Iterable[tuple[str, Any]]) -> None:
    """Fold what a terminal of shop ``shop_id`` just pushed into the shop's users: ``told`` are
    (entry kind, payload) of the applied entries, in order. A ``user_created`` audit event makes
    a user not known yet (without a hash); a ``user`` entry makes or updates one with its hash,
    unless head office changed the user after the terminal did."""
    for kind, payload in told:
        if kind == wire.USER_ENTRY:
            _from_terminal(session, shop_id, payload)
        elif kind == "audit" and getattr(payload, "kind", "") == "user_created":
            _from_audit(session, shop_id, payload)


def _from_audit(session: Session, shop_id: int, event: Any) -> None:
    data = event.data or {}
    try:
        user_id = uuid.UUID(event.subject_id)
    except ValueError:
        return
    name, role = str(data.get("name") or "")[: wire.USER_NAME_MAX], data.get("role")
    if session.get(KioskUser, user_id) is not None or not name or role not in ROLES:
        return
    session.add(
        KioskUser(
            id=user_id,
            shop_id=shop_id,
            name=name,
            role=role,
            pin_hash=None,
            active=True,
            version=_next_version(session),
            created_at=event.at,
            changed_at=event.at,
        )
    )
    session.flush()


def _from_terminal(session: Session, shop_id: int, raw: Any) -> None:
    try:
        told = wire.UserPayload.model_validate(raw)
    except ValueError:
        return  # kept as it came in entries; nothing a till could use
    user = session.get(KioskUser, told.id)
    at = told.at.astimezone(dt.UTC)
    if user is None:
        user = KioskUser(id=told.id, shop_id=shop_id, created_at=at, changed_at=at)
        session.add(user)
    elif user.changed_at > at:
        return  # head office changed them since: its change stands
    values = {"name": told.name, "role": told.role, "pin_hash": told.pin_hash}
    values["active"] = told.active
    if any(getattr(user, k, None) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(user, k, v)
        user.version, user.changed_at = _next_version(session), at
    session.flush()
