"""Stock counts (kiểm kê) of a shelf, a product group or the whole shop.

Each scan adds one (a weighed item's scale label adds its weight); a typed quantity adds many;
a mistake is corrected by setting the counted quantity. The sheet shows, per product, what was
expected, what was counted, the variance and its value in đồng at the price in force.
Applying the count writes one ``count`` movement per product whose variance is not zero, and
closes the count: a count is applied once.

Sales while the count is open (the till keeps selling). The rule: **a product's expected
quantity is its on-hand level at the moment of its last count entry**, and applying posts the
variance (counted - expected), not "set the level to counted". So:

- a sale before the product is counted is already out of the level and off the shelf: both
  sides agree;
- a sale after the product's last entry leaves the level and the shelf alike: posting only the
  variance keeps that sale, where setting the level to the counted figure would undo it (the
  sale would be counted twice, once by the till and once by the count);
- a sale between two entries of the same product (three scanned, one sold from the rest, the
  other five scanned) is taken into account by the second entry, which takes the level again.

The one case no rule can see is a customer taking an item already counted and the counter
counting its place again; counting a product in one go avoids it.

Products not counted: for a group or the whole shop, the sheet lists in-scope products with
stock that were not counted; :meth:`StockCounts.apply` sets them to zero only when asked
(``zero_uncounted``). A shelf count covers only what was counted.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import null, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import (
    COUNT_SCOPES,
    PRODUCT_GROUPS,
    Price,
    Product,
    StockCount,
    StockCountLine,
    StockLevel,
    utcnow,
)
from kiosk.core import errors
from kiosk.core.catalogue.rows import product_for_code
from kiosk.core.people.permissions import Permission, require
from kiosk.core.pricing import weighed_amount
from kiosk.core.records import audit, enqueue
from kiosk.core.stock import ledger
from kiosk.core.stock.receipt_rules import MAX_QUANTITY


@dataclass(frozen=True)
class CountEntry:
    """A product's line after an entry."""

    product_id: uuid.UUID
    name_vi: str
    unit: str
    counted: int
    expected: int


@dataclass(frozen=True)
class CountLineView:
    """A line of the sheet. ``counted`` is None for an in-scope product not counted yet (its
    variance shows as 0); ``variance_value_vnd`` is the variance at the price in force (per
    kg for weighed goods)."""

    product_id: uuid.UUID
    sku: str
    name_vi: str
    unit: str
    expected: int
    counted: int | None
    variance: int
    price_vnd: int | None
    variance_value_vnd: int


@dataclass(frozen=True)
class CountSheet:
    id: uuid.UUID
    scope: str
    scope_value: str
    status: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    lines: tuple[CountLineView, ...]

    @property
    def variance_value_vnd(self) -> int:
        return sum(line.variance_value_vnd for line in self.lines)

    @property
    def uncounted(self) -> tuple[CountLineView, ...]:
        return tuple(line for line in self.lines if line.counted is None)


def value_of(quantity: int, unit: str, price_vnd: int | None) -> int:
    """``quantity`` (pieces or grams, signed) at ``price_vnd`` (per kg for grams)."""
    if price_vnd is None:
        return 0
    if unit == "gram":
        sign = -1 if quantity < 0 else 1
        return sign * weighed_amount(price_vnd, abs(quantity))
    return quantity * price_vnd


