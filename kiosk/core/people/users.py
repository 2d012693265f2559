"""Users, PIN sign-in with lock-out, and a manager's PIN authorising a clerk's action.

PINs are stored as argon2 hashes. Every sign-in, failure and authorisation is audited.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import ROLES, User
from kiosk.core.errors import (
    AuthorisationRequired,
    DomainError,
    PermissionDenied,
    UnknownUser,
    UserLocked,
    WrongPin,
)
from kiosk.core.people.permissions import Permission, allows, require
from kiosk.core.records import audit

PIN_MIN, PIN_MAX = 4, 8


class InvalidPin(DomainError):
    """A new PIN that is not 4 to 8 digits."""


@dataclass(frozen=True)
class Actor:
    """A signed-in person as the core sees them."""

    id: uuid.UUID
    name: str
    role: str

    def may(self, permission: Permission) -> bool:
        return allows(self.role, permission)


def _actor(user: User) -> Actor:
    return Actor(id=user.id, name=user.name, role=user.role)


class Users:
    """Sign-in, lock-out and authorisation. ``clock`` is injectable for tests of the lock."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self._sf = session_factory
        self._settings = settings
        self._hasher = hasher or PasswordHasher()
        self._clock = clock

    # -- administration -------------------------------------------------------------------

    def create(self, name: str, role: str, pin: str, *, by: Actor | None) -> Actor:
        """Add a user. ``by`` must be an admin, except for the very first user of a terminal."""
        name = name.strip()
        if not name or len(name) > 80 or not name.isprintable():
            raise InvalidUserName(name=name)
        if role not in ROLES:
            raise PermissionDenied(permission="role", role=role)
        _check_pin(pin)
        with self._sf.begin() as s:
            has_users = s.execute(select(User.id).limit(1)).first() is not None
            if has_users:
                if by is None:
                    raise PermissionDenied(permission=str(Permission.MANAGE_USERS), role=None)
                require(by, Permission.MANAGE_USERS)
            if s.execute(select(User.id).where(User.name == name)).first():
                raise DuplicateUser(name=name)
            user = User(name=name, role=role, pin_hash=self._hasher.hash(pin))
            s.add(user)
            s.flush()
            audit(
                s,
                "user_created",
                user_id=by.id if by else None,
                subject_id=str(user.id),
                name=name,
                role=role,
            )
            return _actor(user)

    def list(self) -> list[Actor]:
        with self._sf() as s:
            rows = s.scalars(select(User).where(User.active).order_by(User.role, User.name))
            return [_actor(u) for u in rows]

    def change_pin(self, user_id: uuid.UUID, new_pin: str, *, by: Actor) -> None:
        if by.id != user_id:
            require(by, Permission.MANAGE_USERS)
        _check_pin(new_pin)
        with self._sf.begin() as s:
            user = s.get(User, user_id)
            if user is None:
                raise UnknownUser(id=str(user_id))
            user.pin_hash = self._hasher.hash(new_pin)
            user.failed_attempts = 0
            user.locked_until = None
            audit(s, "pin_changed", user_id=by.id, subject_id=str(user_id))

    # -- sign-in and authorisation -----------------------------------------------------------

    def sign_in(self, name: str, pin: str) -> Actor:
        """The user if the PIN matches. Wrong PINs count toward a lock; the count and the
        audit event are committed even though the caller gets an error."""
        with self._sf.begin() as s:
            user = s.scalars(select(User).where(User.name == name, User.active)).first()
            if user is None:
                raise UnknownUser(name=name)
            self._verify(s, user, pin, event="sign_in")
            audit(s, "sign_in", user_id=user.id)
            return _actor(user)

    def authorise(
        self, permission: Permission, pin: str, *, for_actor: Actor, manager: str | None = None
    ) -> Actor:
        """A manager (or admin) lets ``for_actor`` do one thing that needs ``permission``.

        With ``manager`` the PIN is checked against that user (and counts toward their lock);
        without it, against every active user whose role allows the permission.
        """
        with self._sf.begin() as s:
            query = select(User).where(User.active)
            if manager is not None:
                query = query.where(User.name == manager)
            candidates = [u for u in s.scalars(query) if allows(u.role, permission)]
            if manager is not None and not candidates:
                raise PermissionDenied(permission=str(permission), role=None)
            now = self._clock()
            for user in candidates:
                if manager is None and _locked(user, now):
                    continue
                if manager is None and not self._matches(user, pin):
                    continue
                self._verify(s, user, pin, event="authorisation")
                audit(
                    s,
                    "authorisation",
                    user_id=for_actor.id,
                    authorised_by=user.id,
                    permission=str(permission),
                )
                return _actor(user)
            audit(s, "authorisation_failed", user_id=for_actor.id, permission=str(permission))
        raise AuthorisationRequired(permission=str(permission))

    # -- internals ---------------------------------------------------------------------------

    def _matches(self, user: User, pin: str) -> bool:
        try:
            return self._hasher.verify(user.pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False

    def _verify(self, s: Session, user: User, pin: str, *, event: str) -> None:
        now = self._clock()
        if _locked(user, now):
            raise UserLocked(name=user.name, until=user.locked_until)
        if self._matches(user, pin):
            user.failed_attempts = 0
            user.locked_until = None
            if self._hasher.check_needs_rehash(user.pin_hash):
                user.pin_hash = self._hasher.hash(pin)
            return
        user.failed_attempts += 1
        max_attempts = int(self._settings["pin_max_attempts"])
        left = max_attempts - user.failed_attempts
        if left <= 0:
            user.locked_until = now + dt.timedelta(minutes=int(self._settings["pin_lock_minutes"]))
            user.failed_attempts = 0
            audit(s, "user_locked", user_id=user.id, during=event)
            # Commit the lock before telling the caller: an exception would roll it back.
            s.commit()
            raise UserLocked(name=user.name, until=user.locked_until)
        audit(s, f"{event}_failed", user_id=user.id, attempts_left=left)
        s.commit()
        raise WrongPin(name=user.name, attempts_left=left)


class InvalidUserName(DomainError):
    """A user name that is empty, too long or has control characters."""


class DuplicateUser(DomainError):
    """A user of that name exists already."""


def _locked(user: User, now: dt.datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def _check_pin(pin: str) -> None:
    if not (
        isinstance(pin, str) and pin.isdigit() and pin.isascii() and PIN_MIN <= len(pin) <= PIN_MAX
    ):
        raise InvalidPin(length=len(pin) if isinstance(pin, str) else None)
