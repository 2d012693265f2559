"""Password guessing slowed to nothing: failures counted per account and per address.

After ``per_account`` wrong passwords for one name, or ``per_address`` from one address, within
``window``, that name or address is locked out for ``lockout``: every attempt is refused without
looking at the password (the right one too), and the answer says when to come back. Both the sign-in
page and the catalogue import's HTTP Basic go through :meth:`Throttle.check`.

The counts live in the server's memory: ``ocop-hq serve`` is one process, and a restart (which an
attacker cannot cause from outside) forgets them. Locking a name out is a way to annoy its operator
for ``lockout``; it is the price of making the name's password unguessable.
"""

import time
from collections import deque
from collections.abc import Callable

from hq.errors import HqError

MAX_KEYS = 100_000  # beyond this, expired keys are swept before a new one is added


class TooManyAttempts(HqError):
    """Too many wrong passwords for this name or from this address; ``retry_after`` seconds."""


class Throttle:
    """Recent failures and lock-outs, keyed ``("name", name)`` and ``("address", address)``."""

    def __init__(
        self,
        *,
        per_account: int = 5,
        per_address: int = 20,
        window: float = 15 * 60,
        lockout: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limits = {"name": per_account, "address": per_address}
        self.window = window
        self.lockout = lockout
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._locked_until: dict[tuple[str, str], float] = {}

    def _keys(self, name: str, address: str) -> list[tuple[str, str]]:
        return [("name", name.strip().casefold()[:80]), ("address", address)]

    def retry_after(self, name: str, address: str) -> int:
        """Seconds until this name and address may try again; 0 when they may now."""
        now = self.clock()
        wait = max(self._locked_until.get(k, 0) - now for k in self._keys(name, address))
        return max(0, int(wait + 0.999))

    def check(self, name: str, address: str) -> None:
        """Raise TooManyAttempts when the name or the address is locked out."""
        wait = self.retry_after(name, address)
        if wait:
            raise TooManyAttempts(retry_after=wait)

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        if len(self._failures) > MAX_KEYS:
            self._sweep(now)
        for key in self._keys(name, address):
            recent = self._failures.setdefault(key, deque())
            recent.append(now)
            while recent and recent[0] <= now - self.window:
                recent.popleft()
            if len(recent) >= self.limits[key[0]]:
                self._locked_until[key] = now + self.lockout
                recent.clear()

    def succeeded(self, name: str) -> None:
        """A right password forgets the name's failures (not the address's)."""
        self._failures.pop(self._keys(name, "")[0], None)

    def _sweep(self, now: float) -> None:
        for key in [k for k, v in self._failures.items() if not v or v[-1] <= now - self.window]:
            del self._failures[key]
        for key in [k for k, until in self._locked_until.items() if until <= now]:
            del self._locked_until[key]
