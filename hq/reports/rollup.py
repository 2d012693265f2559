"""Keeping the daily rollups (:mod:`hq.models.reports`) in step with what a push writes.

:func:`apply` runs in the push's transaction, right after its rows are written (and in the same
savepoint, so an entry replayed on its own adds its sums once). It adds the batch's sums with one
upsert per rollup table: ``INSERT ... ON CONFLICT DO UPDATE SET x = x + excluded.x`` on both
PostgreSQL and SQLite. Keys go in sorted order, so two pushes that touch the same product's day
take its row lock in the same order and cannot deadlock.

A void takes its sale back out of the sale's own day (its lines and payments are read back from
the database: the sale may have come in an earlier push) and counts on the void's day; a refund
is taken off on the day it was given. :func:`rebuild` recomputes everything from the applied rows
(after a bulk load, or to check the running sums).
"""

import functools
import uuid
from collections import defaultdict
from collections.abc import Sequence
from operator import itemgetter

from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hq.models import (
    DailyPayments,
    DailyProductSales,
    DailyTerminalSales,
    Payment,
    Sale,
    SaleLine,
    StockOnHand,
)

Sums = dict[tuple, list[int]]
DAY_VALUES = (
    "sales_count",
    "sales_vnd",
    "voids_count",
    "voids_vnd",
    "refunds_count",
    "refunds_vnd",
)
PRODUCT_VALUES = ("sold_qty", "sold_vnd", "refunded_qty", "refunded_vnd")
PAYMENT_VALUES = ("sales_vnd", "refunds_vnd")


class _Batch:
    """The sums one push adds, per rollup table and key.

    Products are keyed by their UUID's integer until the upsert: a UUID's hash is a Python
    method, an integer's is C's, and a batch of 250 sales sums some 2,500 product keys.
    """

    def __init__(self):
        self.days: Sums = defaultdict(lambda: [0] * 6)
        self.products: Sums = defaultdict(lambda: [0] * 4)
        self.payments: Sums = defaultdict(lambda: [0] * 2)
        self.stock: Sums = defaultdict(lambda: [0])


def _columns(rows: dict[str, list[tuple]], columns: dict[str, tuple[str, ...]], table: str, *names):
    """The rows of ``table`` as tuples of the columns ``names`` (two or more), picked in C."""
    table_rows = rows.get(table)
    if not table_rows:
        return ()
    return map(itemgetter(*[columns[table].index(n) for n in names]), table_rows)


def _add_sales(b: _Batch, rows, columns) -> None:
    sold: dict[int, tuple] = {}  # by the sale id's integer
    for sale_id, status, day, total, terminal in _columns(
        rows, columns, "sales", "id", "status", "business_date", "total_vnd", "terminal_id"
    ):
        if status == "completed":
            sold[sale_id.int] = (day, terminal)
            d = b.days[(day, terminal)]
            d[0] += 1
            d[1] += total
    for sale_id, product, qty, amount in _columns(
        rows, columns, "sale_lines", "sale_id", "product_id", "quantity", "amount_vnd"
    ):
        sale = sold.get(sale_id.int)
        if sale is not None:
            p = b.products[(sale[0], product.int)]
            p[0] += qty
            p[1] += amount
    for sale_id, method, amount in _columns(
        rows, columns, "payments", "sale_id", "method", "amount_vnd"
    ):
        sale = sold.get(sale_id.int)
        if sale is not None:
            b.payments[(*sale, method)][0] += amount


def _add_refunds(b: _Batch, rows, columns) -> None:
    given: dict[uuid.UUID, tuple] = {}
    for refund_id, day, total, terminal in _columns(
        rows, columns, "refunds", "id", "business_date", "total_vnd", "terminal_id"
    ):
        given[refund_id] = (day, terminal)
        d = b.days[(day, terminal)]
        d[4] += 1
        d[5] += total
    for refund_id, product, qty, amount in _columns(
        rows, columns, "refund_lines", "refund_id", "product_id", "quantity", "amount_vnd"
    ):
        p = b.products[(given[refund_id][0], product.int)]
        p[2] += qty
        p[3] += amount
    for refund_id, method, amount in _columns(
        rows, columns, "refund_payments", "refund_id", "method", "amount_vnd"
    ):
        b.payments[(*given[refund_id], method)][1] += amount


