"""Returns across terminals (issue 13): a receipt sold at another till of the shop, found at
head office and kept here as a copy so that a refund of it is made exactly like a refund of a
sale of this till; and what head office says other tills refunded of a sale.

The copy is written under head office's ids (the sale's, its lines', its payments'), so the
refund that goes up in the outbox names the sale and lines head office has. It is marked by a
``foreign_sales`` row and is none of this till's sales: no shift, no stock movement, no outbox
entry, and the reports leave it out (:func:`db.models.own_sale`). The refund itself is this
till's: its money leaves this drawer, in this shift, and its goods come back to this shelf.

What other tills refunded of a line (``refunded_elsewhere``) is what head office last reported:
everything refunded of it there, less what it has from this till (which this till counts from
its own refund rows, sent or not).
"""

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import (
    ForeignSale,
    Payment,
    Product,
    RefundedElsewhere,
    Sale,
    SaleLine,
    SaleVat,
    User,
)
from kiosk.core.errors import ForeignProductUnknown

if TYPE_CHECKING:  # the wire schema is loaded by the first look-up, not at start
    from hq.protocol_returns import SaleForReturn


class HeadOffice(Protocol):
    """What a refund needs of head office (``kiosk.core.sync.service.SyncService``)."""

    @property
    def enrolled(self) -> bool: ...

    def sale_for_return(
        self,
        *,
        receipt_no: str | None = None,
        sale_id: uuid.UUID | None = None,
        quick: bool = False,
    ) -> "SaleForReturn | None":
        """The sale of this shop as head office has it, None when it has none; raises
        :class:`kiosk.core.errors.ReceiptElsewhereOffline` after a few seconds at most (at
        once when ``quick`` and head office is known to be out of reach)."""
        ...


def _sale_row(record: "SaleForReturn", user_id: uuid.UUID, approver: uuid.UUID | None) -> dict:
    return {
        "id": record.id, "receipt_no": record.receipt_no, "terminal_code": record.terminal_code,
        "business_date": record.business_date, "seq": 0, "user_id": user_id, "shift_id": None,
        "status": record.status, "subtotal_vnd": record.subtotal_vnd,
        "discount_vnd": record.discount_vnd, "total_vnd": record.total_vnd,
        "vat_vnd": record.vat_vnd, "rounding_vnd": record.rounding_vnd,
        "discount_authorised_by": approver, "receipt_lang": record.receipt_lang,
        "created_at": record.created_at,
    }  # fmt: skip


_LINE_FIELDS = ("id", "line_no", "product_id", "barcode", "name_vi", "name_en", "unit",
                "quantity", "unit_price_vnd", "gross_vnd", "line_discount_vnd",
                "cart_discount_vnd", "amount_vnd", "vat_rate_pct")  # fmt: skip
_PAYMENT_FIELDS = ("id", "method", "amount_vnd", "tendered_vnd", "change_vnd", "reference")


def _known_user(s: Session, user_id: uuid.UUID | None) -> uuid.UUID | None:
    if user_id is None:
        return None
    return s.scalar(select(User.id).where(User.id == user_id))


def keep_copy(
    s: Session, record: "SaleForReturn", *, stand_in: uuid.UUID, now: dt.datetime
) -> Sale:
    """Write the copy of another till's sale (or keep the one written before) and note what
    other tills refunded of it. ``stand_in`` is the sale's user when its clerk is not a user
    of this till (its name is kept in ``foreign_sales``)."""
    sale = s.get(Sale, record.id)
    if sale is None:
        _check_products(s, record)
        user_id = _known_user(s, record.user_id) or stand_in
        conn = s.connection()
        conn.execute(Sale.__table__.insert(), [_sale_row(record, user_id, None)])
        conn.execute(
            SaleLine.__table__.insert(),
            [{"sale_id": record.id, **{f: getattr(x, f) for f in _LINE_FIELDS}}
             for x in record.lines],
        )  # fmt: skip
        if record.vat:
            conn.execute(
                SaleVat.__table__.insert(),
                [{"sale_id": record.id, "rate_pct": v.rate_pct, "gross_vnd": v.gross_vnd,
                  "vat_vnd": v.vat_vnd} for v in record.vat],
            )  # fmt: skip
        if record.payments:
            conn.execute(
                Payment.__table__.insert(),
                [{"sale_id": record.id, **{f: getattr(p, f) for f in _PAYMENT_FIELDS}}
                 for p in record.payments],
            )  # fmt: skip
        s.add(
            ForeignSale(
                sale_id=record.id,
                terminal_code=record.terminal_code,
                clerk=record.clerk[:200],
                fetched_at=now,
            )
        )
        s.flush()
        sale = s.get(Sale, record.id)
        assert sale is not None
    elif record.status == "voided" and sale.status != "voided" and is_copy(s, sale.id):
        sale.status = "voided"  # voided at its own till since it was copied
    note_refunded_elsewhere(s, record, now)
    return sale


def _check_products(s: Session, record: "SaleForReturn") -> None:
    wanted = {line.product_id for line in record.lines}
    known = set(s.scalars(select(Product.id).where(Product.id.in_(list(wanted)))))
    for line in record.lines:
        if line.product_id not in known:
            raise ForeignProductUnknown(product_id=line.product_id, name=line.name_vi)


def note_refunded_elsewhere(s: Session, record: "SaleForReturn", now: dt.datetime) -> None:
    """Keep what head office says other tills refunded of each line of the sale."""
    line_ids = list(s.scalars(select(SaleLine.id).where(SaleLine.sale_id == record.id)))
    rows = [
        {"sale_line_id": line.id,
         "quantity": max(0, line.refunded_quantity - line.refunded_here_quantity),
         "amount_vnd": max(0, line.refunded_vnd - line.refunded_here_vnd), "as_of": now}
        for line in record.lines
        if line.id in line_ids
    ]  # fmt: skip
    s.execute(delete(RefundedElsewhere).where(RefundedElsewhere.sale_line_id.in_(line_ids)))
    rows = [r for r in rows if r["quantity"] or r["amount_vnd"]]
    if rows:
        s.execute(sqlite_insert(RefundedElsewhere), rows)


def refunded_elsewhere(s: Session, sale_id: uuid.UUID) -> tuple[int, int]:
    """(pieces, đồng) head office last said other tills refunded of the sale, in all its lines."""
    quantity, amount = s.execute(
        select(
            func.coalesce(func.sum(RefundedElsewhere.quantity), 0),
            func.coalesce(func.sum(RefundedElsewhere.amount_vnd), 0),
        )
        .join(SaleLine, SaleLine.id == RefundedElsewhere.sale_line_id)
        .where(SaleLine.sale_id == sale_id)
    ).one()
    return int(quantity), int(amount)


def is_copy(s: Session, sale_id: uuid.UUID) -> bool:
    return s.get(ForeignSale, sale_id) is not None
