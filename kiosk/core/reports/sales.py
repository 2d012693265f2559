"""The sales tables of a period: by day, hour, product, product group, producer, province,
clerk and payment method, VAT by rate, and the top sellers.

Figures are net: sales of the period (voided sales left out) less the refunds made in the
period, whenever the refunded sale was made. Amounts are what customers paid, after discounts,
VAT included.
"""

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from db.models import Payment, Refund, RefundPayment, RefundVat, Sale, SaleVat, User
from kiosk.core.reports.figures import (
    Period,
    per_product,
    product_infos,
    refund_filter,
    sale_filter,
)
from kiosk.core.reports.table import UNIT_NAMES, Column, ReportTable, totals_row, tr
from kiosk.core.terms import term
from kiosk.i18n import N_

GROUP_NAMES = {
    "food": N_("Food"),
    "beverage": N_("Beverages"),
    "herbal": N_("Herbal products"),
    "handicraft": N_("Handicrafts"),
    "ornamental": N_("Ornamental plants and animals"),
    "tourism": N_("Community tourism"),
}
_UNKNOWN = N_("(unknown)")


def sales_by_day(s: Session, p: Period) -> ReportTable:
    sales = {
        d: (n, v)
        for d, n, v in s.execute(
            select(Sale.business_date, func.count(), func.sum(Sale.total_vnd))
            .where(sale_filter(p))
            .group_by(Sale.business_date)
        )
    }
    refunds = dict(
        s.execute(
            select(Refund.business_date, func.sum(Refund.total_vnd))
            .where(refund_filter(p))
            .group_by(Refund.business_date)
        ).all()
    )
    rows = []
    for d in sorted(set(sales) | set(refunds)):
        n, v = sales.get(d, (0, 0))
        r = refunds.get(d, 0)
        rows.append((d, n, v, r, v - r))
    return ReportTable(
        "by_day",
        N_("Sales by day"),
        (
            Column("date", N_("Date"), "date"),
            Column("sales", N_("Number of sales"), "int"),
            Column("sales_vnd", N_("Sold"), "vnd"),
            Column("refunds_vnd", N_("Refunded"), "vnd"),
            Column("net_vnd", N_("Net"), "vnd"),
        ),
        tuple(rows),
        totals_row(rows, (1, 2, 3, 4)),
    )


def sales_by_hour(s: Session, p: Period) -> ReportTable:
    hour = cast(func.strftime("%H", Sale.created_at, "+7 hours"), Integer)
    rows = [
        (h, n, v)
        for h, n, v in s.execute(
            select(hour, func.count(), func.sum(Sale.total_vnd))
            .where(sale_filter(p))
            .group_by(hour)
            .order_by(hour)
        )
    ]
    return ReportTable(
        "by_hour",
        N_("Sales by hour"),
        (
            Column("hour", N_("Hour"), "int"),
            Column("sales", N_("Number of sales"), "int"),
            Column("sales_vnd", N_("Sold"), "vnd"),
        ),
        tuple(rows),
        totals_row(rows, (1, 2)),
        note=N_("Sales before refunds, by the hour they were made (Vietnam time)."),
    )


def sales_by_product(s: Session, p: Period, lang: str = "vi") -> ReportTable:
    nets = per_product(s, p)
    info = product_infos(s, nets, lang)
    rows = sorted(
        (
            (i.sku, i.name, tr(UNIT_NAMES[i.unit], lang), n.sold_qty, n.refunded_qty, n.qty, n.vnd)
            for pid, n in nets.items()
            if (i := info.get(pid))
        ),
        key=lambda r: (-r[-1], r[1]),
    )
    return ReportTable(
        "by_product",
        N_("Sales by product"),
        (
            Column("sku", N_("SKU")),
            Column("name", N_("Product")),
            Column("unit", N_("Unit")),
            Column("sold", N_("Sold"), "qty"),
            Column("refunded", N_("Refunded"), "qty"),
            Column("net_qty", N_("Net quantity"), "qty"),
            Column("net_vnd", N_("Net"), "vnd"),
        ),
        tuple(rows),
        (None, None, None, None, None, None, sum(r[-1] for r in rows)),
    )


def _by(s: Session, p: Period, key, key_col: Column, table_key: str, title: str) -> ReportTable:
    nets = per_product(s, p)
    info = product_infos(s, nets)
    sums: dict[str, int] = {}
    for pid, n in nets.items():
        i = info.get(pid)
        k = key(i) if i else ""
        sums[k] = sums.get(k, 0) + n.vnd
    total = sum(sums.values())
    rows = sorted(((k, v, _share(v, total)) for k, v in sums.items()), key=lambda r: (-r[1], r[0]))
    return ReportTable(
        table_key,
        title,
        (key_col, Column("net_vnd", N_("Net"), "vnd"), Column("share", N_("Share"), "pct")),
        tuple(rows),
        (None, total, 1000 if total else 0),
    )


def _share(value: int, total: int) -> int:
    """Per mille, rounded half up: shown as a percentage with one decimal."""
    return (2000 * value + total) // (2 * total) if total > 0 else 0