def _add_voids(b: _Batch, session: Session, rows, columns, voided: Sequence[uuid.UUID]) -> None:
    for day, total, terminal in _columns(
        rows, columns, "sale_voids", "business_date", "total_vnd", "terminal_id"
    ):
        d = b.days[(day, terminal)]
        d[2] += 1
        d[3] += total
    if not voided:
        return
    ids = list(voided)
    for day, terminal, n, total in session.execute(
        select(Sale.business_date, Sale.terminal_id, func.count(), func.sum(Sale.total_vnd))
        .where(Sale.id.in_(ids))
        .group_by(Sale.business_date, Sale.terminal_id)
    ):
        d = b.days[(day, terminal)]
        d[0] -= n
        d[1] -= int(total)
    for day, product, qty, amount in session.execute(
        select(Sale.business_date, SaleLine.product_id, func.sum(SaleLine.quantity),
               func.sum(SaleLine.amount_vnd))
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(SaleLine.sale_id.in_(ids))
        .group_by(Sale.business_date, SaleLine.product_id)
    ):  # fmt: skip
        p = b.products[(day, product.int)]
        p[0] -= int(qty)
        p[1] -= int(amount)
    for day, terminal, method, amount in session.execute(
        select(Sale.business_date, Sale.terminal_id, Payment.method, func.sum(Payment.amount_vnd))
        .join(Sale, Sale.id == Payment.sale_id)
        .where(Payment.sale_id.in_(ids))
        .group_by(Sale.business_date, Sale.terminal_id, Payment.method)
    ):
        b.payments[(day, terminal, method)][0] -= int(amount)


def apply(
    session: Session,
    rows: dict[str, list[tuple]],
    columns: dict[str, tuple[str, ...]],
    voided: Sequence[uuid.UUID] = (),
) -> None:
    """Add to the rollups what the rows just written (and the sales ``voided``) change."""
    b = _Batch()
    _add_sales(b, rows, columns)
    _add_refunds(b, rows, columns)
    _add_voids(b, session, rows, columns, voided)
    for terminal, product, qty in _columns(
        rows, columns, "stock_movements", "terminal_id", "product_id", "quantity"
    ):
        b.stock[(terminal, product.int)][0] += qty
    _upsert(
        session,
        (
            (DailyTerminalSales, ("business_date", "terminal_id"), DAY_VALUES, b.days),
            (
                DailyProductSales,
                ("business_date", "product_id"),
                PRODUCT_VALUES,
                _uuids(b.products),
            ),
            (DailyPayments, ("business_date", "terminal_id", "method"), PAYMENT_VALUES, b.payments),
            (StockOnHand, ("terminal_id", "product_id"), ("on_hand",), _uuids(b.stock)),
        ),
    )


def _uuids(sums: Sums) -> Sums:
    """``sums`` keyed by (x, product's integer) keyed by (x, product's UUID) instead."""
    return {(x, uuid.UUID(int=product)): v for (x, product), v in sums.items()}


Upsert = tuple[type, tuple[str, ...], tuple[str, ...], Sums]  # model, keys, values, sums


def _upsert(session: Session, upserts: Sequence[Upsert]) -> None:
    """Add each table's sums to its rows, making the rows missing. Keys go in sorted order."""
    if session.get_bind().dialect.name == "postgresql":
        _upsert_pg(session, upserts)
        return
    for model, keys, values, sums in upserts:
        if not sums:
            continue
        table = model.__table__
        ins = sqlite_insert(table)
        stmt = ins.on_conflict_do_update(
            index_elements=list(keys), set_={c: table.c[c] + ins.excluded[c] for c in values}
        )
        names = keys + values
        records = [dict(zip(names, (*k, *v), strict=True)) for k, v in sorted(sums.items())]
        session.execute(stmt, records)


def _upsert_pg(session: Session, upserts: Sequence[Upsert]) -> None:
    """PostgreSQL: each table's sums as one array per column, unnested by one statement, the
    statements sent together in a pipeline: one round trip for the four tables instead of one
    each, and no statement compiled per push."""
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        with cursor.connection.pipeline():
            for model, keys, values, sums in upserts:
                if sums:
                    columns = zip(*[(*k, *v) for k, v in sorted(sums.items())], strict=True)
                    cursor.execute(_pg_upsert_sql(model, keys, values), [list(c) for c in columns])
    finally:
        cursor.close()


