"""Refunds of completed sales, and the service the back office calls to void or refund them.

A **refund** gives back some or all lines of an earlier sale (found by the receipt number that
its Code 128 barcode carries, or by search), paid back to the sale's own payment methods (card
and transfer first, then cash) or in cash, in the open shift; its cash part is rounded to the
shop's cash step as a sale's is (:mod:`kiosk.core.cash.payback`). A line's refunds never pass its
quantity; amounts are the line's amount as paid (after line and cart discounts) in proportion to
the quantity, computed on the running total so that refunding a line in parts gives back
exactly what was paid for it. Goods go back to the shelf (a ``refund`` movement) or are written
off as damaged (the ``refund`` movement and an ``adjustment`` out of the same quantity), so the
ledger still sums to the stock level.

Voids, and the audit of cart lines voided before payment, are in :mod:`kiosk.core.cash.voids`;
the stored sale as the screens show it, with what is left to refund, in
:mod:`kiosk.core.cash.refundable`; the rows a refund writes, in :mod:`kiosk.core.cash.refund_rows`.
"""

import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from db.ids import new_id
from db.models import (
    RESTOCK_TARGETS,
    ReceiptCounter,
    Sale,
    Shift,
    User,
)
from hq.text_limits import REASON_MAX, RECEIPT_NO_PATTERN
from kiosk.core.cash.foreign_sales import HeadOffice, is_copy, keep_copy
from kiosk.core.cash.payback import payback
from kiosk.core.cash.refund_rows import PricedLine, refund_rows, write_refund
from kiosk.core.cash.refundable import (
    SaleForRefund,
    SaleSummary,
    for_refund,
    sale_by_receipt,
    search_sales,
)
from kiosk.core.cash.voids import VoidedSale, void
from kiosk.core.einvoice import pending as einvoice
from kiosk.core.errors import (
    InvalidQuantity,
    MissingReason,
    NoOpenShift,
    NoSuchLine,
    NothingToRefund,
    NotInThisShop,
    ReceiptElsewhereOffline,
    RefundTooMuch,
    SaleOfAnotherTill,
    SaleVoided,
)
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission, require, require_or_authorised
from kiosk.core.people.proofs import Proofs
from kiosk.core.pricing import div_round, vat_by_rate
from kiosk.core.sale.receipt import UnknownSale

log = logging.getLogger(__name__)

REFUND_TARGETS = ("original", "cash")


@dataclass(frozen=True)
class RefundItem:
    """What to give back of one sale line: ``line_no`` as printed on the receipt."""

    line_no: int
    quantity: int
    restock: str = "shelf"  # or "damaged"


@dataclass(frozen=True)
class CompletedRefund:
    id: uuid.UUID
    refund_no: str
    sale_receipt_no: str
    created_at: dt.datetime
    total_vnd: int  # the goods' value
    vat_vnd: int
    payments: tuple[tuple[str, int], ...]
    rounding_vnd: int = 0  # the cash part rounded to the shop's step: payments - total

    @property
    def given_back_vnd(self) -> int:
        """What the customer got back: the total, its cash part rounded."""
        return self.total_vnd + self.rounding_vnd


def refund_number(terminal_code: str, business_date: dt.date, seq: int) -> str:
    return f"{terminal_code}-{business_date:%Y%m%d}-R{seq:04d}"


def _reason(reason: object, action: str) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise MissingReason(action=action)
    return text.replace("\x00", "")[:REASON_MAX]  # as head office takes it