def sales_by_group(s: Session, p: Period, lang: str = "vi") -> ReportTable:
    return _by(
        s,
        p,
        lambda i: tr(GROUP_NAMES.get(i.group, _UNKNOWN), lang),
        Column("group", N_("Product group")),
        "by_group",
        N_("Sales by product group"),
    )


def sales_by_producer(s: Session, p: Period, lang: str = "vi") -> ReportTable:
    return _by(
        s,
        p,
        lambda i: i.producer or tr(_UNKNOWN, lang),
        Column("producer", N_("Producer")),
        "by_producer",
        N_("Sales by producer"),
    )


def sales_by_province(s: Session, p: Period, lang: str = "vi") -> ReportTable:
    return _by(
        s,
        p,
        lambda i: i.province or tr(_UNKNOWN, lang),
        Column("province", N_("Province")),
        "by_province",
        N_("Sales by province of origin"),
    )


def sales_by_clerk(s: Session, p: Period) -> ReportTable:
    sold = {
        name: (n, v)
        for name, n, v in s.execute(
            select(User.name, func.count(), func.sum(Sale.total_vnd))
            .join(User, User.id == Sale.user_id)
            .where(sale_filter(p))
            .group_by(User.name)
        )
    }
    back = dict(
        s.execute(
            select(User.name, func.sum(Refund.total_vnd))
            .join(User, User.id == Refund.user_id)
            .where(refund_filter(p))
            .group_by(User.name)
        ).all()
    )
    rows = sorted(
        ((name, *sold.get(name, (0, 0)), back.get(name, 0)) for name in set(sold) | set(back)),
        key=lambda r: (-r[2], r[0]),
    )
    rows = [(*r, r[2] - r[3]) for r in rows]
    return ReportTable(
        "by_clerk",
        N_("Sales by clerk"),
        (
            Column("clerk", N_("Clerk")),
            Column("sales", N_("Number of sales"), "int"),
            Column("sales_vnd", N_("Sold"), "vnd"),
            Column("refunds_vnd", N_("Refunded"), "vnd"),
            Column("net_vnd", N_("Net"), "vnd"),
        ),
        tuple(rows),
        totals_row(rows, (1, 2, 3, 4)),
        note=N_("Refunds count for the clerk who paid them out."),
    )


def sales_by_payment(s: Session, p: Period, lang: str = "vi") -> ReportTable:
    paid = dict(
        s.execute(
            select(Payment.method, func.sum(Payment.amount_vnd))
            .join(Sale, Sale.id == Payment.sale_id)
            .where(sale_filter(p))
            .group_by(Payment.method)
        ).all()
    )
    back = dict(
        s.execute(
            select(RefundPayment.method, func.sum(RefundPayment.amount_vnd))
            .join(Refund, Refund.id == RefundPayment.refund_id)
            .where(refund_filter(p))
            .group_by(RefundPayment.method)
        ).all()
    )
    rows = [
        (term(m, lang), paid.get(m, 0), back.get(m, 0), paid.get(m, 0) - back.get(m, 0))
        for m in ("cash", "vietqr", "card")
        if m in paid or m in back
    ]
    return ReportTable(
        "by_payment",
        N_("Sales by payment method"),
        (
            Column("method", N_("Payment method")),
            Column("sales_vnd", N_("Taken"), "vnd"),
            Column("refunds_vnd", N_("Paid back"), "vnd"),
            Column("net_vnd", N_("Net"), "vnd"),
        ),
        tuple(rows),
        totals_row(rows, (1, 2, 3)),
    )


def vat_by_rate(s: Session, p: Period) -> ReportTable:
    sold = {
        r: (g, v)
        for r, g, v in s.execute(
            select(SaleVat.rate_pct, func.sum(SaleVat.gross_vnd), func.sum(SaleVat.vat_vnd))
            .join(Sale, Sale.id == SaleVat.sale_id)
            .where(sale_filter(p))
            .group_by(SaleVat.rate_pct)
        )
    }
    back = {
        r: (g, v)
        for r, g, v in s.execute(
            select(RefundVat.rate_pct, func.sum(RefundVat.gross_vnd), func.sum(RefundVat.vat_vnd))
            .join(Refund, Refund.id == RefundVat.refund_id)
            .where(refund_filter(p))
            .group_by(RefundVat.rate_pct)
        )
    }
    rows = []
    for rate in sorted(set(sold) | set(back)):
        g, v = sold.get(rate, (0, 0))
        bg, bv = back.get(rate, (0, 0))
        rows.append((rate, g - bg, g - bg - (v - bv), v - bv))
    return ReportTable(
        "vat",
        N_("VAT by rate"),
        (
            Column("rate", N_("VAT rate (%)"), "int"),
            Column("gross_vnd", N_("Amount incl. VAT"), "vnd"),
            Column("net_vnd", N_("Amount excl. VAT"), "vnd"),
            Column("vat_vnd", N_("VAT"), "vnd"),
        ),
        tuple(rows),
        totals_row(rows, (1, 2, 3)),
        note=N_("Rounded once per rate on each receipt, refunds deducted."),
    )


def top_sellers(s: Session, p: Period, lang: str = "vi", limit: int = 10) -> ReportTable:
    full = sales_by_product(s, p, lang)
    return ReportTable(
        "top",
        N_("Top sellers"),
        full.columns,
        full.rows[:limit],
        note=N_("By net amount."),
    )
