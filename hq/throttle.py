"""Password guessing slowed to nothing: failures counted per account and per address.

After ``per_account`` wrong passwords for one name, or ``per_address`` from one address, within
``window``, that name or address is locked out for ``lockout``: every attempt is refused without
looking at the password (the right one too), and the answer says when to come back. Both the sign-in
page and the catalogue import's HTTP Basic go through :meth:`Throttle.check`.

The counts are rows (``sign_in_failures``, ``sign_in_lockouts``; a name by its SHA-256) written
in the caller's transaction, so every process of head office counts the same (``serve --workers N``, instances
behind a proxy): five wrong passwords lock a name out whichever processes they reached. Times are
the wall clock's seconds, the one clock the processes share. Locking a name out is a way to annoy
its operator for ``lockout``; it is the price of making the name's password unguessable.
"""

import hashlib
import time
from collections.abc import Callable

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hq.errors import HqError
from hq.models import SignInFailure, SignInLockout


class TooManyAttempts(HqError):
    """Too many wrong passwords for this name or from this address; ``retry_after`` seconds."""


class Throttle:
    """The limits; the state is in the database, read and written through the caller's session."""

    def __init__(
        self,
        *,
        per_account: int = 5,
        per_address: int = 20,
        window: float = 15 * 60,
        lockout: float = 15 * 60,
        clock: Callable[[], float] = time.time,
    ):
        self.limits = {"name": per_account, "address": per_address}
        self.window = window
        self.lockout = lockout
        self.clock = clock

    def _keys(self, name: str, address: str) -> list[tuple[str, str]]:
        # The name as typed is kept only as a digest: people type passwords into the name field,
        # and a name may carry characters a text column refuses (NUL).
        folded = name.strip().casefold()[:80].encode("utf-8", "replace")
        return [
            ("name", f"name:{hashlib.sha256(folded).hexdigest()}"),
            ("address", f"address:{address.replace(chr(0), '')[:100]}"),
        ]

    def retry_after(self, session: Session, name: str, address: str) -> int:
        """Seconds until this name and address may try again; 0 when they may now."""
        keys = [key for _, key in self._keys(name, address)]
        until = session.scalar(
            select(func.max(SignInLockout.until)).where(SignInLockout.key.in_(keys))
        )
        return max(0, int((until or 0) - self.clock() + 0.999))

    def check(self, session: Session, name: str, address: str) -> None:
        """Raise TooManyAttempts when the name or the address is locked out."""
        wait = self.retry_after(session, name, address)
        if wait:
            raise TooManyAttempts(retry_after=wait)

    def failed(self, session: Session, name: str, address: str) -> None:
        """Count a wrong password against the name and the address; lock out what reached its
        limit. Failures and lock-outs that have run out are swept on the way."""
        now = self.clock()
        session.execute(delete(SignInFailure).where(SignInFailure.at <= now - self.window))
        session.execute(delete(SignInLockout).where(SignInLockout.until <= now))
        for kind, key in self._keys(name, address):
            session.add(SignInFailure(key=key, at=now))
            session.flush()
            recent = session.scalar(
                select(func.count()).where(
                    SignInFailure.key == key, SignInFailure.at > now - self.window
                )
            )
            if recent >= self.limits[kind]:
                self._lock(session, key, now + self.lockout)
                session.execute(delete(SignInFailure).where(SignInFailure.key == key))

    def succeeded(self, session: Session, name: str) -> None:
        """A right password forgets the name's failures (not the address's)."""
        key = self._keys(name, "")[0][1]
        session.execute(delete(SignInFailure).where(SignInFailure.key == key))

    @staticmethod
    def _lock(session: Session, key: str, until: float) -> None:
        """Lock ``key`` out until ``until``: one row per key, even when two processes lock it at
        once."""
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(
            insert(SignInLockout)
            .values(key=key, until=until)
            .on_conflict_do_update(index_elements=["key"], set_={"until": until})
        )
