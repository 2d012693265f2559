"""Sales of the chain over a period, grouped by day, terminal (shop), province, OCOP group,
producer, product or payment method.

Figures are net, as the kiosk's Z report counts them: completed sales of their business day
(a voided sale counts nowhere), less the refunds given in the period, whenever the refunded sale
was made. They are read from the daily rollups (:mod:`hq.models.reports`), so a year across the
chain sums a few hundred thousand rows instead of tens of millions of sale lines.
"""

import csv
from collections.abc import Callable
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import resources
from hq.models import (
    DailyPayments,
    DailyProductSales,
    DailyTerminalSales,
    Producer,
    Product,
    Terminal,
)
from hq.reports.table import UNKNOWN, Column, Period, Report, totals

GROUPS = {
    "food": "Thực phẩm / Food",
    "beverage": "Đồ uống / Beverages",
    "herbal": "Thảo dược / Herbal products",
    "handicraft": "Thủ công mỹ nghệ / Handicrafts",
    "ornamental": "Sinh vật cảnh / Ornamental plants and animals",
    "tourism": "Du lịch cộng đồng / Community tourism",
}
METHODS = {
    "cash": "Tiền mặt / Cash",
    "vietqr": "Chuyển khoản VietQR / VietQR transfer",
    "card": "Thẻ / Card",
}
_DAY_COLUMNS = (
    Column("Số đơn / Sales", "int"),
    Column("Doanh số / Sold", "vnd"),
    Column("Đơn hủy / Voids", "int"),
    Column("Đã hủy / Voided", "vnd"),
    Column("Lần trả / Refunds", "int"),
    Column("Đã trả / Refunded", "vnd"),
    Column("Ròng / Net", "vnd"),
)
_NET_COLUMNS = (
    Column("Doanh số / Sold", "vnd"),
    Column("Đã trả / Refunded", "vnd"),
    Column("Ròng / Net", "vnd"),
)


@cache
def province_names() -> dict[int, str]:
    """Province names by code, from the 2025 list of 34 provinces shipped in resources."""
    with open(resources.path("provinces-2025.tsv"), encoding="utf-8") as f:
        return {int(r["code"]): r["name"] for r in csv.DictReader(f, delimiter="\t")}


def _day_sums(s: Session, p: Period, key, first: Column, key_name: str, title: str, join=None):
    d = DailyTerminalSales
    query = select(
        key,
        func.sum(d.sales_count),
        func.sum(d.sales_vnd),
        func.sum(d.voids_count),
        func.sum(d.voids_vnd),
        func.sum(d.refunds_count),
        func.sum(d.refunds_vnd),
    ).where(d.business_date.between(p.start, p.end))
    if join is not None:
        query = query.join(*join)
    rows = [
        (k, int(n), int(v), int(vn), int(vv), int(rn), int(rv), int(v) - int(rv))
        for k, n, v, vn, vv, rn, rv in s.execute(query.group_by(key).order_by(key))
    ]
    columns = (first, *_DAY_COLUMNS)
    return Report(key_name, title, columns, tuple(rows), totals(rows, columns), chart=7)


def by_day(s: Session, p: Period) -> Report:
    return _day_sums(
        s, p, DailyTerminalSales.business_date, Column("Ngày / Date", "date"), "day",
        "Doanh số theo ngày / Sales by day",
    )  # fmt: skip


def by_terminal(s: Session, p: Period) -> Report:
    return _day_sums(
        s, p, Terminal.code, Column("Máy / Terminal"), "terminal",
        "Doanh số theo cửa hàng (máy) / Sales by shop (terminal)",
        join=(Terminal, Terminal.id == DailyTerminalSales.terminal_id),
    )  # fmt: skip


def _product_sums(s: Session, p: Period, *keys, per_product: bool = False):
    """Sold and refunded quantity and amount over ``p``, grouped by ``keys`` (columns of the
    product or its producer), with the product's id first when ``per_product``.

    The rollup's rows (a product's day: 2,000 products over a year are hundreds of thousands)
    are summed per product first and only those sums joined to the catalogue: joining first and
    grouping by the catalogue's columns sorted every row with its names (over a second for a
    year at 10,000,000 sales, bench/RESULTS.md).
    """
    d = DailyProductSales
    sums = (
        select(d.product_id, func.sum(d.sold_qty).label("sq"), func.sum(d.sold_vnd).label("sv"),
               func.sum(d.refunded_qty).label("rq"), func.sum(d.refunded_vnd).label("rv"))
        .where(d.business_date.between(p.start, p.end))
        .group_by(d.product_id)
        .subquery()
    )  # fmt: skip
    keys = (sums.c.product_id, *keys) if per_product else keys
    query = (
        select(*keys, func.sum(sums.c.sq), func.sum(sums.c.sv), func.sum(sums.c.rq),
               func.sum(sums.c.rv))
        .select_from(sums)
        .outerjoin(Product, Product.id == sums.c.product_id)
        .outerjoin(Producer, Producer.id == Product.producer_id)
        .group_by(*keys)
    )  # fmt: skip
    return s.execute(query).all()


