"""Parked carts: a customer who forgot something steps aside and the next one is served.

Held in memory and, given a store (kiosk.core.sale.parked_store), on disk as well: a restart or
a shutdown with goods on the till finds them parked at the next start.
"""

import datetime as dt
import itertools
from dataclasses import dataclass

from kiosk.core.errors import DomainError
from kiosk.core.sale.cart import Cart


class NoSuchParkedCart(DomainError):
    """No parked cart with that number (recalled already, or never parked)."""


@dataclass(frozen=True)
class ParkedCart:
    """A cart set aside: its number on the recall list, when, by whom, and what it holds."""

    id: int
    cart: Cart
    parked_at: dt.datetime
    parked_by: str

    @property
    def total_vnd(self) -> int:
        return self.cart.totals().total_vnd

    @property
    def item_count(self) -> int:
        return self.cart.totals().item_count


class ParkingLot:
    """State: the parked carts in the order they were parked."""

    def __init__(self, clock=lambda: dt.datetime.now(dt.UTC), store=None):
        self._carts: list[ParkedCart] = []
        self._ids = itertools.count(1)
        self._clock = clock
        self._store = store  # a ParkedStore, or None: memory only
        self._rows: dict[int, object] = {}  # our number -> the store's id
        for row_id, cart, parked_at, parked_by in store.load() if store is not None else ():
            parked = ParkedCart(next(self._ids), cart, parked_at, parked_by)
            self._carts.append(parked)
            self._rows[parked.id] = row_id

    def park(self, cart: Cart, parked_by: str) -> ParkedCart:
        parked = ParkedCart(next(self._ids), cart, self._clock(), parked_by)
        if self._store is not None:  # on disk first: a cart shown as parked survives a crash
            self._rows[parked.id] = self._store.save(cart, parked_by, parked.parked_at)
        self._carts.append(parked)
        return parked

    def list(self) -> list[ParkedCart]:
        return list(self._carts)

    def take(self, parked_id: int) -> ParkedCart:
        for parked in self._carts:
            if parked.id == parked_id:
                if self._store is not None:
                    self._store.delete(self._rows.pop(parked_id))
                self._carts.remove(parked)
                return parked
        raise NoSuchParkedCart(parked_id=parked_id)

    def __len__(self) -> int:
        return len(self._carts)
