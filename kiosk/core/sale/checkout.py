"""Checkout: one transaction writes the sale, its lines, VAT, payments, stock movements, stock
levels, audit events (discounts, goods taken below zero) and the outbox entries. Either all of
it is on disk or none. Nothing the sale's own row says is copied into the others: every byte
is kept for years (issue 18, ``bench/bench_storage.py``).

Printing comes after the commit, elsewhere: a printer fault must never undo a sale. The
receipt's print job is written in the same transaction when asked (``print_receipt``), so a
sale costs one disk sync, not two, and a paid sale always has its receipt waiting. The rows are
written through the pooled DB-API connection (:mod:`db.raw`) with statements built once, not
through the session: this is the one path the clerk waits on at every sale, and SQLAlchemy's
per-statement and per-transaction work was more than half of it. The columns' own conversions
are used, so the rows read back through the ORM like any other.
"""

import datetime as dt
import sqlite3
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from db.ids import new_id
from db.models import (
    AuditEvent,
    EInvoice,
    OutboxEntry,
    Payment,
    PrintJob,
    Sale,
    SaleLine,
    SaleVat,
    StockMovement,
)
from db.raw import RowInsert, bind_processor, result_processor, write_transaction
from kiosk.core.einvoice import pending as einvoice
from kiosk.core.errors import EmptyCart, NoOpenShift, StorageError
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission, require
from kiosk.core.records import OUTBOX_COLUMNS, outbox_row
from kiosk.core.sale.cart import Cart, Totals
from kiosk.core.sale.oversell import refuse_short_in, refuses
from kiosk.core.sale.payments import AppliedPayment, Tender, opens_drawer, settle
from kiosk.core.sale.sale_rows import (
    audit_rows,
    line_rows,
    movement_rows,
    payment_rows,
    sale_entry,
    sold_by_product,
    vat_rows,
)
from kiosk.core.sale.transfers import transfer_audit_rows
from kiosk.core.stock.ledger import LEVEL_UPSERT_SQL

RECEIPT_LANGS = ("vi", "en", "both")

_OPEN_SHIFT = "SELECT id FROM shifts WHERE terminal_code = ? AND closed_at IS NULL"
_NEXT_RECEIPT_SEQ = (
    "INSERT INTO receipt_counters (terminal_code, business_date, last_seq) VALUES (?, ?, 1) "
    "ON CONFLICT (terminal_code, business_date) DO UPDATE SET last_seq = last_seq + 1 "
    "RETURNING last_seq"
)


