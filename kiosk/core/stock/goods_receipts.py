"""Goods receipts (nhập hàng): a delivery from a producer, drafted, then confirmed into stock.

A draft may be incomplete while the manager scans the boxes; confirming checks every line
(quantity, unit cost for owned stock, an expiry date for food and herbal goods that is not in
the past), adds one ``receipt`` movement per line and freezes the receipt, all in one
transaction. A confirmed receipt is never edited: :meth:`GoodsReceipts.reverse` posts a
reversing receipt, and :meth:`GoodsReceipts.copy_as_draft` starts the corrected one.

Two managers confirming the same draft: writers take SQLite's write lock at BEGIN (see
db.engine), so the second one waits, then finds the receipt confirmed and gets
:class:`~kiosk.core.errors.ReceiptNotDraft`; the status change is also conditional on the
draft state, so it cannot happen twice whatever the locking. The posting itself (movements,
audit event, outbox entry) is :func:`kiosk.core.stock.receipt_posting.post_receipt`.

Warnings are returned, never raised: an OCOP certificate expired or expiring within 60 days, a
batch expiring within 30 days, a product of another producer than the receipt's.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import GoodsReceipt, GoodsReceiptLine, Producer, Product, utcnow
from hq.text_limits import DELIVERY_NOTE_MAX, text_refused
from kiosk.core import errors
from kiosk.core.catalogue.rows import product_for_code
from kiosk.core.people.permissions import Permission, require
from kiosk.core.records import audit
from kiosk.core.stock.receipt_posting import post_receipt
from kiosk.core.stock.receipt_rules import (
    ConfirmedReceipt,
    LineAdded,
    ReceiptSummary,
    ReceiptView,
    StockWarning,
    business_date,
    check_commission,
    check_cost,
    check_expiry,
    check_quantity,
    clean_line_changes,
    line_problems,
    line_warnings,
    receipt_summaries,
    receipt_view,
)


class GoodsReceipts:
    """Goods receipts through ``session_factory``; ``clock`` gives now (and so today's date in
    Vietnam, which expiry dates are compared with)."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        clock: Callable[[], dt.datetime] = utcnow,
    ):
        self._sf = session_factory
        self._clock = clock

    def _today(self) -> dt.date:
        return business_date(self._clock())

    # -- drafts ------------------------------------------------------------------------------

    def create(
        self, producer_id: uuid.UUID, *, by: Any, delivery_note_no: str = "", note: str = ""
    ) -> uuid.UUID:
        """A new draft receipt from ``producer_id``."""
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            if s.get(Producer, producer_id) is None:
                raise errors.UnknownProducer(producer_id=producer_id)
            receipt = GoodsReceipt(
                producer_id=producer_id,
                delivery_note_no=_text(delivery_note_no, DELIVERY_NOTE_MAX, "delivery_note_no"),
                note=_text(note, 300, "note"),
                created_by=by.id,
                created_at=self._clock(),
            )
            s.add(receipt)
            s.flush()
            return receipt.id

    def update_header(self, receipt_id: uuid.UUID, *, by: Any, **changes: Any) -> ReceiptView:
        """Change ``producer_id``, ``delivery_note_no`` or ``note`` of a draft."""
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            receipt = self._draft(s, receipt_id)
            for key, value in changes.items():
                if key == "producer_id":
                    if s.get(Producer, value) is None:
                        raise errors.UnknownProducer(producer_id=value)
                    receipt.producer_id = value
                elif key in ("delivery_note_no", "note"):
                    setattr(
                        receipt, key, _text(value, DELIVERY_NOTE_MAX if key != "note" else 300, key)
                    )
                else:
                    raise errors.InvalidProduct(field=key, reason="unknown_field")
            s.flush()
            return receipt_view(s, receipt, self._today())

    def add_line(
        self,
        receipt_id: uuid.UUID,
        product_id: uuid.UUID,
        quantity: int = 1,
        unit_cost_vnd: int | None = None,
        *,
        by: Any,
        batch_no: str = "",
        expiry_date: dt.date | None = None,
        consignment: bool | None = None,
        commission_pct: int | None = None,
    ) -> LineAdded:
        """Add a line to a draft. What is given is checked now; what is missing (the cost, the
        expiry date) is asked for at confirmation. Consignment and commission default to the
        product's; the unit cost to the one of its last confirmed receipt."""
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            receipt = self._draft(s, receipt_id)
            product = s.get(Product, product_id)
            if product is None:
                raise errors.UnknownProduct(product_id=product_id)
            if unit_cost_vnd is None:
                unit_cost_vnd = self._last_cost(s, product_id)
            line = GoodsReceiptLine(
                receipt_id=receipt.id,
                line_no=1 + (s.scalar(_max_line_no(receipt.id)) or 0),
                product_id=product_id,
                quantity=check_quantity(quantity, product.unit),
                unit_cost_vnd=check_cost(unit_cost_vnd),
                batch_no=_text(batch_no, 40, "batch_no", error=errors.InvalidBatch),
                expiry_date=check_expiry(expiry_date, self._today()),
                consignment=product.consignment if consignment is None else bool(consignment),
                commission_pct=check_commission(
                    product.commission_pct if commission_pct is None else commission_pct
                ),
            )
            s.add(line)
            s.flush()
            warnings = line_warnings(product, line, receipt.producer_id, self._today())
            return LineAdded(line.id, tuple(warnings))

    def scan(self, receipt_id: uuid.UUID, code: str, *, by: Any) -> LineAdded:
        """A scanned code: one more on the draft's last line of that product without a batch
        yet, or a new line of one."""
        product_id = self.find(code)
        with self._sf() as s:
            line = s.scalars(
                select(GoodsReceiptLine)
                .where(
                    GoodsReceiptLine.receipt_id == receipt_id,
                    GoodsReceiptLine.product_id == product_id,
                    GoodsReceiptLine.batch_no == "",
                )
                .order_by(GoodsReceiptLine.line_no.desc())
                .limit(1)
            ).first()
        if line is None:
            return self.add_line(receipt_id, product_id, 1, by=by)
        return self.update_line(line.id, by=by, quantity=line.quantity + 1)

    def find(self, code: str) -> uuid.UUID:
        """The product carrying the printed ``code`` (any product, on sale or not, priced or
        not: a delivery may bring what the till does not sell yet)."""
        with self._sf() as s:
            return product_for_code(s, code)[0]

    def update_line(self, line_id: uuid.UUID, *, by: Any, **changes: Any) -> LineAdded:
        """Change fields of a draft line (those of :meth:`add_line`)."""
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            line = s.get(GoodsReceiptLine, line_id)
            if line is None:
                raise errors.UnknownReceipt(line_id=line_id)
            receipt = self._draft(s, line.receipt_id)
            product = s.get(Product, line.product_id)
            for key, value in clean_line_changes(changes, product.unit, self._today()).items():
                setattr(line, key, value)
            s.flush()
            warnings = line_warnings(product, line, receipt.producer_id, self._today())
            return LineAdded(line.id, tuple(warnings))

    def remove_line(self, line_id: uuid.UUID, *, by: Any) -> None:
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            line = s.get(GoodsReceiptLine, line_id)
            if line is None:
                raise errors.UnknownReceipt(line_id=line_id)
            self._draft(s, line.receipt_id)
            s.delete(line)

    def discard(self, receipt_id: uuid.UUID, *, by: Any) -> None:
        """Throw a draft away (a confirmed receipt is reversed instead)."""
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            s.delete(self._draft(s, receipt_id))
            audit(s, "goods_receipt_discarded", user_id=by.id, subject_id=str(receipt_id))

    # -- confirmation and reversal -----------------------------------------------------------

    def confirm(self, receipt_id: uuid.UUID, *, by: Any) -> ConfirmedReceipt:
        """Post the draft's lines to stock and freeze it. Raises ReceiptNotDraft (confirmed
        already, perhaps by someone else a moment ago), EmptyReceipt, InvalidCost,
        InvalidBatch or InvalidQuantity for an incomplete line; nothing is written then."""
        require(by, Permission.MANAGE_STOCK)
        now, today = self._clock(), self._today()
        with self._sf.begin() as s:
            receipt = self._draft(s, receipt_id)
            if not receipt.lines:
                raise errors.EmptyReceipt(receipt_id=receipt_id)
            products = {p.id: p for p in s.scalars(_products_of(receipt))}
            for line in receipt.lines:
                line_problems(products[line.product_id], line, today)
            return post_receipt(s, receipt, by, now, today, "goods_receipt_confirmed")

    def reverse(self, receipt_id: uuid.UUID, *, by: Any, note: str = "") -> ConfirmedReceipt:
        """Cancel a confirmed receipt by a confirmed reversing one: same lines, opposite
        quantities. A receipt is reversed at most once; a reversal is not reversed."""
        require(by, Permission.MANAGE_STOCK)
        now, today = self._clock(), self._today()
        with self._sf.begin() as s:
            original = s.get(GoodsReceipt, receipt_id)
            if original is None:
                raise errors.UnknownReceipt(receipt_id=receipt_id)
            if original.status != "confirmed":
                raise errors.ReceiptNotReversible(receipt_id=receipt_id, reason="draft")
            if original.reverses_id is not None:
                raise errors.ReceiptNotReversible(receipt_id=receipt_id, reason="is_reversal")
            if s.scalar(select(GoodsReceipt.id).where(GoodsReceipt.reverses_id == receipt_id)):
                raise errors.ReceiptNotReversible(receipt_id=receipt_id, reason="reversed")
            reversal = GoodsReceipt(
                producer_id=original.producer_id,
                delivery_note_no=original.delivery_note_no,
                note=_text(note, 300, "note"),
                reverses_id=original.id,
                created_by=by.id,
                created_at=now,
            )
            reversal.lines = _copy_lines(original.lines, sign=-1)
            s.add(reversal)
            s.flush()
            return post_receipt(s, reversal, by, now, today, "goods_receipt_reversed")

    def copy_as_draft(self, receipt_id: uuid.UUID, *, by: Any) -> uuid.UUID:
        """A new draft with the lines of ``receipt_id``: the start of a corrected receipt."""
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            source = s.get(GoodsReceipt, receipt_id)
            if source is None:
                raise errors.UnknownReceipt(receipt_id=receipt_id)
            copy = GoodsReceipt(
                producer_id=source.producer_id,
                delivery_note_no=source.delivery_note_no,
                note=source.note,
                created_by=by.id,
                created_at=self._clock(),
            )
            copy.lines = _copy_lines(source.lines, sign=1)
            s.add(copy)
            s.flush()
            return copy.id

    # -- reads -------------------------------------------------------------------------------

    def get(self, receipt_id: uuid.UUID) -> ReceiptView:
        """The receipt with its lines, total cost and current warnings."""
        with self._sf() as s:
            receipt = s.get(GoodsReceipt, receipt_id)
            if receipt is None:
                raise errors.UnknownReceipt(receipt_id=receipt_id)
            return receipt_view(s, receipt, self._today())

    def warnings(self, receipt_id: uuid.UUID) -> tuple[StockWarning, ...]:
        return self.get(receipt_id).warnings

    def list(
        self,
        *,
        status: str | None = None,
        producer_id: uuid.UUID | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[ReceiptSummary]:
        """Receipts, newest first, a page at a time."""
        with self._sf() as s:
            return receipt_summaries(s, status, producer_id, limit, offset)

    # -- internals ---------------------------------------------------------------------------

    @staticmethod
    def _draft(s: Session, receipt_id: uuid.UUID) -> GoodsReceipt:
        receipt = s.get(GoodsReceipt, receipt_id)
        if receipt is None:
            raise errors.UnknownReceipt(receipt_id=receipt_id)
        if receipt.status != "draft":
            raise errors.ReceiptNotDraft(receipt_id=receipt_id, confirmed_by=receipt.confirmed_by)
        return receipt

    @staticmethod
    def _last_cost(s: Session, product_id: uuid.UUID) -> int | None:
        return s.scalar(
            select(GoodsReceiptLine.unit_cost_vnd)
            .join(GoodsReceipt, GoodsReceipt.id == GoodsReceiptLine.receipt_id)
            .where(
                GoodsReceiptLine.product_id == product_id,
                GoodsReceipt.status == "confirmed",
                GoodsReceipt.reverses_id.is_(None),
            )
            .order_by(GoodsReceipt.confirmed_at.desc())
            .limit(1)
        )


def _copy_lines(lines: list[GoodsReceiptLine], *, sign: int) -> list[GoodsReceiptLine]:
    """New lines like ``lines``: opposite quantities for a reversal (sign -1), positive ones
    for a corrected draft (sign 1)."""
    return [
        GoodsReceiptLine(
            line_no=line.line_no,
            product_id=line.product_id,
            quantity=-line.quantity if sign < 0 else abs(line.quantity),
            unit_cost_vnd=line.unit_cost_vnd,
            batch_no=line.batch_no,
            expiry_date=line.expiry_date,
            consignment=line.consignment,
            commission_pct=line.commission_pct,
        )
        for line in lines
    ]


def _max_line_no(receipt_id: uuid.UUID):
    return select(func.max(GoodsReceiptLine.line_no)).where(
        GoodsReceiptLine.receipt_id == receipt_id
    )


def _products_of(receipt: GoodsReceipt):
    return select(Product).where(Product.id.in_({line.product_id for line in receipt.lines}))


def _text(value: Any, limit: int, field: str, *, error=errors.InvalidProduct) -> str:
    if not isinstance(value, str):
        raise error(field=field, value=value, reason="not_text")
    value = value.strip()
    problem = text_refused(value, limit)
    if problem:
        raise error(field=field, value=value[:limit], reason=problem)
    return value
