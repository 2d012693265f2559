"""Sales and stock reports for a period of business days, as plain tables.

Every report is a :class:`ReportTable` (columns with a kind, rows of plain values, a totals row),
so the screen shows any of them with one table model, the PDF renders any of them, and each
exports to CSV. Figures are net: sales of the period (voided sales left out) less the refunds
made in the period, whenever the refunded sale was made. Amounts are what customers paid, after
discounts, VAT included.
"""

import csv
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import Integer, and_, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import (
    Payment,
    Price,
    Producer,
    Product,
    Province,
    Refund,
    RefundLine,
    RefundPayment,
    RefundVat,
    Sale,
    SaleLine,
    SaleVat,
    StockLevel,
    StockMovement,
    User,
)
from kiosk.core.errors import InvalidPeriod
from kiosk.core.people.permissions import Permission, require
from kiosk.core.terms import term
from kiosk.i18n import N_, translations

KINDS = ("text", "int", "qty", "vnd", "date", "pct")
GROUP_NAMES = {
    "food": N_("Food"),
    "beverage": N_("Beverages"),
    "herbal": N_("Herbal products"),
    "handicraft": N_("Handicrafts"),
    "ornamental": N_("Ornamental plants and animals"),
    "tourism": N_("Community tourism"),
}
UNIT_NAMES = {"piece": N_("pcs"), "gram": N_("g")}
_UNKNOWN = N_("(unknown)")


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # English msgid, translated when shown
    kind: str = "text"  # one of KINDS


@dataclass(frozen=True)
class ReportTable:
    """A titled table: ``rows`` hold plain values (str, int, date) in column order."""

    key: str
    title: str  # English msgid
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None
    note: str = ""  # English msgid under the title

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


@dataclass(frozen=True)
class Period:
    """Business days ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date
    terminal_code: str | None = None

    def __post_init__(self):
        if self.end < self.start:
            raise InvalidPeriod(start=self.start, end=self.end)


def tr(msgid: str, lang: str) -> str:
    return translations(lang).gettext(msgid) if msgid else ""


def write_csv(table: ReportTable, out: IO[str], lang: str = "vi") -> None:
    """The table as CSV (UTF-8, comma-separated, headings translated, numbers unformatted so a
    spreadsheet can sum them, dates ISO)."""
    w = csv.writer(out)
    w.writerow([tr(c.heading, lang) for c in table.columns])
    for row in table.rows:
        w.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    if table.totals is not None:
        w.writerow(["" if v is None else v for v in table.totals])


# -- the raw figures --------------------------------------------------------------------------


def _sale_filter(p: Period):
    cond = [Sale.business_date.between(p.start, p.end), Sale.status == "completed"]
    if p.terminal_code:
        cond.append(Sale.terminal_code == p.terminal_code)
    return and_(*cond)


def _refund_filter(p: Period):
    cond = [Refund.business_date.between(p.start, p.end)]
    if p.terminal_code:
        cond.append(Refund.terminal_code == p.terminal_code)
    return and_(*cond)


@dataclass
class _Net:
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


def _per_product(s: Session, p: Period) -> dict[uuid.UUID, _Net]:
    out: dict[uuid.UUID, _Net] = {}
    for pid, qty, amount in s.execute(
        select(SaleLine.product_id, func.sum(SaleLine.quantity), func.sum(SaleLine.amount_vnd))
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(_sale_filter(p))
        .group_by(SaleLine.product_id)
    ):
        out[pid] = _Net(qty, amount)
    for pid, qty, amount in s.execute(
        select(
            RefundLine.product_id, func.sum(RefundLine.quantity), func.sum(RefundLine.amount_vnd)
        )
        .join(Refund, Refund.id == RefundLine.refund_id)
        .where(_refund_filter(p))
        .group_by(RefundLine.product_id)
    ):
        net = out.setdefault(pid, _Net())
        net.refunded_qty, net.refunded_vnd = qty, amount
    return out


@dataclass(frozen=True)
class _ProductInfo:
    sku: str
    name: str
    unit: str
    group: str
    producer: str
    province: str


def _product_name(lang: str):
    """The product's name as a report in ``lang`` shows it: English where it has one."""
    if lang == "en":
        return func.coalesce(func.nullif(Product.name_en, ""), Product.name_vi)
    return Product.name_vi


