"""The raw figures the period reports are made of: the period, and per product the quantities
and amounts sold and refunded in it, with what the tables show of each product.

Sales of the period count without the voided ones; refunds count in the period they were made,
whenever the refunded sale was made.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import Producer, Product, Province, Refund, RefundLine, Sale, SaleLine, own_sale
from kiosk.core.errors import InvalidPeriod


@dataclass(frozen=True)
class Period:
    """Business days ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date
    terminal_code: str | None = None

    def __post_init__(self):
        if self.end < self.start:
            raise InvalidPeriod(start=self.start, end=self.end)


def sale_filter(p: Period):
    """The condition on Sale for the completed sales of the period (this till's: not the
    copies of other tills' sales it refunded)."""
    cond = [
        Sale.business_date.between(p.start, p.end),
        Sale.status == "completed",
        own_sale(Sale.id),
    ]
    if p.terminal_code:
        cond.append(Sale.terminal_code == p.terminal_code)
    return and_(*cond)


def refund_filter(p: Period):
    """The condition on Refund for the refunds made in the period."""
    cond = [Refund.business_date.between(p.start, p.end)]
    if p.terminal_code:
        cond.append(Refund.terminal_code == p.terminal_code)
    return and_(*cond)


@dataclass
class Net:
    """One product's quantities and amounts sold and refunded in a period, and the net of both."""

    sold_qty: int = 0
    sold_vnd: int = 0
    refunded_qty: int = 0
    refunded_vnd: int = 0

    @property
    def qty(self) -> int:
        return self.sold_qty - self.refunded_qty

    @property
    def vnd(self) -> int:
        return self.sold_vnd - self.refunded_vnd


def per_product(s: Session, p: Period) -> dict[uuid.UUID, Net]:
    """What each product sold and had refunded in the period."""
    out: dict[uuid.UUID, Net] = {}
    for pid, qty, amount in s.execute(
        select(SaleLine.product_id, func.sum(SaleLine.quantity), func.sum(SaleLine.amount_vnd))
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(sale_filter(p))
        .group_by(SaleLine.product_id)
    ):
        out[pid] = Net(qty, amount)
    for pid, qty, amount in s.execute(
        select(
            RefundLine.product_id, func.sum(RefundLine.quantity), func.sum(RefundLine.amount_vnd)
        )
        .join(Refund, Refund.id == RefundLine.refund_id)
        .where(refund_filter(p))
        .group_by(RefundLine.product_id)
    ):
        net = out.setdefault(pid, Net())
        net.refunded_qty, net.refunded_vnd = qty, amount
    return out


@dataclass(frozen=True)
class ProductInfo:
    """What the tables show of a product; producer and province "" when unknown."""

    sku: str
    name: str
    unit: str
    group: str
    producer: str
    province: str


def product_name(lang: str):
    """The product's name as a report in ``lang`` shows it: English where it has one."""
    if lang == "en":
        return func.coalesce(func.nullif(Product.name_en, ""), Product.name_vi)
    return Product.name_vi


def product_infos(
    s: Session, ids: Iterable[uuid.UUID], lang: str = "vi"
) -> dict[uuid.UUID, ProductInfo]:
    """The products ``ids``; the province is the product's own, else its producer's."""
    ids = list(ids)
    out = {}
    producer_province = Province.__table__.alias("producer_province")
    for i in range(0, len(ids), 10_000):
        rows = s.execute(
            select(
                Product.id,
                Product.sku,
                product_name(lang),
                Product.unit,
                Product.group_code,
                Producer.name,
                func.coalesce(Province.name, producer_province.c.name),
            )
            .outerjoin(Producer, Producer.id == Product.producer_id)
            .outerjoin(Province, Province.code == Product.province_code)
            .outerjoin(producer_province, producer_province.c.code == Producer.province_code)
            .where(Product.id.in_(ids[i : i + 10_000]))
        )
        for pid, sku, name, unit, group, producer, province in rows:
            out[pid] = ProductInfo(sku, name, unit, group, producer or "", province or "")
    return out