class StockCounts:
    """Stock counts through ``session_factory``."""

    def __init__(
        self, session_factory: sessionmaker[Session], *, clock: Callable[[], dt.datetime] = utcnow
    ):
        self._sf = session_factory
        self._clock = clock

    def open(self, scope: str, scope_value: str = "", *, by: Any, note: str = "") -> uuid.UUID:
        """Start a count of a ``shelf`` (``scope_value`` names it), a ``group`` (a group code)
        or the whole ``shop``."""
        require(by, Permission.MANAGE_STOCK)
        scope_value = (scope_value or "").strip()
        if scope not in COUNT_SCOPES:
            raise errors.InvalidProduct(field="scope", value=scope)
        if scope == "group" and scope_value not in PRODUCT_GROUPS:
            raise errors.InvalidProduct(field="group", value=scope_value)
        if len(scope_value) > 80 or len(note) > 300:
            raise errors.InvalidProduct(field="scope_value", reason="too_long")
        with self._sf.begin() as s:
            count = StockCount(
                scope=scope,
                scope_value="" if scope == "shop" else scope_value,
                note=note.strip(),
                opened_by=by.id,
                opened_at=self._clock(),
            )
            s.add(count)
            s.flush()
            audit(s, "stock_count_opened", user_id=by.id, subject_id=str(count.id), scope=scope)
            return count.id

    def scan(self, count_id: uuid.UUID, code: str, *, by: Any) -> CountEntry:
        """One more of the product scanned (a scale label adds the weight it carries)."""
        with self._sf() as s:
            product_id, scanned = product_for_code(s, code)
        return self.add(count_id, product_id, scanned.weight_g or 1, by=by)

    def add(self, count_id: uuid.UUID, product_id: uuid.UUID, quantity: int, *, by: Any):
        """``quantity`` more of the product counted (a typed quantity for many)."""
        return self._enter(count_id, product_id, quantity, by=by, add=True)

    def set_counted(self, count_id: uuid.UUID, product_id: uuid.UUID, quantity: int, *, by: Any):
        """The product's counted quantity is ``quantity`` (a correction; 0 allowed)."""
        return self._enter(count_id, product_id, quantity, by=by, add=False)

    def sheet(self, count_id: uuid.UUID) -> CountSheet:
        """The count sheet: counted products, then (group and shop counts, while open)
        in-scope products with stock not counted yet; each part by name (folded, as the
        search index has it)."""
        with self._sf() as s:
            return self._sheet(s, self._get(s, count_id))

    def apply(self, count_id: uuid.UUID, *, by: Any, zero_uncounted: bool = False) -> CountSheet:
        """Post the variances as ``count`` movements and close the count. Raises CountClosed
        if it was applied or cancelled already (nothing is written then)."""
        require(by, Permission.MANAGE_STOCK)
        now = self._clock()
        with self._sf.begin() as s:
            count = self._open_count(s, count_id)
            if zero_uncounted and count.scope != "shelf":
                self._zero_uncounted(s, count, now)
            lines = s.scalars(
                select(StockCountLine).where(StockCountLine.count_id == count.id)
            ).all()
            rows = _post_variances(s, lines, by, now)
            done = s.execute(
                update(StockCount)
                .where(StockCount.id == count.id, StockCount.status == "open")
                .values(status="applied", closed_by=by.id, closed_at=now)
                .execution_options(synchronize_session=False)
            )
            if done.rowcount != 1:
                raise errors.CountClosed(count_id=count_id, status="applied")
            s.flush()
            s.refresh(count)
            sheet = self._sheet(s, count)
            audit(
                s,
                "stock_count_applied",
                user_id=by.id,
                at=now,
                subject_id=str(count.id),
                lines=len(lines),
                movements=len(rows),
                variance_value_vnd=sheet.variance_value_vnd,
            )
            enqueue(s, "stock_count", _applied_payload(count, lines, rows, by, now))
            return sheet

    def cancel(self, count_id: uuid.UUID, *, by: Any) -> None:
        """Give up an open count: nothing is posted."""
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            count = self._open_count(s, count_id)
            count.status, count.closed_by, count.closed_at = "cancelled", by.id, self._clock()
            audit(s, "stock_count_cancelled", user_id=by.id, subject_id=str(count.id))

    def list(self, *, status: str | None = None, limit: int = 50) -> list[StockCount]:
        """Counts, newest first (detached rows: id, scope, scope_value, status, dates)."""
        query = select(StockCount).order_by(StockCount.opened_at.desc()).limit(limit)
        if status is not None:
            query = query.where(StockCount.status == status)
        with self._sf() as s:
            return list(s.scalars(query))

    # -- internals ---------------------------------------------------------------------------

    def _enter(self, count_id, product_id, quantity, *, by, add: bool) -> CountEntry:
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            count = self._open_count(s, count_id)
            product = s.get(Product, product_id)
            if product is None:
                raise errors.UnknownProduct(product_id=product_id)
            if count.scope == "group" and product.group_code != count.scope_value:
                raise errors.OutsideCount(group=count.scope_value, product_group=product.group_code)
            _check(quantity, product.unit, allow_zero=not add)
            line = s.scalar(
                select(StockCountLine).where(
                    StockCountLine.count_id == count.id, StockCountLine.product_id == product_id
                )
            )
            if line is None:
                line = StockCountLine(count_id=count.id, product_id=product_id, counted=0)
                s.add(line)
            counted = line.counted + quantity if add else quantity
            _check(counted, product.unit, allow_zero=True)
            # The rule of this module: expected is the level at the product's last entry.
            line.counted = counted
            line.expected = ledger.levels(s, [product_id])[product_id]
            line.counted_at = self._clock()
            s.flush()
            return CountEntry(product_id, product.name_vi, product.unit, counted, line.expected)

    def _zero_uncounted(self, s: Session, count: StockCount, now: dt.datetime) -> None:
        """Count as zero every in-scope product with stock that was not counted."""
        for line in self._sheet(s, count).uncounted:
            s.add(
                StockCountLine(
                    count_id=count.id,
                    product_id=line.product_id,
                    counted=0,
                    expected=line.expected,
                    counted_at=now,
                )
            )
        s.flush()

    @staticmethod
    def _get(s: Session, count_id: uuid.UUID) -> StockCount:
        count = s.get(StockCount, count_id)
        if count is None:
            raise errors.UnknownCount(count_id=count_id)
        return count

    def _open_count(self, s: Session, count_id: uuid.UUID) -> StockCount:
        count = self._get(s, count_id)
        if count.status != "open":
            raise errors.CountClosed(count_id=count_id, status=count.status)
        return count

    def _sheet(self, s: Session, count: StockCount) -> CountSheet:
        price = (
            select(Price.price_vnd)
            .where(Price.product_id == Product.id, Price.valid_from <= self._clock())
            .order_by(Price.valid_from.desc(), Price.created_at.desc())
            .limit(1)
            .scalar_subquery()
        )
        # Plain columns, not Product entities: the whole shop is 100,000 rows.
        cols = (Product.id, Product.sku, Product.name_vi, Product.unit)
        counted = s.execute(
            select(*cols, StockCountLine.expected, StockCountLine.counted, price)
            .join(StockCountLine, StockCountLine.product_id == Product.id)
            .where(StockCountLine.count_id == count.id)
            .order_by(Product.search_text)
        ).all()
        lines = [_line(*r) for r in counted]
        if count.status == "open" and count.scope != "shelf":
            seen = select(StockCountLine.product_id).where(StockCountLine.count_id == count.id)
            query = (
                select(*cols, StockLevel.on_hand, null(), price)
                .join(StockLevel, StockLevel.product_id == Product.id)
                .where(StockLevel.on_hand != 0, Product.id.not_in(seen))
                .order_by(Product.search_text)
            )
            if count.scope == "group":
                query = query.where(Product.group_code == count.scope_value)
            lines += [_line(*r) for r in s.execute(query)]
        return CountSheet(
            id=count.id,
            scope=count.scope,
            scope_value=count.scope_value,
            status=count.status,
            opened_at=count.opened_at,
            closed_at=count.closed_at,
            lines=tuple(lines),
        )


