"""The stock tables: the slow movers of a period (stock on hand that sold least) and the value
of the stock on hand, at cost and at retail.
"""

import datetime as dt

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import Price, Product, StockLevel, StockMovement
from kiosk.core.reports.figures import Net, Period, per_product, product_infos, product_name
from kiosk.core.reports.table import UNIT_NAMES, Column, ReportTable, tr
from kiosk.i18n import N_


def slow_movers(s: Session, p: Period, lang: str = "vi", limit: int = 20) -> ReportTable:
    """Products with stock on hand that sold least in the period (nothing at all first)."""
    nets = per_product(s, p)
    on_hand = dict(
        s.execute(
            select(StockLevel.product_id, StockLevel.on_hand)
            .join(Product, Product.id == StockLevel.product_id)
            .where(StockLevel.on_hand > 0, Product.active)
        ).all()
    )
    # Ranked by net amount sold (quantities of pieces and grams do not compare), then name.
    info = product_infos(s, on_hand, lang)
    ranked = sorted(
        (pid for pid in on_hand if pid in info),
        key=lambda pid: (nets.get(pid, Net()).vnd, info[pid].name),
    )[:limit]
    rows = tuple(
        (
            info[pid].sku,
            info[pid].name,
            tr(UNIT_NAMES[info[pid].unit], lang),
            nets.get(pid, Net()).qty,
            on_hand[pid],
        )
        for pid in ranked
    )
    return ReportTable(
        "slow",
        N_("Slow movers"),
        (
            Column("sku", N_("SKU")),
            Column("name", N_("Product")),
            Column("unit", N_("Unit")),
            Column("net_qty", N_("Net quantity"), "qty"),
            Column("on_hand", N_("On hand"), "qty"),
        ),
        rows,
        note=N_("Products in stock that sold least in the period."),
    )


def _latest_costs():
    """Each product's goods receipts with a unit cost, numbered ``n`` from the latest (1)."""
    return (
        select(
            StockMovement.product_id,
            StockMovement.unit_cost_vnd,
            func.row_number()
            .over(partition_by=StockMovement.product_id, order_by=StockMovement.created_at.desc())
            .label("n"),
        )
        .where(StockMovement.kind == "receipt", StockMovement.unit_cost_vnd.is_not(None))
        .subquery()
    )


def _latest_prices(at: dt.datetime):
    """Each product's prices that took effect by ``at``, numbered ``n`` from the latest (1)."""
    return (
        select(
            Price.product_id,
            Price.price_vnd,
            func.row_number()
            .over(partition_by=Price.product_id, order_by=Price.valid_from.desc())
            .label("n"),
        )
        .where(Price.valid_from <= at)
        .subquery()
    )


def stock_value(s: Session, lang: str = "vi", at: dt.datetime | None = None) -> ReportTable:
    """On-hand stock valued at cost (the latest goods receipt's unit cost) and at retail (the
    price in force). Weighed goods: cost and price are per kilogram."""
    at = at or dt.datetime.now(dt.UTC)
    latest_cost = _latest_costs()
    latest_price = _latest_prices(at)
    rows = []
    for sku, name, unit, on_hand, cost, price in s.execute(
        select(
            Product.sku,
            product_name(lang),
            Product.unit,
            StockLevel.on_hand,
            latest_cost.c.unit_cost_vnd,
            latest_price.c.price_vnd,
        )
        .join(StockLevel, StockLevel.product_id == Product.id)
        .outerjoin(latest_cost, and_(latest_cost.c.product_id == Product.id, latest_cost.c.n == 1))
        .outerjoin(
            latest_price, and_(latest_price.c.product_id == Product.id, latest_price.c.n == 1)
        )
        .where(StockLevel.on_hand > 0)
        .order_by(product_name(lang))
    ):
        per = 1000 if unit == "gram" else 1
        at_cost = None if cost is None else (on_hand * cost + per // 2) // per
        at_retail = None if price is None else (on_hand * price + per // 2) // per
        rows.append(
            (sku, name, tr(UNIT_NAMES[unit], lang), on_hand, cost, at_cost, price, at_retail)
        )
    return ReportTable(
        "stock_value",
        N_("Stock value"),
        (
            Column("sku", N_("SKU")),
            Column("name", N_("Product")),
            Column("unit", N_("Unit")),
            Column("on_hand", N_("On hand"), "qty"),
            Column("unit_cost_vnd", N_("Unit cost"), "vnd"),
            Column("cost_vnd", N_("Value at cost"), "vnd"),
            Column("price_vnd", N_("Price"), "vnd"),
            Column("retail_vnd", N_("Value at retail"), "vnd"),
        ),
        tuple(rows),
        (
            None,
            None,
            None,
            None,
            None,
            sum(r[5] for r in rows if r[5] is not None) if any(r[5] for r in rows) else None,
            None,
            sum(r[7] for r in rows if r[7] is not None),
        ),
        note=N_("Cost is the latest goods receipt's unit cost; weighed goods per kilogram."),
    )
