"""Voids and refunds of completed sales.

Before payment, voiding a line or the whole cart is the cart's job (``Cart.remove``/``clear``):
nothing was written, so nothing is reversed; :func:`record_cart_void` leaves the audit event. After payment:

- **Void**: a whole sale, only in the shift that made it (the money is still in the drawer),
  with a manager's authorisation. The sale is marked ``voided`` and a ``sale_voids`` row says who
  and why; its stock comes back by ``void`` movements. Reports leave voided sales out of every
  figure and show them on their own line.
- **Refund**: some or all lines of an earlier sale (found by the receipt number that its Code 128
  barcode carries, or by search), paid back to the sale's own payment methods (card and transfer
  first, then cash) or in cash, in the open shift. A line's refunds never pass its quantity; amounts are the line's amount as paid
  (after line and cart discounts) in proportion to the quantity, computed on the running total
  so that refunding a line in parts gives back exactly what was paid for it. Goods go back to the
  shelf (a ``refund`` movement) or are written off as damaged (the ``refund`` movement and an
  ``adjustment`` out of the same quantity), so the ledger still sums to the stock level.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from db.ids import new_id
from db.models import (
    RESTOCK_TARGETS,
    Payment,
    ReceiptCounter,
    Refund,
    RefundLine,
    RefundPayment,
    RefundVat,
    Sale,
    SaleLine,
    SaleVoid,
    Shift,
    StockAdjustment,
    StockLevel,
    StockMovement,
    User,
)
from kiosk.core.errors import (
    InvalidQuantity,
    MissingReason,
    NoOpenShift,
    NoSuchLine,
    NothingToRefund,
    RefundTooMuch,
    SaleHasRefunds,
    SaleVoided,
    VoidOutsideShift,
)
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission, require, require_or_authorised
from kiosk.core.pricing import div_round, vat_by_rate
from kiosk.core.records import audit, enqueue
from kiosk.core.sale.receipt import UnknownSale
from kiosk.core.stock.ledger import LEVEL_UPSERT

REFUND_TARGETS = ("original", "cash")
PAYBACK_ORDER = ("card", "vietqr", "cash")
_LEVELS = StockLevel.__table__


@dataclass(frozen=True)
class RefundableLine:
    """A line of a sale with what is left to refund on it."""

    sale_line_id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    name_vi: str
    name_en: str
    unit: str
    quantity: int
    amount_vnd: int
    vat_rate_pct: int
    refunded_quantity: int
    refunded_vnd: int

    @property
    def left(self) -> int:
        return self.quantity - self.refunded_quantity


@dataclass(frozen=True)
class SaleForRefund:
    """A stored sale as the refund screen shows it."""

    id: uuid.UUID
    receipt_no: str
    created_at: dt.datetime
    status: str
    total_vnd: int
    clerk: str
    shift_id: uuid.UUID | None
    lines: tuple[RefundableLine, ...]
    payments: tuple[tuple[str, int], ...]
    refunds: tuple[str, ...]  # refund numbers already made


@dataclass(frozen=True)
class SaleSummary:
    id: uuid.UUID
    receipt_no: str
    created_at: dt.datetime
    total_vnd: int
    status: str
    clerk: str


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
    total_vnd: int
    vat_vnd: int
    payments: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class VoidedSale:
    sale_id: uuid.UUID
    receipt_no: str
    total_vnd: int
    cash_vnd: int  # to hand back from the drawer
    voided_at: dt.datetime


def refund_number(terminal_code: str, business_date: dt.date, seq: int) -> str:
    return f"{terminal_code}-{business_date:%Y%m%d}-R{seq:04d}"


def _reason(reason: object, action: str) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise MissingReason(action=action)
    return text[:200]


class Refunds:
    """Voids and refunds at this terminal. ``clock`` is injectable for tests."""

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

    # -- finding the sale ------------------------------------------------------------------

    def find(self, receipt_no: str) -> SaleForRefund:
        """The sale whose receipt number was scanned (Code 128 on the receipt) or typed."""
        with self._sf() as s:
            sale = s.scalars(select(Sale).where(Sale.receipt_no == receipt_no.strip())).first()
            if sale is None:
                raise UnknownSale(sale_id=None, receipt_no=receipt_no)
            return _for_refund(s, sale)

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
        query = select(Sale, User.name).join(User, User.id == Sale.user_id)
        if text.strip():
            query = query.where(Sale.receipt_no.contains(text.strip(), autoescape=True))
        if on is not None:
            query = query.where(Sale.business_date == on)
        if total_vnd is not None:
            query = query.where(Sale.total_vnd == total_vnd)
        query = query.order_by(Sale.created_at.desc()).limit(limit)
        with self._sf() as s:
            return [
                SaleSummary(
                    sale.id, sale.receipt_no, sale.created_at, sale.total_vnd, sale.status, n
                )
                for sale, n in s.execute(query)
            ]

    # -- void ------------------------------------------------------------------------------

    def void_sale(self, actor, receipt_no: str, reason: str, *, authorised_by=None) -> VoidedSale:
        """Void a completed sale of the open shift: mark it, put its stock back, audit it."""
        require(actor, Permission.SELL)
        approver = require_or_authorised(actor, Permission.VOID_SALE, authorised_by)
        reason = _reason(reason, "void")
        now = self._clock()
        with self._sf.begin() as s:
            sale = s.scalars(select(Sale).where(Sale.receipt_no == receipt_no.strip())).first()
            if sale is None:
                raise UnknownSale(sale_id=None, receipt_no=receipt_no)
            if sale.status == "voided":
                raise SaleVoided(receipt_no=sale.receipt_no)
            open_id = self._open_shift(s)
            if sale.shift_id is None or sale.shift_id != open_id:
                raise VoidOutsideShift(
                    receipt_no=sale.receipt_no, sale_shift_id=sale.shift_id, open_shift_id=open_id
                )
            if s.scalar(select(func.count()).where(Refund.sale_id == sale.id)):
                raise SaleHasRefunds(receipt_no=sale.receipt_no)
            s.execute(
                update(Sale)
                .where(Sale.id == sale.id, Sale.status == "completed")
                .values(status="voided")
            )
            void_row = {
                "sale_id": sale.id,
                "shift_id": open_id,
                "user_id": actor.id,
                "authorised_by": approver,
                "reason": reason,
                "total_vnd": sale.total_vnd,
                "created_at": now,
            }
            conn = s.connection()
            conn.execute(SaleVoid.__table__.insert(), [void_row])
            sold = s.execute(
                select(StockMovement.product_id, func.sum(StockMovement.quantity))
                .where(StockMovement.sale_id == sale.id, StockMovement.kind == "sale")
                .group_by(StockMovement.product_id)
            ).all()
            movements = [
                _movement(pid, "void", -qty, sale.receipt_no, sale.id, actor.id, now)
                for pid, qty in sold
            ]
            _write_stock(conn, movements, now)
            cash = sum(p.amount_vnd for p in sale.payments if p.method == "cash")
            audit(
                s,
                "void",
                user_id=actor.id,
                authorised_by=approver,
                subject_id=str(sale.id),
                at=now,
                receipt_no=sale.receipt_no,
                total_vnd=sale.total_vnd,
                reason=reason,
            )
            enqueue(s, "void", {**void_row, "receipt_no": sale.receipt_no, "movements": movements})
            return VoidedSale(sale.id, sale.receipt_no, sale.total_vnd, cash, now)

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
        approver = require_or_authorised(actor, Permission.REFUND, authorised_by)
        reason = _reason(reason, "refund")
        if to not in REFUND_TARGETS:
            raise ValueError(f"refund target {to!r}")
        wanted = _merge(items)
        now = self._clock()
        terminal = self._settings["terminal_code"]
        with self._sf.begin() as s:
            sale = s.scalars(select(Sale).where(Sale.receipt_no == receipt_no.strip())).first()
            if sale is None:
                raise UnknownSale(sale_id=None, receipt_no=receipt_no)
            if sale.status == "voided":
                raise SaleVoided(receipt_no=sale.receipt_no)
            shift_id = self._open_shift(s)
            if shift_id is None:
                raise NoOpenShift(terminal_code=terminal)
            view = _for_refund(s, sale)
            by_no = {line.line_no: line for line in view.lines}
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
            total = sum(amount for *_, amount in lines)
            business_date = now.astimezone(VIETNAM).date()
            seq = (
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
            refund_no = refund_number(terminal, business_date, seq)
            vat = vat_by_rate((line.vat_rate_pct, amount) for line, _, _, amount in lines)
            refund_id = new_id()
            row = {
                "id": refund_id,
                "refund_no": refund_no,
                "sale_id": sale.id,
                "terminal_code": terminal,
                "business_date": business_date,
                "shift_id": shift_id,
                "user_id": actor.id,
                "authorised_by": approver,
                "reason": reason,
                "total_vnd": total,
                "vat_vnd": sum(v.vat_vnd for v in vat),
                "receipt_lang": receipt_lang or sale.receipt_lang,
                "created_at": now,
            }
            line_rows = [
                {
                    "id": new_id(),
                    "refund_id": refund_id,
                    "line_no": no,
                    "sale_line_id": line.sale_line_id,
                    "product_id": line.product_id,
                    "name_vi": line.name_vi,
                    "name_en": line.name_en,
                    "unit": line.unit,
                    "quantity": qty,
                    "amount_vnd": amount,
                    "vat_rate_pct": line.vat_rate_pct,
                    "restock": restock,
                }
                for no, (line, restock, qty, amount) in enumerate(lines, start=1)
            ]
            vat_rows = [
                {"refund_id": refund_id, "rate_pct": v.rate_pct, "gross_vnd": v.gross_vnd,
                 "vat_vnd": v.vat_vnd}
                for v in vat
            ]  # fmt: skip
            pay_rows = [
                {"id": new_id(), "refund_id": refund_id, "method": m, "amount_vnd": a,
                 "reference": ""}
                for m, a in _payback(s, sale, total, to)
            ]  # fmt: skip
            conn = s.connection()
            conn.execute(Refund.__table__.insert(), [row])
            conn.execute(RefundLine.__table__.insert(), line_rows)
            if vat_rows:
                conn.execute(RefundVat.__table__.insert(), vat_rows)
            if pay_rows:
                conn.execute(RefundPayment.__table__.insert(), pay_rows)
            movements, adjustments = [], []
            for r in line_rows:
                movements.append(
                    _movement(r["product_id"], "refund", r["quantity"], refund_no, sale.id,
                              actor.id, now)
                )  # fmt: skip
                if r["restock"] == "damaged":
                    # Written off as the stock screens write it off: an adjustment (reason
                    # "damaged") with its movement, so the manager's list of adjustments has it.
                    out = _movement(r["product_id"], "adjustment", -r["quantity"],
                                    f"damaged: {refund_no}", sale.id, actor.id, now)  # fmt: skip
                    movements.append(out)
                    adjustments.append(
                        {"id": new_id(), "product_id": r["product_id"], "quantity": r["quantity"],
                         "reason": "damaged", "note": refund_no, "batch_no": "",
                         "movement_id": out["id"], "user_id": actor.id, "created_at": now}
                    )  # fmt: skip
            _write_stock(conn, movements, now)
            if adjustments:
                conn.execute(StockAdjustment.__table__.insert(), adjustments)
            audit(
                s,
                "refund",
                user_id=actor.id,
                authorised_by=approver,
                subject_id=str(refund_id),
                at=now,
                refund_no=refund_no,
                receipt_no=sale.receipt_no,
                total_vnd=total,
                reason=reason,
            )
            enqueue(
                s,
                "refund",
                {
                    "refund": row,
                    "lines": line_rows,
                    "vat": vat_rows,
                    "payments": pay_rows,
                    "movements": movements,
                    "adjustments": adjustments,
                },
            )
        return CompletedRefund(
            refund_id,
            refund_no,
            sale.receipt_no,
            now,
            total,
            row["vat_vnd"],
            tuple((p["method"], p["amount_vnd"]) for p in pay_rows),
        )

    def _open_shift(self, s: Session) -> uuid.UUID | None:
        return s.scalar(
            select(Shift.id).where(
                Shift.terminal_code == self._settings["terminal_code"], Shift.closed_at.is_(None)
            )
        )


def record_cart_void(
    session_factory: sessionmaker[Session], actor, lines: Sequence[Any], *, whole_cart: bool
) -> None:
    """Audit lines voided from a cart before payment (``Cart.remove``/``clear`` write
    nothing): which goods, how many, for how much, by whom. ``lines`` are cart lines."""
    if not lines:
        return
    voided = [
        {
            "product_id": str(line.item.product_id),
            "name_vi": line.item.name_vi,
            "quantity": line.quantity,
            "gross_vnd": line.gross_vnd,
        }
        for line in lines
    ]
    with session_factory.begin() as s:
        audit(
            s,
            "cart_void" if whole_cart else "line_void",
            user_id=actor.id,
            lines=voided,
            total_vnd=sum(v["gross_vnd"] for v in voided),
        )


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


def _for_refund(s: Session, sale: Sale) -> SaleForRefund:
    refunded = {
        sale_line_id: (qty, amount)
        for sale_line_id, qty, amount in s.execute(
            select(
                RefundLine.sale_line_id,
                func.sum(RefundLine.quantity),
                func.sum(RefundLine.amount_vnd),
            )
            .join(Refund, Refund.id == RefundLine.refund_id)
            .where(Refund.sale_id == sale.id)
            .group_by(RefundLine.sale_line_id)
        )
    }
    lines = tuple(
        RefundableLine(
            ln.id, ln.line_no, ln.product_id, ln.name_vi, ln.name_en, ln.unit, ln.quantity,
            ln.amount_vnd, ln.vat_rate_pct, *refunded.get(ln.id, (0, 0)),
        )
        for ln in s.scalars(
            select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)
        )
    )  # fmt: skip
    payments = tuple(
        s.execute(
            select(Payment.method, Payment.amount_vnd).where(Payment.sale_id == sale.id)
        ).all()
    )
    refunds = tuple(
        s.scalars(
            select(Refund.refund_no).where(Refund.sale_id == sale.id).order_by(Refund.created_at)
        )
    )
    clerk = s.scalar(select(User.name).where(User.id == sale.user_id)) or ""
    return SaleForRefund(
        sale.id, sale.receipt_no, sale.created_at, sale.status, sale.total_vnd, clerk,
        sale.shift_id, lines, tuple((m, a) for m, a in payments), refunds,
    )  # fmt: skip


def _payback(s: Session, sale: Sale, total: int, to: str) -> list[tuple[str, int]]:
    """How ``total`` goes back: all cash, or to the sale's own methods, card and transfer first
    (exact electronic amounts, no change to find), each up to what it has left after earlier
    refunds, then cash."""
    if total == 0:
        return []
    if to == "cash":
        return [("cash", total)]
    left: dict[str, int] = {}
    for method, amount in s.execute(
        select(Payment.method, Payment.amount_vnd).where(Payment.sale_id == sale.id)
    ):
        left[method] = left.get(method, 0) + amount
    for method, amount in s.execute(
        select(RefundPayment.method, func.sum(RefundPayment.amount_vnd))
        .join(Refund, Refund.id == RefundPayment.refund_id)
        .where(Refund.sale_id == sale.id)
        .group_by(RefundPayment.method)
    ):
        left[method] = left.get(method, 0) - amount
    out = []
    due = total
    for method in PAYBACK_ORDER:
        part = min(due, max(0, left.get(method, 0)))
        if part:
            out.append((method, part))
            due -= part
    if due:
        # Only when an earlier refund paid card money back in cash: the rest goes back in cash.
        cash = dict(out).get("cash", 0) + due
        out = [*((m, a) for m, a in out if m != "cash"), ("cash", cash)]
    return out


def _movement(product_id, kind, quantity, reason, sale_id, user_id, now) -> dict[str, Any]:
    return {
        "id": new_id(),
        "product_id": product_id,
        "kind": kind,
        "quantity": quantity,
        "unit_cost_vnd": None,
        "reason": reason,
        "sale_id": sale_id,
        "user_id": user_id,
        "created_at": now,
    }


def _write_stock(conn, movements: list[dict[str, Any]], now: dt.datetime) -> None:
    """Append the movements and move the levels with them, in the caller's transaction."""
    if not movements:
        return
    conn.execute(StockMovement.__table__.insert(), movements)
    deltas: dict[uuid.UUID, int] = {}
    for m in movements:
        deltas[m["product_id"]] = deltas.get(m["product_id"], 0) + m["quantity"]
    levels = [{"product_id": p, "delta": d, "updated_at": now} for p, d in deltas.items() if d]
    if levels:
        conn.execute(LEVEL_UPSERT, levels)
