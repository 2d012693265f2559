"""The shop's users pulled from head office in the sync round (issue 13): a clerk added at head
office, or at another till of the shop, signs in here after a sync.

Head office's users are upserted by id into ``users``: name, role, PIN hash and whether active.
A PIN reset there replaces the hash here; the local lock-out (wrong PINs counted, locked until)
stays as it is. A user whose name is taken here by another person is left out (logged): names
sign in, so two people cannot share one.
"""

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import User
from hq import protocol
from kiosk.core.sync.state import get_state, put_state

log = logging.getLogger(__name__)

KEY_USERS_VERSION = "users_version"


@dataclass(frozen=True)
class UsersReport:
    """What a pull of users brought: users added, changed, left out (a name taken here)."""

    added: int = 0
    changed: int = 0
    skipped: int = 0


def users_since(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return int(get_state(session, KEY_USERS_VERSION) or 0)


def apply_users(
    session_factory: sessionmaker[Session], changes: protocol.KioskUsers
) -> UsersReport:
    """Upsert head office's users in one transaction and remember the version reached."""
    added = changed = skipped = 0
    with session_factory.begin() as session:
        if int(get_state(session, KEY_USERS_VERSION) or 0) != changes.since:
            return UsersReport()  # another round applied them meanwhile
        for record in changes.users:
            outcome = _upsert(session, record)
            added += outcome == "added"
            changed += outcome == "changed"
            skipped += outcome == "skipped"
        put_state(session, KEY_USERS_VERSION, str(changes.version))
    return UsersReport(added, changed, skipped)


def _upsert(session: Session, record: protocol.KioskUserRecord) -> str:
    user = session.get(User, record.id)
    clash = session.scalars(
        select(User).where(User.name == record.name, User.id != record.id)
    ).first()
    if clash is not None:
        log.warning("head office's user %s is named %r like a user here: left out",
                    record.id, record.name)  # fmt: skip
        return "skipped"
    values = {
        "name": record.name,
        "role": record.role,
        "pin_hash": record.pin_hash,
        "active": record.active,
    }
    if user is None:
        session.add(User(id=record.id, failed_attempts=0, **values))
        session.flush()
        return "added"
    if all(getattr(user, k) == v for k, v in values.items()):
        return "same"
    for k, v in values.items():
        setattr(user, k, v)  # failed_attempts and locked_until stay: the lock-out is local
    session.flush()
    return "changed"
