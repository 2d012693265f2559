"""What a goods receipt is checked against, the warnings it gives, and how it is shown.

The rules of kiosk.core.stock.goods_receipts kept apart from its transactions: bounds on quantities and
costs, expiry dates, certificate and batch warnings, and the frozen views handed to the UI.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db.models import GoodsReceipt, GoodsReceiptLine, Producer, Product
from kiosk.core import errors
from kiosk.core.localtime import VIETNAM
from kiosk.core.pricing import weighed_amount

# A delivery of more than this is a typing slip (an extra zero or a scanned barcode in the
# quantity field), not a delivery: 100,000 pieces, or 10 tonnes of goods sold by weight.
MAX_QUANTITY = {"piece": 100_000, "gram": 10_000_000}
MAX_UNIT_COST_VND = 1_000_000_000  # per piece, or per kilogram for goods sold by weight
CERTIFICATE_WARNING_DAYS = 60
NEAR_EXPIRY_DAYS = 30
MAX_SHELF_LIFE_DAYS = 366 * 30
DATED_GROUPS = ("food", "herbal")  # goods that must come with a batch expiry date


def business_date(now: dt.datetime) -> dt.date:
    """Today in Vietnam: what expiry dates are compared with."""
    return now.astimezone(VIETNAM).date()


@dataclass(frozen=True)
class StockWarning:
    """Something the manager should see but may accept. ``kind``: ``certificate_expired``,
    ``certificate_expiring``, ``batch_near_expiry`` or ``other_producer``; ``date`` and
    ``days_left`` for the first three."""

    kind: str
    product_id: uuid.UUID
    name_vi: str
    date: dt.date | None = None
    days_left: int | None = None
    batch_no: str = ""


@dataclass(frozen=True)
class LineAdded:
    line_id: uuid.UUID
    warnings: tuple[StockWarning, ...]


@dataclass(frozen=True)
class ReceiptLineView:
    """A line as shown: ``cost_vnd`` is quantity x unit cost (per kg for weighed goods)."""

    id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    sku: str
    name_vi: str
    unit: str
    quantity: int
    unit_cost_vnd: int | None
    cost_vnd: int
    batch_no: str
    expiry_date: dt.date | None
    consignment: bool
    commission_pct: int


@dataclass(frozen=True)
class ReceiptView:
    id: uuid.UUID
    producer_id: uuid.UUID
    producer: str
    delivery_note_no: str
    note: str
    status: str
    reverses_id: uuid.UUID | None
    reversed_by_id: uuid.UUID | None
    created_by: uuid.UUID
    created_at: dt.datetime
    confirmed_by: uuid.UUID | None
    confirmed_at: dt.datetime | None
    lines: tuple[ReceiptLineView, ...]
    cost_vnd: int
    warnings: tuple[StockWarning, ...]


@dataclass(frozen=True)
class ReceiptSummary:
    """A row of the receipts list."""

    id: uuid.UUID
    producer: str
    delivery_note_no: str
    status: str
    reverses_id: uuid.UUID | None
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    lines: int
    cost_vnd: int


@dataclass(frozen=True)
class ConfirmedReceipt:
    receipt: ReceiptView
    warnings: tuple[StockWarning, ...]


def check_quantity(quantity: object, unit: str) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise errors.InvalidQuantity(quantity=quantity, reason="not_integer")
    if quantity <= 0:
        raise errors.InvalidQuantity(quantity=quantity, reason="not_positive")
    if quantity > MAX_QUANTITY[unit]:
        raise errors.InvalidQuantity(quantity=quantity, reason="too_large", unit=unit)
    return quantity


def check_cost(cost: object) -> int | None:
    if cost is None:
        return None
    if isinstance(cost, bool) or not isinstance(cost, int):
        raise errors.InvalidCost(value=cost, reason="not_integer")
    if cost < 0:
        raise errors.InvalidCost(value=cost, reason="negative")
    if cost > MAX_UNIT_COST_VND:
        raise errors.InvalidCost(value=cost, reason="too_large")
    return cost


def check_commission(pct: object) -> int:
    if isinstance(pct, bool) or not isinstance(pct, int) or not 0 <= pct <= 100:
        raise errors.InvalidProduct(field="commission_pct", value=pct)
    return pct


def check_expiry(expiry: object, today: dt.date) -> dt.date | None:
    """A batch's expiry date: not in the past (a new batch), not absurdly far."""
    if expiry is None:
        return None
    if isinstance(expiry, dt.datetime) or not isinstance(expiry, dt.date):
        raise errors.InvalidBatch(value=expiry, reason="not_a_date")
    if expiry < today:
        raise errors.InvalidBatch(value=expiry, reason="expired")
    if (expiry - today).days > MAX_SHELF_LIFE_DAYS:
        raise errors.InvalidBatch(value=expiry, reason="too_far")
    return expiry