class Refunds:
    """Voids and refunds at this terminal. ``clock`` is injectable for tests."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        *,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        proofs: Proofs | None = None,
        head_office: HeadOffice | None = None,
    ):
        self._sf = session_factory
        # Where a receipt of another till of the shop is looked up (None: nowhere).
        self._hq = head_office
        self._settings = settings
        self._clock = clock
        # Where a clerk's authorisations are redeemed (Users.proofs); None: only managers act.
        self._proofs = proofs

    # -- finding the sale ------------------------------------------------------------------

    @property
    def asks_head_office(self) -> bool:
        """Whether :meth:`find` may wait on head office (the screens then ask off their thread)."""
        return self._hq is not None and self._hq.enrolled

    def find(self, receipt_no: str, *, actor=None) -> SaleForRefund:
        """The sale whose receipt number was scanned (Code 128 on the receipt) or typed: this
        till's, else (head office reachable) another till's of the shop, copied here to be
        refunded. What other tills refunded of it is asked of head office when it is in reach.
        Waits on the network (a few seconds at most): never on the GUI thread."""
        number = receipt_no.strip()
        with self._sf() as s:
            sale_id = s.scalar(select(Sale.id).where(Sale.receipt_no == number))
        if sale_id is None:
            return self._from_head_office(number, actor)
        self._refresh(sale_id)
        with self._sf() as s:
            return for_refund(s, sale_by_receipt(s, number))

    def stored(self, receipt_no: str) -> SaleForRefund:
        """The sale as this till has it, without asking head office (after a refund here)."""
        with self._sf() as s:
            return for_refund(s, sale_by_receipt(s, receipt_no))

    def _refresh(self, sale_id: uuid.UUID) -> None:
        """Note what head office says other tills refunded of the sale, when it says it soon."""
        if self._hq is None or not self._hq.enrolled:
            return
        try:
            record = self._hq.sale_for_return(sale_id=sale_id, quick=True)
        except ReceiptElsewhereOffline:
            log.info("refunds of sale %s at other tills not asked: head office away", sale_id)
            return
        if record is not None:
            with self._sf.begin() as s:
                keep_copy(s, record, stand_in=record.user_id, now=self._clock())

    def _from_head_office(self, number: str, actor) -> SaleForRefund:
        if self._hq is None or not self._hq.enrolled or not re.match(RECEIPT_NO_PATTERN, number):
            raise UnknownSale(sale_id=None, receipt_no=number)
        record = self._hq.sale_for_return(receipt_no=number)
        if record is None:
            raise NotInThisShop(receipt_no=number)
        if record.status != "completed":
            raise SaleVoided(receipt_no=number)
        with self._sf.begin() as s:
            stand_in = actor.id if actor is not None else s.scalar(select(User.id).limit(1))
            sale = keep_copy(s, record, stand_in=stand_in, now=self._clock())
            return for_refund(s, sale)

    def search(
        self,
        text: str = "",
        *,
        on: dt.date | None = None,
        total_vnd: int | None = None,
        limit: int = 30,
    ) -> list[SaleSummary]:
        """Sales whose receipt number contains ``text``, made on the business day ``on``, or
        of that total; newest first."""
        with self._sf() as s:
            return search_sales(s, text, on=on, total_vnd=total_vnd, limit=limit)

    # -- void ------------------------------------------------------------------------------

    def void_sale(self, actor, receipt_no: str, reason: str, *, authorised_by=None) -> VoidedSale:
        """Void a completed sale of the open shift: mark it, put its stock back, audit it."""
        require(actor, Permission.SELL)
        approver = require_or_authorised(actor, Permission.VOID_SALE, authorised_by, self._proofs)
        reason = _reason(reason, "void")
        now = self._clock()
        with self._sf.begin() as s:
            sale = _completed_sale(s, receipt_no)
            if is_copy(s, sale.id):  # voided only where it was sold, in its shift
                raise SaleOfAnotherTill(
                    receipt_no=sale.receipt_no, terminal_code=sale.terminal_code
                )
            open_id = self._open_shift(s)
            voided = void(s, sale, open_id, actor=actor, approver=approver, reason=reason, now=now)
            einvoice.for_void(s, sale.id, now)  # cancelled if never sent, else decreased to 0
            return voided

    # -- refund ----------------------------------------------------------------------------

    def refund(
        self,
        actor,
        receipt_no: str,
        items: Sequence[RefundItem],
        *,
        reason: str,
        to: str = "original",
        authorised_by=None,
        receipt_lang: str | None = None,
    ) -> CompletedRefund:
        """Give back ``items`` of the sale ``receipt_no`` in the open shift, to the sale's own
        payment methods (``to="original"``) or in cash. Writes nothing on any error."""
        require(actor, Permission.SELL)
        approver = require_or_authorised(actor, Permission.REFUND, authorised_by, self._proofs)
        reason = _reason(reason, "refund")
        if to not in REFUND_TARGETS:
            raise ValueError(f"refund target {to!r}")
        wanted = _merge(items)
        now = self._clock()
        terminal = self._settings["terminal_code"]
        with self._sf.begin() as s:
            sale = _completed_sale(s, receipt_no)
            shift_id = self._open_shift(s)
            if shift_id is None:
                raise NoOpenShift(terminal_code=terminal)
            lines = _priced_lines(for_refund(s, sale), wanted)
            business_date = now.astimezone(VIETNAM).date()
            seq = _next_refund_seq(s, terminal, business_date)
            vat = vat_by_rate((line.vat_rate_pct, amount) for line, _, _, amount in lines)
            row = {
                "id": new_id(),
                "refund_no": refund_number(terminal, business_date, seq),
                "sale_id": sale.id,
                "terminal_code": terminal,
                "business_date": business_date,
                "shift_id": shift_id,
                "user_id": actor.id,
                "authorised_by": approver,
                "reason": reason,
                "total_vnd": sum(amount for *_, amount in lines),
                "vat_vnd": sum(v.vat_vnd for v in vat),
                "receipt_lang": receipt_lang or sale.receipt_lang,
                "created_at": now,
            }
            back = payback(s, sale, row["total_vnd"], to, self._rounding_step)
            row["rounding_vnd"] = sum(amount for _, amount in back) - row["total_vnd"]
            rows = refund_rows(row, lines, vat, back)
            write_refund(s, rows, sale.receipt_no)
            # The sale's e-invoice is decreased by what went back (sent after the invoice).
            einvoice.for_refund(s, sale.id, row["id"], now)
        paid = tuple((p["method"], p["amount_vnd"]) for p in rows.payments)
        return CompletedRefund(row["id"], row["refund_no"], sale.receipt_no, now,
                               row["total_vnd"], row["vat_vnd"], paid, row["rounding_vnd"])  # fmt: skip

    @property
    def _rounding_step(self) -> int:
        """The shop's cash step (0, 500 or 1.000 đ): a refund's cash part is rounded to it."""
        return int(self._settings.get("cash_rounding_vnd", 0))

    def _open_shift(self, s: Session) -> uuid.UUID | None:
        return s.scalar(
            select(Shift.id).where(
                Shift.terminal_code == self._settings["terminal_code"], Shift.closed_at.is_(None)
            )
        )


def _completed_sale(s: Session, receipt_no: str) -> Sale:
    """The sale with that receipt number, if it was not voided (a void or refund starts here)."""
    sale = sale_by_receipt(s, receipt_no)
    if sale.status == "voided":
        raise SaleVoided(receipt_no=sale.receipt_no)
    return sale


def _merge(items: Sequence[RefundItem]) -> dict[tuple[int, str], int]:
    wanted: dict[tuple[int, str], int] = {}
    for item in items:
        q = item.quantity
        if isinstance(q, bool) or not isinstance(q, int) or q < 0:
            raise InvalidQuantity(quantity=q, line_no=item.line_no)
        if item.restock not in RESTOCK_TARGETS:
            raise ValueError(f"restock target {item.restock!r}")
        if q:
            key = (item.line_no, item.restock)
            wanted[key] = wanted.get(key, 0) + q
    if not wanted:
        raise NothingToRefund()
    return wanted


def _priced_lines(sale: SaleForRefund, wanted: dict[tuple[int, str], int]) -> list[PricedLine]:
    """Each line wanted with its amount back; refuses more than is left to refund on a line."""
    by_no = {line.line_no: line for line in sale.lines}
    lines = []
    in_this: dict[int, int] = {}  # a line can go back part to the shelf, part damaged
    for (line_no, restock), qty in wanted.items():
        line = by_no.get(line_no)
        if line is None:
            raise NoSuchLine(line_id=line_no, receipt_no=sale.receipt_no)
        already = line.refunded_quantity + in_this.get(line_no, 0)
        in_this[line_no] = in_this.get(line_no, 0) + qty
        if already + qty > line.quantity:
            raise RefundTooMuch(
                line_no=line_no, sold=line.quantity, refunded=already, requested=qty
            )
        before = div_round(line.amount_vnd * already, line.quantity)
        after = div_round(line.amount_vnd * (already + qty), line.quantity)
        lines.append((line, restock, qty, after - before))
    return lines


def _next_refund_seq(s: Session, terminal: str, business_date: dt.date) -> int:
    """The next number of the terminal's refunds that business day (a counter of their own)."""
    return (
        s.connection()
        .execute(
            sqlite_insert(ReceiptCounter.__table__)
            .values(terminal_code=f"{terminal}/R", business_date=business_date, last_seq=1)
            .on_conflict_do_update(
                index_elements=["terminal_code", "business_date"],
                set_={"last_seq": ReceiptCounter.__table__.c.last_seq + 1},
            )
            .returning(ReceiptCounter.__table__.c.last_seq)
        )
        .scalar_one()
    )
