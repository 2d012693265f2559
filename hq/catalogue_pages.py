"""The catalogue pull in pages: what changed after a terminal's version, a bounded page at a time,
with an opaque cursor to ask for the next page.

A pull aims at one target version, head office's version when its first page was read: pages
cover the rows stamped after ``since`` up to that target, table by table, parents first
(producers, products, barcodes, prices), each table in ``(version, key)`` order. The terminal's
version becomes the target only when it has applied the last page; until then it keeps the cursor,
so a cut resumes at the next page.

A row changed at head office during a paged pull takes a version above the target: the pull
leaves it for the next one (which asks for everything after the target), so nothing is missed. Its
children still in range may reach the terminal first, though: a barcode whose new product left the
range would then name a product the terminal does not have. So each page also carries the current
state of the parents its rows name that moved above the target (sending a newer state early is
harmless: the terminal applies it again at its own version).
"""

import base64
import binascii
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hq import protocol
from hq.catalogue import current_version
from hq.models import Barcode, Price, Producer, Product

PAGE_MAX = protocol.CATALOGUE_PAGE_MAX  # a page is applied by the terminal in one transaction
_TABLES = (Producer, Product, Barcode, Price)  # parents first
_CHUNK = 500  # ids per IN list


class BadCursor(ValueError):
    """A cursor that head office did not hand out (or for another ``since``)."""


@dataclass(frozen=True)
class Cursor:
    """Where a paged pull stands: its range, the table it is in and the last row it sent."""

    since: int
    upto: int
    table: int = 0
    version: int = -1  # -1: from the start of the table
    key: str = ""

    def encode(self) -> str:
        raw = json.dumps([self.since, self.upto, self.table, self.version, self.key])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            since, upto, table, version, key = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise BadCursor(text) from exc
        ints = (since, upto, table, version)
        if not all(type(i) is int for i in ints) or not isinstance(key, str):
            raise BadCursor(text)
        if not (0 <= since <= upto and 0 <= table < len(_TABLES) and version >= -1):
            raise BadCursor(text)
        return cls(since, upto, table, version, key)


def _key_column(model):
    return model.code if model is Barcode else model.id


def _key_of(model, row) -> str:
    return row.code if model is Barcode else str(row.id)


def _rows_after(session: Session, model, cursor: Cursor, limit: int) -> list:
    """Up to ``limit`` rows of ``model`` in the cursor's range after its last row (plain rows:
    ORM objects would cost more than the rest of the page)."""
    key = _key_column(model)
    query = select(model.__table__).where(
        model.version > cursor.since, model.version <= cursor.upto
    )
    if cursor.version >= 0:
        after = cursor.key if model is Barcode else uuid.UUID(cursor.key)
        query = query.where(
            or_(
                model.version > cursor.version,
                and_(model.version == cursor.version, key > after),
            )
        )
    return list(session.execute(query.order_by(model.version, key).limit(limit)))


def _moved_on(session: Session, model, ids: set, upto: int) -> list:
    """The rows of ``model`` among ``ids`` stamped after ``upto`` (changed during the pull)."""
    ids_ = sorted(ids, key=str)
    found = []
    for start in range(0, len(ids_), _CHUNK):
        chunk = ids_[start : start + _CHUNK]
        found += session.execute(
            select(model.__table__).where(model.id.in_(chunk), model.version > upto)
        )
    return found


def changes_page(
    session: Session, since: int, cursor: Cursor | None = None, limit: int = PAGE_MAX
) -> protocol.CatalogueChanges:
    """One page of the changes after ``since`` (or after ``cursor``), at most ``limit`` rows of
    the range plus the parents they need; ``next_cursor`` is None on the last page."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    if cursor is None:
        cursor = Cursor(since, max(since, current_version(session)))
    elif cursor.since != since:
        raise BadCursor("cursor of another pull")
    limit = max(1, min(limit, PAGE_MAX))
    page: dict[type, list] = {model: [] for model in _TABLES}
    while cursor.table < len(_TABLES) and limit > 0:
        model = _TABLES[cursor.table]
        rows = _rows_after(session, model, cursor, limit)
        page[model] += rows
        limit -= len(rows)
        if limit > 0:  # this table is done: the next one from its start
            cursor = Cursor(cursor.since, cursor.upto, cursor.table + 1)
        else:
            last = rows[-1]
            cursor = Cursor(
                cursor.since, cursor.upto, cursor.table, last.version, _key_of(model, last)
            )
    _add_moved_parents(session, page, cursor.upto)
    return _as_changes(page, cursor)


def _add_moved_parents(session: Session, page: dict[type, list], upto: int) -> None:
    """Add the products and producers the page's rows name that were changed during the pull."""
    children = page[Barcode] + page[Price]
    sent = {p.id for p in page[Product]}
    page[Product] += _moved_on(session, Product, {c.product_id for c in children} - sent, upto)
    named = {p.producer_id for p in page[Product] if p.producer_id is not None}
    page[Producer] += _moved_on(session, Producer, named - {p.id for p in page[Producer]}, upto)


def _as_changes(page: dict[type, list], cursor: Cursor) -> protocol.CatalogueChanges:
    def wire(kind, rows):
        return [kind.model_validate(r, from_attributes=True) for r in rows]

    done = cursor.table >= len(_TABLES)
    return protocol.CatalogueChanges(
        since=cursor.since,
        version=cursor.upto,
        producers=wire(protocol.ProducerChange, page[Producer]),
        products=wire(protocol.ProductChange, page[Product]),
        barcodes=wire(protocol.BarcodeChange, page[Barcode]),
        prices=wire(protocol.PriceChange, page[Price]),
        removed_products=[p.id for p in page[Product] if not p.active],
        next_cursor=None if done else cursor.encode(),
    )