def line_problems(product: Product, line: GoodsReceiptLine, today: dt.date) -> None:
    """Raise for what stops a draft line from being confirmed."""
    check_quantity(line.quantity, product.unit)
    if line.unit_cost_vnd is None and not line.consignment:
        raise errors.InvalidCost(value=None, reason="required", product_id=product.id)
    if product.group_code in DATED_GROUPS and line.expiry_date is None:
        raise errors.InvalidBatch(value=None, reason="required", product_id=product.id)
    check_expiry(line.expiry_date, today)


def certificate_warning(product: Product, today: dt.date) -> StockWarning | None:
    expiry = product.certificate_expiry
    if product.ocop_stars is None or expiry is None:
        return None
    days = (expiry - today).days
    if days < 0:
        kind = "certificate_expired"
    elif days <= CERTIFICATE_WARNING_DAYS:
        kind = "certificate_expiring"
    else:
        return None
    return StockWarning(kind, product.id, product.name_vi, expiry, days)


def line_warnings(
    product: Product, line: GoodsReceiptLine, producer_id: uuid.UUID, today: dt.date
) -> list[StockWarning]:
    found = []
    if (cert := certificate_warning(product, today)) is not None:
        found.append(cert)
    if line.expiry_date is not None:
        days = (line.expiry_date - today).days
        if days <= NEAR_EXPIRY_DAYS:
            found.append(
                StockWarning(
                    "batch_near_expiry",
                    product.id,
                    product.name_vi,
                    line.expiry_date,
                    days,
                    line.batch_no,
                )
            )
    if product.producer_id is not None and product.producer_id != producer_id:
        found.append(StockWarning("other_producer", product.id, product.name_vi))
    return found


def line_cost(unit: str, quantity: int, unit_cost_vnd: int | None) -> int:
    if unit_cost_vnd is None:
        return 0
    if unit == "gram":
        sign = -1 if quantity < 0 else 1
        return sign * weighed_amount(unit_cost_vnd, abs(quantity))
    return quantity * unit_cost_vnd


