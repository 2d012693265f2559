"""One producer's share of the chain: its products sold per shop over a period (quantity,
amount, unit prices, refunds), its stock left at each shop, and the consignment statements the
shops settled with it.

Only the producer's own products (head office's catalogue: ``products.producer_id``) are ever
read: another producer's lines in the same receipts are not selected, so they cannot show.
Figures follow the chain reports' rules (:mod:`hq.reports.sales`): completed sales of their
business day (a voided sale counts nowhere), refunds on the day they were given.

Sales per shop are summed from the sale lines, not the daily rollups, which are chain-wide per
product: a producer's products are a handful of the catalogue, and ``sale_lines.product_id`` is
indexed, so a period reads that producer's lines only.
"""

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq.models import (
    Producer,
    Product,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    Settlement,
    Shop,
    StockOnHand,
    Terminal,
)
from hq.reports.table import SHOP_TZ, Column, Period, Report, totals

UNITS = {"gram": "g", "piece": "cái / pcs"}

SALES_COLUMNS = (
    Column("Sản phẩm / Product"),
    Column("Mã / SKU"),
    Column("Cửa hàng / Shop"),
    Column("Đơn vị / Unit"),
    Column("Đã bán / Sold", "qty"),
    Column("Doanh số / Sold", "vnd"),
    Column("Giá TB / Avg price", "vnd"),
    Column("Giá thấp nhất / Min price", "vnd"),
    Column("Giá cao nhất / Max price", "vnd"),
    Column("Trả lại / Returned", "qty"),
    Column("Đã trả / Refunded", "vnd"),
    Column("Ròng / Net", "vnd"),
)
PRICES = (6, 7, 8)  # the columns of unit prices
SALES_NOTE = (
    "Giá là giá niêm yết một cái, hoặc một kg với hàng cân; doanh số sau chiết khấu. / Prices "
    "are list prices per piece, or per kg for goods sold by weight; amounts are after discounts."
)


def _products(producer_id: uuid.UUID):
    return select(Product.id).where(Product.producer_id == producer_id).scalar_subquery()


def _sold(s: Session, producer_id: uuid.UUID, p: Period) -> dict[tuple, list[int]]:
    """(product id, shop code) → [qty, amount, Σ price×qty, min price, max price]."""
    line = SaleLine
    query = (
        select(line.product_id, Shop.code, func.sum(line.quantity), func.sum(line.amount_vnd),
               func.sum(line.unit_price_vnd * line.quantity), func.min(line.unit_price_vnd),
               func.max(line.unit_price_vnd))
        .join(Sale, Sale.id == line.sale_id)
        .join(Terminal, Terminal.id == Sale.terminal_id)
        .join(Shop, Shop.id == Terminal.shop_id)
        .where(line.product_id.in_(_products(producer_id)), Sale.status == "completed",
               Sale.business_date.between(p.start, p.end))
        .group_by(line.product_id, Shop.code)
    )  # fmt: skip
    return {(pid, shop): [int(v) for v in rest] for pid, shop, *rest in s.execute(query)}


def _refunded(s: Session, producer_id: uuid.UUID, p: Period) -> dict[tuple, tuple[int, int]]:
    """(product id, shop code) → (qty, amount) refunded in the period."""
    query = (
        select(RefundLine.product_id, Shop.code, func.sum(RefundLine.quantity),
               func.sum(RefundLine.amount_vnd))
        .join(Refund, Refund.id == RefundLine.refund_id)
        .join(Terminal, Terminal.id == Refund.terminal_id)
        .join(Shop, Shop.id == Terminal.shop_id)
        .where(RefundLine.product_id.in_(_products(producer_id)),
               Refund.business_date.between(p.start, p.end))
        .group_by(RefundLine.product_id, Shop.code)
    )  # fmt: skip
    return {(pid, shop): (int(q), int(v)) for pid, shop, q, v in s.execute(query)}


def _catalogue(s: Session, producer_id: uuid.UUID) -> dict[uuid.UUID, Product]:
    found = s.scalars(select(Product).where(Product.producer_id == producer_id))
    return {p.id: p for p in found}


def _rounded_mean(total: int, count: int) -> int | None:
    return (2 * total + count) // (2 * count) if count else None