def _net_by(s: Session, p: Period, key, name: Callable, first: Column, key_name: str, title: str):
    sums: dict[str, list[int]] = {}
    for k, _sq, sv, _rq, rv in _product_sums(s, p, key):
        row = sums.setdefault(name(k), [0, 0])
        row[0] += int(sv)
        row[1] += int(rv)
    rows = sorted(((k, v, r, v - r) for k, (v, r) in sums.items()), key=lambda x: (-x[3], x[0]))
    columns = (first, *_NET_COLUMNS)
    return Report(key_name, title, columns, tuple(rows), totals(rows, columns), chart=3)


def by_province(s: Session, p: Period) -> Report:
    names = province_names()
    return _net_by(
        s, p, func.coalesce(Product.province_code, Producer.province_code),
        lambda code: names.get(code, UNKNOWN) if code is not None else UNKNOWN,
        Column("Tỉnh / Province"), "province",
        "Doanh số theo tỉnh xuất xứ / Sales by province of origin",
    )  # fmt: skip


def by_group(s: Session, p: Period) -> Report:
    return _net_by(
        s, p, Product.group_code, lambda g: GROUPS.get(g, UNKNOWN) if g else UNKNOWN,
        Column("Nhóm OCOP / OCOP group"), "group", "Doanh số theo nhóm OCOP / Sales by OCOP group",
    )  # fmt: skip


def by_producer(s: Session, p: Period) -> Report:
    return _net_by(
        s, p, Producer.name, lambda n: n or UNKNOWN, Column("Nhà sản xuất / Producer"),
        "producer", "Doanh số theo nhà sản xuất / Sales by producer",
    )  # fmt: skip


def by_product(s: Session, p: Period) -> Report:
    rows = []
    for pid, sku, name, unit, sq, sv, rq, rv in _product_sums(
        s, p, Product.sku, Product.name_vi, Product.unit, per_product=True
    ):
        label = name or f"{UNKNOWN} {pid}"
        unit_name = "g" if unit == "gram" else ("cái / pcs" if unit else "")
        rows.append((label, sku or "", unit_name, int(sq), int(rq), int(sq) - int(rq),
                     int(sv) - int(rv)))  # fmt: skip
    rows.sort(key=lambda x: (-x[6], x[0]))
    columns = (
        Column("Sản phẩm / Product"),
        Column("Mã / SKU"),
        Column("Đơn vị / Unit"),
        Column("Đã bán / Sold", "qty"),
        Column("Trả lại / Returned", "qty"),
        Column("SL ròng / Net qty", "qty"),
        Column("Ròng / Net", "vnd"),
    )
    return Report(
        "product", "Doanh số theo sản phẩm / Sales by product", columns, tuple(rows),
        totals(rows, columns), chart=6,
    )  # fmt: skip


def by_payment(s: Session, p: Period) -> Report:
    d = DailyPayments
    rows = [
        (METHODS.get(m, m), int(v), int(r), int(v) - int(r))
        for m, v, r in s.execute(
            select(d.method, func.sum(d.sales_vnd), func.sum(d.refunds_vnd))
            .where(d.business_date.between(p.start, p.end))
            .group_by(d.method)
            .order_by(d.method)
        )
    ]
    columns = (
        Column("Hình thức / Method"),
        Column("Thu / Taken", "vnd"),
        Column("Hoàn / Paid back", "vnd"),
        Column("Ròng / Net", "vnd"),
    )
    return Report(
        "payment", "Doanh số theo hình thức thanh toán / Sales by payment method", columns,
        tuple(rows), totals(rows, columns), chart=3,
        note="Tiền khách trả và tiền trả lại khách, kể cả làm tròn tiền mặt: ròng khác doanh số "
        "ròng đúng bằng phần làm tròn / What customers paid and were paid back, cash rounding "
        "included: the net differs from the sales' net by the rounding alone.",
    )  # fmt: skip