@functools.cache
def _pg_upsert_sql(model, keys: tuple[str, ...], values: tuple[str, ...]) -> str:
    table = model.__table__
    names = (*keys, *values)
    arrays = ", ".join(
        f"%s::{table.c[n].type.compile(dialect=postgresql.dialect())}[]" for n in names
    )
    added = ", ".join(f"{c} = t.{c} + excluded.{c}" for c in values)
    return (
        f"INSERT INTO {table.name} AS t ({', '.join(names)}) "
        f"SELECT {', '.join(names)} FROM unnest({arrays}) WITH ORDINALITY "
        f"AS u({', '.join(names)}, n) ORDER BY n "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}"
    )


# Recomputing the rollups from the applied rows: plain SQL that PostgreSQL and SQLite both run.
REBUILD = (
    "DELETE FROM report_days",
    "DELETE FROM report_products",
    "DELETE FROM report_payments",
    "DELETE FROM report_stock",
    """INSERT INTO report_days (business_date, terminal_id, sales_count, sales_vnd, voids_count,
        voids_vnd, refunds_count, refunds_vnd)
    SELECT business_date, terminal_id, SUM(sc), SUM(sv), SUM(vc), SUM(vv), SUM(rc), SUM(rv) FROM (
        SELECT business_date, terminal_id, COUNT(*) AS sc, SUM(total_vnd) AS sv, 0 AS vc,
            0 AS vv, 0 AS rc, 0 AS rv
        FROM sales WHERE status = 'completed' GROUP BY business_date, terminal_id
        UNION ALL SELECT business_date, terminal_id, 0, 0, COUNT(*), SUM(total_vnd), 0, 0
        FROM sale_voids GROUP BY business_date, terminal_id
        UNION ALL SELECT business_date, terminal_id, 0, 0, 0, 0, COUNT(*), SUM(total_vnd)
        FROM refunds GROUP BY business_date, terminal_id
    ) AS parts GROUP BY business_date, terminal_id""",
    """INSERT INTO report_products (business_date, product_id, sold_qty, sold_vnd, refunded_qty,
        refunded_vnd)
    SELECT business_date, product_id, SUM(sq), SUM(sv), SUM(rq), SUM(rv) FROM (
        SELECT s.business_date AS business_date, l.product_id AS product_id,
            SUM(l.quantity) AS sq, SUM(l.amount_vnd) AS sv, 0 AS rq, 0 AS rv
        FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.status = 'completed'
        GROUP BY s.business_date, l.product_id
        UNION ALL SELECT r.business_date, l.product_id, 0, 0, SUM(l.quantity), SUM(l.amount_vnd)
        FROM refund_lines l JOIN refunds r ON r.id = l.refund_id
        GROUP BY r.business_date, l.product_id
    ) AS parts GROUP BY business_date, product_id""",
    """INSERT INTO report_payments (business_date, terminal_id, method, sales_vnd, refunds_vnd)
    SELECT business_date, terminal_id, method, SUM(sv), SUM(rv) FROM (
        SELECT s.business_date AS business_date, s.terminal_id AS terminal_id,
            p.method AS method, SUM(p.amount_vnd) AS sv, 0 AS rv
        FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.status = 'completed'
        GROUP BY s.business_date, s.terminal_id, p.method
        UNION ALL SELECT r.business_date, r.terminal_id, p.method, 0, SUM(p.amount_vnd)
        FROM refund_payments p JOIN refunds r ON r.id = p.refund_id
        GROUP BY r.business_date, r.terminal_id, p.method
    ) AS parts GROUP BY business_date, terminal_id, method""",
    """INSERT INTO report_stock (terminal_id, product_id, on_hand)
    SELECT terminal_id, product_id, SUM(quantity) FROM stock_movements
    GROUP BY terminal_id, product_id""",
)


def rebuild(session: Session) -> None:
    """Recompute every rollup from the applied rows, in ``session``'s transaction."""
    for statement in REBUILD:
        session.execute(text(statement))
