"""Shops, the terminals that sync with head office from them, and the operators who look
after them (each with a role and, for a shop manager or a producer, a scope)."""

import datetime as dt
import uuid

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base, utcnow


class Shop(Base):
    """A showroom or counter of the chain; its terminals sell under it."""

    __tablename__ = "shops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Terminal(Base):
    """A kiosk known to head office. ``code`` is the terminal code its sales carry.

    Secrets are kept as SHA-256 digests only: the one-time enrolment code until it is used,
    then the token. Both are 32 random bytes or more, so a plain digest is enough.
    """

    __tablename__ = "terminals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    enrol_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrol_code_expires_at: Mapped[dt.datetime | None]
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    enrolled_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    last_push_at: Mapped[dt.datetime | None]
    last_pull_at: Mapped[dt.datetime | None]
    last_seq: Mapped[int | None]
    backlog: Mapped[int] = mapped_column(default=0)
    catalogue_version: Mapped[int] = mapped_column(default=0)
    # The kiosk version it runs (its X-Ocop-Kiosk-Version header at the last request), the
    # package it last downloaded, and what it says of its update ("staged 0.2.0", "failed ...").
    app_version: Mapped[str | None] = mapped_column(String(64))
    update_version: Mapped[str | None] = mapped_column(String(64))
    update_state: Mapped[str | None] = mapped_column(String(200))


class Operator(Base):
    """A person who may use the operator pages; the password is kept as an argon2 hash.

    ``role`` is one of :data:`hq.access.ROLES`; a shop manager has a ``shop_id``, a producer a
    ``producer_id`` (hq.access says what each may see and change)."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    role: Mapped[str] = mapped_column(String(20), default="admin", server_default="admin")
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id"))
    producer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("producers.id"))


class OperatorSession(Base):
    """A signed-in browser: the cookie holds a random token, the table its SHA-256."""

    __tablename__ = "operator_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]


class SignInFailure(Base):
    """A wrong password, counted against a name or an address (``key``: ``name:lan``,
    ``address:203.0.113.7``) at ``at`` (seconds since the epoch): shared by every process of
    head office, so that the throttle of :mod:`hq.throttle` counts them all."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), index=True)
    at: Mapped[float] = mapped_column(Float)


class SignInLockout(Base):
    """A name or an address refused until ``until`` (seconds since the epoch)."""

    __tablename__ = "sign_in_lockouts"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    until: Mapped[float] = mapped_column(Float)