def _post_variances(
    s: Session, lines: Sequence[StockCountLine], by: Any, now: dt.datetime
) -> list[dict]:
    """Post a ``count`` movement for each line whose variance is not zero, and link it."""
    moving = [ln for ln in lines if ln.counted != ln.expected]
    rows = ledger.post(
        s,
        [
            ledger.Movement(ln.product_id, "count", ln.counted - ln.expected, "count")
            for ln in moving
        ],
        user_id=by.id,
        at=now,
    )
    for line, row in zip(moving, rows, strict=True):
        line.movement_id = row["id"]
    return rows


def _applied_payload(
    count: StockCount,
    lines: Sequence[StockCountLine],
    rows: list[dict],
    by: Any,
    now: dt.datetime,
) -> dict[str, Any]:
    """The outbox entry of an applied count: its lines and the movements posted."""
    return {
        "id": count.id,
        "scope": count.scope,
        "scope_value": count.scope_value,
        "opened_at": count.opened_at,
        "applied_by": by.id,
        "applied_at": now,
        "lines": [
            {
                "product_id": ln.product_id,
                "expected": ln.expected,
                "counted": ln.counted,
                "counted_at": ln.counted_at,
            }
            for ln in lines
        ],
        "movements": [ledger.movement_payload(r) for r in rows],
    }


def _line(product_id, sku, name_vi, unit, expected, counted, price_vnd) -> CountLineView:
    # Not counted yet: no variance until the manager decides (apply's zero_uncounted).
    variance = 0 if counted is None else counted - expected
    return CountLineView(
        product_id=product_id,
        sku=sku,
        name_vi=name_vi,
        unit=unit,
        expected=expected,
        counted=counted,
        variance=variance,
        price_vnd=price_vnd,
        variance_value_vnd=value_of(variance, unit, price_vnd),
    )


def _check(quantity: object, unit: str, *, allow_zero: bool) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise errors.InvalidQuantity(quantity=quantity, reason="not_integer")
    if quantity < 0 or (quantity == 0 and not allow_zero):
        raise errors.InvalidQuantity(quantity=quantity, reason="not_positive")
    if quantity > MAX_QUANTITY[unit] * 10:
        raise errors.InvalidQuantity(quantity=quantity, reason="too_large", unit=unit)