def sales(s: Session, producer_id: uuid.UUID, p: Period) -> Report:
    """The producer's products sold and refunded per shop over ``p``, one row per product and
    shop; average, lowest and highest list price of what was sold."""
    products = _catalogue(s, producer_id)
    sold, refunded = _sold(s, producer_id, p), _refunded(s, producer_id, p)
    rows = []
    for key in sold.keys() | refunded.keys():
        product = products[key[0]]
        qty, amount, priced, low, high = sold.get(key, [0, 0, 0, None, None])
        back_qty, back_vnd = refunded.get(key, (0, 0))
        rows.append((product.name_vi, product.sku, key[1], UNITS.get(product.unit, product.unit),
                     qty, amount, _rounded_mean(priced, qty), low, high, back_qty, back_vnd,
                     amount - back_vnd))  # fmt: skip
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    total = None
    if rows:  # amounts add up; prices do not
        total = tuple(None if i in PRICES else v for i, v in enumerate(totals(rows, SALES_COLUMNS)))
    return Report(
        "producer", "Doanh số theo sản phẩm và cửa hàng / Sales by product and shop",
        SALES_COLUMNS, tuple(rows), total, note=SALES_NOTE,
    )  # fmt: skip


def stock(s: Session, producer_id: uuid.UUID) -> Report:
    """On hand now of each of the producer's products at each shop (its terminals added up)."""
    query = (
        select(Product.name_vi, Product.sku, Product.unit, Shop.code, func.sum(StockOnHand.on_hand))
        .join(Product, Product.id == StockOnHand.product_id)
        .join(Terminal, Terminal.id == StockOnHand.terminal_id)
        .join(Shop, Shop.id == Terminal.shop_id)
        .where(Product.producer_id == producer_id)
        .group_by(Product.name_vi, Product.sku, Product.unit, Shop.code)
        .order_by(Product.name_vi, Product.sku, Shop.code)
    )
    rows = tuple(
        (name, sku, shop, UNITS.get(unit, unit), int(n)) for name, sku, unit, shop, n in
        s.execute(query)
    )  # fmt: skip
    columns = (Column("Sản phẩm / Product"), Column("Mã / SKU"), Column("Cửa hàng / Shop"),
               Column("Đơn vị / Unit"), Column("Còn / On hand", "qty"))  # fmt: skip
    return Report("producer-stock", "Tồn kho tại cửa hàng / Stock left at each shop", columns, rows)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), SHOP_TZ)


# A kiosk's first statement with a producer starts at this sentinel (kiosk.core.cash.settlement
# BEGINNING): shown as such, not as a date in 2000.
FIRST_START = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FROM_THE_START = "từ đầu / from the start"


def _start(value: dt.datetime) -> dt.datetime | str:
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return FROM_THE_START if aware <= FIRST_START else value


def statements(s: Session, producer_id: uuid.UUID, p: Period) -> Report:
    """The consignment statements the shops settled with the producer during ``p``."""
    st = Settlement
    query = (
        select(st.statement_no, Shop.code, st.period_start, st.period_end, st.sold_vnd,
               st.refunded_vnd, st.net_vnd, st.commission_vnd, st.owed_vnd, st.created_at)
        .join(Terminal, Terminal.id == st.terminal_id)
        .join(Shop, Shop.id == Terminal.shop_id)
        .where(st.producer_id == producer_id, st.created_at >= _day_start(p.start),
               st.created_at < _day_start(p.end + dt.timedelta(days=1)))
        .order_by(st.created_at, st.statement_no)
    )  # fmt: skip
    rows = [(r[0], r[1], _start(r[2]), *r[3:]) for r in s.execute(query)]
    columns = (
        Column("Số bảng kê / Statement"), Column("Cửa hàng / Shop"), Column("Từ / From", "when"),
        Column("Đến / To", "when"), Column("Đã bán / Sold", "vnd"),
        Column("Đã trả / Refunded", "vnd"), Column("Ròng / Net", "vnd"),
        Column("Hoa hồng / Commission", "vnd"), Column("Phải trả / Owed", "vnd"),
        Column("Lập lúc / Settled", "when"),
    )  # fmt: skip
    return Report(
        "producer-statements", "Bảng kê ký gửi / Consignment statements", columns, tuple(rows),
        totals(rows, columns) if rows else None,
    )  # fmt: skip


def producers(s: Session) -> list[tuple[uuid.UUID, str]]:
    """Every producer of the catalogue, by name: for an operator choosing whose view to open."""
    return [tuple(r) for r in s.execute(select(Producer.id, Producer.name).order_by(Producer.name))]
