"""Checkout: one transaction writes the sale, its lines, VAT, payments, stock movements, stock
levels, audit events and the outbox entry. Either all of it is on disk or none.

Printing comes after the commit, elsewhere: a printer fault must never undo a sale. The rows are
written with Core ``INSERT ... VALUES`` batches rather than the ORM unit of work: this is the one
path the clerk waits on at every sale.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from db.ids import new_id
from db.models import (
    Payment,
    ReceiptCounter,
    Sale,
    SaleLine,
    SaleVat,
    Shift,
    StockLevel,
    StockMovement,
)
from kiosk.core.cart import Cart, Totals
from kiosk.core.errors import EmptyCart, NoOpenShift, StorageError
from kiosk.core.ledger import LEVEL_UPSERT
from kiosk.core.payments import AppliedPayment, Tender, settle
from kiosk.core.permissions import Permission, require
from kiosk.core.records import audit, enqueue

# Vietnam keeps one offset all year (no daylight saving): the business day is local.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
RECEIPT_LANGS = ("vi", "en", "both")

# Statements built once: building them per sale costs more than writing the rows.
_SALES, _SALE_LINES, _SALE_VAT = Sale.__table__, SaleLine.__table__, SaleVat.__table__
_PAYMENTS, _MOVEMENTS, _LEVELS = Payment.__table__, StockMovement.__table__, StockLevel.__table__
_COUNTERS = ReceiptCounter.__table__
_OPEN_SHIFT = select(Shift.__table__.c.id).where(
    Shift.__table__.c.terminal_code == bindparam("terminal_code"),
    Shift.__table__.c.closed_at.is_(None),
)
_NEXT_RECEIPT_SEQ = (
    sqlite_insert(_COUNTERS)
    .values(
        terminal_code=bindparam("terminal_code"),
        business_date=bindparam("business_date"),
        last_seq=1,
    )
    .on_conflict_do_update(
        index_elements=["terminal_code", "business_date"],
        set_={"last_seq": _COUNTERS.c.last_seq + 1},
    )
    .returning(_COUNTERS.c.last_seq)
)


@dataclass(frozen=True)
class CompletedSale:
    """What the screen and the receipt need once the sale is on disk."""

    id: uuid.UUID
    receipt_no: str
    created_at: dt.datetime
    totals: Totals
    payments: tuple[AppliedPayment, ...]
    receipt_lang: str
    below_zero: tuple[uuid.UUID, ...]

    @property
    def change_vnd(self) -> int:
        return sum(p.change_vnd for p in self.payments)


def receipt_number(terminal_code: str, business_date: dt.date, seq: int) -> str:
    return f"{terminal_code}-{business_date:%Y%m%d}-{seq:04d}"


class Checkout:
    """Completes carts. ``clock`` is injectable so tests can cross midnight."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        *,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self._sf = session_factory
        self._settings = settings
        self._clock = clock

    def complete(
        self,
        cart: Cart,
        tenders: Sequence[Tender],
        *,
        receipt_lang: str | None = None,
    ) -> CompletedSale:
        """Write the sale durably, in the terminal's open shift, and return it. Raises a
        DomainError and writes nothing if the cart is empty, no shift is open
        (:class:`NoOpenShift`), the payments do not settle the total or the database fails."""
        require(cart.actor, Permission.SELL)
        if cart.is_empty:
            raise EmptyCart()
        lang = receipt_lang or self._settings["receipt_lang"]
        if lang not in RECEIPT_LANGS:
            raise ValueError(f"receipt language {lang!r}")
        totals = cart.totals()
        payments = settle(totals.total_vnd, tenders)
        now = self._clock()
        try:
            with self._sf.begin() as session:
                sale_id, receipt_no, below_zero = self._write(
                    session, cart, totals, payments, lang, now
                )
        except OperationalError as exc:
            raise StorageError(reason=str(exc.orig)) from exc
        except SQLAlchemyError as exc:
            raise StorageError(reason=str(exc)) from exc
        return CompletedSale(
            sale_id, receipt_no, now, totals, tuple(payments), lang, tuple(below_zero)
        )

    def _write(self, s, cart, totals, payments, lang, now):
        terminal = self._settings["terminal_code"]
        business_date = now.astimezone(VIETNAM).date()
        conn = s.connection()
        # Looked up inside the write transaction: a shift closed a moment ago takes no sale.
        shift_id = conn.execute(_OPEN_SHIFT, {"terminal_code": terminal}).scalar()
        if shift_id is None:
            raise NoOpenShift(terminal_code=terminal)
        # The counter row is written next: the transaction holds the write lock from here on,
        # so two processes can never draw the same number.
        seq = conn.execute(
            _NEXT_RECEIPT_SEQ, {"terminal_code": terminal, "business_date": business_date}
        ).scalar_one()
        receipt_no = receipt_number(terminal, business_date, seq)
        sale_id = new_id()
        actor_id = cart.actor.id
        sale = {
            "id": sale_id,
            "receipt_no": receipt_no,
            "terminal_code": terminal,
            "business_date": business_date,
            "seq": seq,
            "user_id": actor_id,
            "shift_id": shift_id,
            "status": "completed",
            "subtotal_vnd": totals.subtotal_vnd,
            "discount_vnd": totals.cart_discount_vnd,
            "total_vnd": totals.total_vnd,
            "vat_vnd": totals.vat_vnd,
            "discount_authorised_by": cart.cart_discount_authorised_by,
            "receipt_lang": lang,
            "created_at": now,
        }
        conn.execute(_SALES.insert(), [sale])

        lines = [
            {
                "id": new_id(),
                "sale_id": sale_id,
                "line_no": no,
                "product_id": p.line.item.product_id,
                "barcode": p.line.barcode,
                "name_vi": p.line.item.name_vi,
                "name_en": p.line.item.name_en,
                "unit": p.line.item.unit,
                "quantity": p.line.quantity,
                "unit_price_vnd": p.line.item.unit_price_vnd,
                "gross_vnd": p.gross_vnd,
                "line_discount_vnd": p.line_discount_vnd,
                "cart_discount_vnd": p.cart_discount_vnd,
                "amount_vnd": p.amount_vnd,
                "vat_rate_pct": p.line.item.vat_rate_pct,
            }
            for no, p in enumerate(totals.lines, start=1)
        ]
        conn.execute(_SALE_LINES.insert(), lines)

        vat = [
            {
                "sale_id": sale_id,
                "rate_pct": v.rate_pct,
                "gross_vnd": v.gross_vnd,
                "vat_vnd": v.vat_vnd,
            }
            for v in totals.vat
        ]
        conn.execute(_SALE_VAT.insert(), vat)

        pays = [
            {
                "id": new_id(),
                "sale_id": sale_id,
                "method": p.method,
                "amount_vnd": p.amount_vnd,
                "tendered_vnd": p.tendered_vnd,
                "change_vnd": p.change_vnd,
                "reference": p.reference,
            }
            for p in payments
        ]
        if pays:
            conn.execute(_PAYMENTS.insert(), pays)

        sold: dict[uuid.UUID, int] = {}
        for p in totals.lines:
            sold[p.line.item.product_id] = sold.get(p.line.item.product_id, 0) + p.line.quantity
        movements = [
            {
                "id": new_id(),
                "product_id": pid,
                "kind": "sale",
                "quantity": -qty,
                "unit_cost_vnd": None,
                "reason": receipt_no,
                "sale_id": sale_id,
                "user_id": actor_id,
                "created_at": now,
            }
            for pid, qty in sold.items()
        ]
        conn.execute(_MOVEMENTS.insert(), movements)
        below_zero = _apply_levels(conn, sold, now)

        discounts = [
            {
                "line_no": no,
                "product_id": str(p.line.item.product_id),
                "discount_vnd": p.line_discount_vnd,
                "authorised_by": str(p.line.discount_authorised_by or "") or None,
            }
            for no, p in enumerate(totals.lines, start=1)
            if p.line_discount_vnd
        ]
        if discounts or totals.cart_discount_vnd:
            authorisers = {p.line.discount_authorised_by for p in totals.lines} | {
                cart.cart_discount_authorised_by
            }
            authorisers.discard(None)
            audit(
                s,
                "discount",
                user_id=actor_id,
                at=now,
                subject_id=str(sale_id),
                authorised_by=next(iter(authorisers)) if len(authorisers) == 1 else None,
                lines=discounts,
                cart_discount_vnd=totals.cart_discount_vnd,
                cart_discount_authorised_by=cart.cart_discount_authorised_by,
            )
        audit(
            s,
            "sale",
            user_id=actor_id,
            at=now,
            subject_id=str(sale_id),
            receipt_no=receipt_no,
            total_vnd=totals.total_vnd,
            below_zero=[str(p) for p in below_zero],
        )
        enqueue(
            s,
            "sale",
            {
                "sale": sale,
                "lines": [{k: v for k, v in ln.items() if k != "sale_id"} for ln in lines],
                "vat": [{k: v for k, v in x.items() if k != "sale_id"} for x in vat],
                "payments": [{k: v for k, v in x.items() if k != "sale_id"} for x in pays],
                "movements": [
                    {k: m[k] for k in ("id", "product_id", "kind", "quantity", "created_at")}
                    for m in movements
                ],
            },
        )
        return sale_id, receipt_no, below_zero


def _apply_levels(conn, sold: dict[uuid.UUID, int], now: dt.datetime) -> list[uuid.UUID]:
    """Move the on-hand levels with the ledger; return products now below zero.

    Selling below zero is allowed (the shelf is truth, the count may be wrong); the sale's
    audit event names them for the manager.
    """
    conn.execute(
        LEVEL_UPSERT,
        [{"product_id": pid, "delta": -qty, "updated_at": now} for pid, qty in sold.items()],
    )
    levels = conn.execute(
        select(_LEVELS.c.product_id).where(
            _LEVELS.c.product_id.in_(list(sold)), _LEVELS.c.on_hand < 0
        )
    )
    return [row.product_id for row in levels]