class _Statements:
    """The checkout's inserts for one engine's dialect (its JSON serialiser included)."""

    def __init__(self, dialect):
        self.sales = RowInsert(Sale.__table__, dialect)
        self.lines = RowInsert(SaleLine.__table__, dialect)
        self.vat = RowInsert(SaleVat.__table__, dialect)
        self.payments = RowInsert(Payment.__table__, dialect)
        self.movements = RowInsert(StockMovement.__table__, dialect)
        self.audit = RowInsert(AuditEvent.__table__, dialect)
        self.outbox = RowInsert(OutboxEntry.__table__, dialect, OUTBOX_COLUMNS)
        self.print_jobs = RowInsert(PrintJob.__table__, dialect)
        self.invoices = RowInsert(EInvoice.__table__, dialect)
        self.product_id = bind_processor(StockMovement.__table__.c.product_id, dialect)
        self.timestamp = bind_processor(StockMovement.__table__.c.created_at, dialect)
        self.shift_id = result_processor(Sale.__table__.c.shift_id, dialect)


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
    #: The receipt's job in the print queue, written with the sale (None: not asked for).
    print_job_id: uuid.UUID | None = None

    @property
    def change_vnd(self) -> int:
        return sum(p.change_vnd for p in self.payments)

    @property
    def rounding_vnd(self) -> int:
        """Cash rounding: what the customer paid above (or, negative, below) the total."""
        return sum(p.amount_vnd for p in self.payments) - self.totals.total_vnd

    @property
    def paid_vnd(self) -> int:
        return self.totals.total_vnd + self.rounding_vnd


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
        self._engine = session_factory.kw["bind"]
        self._sql = _Statements(self._engine.dialect)

    def complete(
        self,
        cart: Cart,
        tenders: Sequence[Tender],
        *,
        receipt_lang: str | None = None,
        print_receipt: bool = False,
        buyer: einvoice.Buyer | None = None,
    ) -> CompletedSale:
        """Write the sale durably, in the terminal's open shift, and return it; with
        ``print_receipt``, its receipt's print job too (opening the drawer for cash). Raises a
        DomainError and writes nothing if the cart is empty, no shift is open
        (:class:`NoOpenShift`), the payments do not settle the total, the shop refuses to
        oversell and stock is short (OutOfStock) or the database fails. With e-invoices on,
        the sale's invoice (for ``buyer``, when given) is written pending."""
        require(cart.actor, Permission.SELL)
        if cart.is_empty:
            raise EmptyCart()
        lang = receipt_lang or self._settings["receipt_lang"]
        if lang not in RECEIPT_LANGS:
            raise ValueError(f"receipt language {lang!r}")
        totals = cart.totals()
        payments = settle(
            totals.total_vnd, tenders, int(self._settings.get("cash_rounding_vnd", 0))
        )
        now = self._clock()
        try:
            with write_transaction(self._engine) as con:
                sale_id, receipt_no, below_zero = self._write(
                    con, cart, totals, payments, lang, now, buyer
                )
                job_id = (
                    self._print_job(con, sale_id, payments, lang, now) if print_receipt else None
                )
        except sqlite3.Error as exc:
            raise StorageError(reason=str(exc)) from exc
        return CompletedSale(
            sale_id, receipt_no, now, totals, tuple(payments), lang, tuple(below_zero), job_id
        )

    def _print_job(self, con, sale_id, payments, lang, now) -> uuid.UUID:
        """The receipt's job, queued; its first print opens the drawer for cash."""
        row = {
            "id": new_id(),
            "kind": "receipt",
            "sale_id": sale_id,
            "refund_id": None,
            "lang": lang,
            "open_drawer": opens_drawer(payments),
            "reprint": False,
            "status": "queued",
            "attempts": 0,
            "last_error": "",
            "created_at": now,
            "printed_at": None,
            "next_attempt_at": None,
        }
        self._sql.print_jobs.write(con, [row])
        return row["id"]

    def _write(self, con: sqlite3.Connection, cart, totals, payments, lang, now, buyer=None):
        """Write the sale and everything that goes with it in ``con``'s transaction, step by
        step; return the sale's id, its receipt number and the products now below zero."""
        sql = self._sql
        sold = sold_by_product(totals)
        if refuses(self._settings):  # a cart built before the shop began refusing
            refuse_short_in(con, totals, sold, sql.product_id)
        sale = self._sale_row(con, cart, totals, payments, lang, now)
        sql.sales.write(con, [sale])
        lines = line_rows(sale["id"], totals)
        sql.lines.write(con, lines)
        vat = vat_rows(sale["id"], totals)
        sql.vat.write(con, vat)
        pays = payment_rows(sale["id"], payments)
        sql.payments.write(con, pays)
        movements = movement_rows(sale, sold)
        sql.movements.write(con, movements)
        below_zero = self._apply_levels(con, sold, now)
        events = audit_rows(sale, cart, totals, below_zero)
        events += transfer_audit_rows(sale, payments)  # who confirmed each transfer
        sql.audit.write(con, events)
        entries = [outbox_row("audit", e) for e in events]
        invoice = None
        if einvoice.enabled(self._settings):
            invoice = einvoice.sale_row(sale["id"], now, self._settings, buyer)
            sql.invoices.write(con, [invoice])
            entries.append(outbox_row("einvoice", einvoice.wire_status(invoice)))
        entries.append(sale_entry(sale, lines, vat, pays, movements, invoice))
        sql.outbox.write(con, entries)
        return sale["id"], sale["receipt_no"], below_zero

    def _sale_row(
        self, con: sqlite3.Connection, cart, totals, payments, lang, now
    ) -> dict[str, Any]:
        """The sale's own row, in the terminal's open shift, with the next receipt number of
        its business day (both drawn in the write transaction)."""
        terminal = self._settings["terminal_code"]
        business_date = now.astimezone(VIETNAM).date()
        # Looked up inside the write transaction: a shift closed a moment ago takes no sale.
        shift = con.execute(_OPEN_SHIFT, (terminal,)).fetchone()
        if shift is None:
            raise NoOpenShift(terminal_code=terminal)
        seq = con.execute(_NEXT_RECEIPT_SEQ, (terminal, business_date.isoformat())).fetchone()[0]
        return {
            "id": new_id(),
            "receipt_no": receipt_number(terminal, business_date, seq),
            "terminal_code": terminal,
            "business_date": business_date,
            "seq": seq,
            "user_id": cart.actor.id,
            "shift_id": self._sql.shift_id(shift[0]),
            "status": "completed",
            "subtotal_vnd": totals.subtotal_vnd,
            "discount_vnd": totals.cart_discount_vnd,
            "total_vnd": totals.total_vnd,
            "vat_vnd": totals.vat_vnd,
            "rounding_vnd": sum(p.amount_vnd for p in payments) - totals.total_vnd,
            "discount_authorised_by": cart.cart_discount_authorised_by,
            "receipt_lang": lang,
            "created_at": now,
        }

    def _apply_levels(self, con, sold: dict[uuid.UUID, int], now: dt.datetime) -> list[uuid.UUID]:
        """Move the on-hand levels with the ledger; return products now below zero.

        Selling below zero is allowed (the shelf is truth, the count may be wrong); the sale's
        audit event names them for the manager.
        """
        sql = self._sql
        at = sql.timestamp(now)
        keys = {sql.product_id(pid): pid for pid in sold}
        con.executemany(
            LEVEL_UPSERT_SQL,
            [{"product_id": k, "delta": -sold[pid], "updated_at": at} for k, pid in keys.items()],
        )
        marks = ", ".join("?" * len(keys))
        below = con.execute(
            f"SELECT product_id FROM stock_levels WHERE product_id IN ({marks}) AND on_hand < 0",
            list(keys),
        )
        return [keys[k] for (k,) in below]