def _products(
    s: Session, ids: Iterable[uuid.UUID], lang: str = "vi"
) -> dict[uuid.UUID, _ProductInfo]:
    ids = list(ids)
    out = {}
    producer_province = Province.__table__.alias("producer_province")
    for i in range(0, len(ids), 10_000):
        rows = s.execute(
            select(
                Product.id,
                Product.sku,
                _product_name(lang),
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
            out[pid] = _ProductInfo(sku, name, unit, group, producer or "", province or "")
    return out


# -- the reports --------------------------------------------------------------------------------


def sales_by_day(s: Session, p: Period) -> ReportTable:
    sales = {
        d: (n, v)
        for d, n, v in s.execute(
            select(Sale.business_date, func.count(), func.sum(Sale.total_vnd))
            .where(_sale_filter(p))
            .group_by(Sale.business_date)
        )
    }
    refunds = dict(
        s.execute(
            select(Refund.business_date, func.sum(Refund.total_vnd))
            .where(_refund_filter(p))
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
        _totals(rows, (1, 2, 3, 4)),
    )


def sales_by_hour(s: Session, p: Period) -> ReportTable:
    hour = cast(func.strftime("%H", Sale.created_at, "+7 hours"), Integer)
    rows = [
        (h, n, v)
        for h, n, v in s.execute(
            select(hour, func.count(), func.sum(Sale.total_vnd))
            .where(_sale_filter(p))
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
        _totals(rows, (1, 2)),
        note=N_("Sales before refunds, by the hour they were made (Vietnam time)."),
    )


def sales_by_product(s: Session, p: Period, lang: str = "vi") -> ReportTable:
    nets = _per_product(s, p)
    info = _products(s, nets, lang)
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
    nets = _per_product(s, p)
    info = _products(s, nets)
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
            .where(_sale_filter(p))
            .group_by(User.name)
        )
    }
    back = dict(
        s.execute(
            select(User.name, func.sum(Refund.total_vnd))
            .join(User, User.id == Refund.user_id)
            .where(_refund_filter(p))
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
        _totals(rows, (1, 2, 3, 4)),
        note=N_("Refunds count for the clerk who paid them out."),
    )


def sales_by_payment(s: Session, p: Period, lang: str = "vi") -> ReportTable:
    paid = dict(
        s.execute(
            select(Payment.method, func.sum(Payment.amount_vnd))
            .join(Sale, Sale.id == Payment.sale_id)
            .where(_sale_filter(p))
            .group_by(Payment.method)
        ).all()
    )
    back = dict(
        s.execute(
            select(RefundPayment.method, func.sum(RefundPayment.amount_vnd))
            .join(Refund, Refund.id == RefundPayment.refund_id)
            .where(_refund_filter(p))
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
        _totals(rows, (1, 2, 3)),
    )


def vat_by_rate(s: Session, p: Period) -> ReportTable:
    sold = {
        r: (g, v)
        for r, g, v in s.execute(
            select(SaleVat.rate_pct, func.sum(SaleVat.gross_vnd), func.sum(SaleVat.vat_vnd))
            .join(Sale, Sale.id == SaleVat.sale_id)
            .where(_sale_filter(p))
            .group_by(SaleVat.rate_pct)
        )
    }
    back = {
        r: (g, v)
        for r, g, v in s.execute(
            select(RefundVat.rate_pct, func.sum(RefundVat.gross_vnd), func.sum(RefundVat.vat_vnd))
            .join(Refund, Refund.id == RefundVat.refund_id)
            .where(_refund_filter(p))
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
        _totals(rows, (1, 2, 3)),
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


def slow_movers(s: Session, p: Period, lang: str = "vi", limit: int = 20) -> ReportTable:
    """Products with stock on hand that sold least in the period (nothing at all first)."""
    nets = _per_product(s, p)
    on_hand = dict(
        s.execute(
            select(StockLevel.product_id, StockLevel.on_hand)
            .join(Product, Product.id == StockLevel.product_id)
            .where(StockLevel.on_hand > 0, Product.active)
        ).all()
    )
    # Ranked by net amount sold (quantities of pieces and grams do not compare), then name.
    info = _products(s, on_hand, lang)
    ranked = sorted(
        (pid for pid in on_hand if pid in info),
        key=lambda pid: (nets.get(pid, _Net()).vnd, info[pid].name),
    )[:limit]
    rows = tuple(
        (
            info[pid].sku,
            info[pid].name,
            tr(UNIT_NAMES[info[pid].unit], lang),
            nets.get(pid, _Net()).qty,
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


def stock_value(s: Session, lang: str = "vi", at: dt.datetime | None = None) -> ReportTable:
    """On-hand stock valued at cost (the latest goods receipt's unit cost) and at retail (the
    price in force). Weighed goods: cost and price are per kilogram."""
    at = at or dt.datetime.now(dt.UTC)
    latest_cost = (
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
    latest_price = (
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
    rows = []
    for sku, name, unit, on_hand, cost, price in s.execute(
        select(
            Product.sku,
            _product_name(lang),
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
        .order_by(_product_name(lang))
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


def _totals(rows, indexes) -> tuple[Any, ...] | None:
    if not rows:
        return None
    width = len(rows[0])
    return tuple(sum(r[i] for r in rows) if i in indexes else None for i in range(width))


# -- the service ------------------------------------------------------------------------------

PERIOD_REPORTS = (
    "by_day",
    "by_hour",
    "by_product",
    "by_group",
    "by_producer",
    "by_province",
    "by_clerk",
    "by_payment",
    "vat",
    "top",
    "slow",
)


@dataclass
class Reports:
    """Period reports for the manager's screen, the PDF and CSV export."""

    session_factory: sessionmaker[Session]
    settings: Mapping[str, Any] = field(default_factory=dict)

    def table(
        self, actor, key: str, start: dt.date, end: dt.date, *, lang: str = "vi", **kw
    ) -> ReportTable:
        """One report (``key`` from PERIOD_REPORTS, or "stock_value") for the business days
        ``start`` to ``end``."""
        require(actor, Permission.VIEW_REPORTS)
        p = Period(start, end, kw.pop("terminal_code", None))
        with self.session_factory() as s:
            return _build(s, key, p, lang, **kw)

    def tables(self, actor, start: dt.date, end: dt.date, *, lang: str = "vi") -> list[ReportTable]:
        """Every period report, then the stock value now."""
        require(actor, Permission.VIEW_REPORTS)
        p = Period(start, end)
        with self.session_factory() as s:
            return [_build(s, k, p, lang) for k in (*PERIOD_REPORTS, "stock_value")]


def _build(s: Session, key: str, p: Period, lang: str, **kw) -> ReportTable:
    simple = {"by_day": sales_by_day, "by_hour": sales_by_hour, "by_clerk": sales_by_clerk,
              "vat": vat_by_rate}  # fmt: skip
    if key in simple:
        return simple[key](s, p)
    if key == "stock_value":
        return stock_value(s, lang)
    localised = {
        "by_product": sales_by_product,
        "by_group": sales_by_group,
        "by_producer": sales_by_producer,
        "by_province": sales_by_province,
        "by_payment": sales_by_payment,
        "top": top_sellers,
        "slow": slow_movers,
    }
    if key not in localised:
        raise KeyError(key)
    return localised[key](s, p, lang, **kw)