def receipt_view(s: Session, receipt: GoodsReceipt, today: dt.date) -> ReceiptView:
    products = {
        p.id: p
        for p in s.scalars(
            select(Product).where(Product.id.in_({ln.product_id for ln in receipt.lines}))
        )
    }
    lines, warnings, seen = [], [], set()
    for ln in receipt.lines:
        product = products[ln.product_id]
        lines.append(
            ReceiptLineView(
                id=ln.id,
                line_no=ln.line_no,
                product_id=ln.product_id,
                sku=product.sku,
                name_vi=product.name_vi,
                unit=product.unit,
                quantity=ln.quantity,
                unit_cost_vnd=ln.unit_cost_vnd,
                cost_vnd=line_cost(product.unit, ln.quantity, ln.unit_cost_vnd),
                batch_no=ln.batch_no,
                expiry_date=ln.expiry_date,
                consignment=ln.consignment,
                commission_pct=ln.commission_pct,
            )
        )
        if receipt.reverses_id is None:
            for w in line_warnings(product, ln, receipt.producer_id, today):
                if (w.kind, w.product_id, w.batch_no) not in seen:
                    seen.add((w.kind, w.product_id, w.batch_no))
                    warnings.append(w)
    reversed_by = s.scalar(select(GoodsReceipt.id).where(GoodsReceipt.reverses_id == receipt.id))
    return ReceiptView(
        id=receipt.id,
        producer_id=receipt.producer_id,
        producer=s.scalar(select(Producer.name).where(Producer.id == receipt.producer_id)) or "",
        delivery_note_no=receipt.delivery_note_no,
        note=receipt.note,
        status=receipt.status,
        reverses_id=receipt.reverses_id,
        reversed_by_id=reversed_by,
        created_by=receipt.created_by,
        created_at=receipt.created_at,
        confirmed_by=receipt.confirmed_by,
        confirmed_at=receipt.confirmed_at,
        lines=tuple(lines),
        cost_vnd=sum(x.cost_vnd for x in lines),
        warnings=tuple(warnings),
    )


def receipt_summaries(
    s: Session,
    status: str | None,
    producer_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> list[ReceiptSummary]:
    """Rows of the receipts list, newest first, with their line count and cost."""
    cost = GoodsReceiptLine.quantity * func.coalesce(GoodsReceiptLine.unit_cost_vnd, 0)
    lines = (
        select(
            GoodsReceiptLine.receipt_id.label("rid"),
            func.count().label("n"),
            # Weighed goods cost per kilogram (rounded once per line, as receipt_view does).
            func.sum(case((Product.unit == "gram", (cost + 500) / 1000), else_=cost)).label("cost"),
        )
        .join(Product, Product.id == GoodsReceiptLine.product_id)
        .group_by(GoodsReceiptLine.receipt_id)
        .subquery()
    )
    query = (
        select(GoodsReceipt, Producer.name, lines.c.n, lines.c.cost)
        .join(Producer, Producer.id == GoodsReceipt.producer_id)
        .outerjoin(lines, lines.c.rid == GoodsReceipt.id)
        .order_by(GoodsReceipt.created_at.desc(), GoodsReceipt.id.desc())
        .limit(max(1, min(limit, 500)))
        .offset(max(0, offset))
    )
    if status is not None:
        query = query.where(GoodsReceipt.status == status)
    if producer_id is not None:
        query = query.where(GoodsReceipt.producer_id == producer_id)
    return [
        ReceiptSummary(
            id=r.id,
            producer=name,
            delivery_note_no=r.delivery_note_no,
            status=r.status,
            reverses_id=r.reverses_id,
            created_at=r.created_at,
            confirmed_at=r.confirmed_at,
            lines=n or 0,
            cost_vnd=cost or 0,
        )
        for r, name, n, cost in s.execute(query)
    ]


LINE_FIELDS = (
    "quantity",
    "unit_cost_vnd",
    "batch_no",
    "expiry_date",
    "consignment",
    "commission_pct",
)


def clean_line_changes(changes: dict, unit: str, today: dt.date) -> dict:
    """Changes to a draft line, each value checked (the fields of GoodsReceipts.add_line)."""
    clean = {}
    for key, value in changes.items():
        if key == "quantity":
            clean[key] = check_quantity(value, unit)
        elif key == "unit_cost_vnd":
            clean[key] = check_cost(value)
        elif key == "batch_no":
            if not isinstance(value, str) or len(value.strip()) > 40:
                raise errors.InvalidBatch(value=value, reason="too_long")
            clean[key] = value.strip()
        elif key == "expiry_date":
            clean[key] = check_expiry(value, today)
        elif key == "commission_pct":
            clean[key] = check_commission(value)
        elif key == "consignment":
            clean[key] = bool(value)
        else:
            raise errors.InvalidProduct(field=key, reason="unknown_field")
    return clean
