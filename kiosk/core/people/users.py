"""Users, PIN sign-in with lock-out, and a manager's PIN authorising a clerk's action.

PINs are stored as argon2 hashes. Every sign-in, failure and authorisation is audited. Wrong
PINs count per user (sign-in, or an authorisation naming the manager) and, for
authorisations, per terminal too; either count locks. An authorisation is a proof
(:mod:`kiosk.core.people.proofs`), never just a manager's Actor.
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

from db.models import ROLES, PinGuard, User
from hq.text_limits import USER_ENTRY
from kiosk.core.errors import (
    AuthorisationLocked,
    DomainError,
    PermissionDenied,
    UnknownUser,
    UserLocked,
    WrongPin,
)
from kiosk.core.people.permissions import Permission, allows, require
from kiosk.core.people.proofs import Authorisation, Proofs
from kiosk.core.records import audit, enqueue

PIN_MIN, PIN_MAX = 4, 8
GUARD_SCOPE = "authorise"  # the terminal's count of wrong manager PINs (table pin_guards)


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
        # The authorisations this kiosk issued; the services that need one redeem them here.
        self.proofs = Proofs(clock)

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
            _tell_head_office(s, user)
            return _actor(user)

    def list(self) -> list[Actor]:
        with self._sf() as s:
            rows = s.scalars(select(User).where(User.active).order_by(User.role, User.name))
            return [_actor(u) for u in rows]

    def authorisers(self, permission: Permission) -> tuple[Actor, ...]:
        """Who may authorise ``permission``, managers before admins: the names a PIN prompt
        offers, the first one chosen (a named PIN counts toward that person's lock)."""
        people = [u for u in self.list() if allows(u.role, permission)]
        return tuple(sorted(people, key=lambda u: (u.role != "manager", u.name)))

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
            _tell_head_office(s, user)

    # -- sign-in and authorisation -----------------------------------------------------------

    def sign_in(self, name: str, pin: str) -> Actor:
        """The user if the PIN matches. Wrong PINs count toward a lock; the count and the
        audit event are committed even though the caller gets an error."""
        with self._sf.begin() as s:
            user = s.scalars(select(User).where(User.name == name, User.active)).first()
            if user is None:
                raise UnknownUser(name=name)
            error = self._check(s, user, pin, event="sign_in")
            if error is not None:
                # Commit the count before telling the caller: an exception would roll it back.
                s.commit()
                raise error
            audit(s, "sign_in", user_id=user.id)
            return _actor(user)

    def authorise(
        self, permission: Permission, pin: str, *, for_actor: Actor, manager: str | None = None
    ) -> Authorisation:
        """A manager's (or admin's) PIN lets ``for_actor`` do one thing that needs
        ``permission``: the proof to hand to that action (see :mod:`kiosk.core.people.proofs`).

        With ``manager`` the PIN is checked against that user and a wrong one counts toward
        their lock; without it, against every active user whose role allows the permission.
        Every wrong PIN also counts for the terminal: after ``pin_max_attempts`` of them in a
        row no authorisation is possible here for ``pin_lock_minutes``
        (:class:`AuthorisationLocked`), so a PIN that names no manager cannot be guessed either.
        Successes, failures and locks are audited.
        """
        with self._sf.begin() as s:
            guard = self._guard(s)
            if _locked(guard, self._clock()):
                raise AuthorisationLocked(name=None, until=guard.locked_until)
            user, error = self._find_manager(s, permission, pin, manager)
            if error is None and user is not None:
                guard.failed_attempts = 0
                audit(
                    s,
                    "authorisation",
                    user_id=for_actor.id,
                    authorised_by=user.id,
                    permission=str(permission),
                )
                return self.proofs.issue(permission, for_actor, _actor(user))
            error = self._guard_failed(s, guard, error, for_actor, permission, manager)
            s.commit()
        raise error

    def _find_manager(
        self, s: Session, permission: Permission, pin: str, manager: str | None
    ) -> tuple[User | None, DomainError | None]:
        """The manager whose PIN this is, or the error to raise (counted on a named one)."""
        query = select(User).where(User.active)
        if manager is not None:
            query = query.where(User.name == manager)
        candidates = [u for u in s.scalars(query) if allows(u.role, permission)]
        if manager is not None:
            if not candidates:
                raise PermissionDenied(permission=str(permission), role=None)
            return candidates[0], self._check(s, candidates[0], pin, event="authorisation")
        now = self._clock()
        for user in candidates:
            if not _locked(user, now) and self._matches(user, pin):
                return user, self._check(s, user, pin, event="authorisation")
        return None, None

    def _guard(self, s: Session) -> PinGuard:
        guard = s.get(PinGuard, GUARD_SCOPE)
        if guard is None:
            guard = PinGuard(scope=GUARD_SCOPE, failed_attempts=0)
            s.add(guard)
        return guard

    def _guard_failed(self, s, guard, error, for_actor, permission, manager) -> DomainError:
        """Count a wrong PIN for the terminal; the error the caller gets (a lock wins)."""
        guard.failed_attempts += 1
        left = int(self._settings["pin_max_attempts"]) - guard.failed_attempts
        data = {"permission": str(permission), "manager": manager}
        if left <= 0:
            guard.failed_attempts = 0
            guard.locked_until = self._clock() + dt.timedelta(
                minutes=int(self._settings["pin_lock_minutes"])
            )
            audit(s, "authorisation_locked", user_id=for_actor.id, **data)
            return AuthorisationLocked(name=manager, until=guard.locked_until)
        audit(s, "authorisation_failed", user_id=for_actor.id, attempts_left=left, **data)
        if error is not None and not isinstance(error, WrongPin):
            return error  # the named manager is locked
        if error is not None:
            left = min(left, int(error.data.get("attempts_left") or left))
        return WrongPin(name=manager, attempts_left=left)

    # -- internals ---------------------------------------------------------------------------

    def _matches(self, user: User, pin: str) -> bool:
        try:
            return self._hasher.verify(user.pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False

    def _check(self, s: Session, user: User, pin: str, *, event: str) -> DomainError | None:
        """None if ``pin`` is the user's; else count it, audit it, and return the error to
        raise (the caller commits first)."""
        now = self._clock()
        if _locked(user, now):
            return UserLocked(name=user.name, until=user.locked_until)
        if self._matches(user, pin):
            user.failed_attempts = 0
            user.locked_until = None
            if self._hasher.check_needs_rehash(user.pin_hash):
                user.pin_hash = self._hasher.hash(pin)
            return None
        user.failed_attempts += 1
        max_attempts = int(self._settings["pin_max_attempts"])
        left = max_attempts - user.failed_attempts
        if left <= 0:
            user.locked_until = now + dt.timedelta(minutes=int(self._settings["pin_lock_minutes"]))
            user.failed_attempts = 0
            audit(s, "user_locked", user_id=user.id, during=event)
            return UserLocked(name=user.name, until=user.locked_until)
        audit(s, f"{event}_failed", user_id=user.id, attempts_left=left)
        return WrongPin(name=user.name, attempts_left=left)

    def unlock(self, name: str, *, manager: str, pin: str) -> Actor:
        """A manager or admin (``manager``, with their own PIN) lets ``name``, locked out by
        wrong PINs, try again at once. A wrong PIN counts toward the manager's own lock; the
        unlock is audited with who did it. Returns the person unlocked."""
        with self._sf.begin() as s:
            boss = s.scalars(select(User).where(User.name == manager, User.active)).first()
            if boss is None:
                raise UnknownUser(name=manager)
            if not allows(boss.role, Permission.UNLOCK_USER):
                raise PermissionDenied(permission=str(Permission.UNLOCK_USER), role=boss.role)
            error = self._check(s, boss, pin, event="unlock")
            if error is not None:
                s.commit()  # the count stands, as for any wrong PIN
                raise error
            user = s.scalars(select(User).where(User.name == name, User.active)).first()
            if user is None:
                raise UnknownUser(name=name)
            user.failed_attempts, user.locked_until = 0, None
            audit(s, "user_unlocked", user_id=boss.id, subject_id=str(user.id), name=name)
            return _actor(user)


class InvalidUserName(DomainError):
    """A user name that is empty, too long or has control characters."""


class DuplicateUser(DomainError):
    """A user of that name exists already."""


def _tell_head_office(s: Session, user: User) -> None:
    """Queue the user as they are now, with their PIN's hash (never the PIN), for head office:
    it keeps the shop's users and hands them to the shop's other tills (hq.protocol_users)."""
    enqueue(
        s,
        USER_ENTRY,
        {"id": user.id, "name": user.name, "role": user.role, "pin_hash": user.pin_hash,
         "active": user.active, "at": dt.datetime.now(dt.UTC)},
    )  # fmt: skip


def _locked(who: User | PinGuard, now: dt.datetime) -> bool:
    return who.locked_until is not None and who.locked_until > now


def _check_pin(pin: str) -> None:
    if not (
        isinstance(pin, str) and pin.isdigit() and pin.isascii() and PIN_MIN <= len(pin) <= PIN_MAX
    ):
        raise InvalidPin(length=len(pin) if isinstance(pin, str) else None)
