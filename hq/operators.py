"""Operators of head office: argon2 passwords, roles and scopes (hq.access), browser sessions."""

import datetime as dt
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hq import access
from hq.errors import (
    InvalidOperator,
    OperatorExists,
    UnknownOperator,
    UnknownProducer,
    UnknownShop,
    WeakPassword,
)
from hq.models import Operator, OperatorSession, Producer, Shop, utcnow
from hq.terminals import digest
from hq.throttle import Throttle

MIN_PASSWORD = 10
MAX_NAME = 80
SESSION_LIFETIME = dt.timedelta(hours=12)
_hasher = PasswordHasher()
# Verifying against this when the name is unknown keeps the answer time the same.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def add_operator(
    session: Session,
    name: str,
    password: str,
    *,
    role: str = access.ADMIN,
    shop_id: int | None = None,
    producer_id=None,
) -> Operator:
    """A new operator with ``role``; a shop manager needs ``shop_id``, a producer
    ``producer_id``, and the other roles take neither (their scope is the whole chain)."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or "\x00" in name:
        raise InvalidOperator(field="name")
    if role not in access.ROLES:
        raise InvalidOperator(field="role")
    shop_id = shop_id if role == access.SHOP_MANAGER else None
    producer_id = producer_id if role == access.PRODUCER else None
    if role == access.SHOP_MANAGER and shop_id is None:
        raise InvalidOperator(field="shop")
    if role == access.PRODUCER and producer_id is None:
        raise InvalidOperator(field="producer")
    if shop_id is not None and session.get(Shop, shop_id) is None:
        raise UnknownShop(code=shop_id)
    if producer_id is not None and session.get(Producer, producer_id) is None:
        raise UnknownProducer(id=producer_id)
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(min_length=MIN_PASSWORD)
    if session.scalar(select(Operator).where(Operator.name == name)) is not None:
        raise OperatorExists(name=name)
    operator = Operator(
        name=name,
        password_hash=_hasher.hash(password),
        role=role,
        shop_id=shop_id,
        producer_id=producer_id,
    )
    session.add(operator)
    session.flush()
    return operator


def check_password(session: Session, name: str, password: str):
    """The active :class:`Operator` with that name and password, or None."""
    operator = None
    if name and len(name) <= MAX_NAME and "\x00" not in name:  # PostgreSQL refuses NUL in text
        operator = session.scalar(select(Operator).where(Operator.name == name, Operator.active))
    try:
        _hasher.verify(operator.password_hash if operator else _DUMMY_HASH, password)
    except VerificationError:
        return None
    return operator


def check_throttled(
    session: Session, name: str, password: str, throttle: Throttle | None, address: str
):
    """:func:`check_password` behind the throttle: raises TooManyAttempts while the name or the
    address is locked out, and counts a wrong password against both, in ``session``'s transaction
    (which the caller commits, the refusal too)."""
    if throttle is None:
        return check_password(session, name, password)
    throttle.check(session, name, address)
    operator = check_password(session, name, password)
    if operator is None:
        throttle.failed(session, name, address)
    else:
        throttle.succeeded(session, name)
    return operator


def sign_in(
    session: Session,
    name: str,
    password: str,
    *,
    throttle: Throttle | None = None,
    address: str = "",
    now: dt.datetime | None = None,
) -> str | None:
    """A new session token for the operator, or None when name or password is wrong."""
    now = now or utcnow()
    operator = check_throttled(session, name, password, throttle, address)
    if operator is None:
        return None
    session.execute(delete(OperatorSession).where(OperatorSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(
        OperatorSession(
            token_hash=digest(token),
            operator_id=operator.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return token


def operator_of(session: Session, token: str | None, *, now: dt.datetime | None = None):
    """The signed-in :class:`Operator` for a session token, or None."""
    if not token:
        return None
    row = session.get(OperatorSession, digest(token))
    if row is None or row.expires_at < (now or utcnow()):
        return None
    operator = session.get(Operator, row.operator_id)
    return operator if operator is not None and operator.active else None


def sign_out(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(OperatorSession).where(OperatorSession.token_hash == digest(token)))


def set_active(session: Session, name: str, active: bool) -> None:
    """Let the operator sign in again, or not; disabling ends every session of theirs at once."""
    operator = session.scalar(select(Operator).where(Operator.name == name))
    if operator is None:
        raise UnknownOperator(name=name)
    operator.active = active
    if not active:
        session.execute(delete(OperatorSession).where(OperatorSession.operator_id == operator.id))
    session.flush()


def remove_operator(session: Session, name: str) -> None:
    """Delete the operator and their sessions."""
    operator = session.scalar(select(Operator).where(Operator.name == name))
    if operator is None:
        raise UnknownOperator(name=name)
    session.execute(delete(OperatorSession).where(OperatorSession.operator_id == operator.id))
    session.delete(operator)
    session.flush()


def list_operators(session: Session) -> list[Operator]:
    return list(session.scalars(select(Operator).order_by(Operator.name)))


def session_key(token: str) -> str:
    """The CSRF token of the forms shown to the holder of session ``token``: derived from the
    session (which a page of another site cannot read), so it needs no storage of its own."""
    return digest("csrf:" + token)
