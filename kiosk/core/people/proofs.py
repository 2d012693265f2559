"""A manager's authorisation as a proof the core issued, not an object anyone can make.

``Users.authorise`` checks a manager's PIN and hands back an :class:`Authorisation`; a
manager-only service (refunds, voids, shift actions, a discount above the clerk's limit, a
clerk's back-office visit) redeems it through the same :class:`Proofs` before acting. A proof
is short-lived, spent by its first use, and bound to the permission and the person it lets act:
an Actor with a manager's role, a proof built by hand, a proof for another action or another
clerk, an expired or a spent one are all refused with :class:`AuthorisationRequired`.

Proofs live in memory only: a restarted kiosk has none, which is what a proof of a PIN typed
a minute ago should be.
"""

import datetime as dt
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.core.errors import AuthorisationRequired

DEFAULT_TTL = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class Authorisation:
    """``manager`` let the person ``for_id`` do one thing needing ``permission``, until
    ``expires_at``. ``token`` is what the issuing :class:`Proofs` recognises."""

    token: str
    permission: str
    for_id: uuid.UUID
    manager: Any  # kiosk.core.people.users.Actor (not imported: users imports this module)
    expires_at: dt.datetime


class Proofs:
    """State: the proofs issued and not yet spent, by token (a lock guards them: the GUI thread
    and background jobs may issue and redeem at once)."""

    def __init__(
        self,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        ttl: dt.timedelta = DEFAULT_TTL,
    ):
        self._clock = clock
        self.ttl = ttl
        self._issued: dict[str, Authorisation] = {}
        self._lock = threading.Lock()

    def issue(self, permission: str, for_actor, manager) -> Authorisation:
        """A new proof. Only the core calls this, after a PIN check or for a live visit."""
        now = self._clock()
        proof = Authorisation(
            token=secrets.token_urlsafe(24),
            permission=str(permission),
            for_id=for_actor.id,
            manager=manager,
            expires_at=now + self.ttl,
        )
        with self._lock:
            for token in [t for t, p in self._issued.items() if p.expires_at <= now]:
                del self._issued[token]
            self._issued[proof.token] = proof
        return proof

    def redeem(self, proof: object, permission: str, actor) -> uuid.UUID:
        """Spend ``proof`` on ``permission`` for ``actor``; the manager's id, for the records.

        The proof as issued is what counts: a copy with another manager or permission is refused.
        """
        permission = str(permission)
        token = getattr(proof, "token", None)
        with self._lock:
            issued = self._issued.get(token) if isinstance(token, str) else None
            if issued is None or issued != proof:
                raise AuthorisationRequired(permission=permission, reason="not_issued")
            if issued.expires_at <= self._clock():
                del self._issued[token]
                raise AuthorisationRequired(permission=permission, reason="expired")
            if issued.permission != permission or issued.for_id != actor.id:
                raise AuthorisationRequired(permission=permission, reason="other_action")
            del self._issued[token]
        return issued.manager.id
