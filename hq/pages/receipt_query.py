"""Finding receipts: by number, business date, shop, product (name or barcode) and amount,
within what the operator may see, a page at a time, newest first."""

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import ColumnElement, exists, false, func, or_, select
from sqlalchemy.orm import Session

from hq import catalogue_edit
from hq.models import Operator, Product, Refund, Sale, SaleLine, Shop, Terminal
from hq.pages import scope
from hq.pages.common import PAGE_SIZE, parse_date, parse_vnd


@dataclasses.dataclass(frozen=True)
class ReceiptFilter:
    number: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    shop: str = ""
    product: str = ""
    amount_min: int | None = None
    amount_max: int | None = None
    page: int = 1

    @classmethod
    def from_query(cls, q: dict[str, str]) -> "ReceiptFilter":
        page = q.get("page", "1")
        return cls(
            number=q.get("number", "").strip()[:40],
            date_from=parse_date(q.get("from")),
            date_to=parse_date(q.get("to")),
            shop=q.get("shop", "").strip()[:16],
            product=q.get("product", "").strip()[:100].replace("\x00", ""),
            amount_min=parse_vnd(q.get("min")),
            amount_max=parse_vnd(q.get("max")),
            page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
        )


@dataclasses.dataclass(frozen=True)
class ReceiptRow:
    id: uuid.UUID
    receipt_no: str
    business_date: dt.date
    created_at: dt.datetime
    shop: str
    terminal_code: str
    status: str
    total_vnd: int
    refunded_vnd: int


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _catalogue_products(text: str) -> ColumnElement[bool]:
    """Lines of the catalogue's products named like ``text`` without its diacritics: "nuoc mam"
    finds the lines of "Nước mắm" (the lines' own names are matched as typed)."""
    conditions = catalogue_edit.matching(text)
    if not conditions:
        return false()
    return SaleLine.product_id.in_(select(Product.id).where(*conditions))


def _conditions(op: Operator, f: ReceiptFilter) -> list[ColumnElement[bool]]:
    where = [scope.sale_visible(op)]
    if f.number:
        where.append(Sale.receipt_no.ilike(_like(f.number), escape="\\"))
    if f.date_from:
        where.append(Sale.business_date >= f.date_from)
    if f.date_to:
        where.append(Sale.business_date <= f.date_to)
    if f.shop:
        where.append(Shop.code == f.shop)
    if f.amount_min is not None:
        where.append(Sale.total_vnd >= f.amount_min)
    if f.amount_max is not None:
        where.append(Sale.total_vnd <= f.amount_max)
    if f.product:
        pattern = _like(f.product)
        where.append(
            exists(
                select(SaleLine.id).where(
                    SaleLine.sale_id == Sale.id,
                    scope.line_visible(op),
                    or_(
                        SaleLine.barcode == f.product,
                        SaleLine.name_vi.ilike(pattern, escape="\\"),
                        SaleLine.name_en.ilike(pattern, escape="\\"),
                        _catalogue_products(f.product),
                    ),
                )
            )
        )
    return where


def search(session: Session, op: Operator, f: ReceiptFilter) -> tuple[list[ReceiptRow], bool]:
    """A page of the receipts that match ``f`` and the operator may see, and whether more
    follow."""
    refunded = (
        select(func.coalesce(func.sum(Refund.total_vnd), 0))
        .where(Refund.sale_id == Sale.id)
        .scalar_subquery()
    )
    query = (
        select(Sale.id, Sale.receipt_no, Sale.business_date, Sale.created_at, Shop.name,
               Sale.terminal_code, Sale.status, Sale.total_vnd, refunded)
        .join(Terminal, Terminal.id == Sale.terminal_id)
        .join(Shop, Shop.id == Terminal.shop_id)
        .where(*_conditions(op, f))
        .order_by(Sale.created_at.desc(), Sale.id.desc())
        .offset((f.page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )  # fmt: skip
    rows = [ReceiptRow(*r) for r in session.execute(query)]
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def visible_shops(session: Session, op: Operator) -> list[Shop]:
    """The shops the operator may pick in a filter."""
    query = select(Shop).order_by(Shop.code)
    if op.role == "shop_manager":
        query = query.where(Shop.id == op.shop_id)
    return list(session.scalars(query))
