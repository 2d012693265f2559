"""Chain reports at head office over many sales (issue 13: under 1 s at 10,000,000 sales).

Fills a fresh PostgreSQL database inside the server (INSERT ... SELECT generate_series: nothing
crosses the wire) with N sales of 3 lines each over the last 365 days at 100 terminals, 2,000
products of 200 producers, 0.5 % of the sales voided and 1 % refunded, a shift per terminal and
day, and stock received per terminal and product; then recounts the daily rollups from those rows
(:func:`hq.reports.rollup.rebuild`, what ingest keeps up to date push by push) and times every
report over the last month and the last year, p50/p99, checking each answers rows.

    python -m bench hq_reports                       # N = 1,000,000 (--quick: 20,000)
    OCOP_BENCH_HQ_SALES=10000000 python -m bench hq_reports

PostgreSQL as in bench_sync ($OCOP_BENCH_PG_URL or $OCOP_TEST_PG_URL, else scripts/postgres.sh);
without it this bench reports nothing.
"""

import datetime as dt
import os
import time
from pathlib import Path

from sqlalchemy import func, select, text

from bench.bench_sync import _fresh_database, _postgres
from bench.stats import row, time_calls
from hq import store
from hq.models import Sale, utcnow
from hq.reports import rollup
from hq.reports.choice import REPORTS, make
from hq.reports.table import Period

TERMINALS, PRODUCERS, PRODUCTS, DAYS = 100, 200, 2_000, 365
TARGET = "< 1000 ms at 10M sales"

_CATALOGUE = (
    f"""INSERT INTO terminals (id, code, created_at, backlog, catalogue_version,
        last_push_at, token_hash)
    SELECT g, 'T' || lpad(g::text, 3, '0'), now(), g % 7, 0, now() - g * interval '1 minute',
        md5(g::text) FROM generate_series(1, {TERMINALS}) g""",
    f"""INSERT INTO producers (id, name, kind, province_code, address, phone, tax_code, bank_bin,
        bank_account, version, updated_at)
    SELECT ('00000000-0000-7000-8000-' || lpad(g::text, 12, '0'))::uuid, 'HTX số ' || g,
        'cooperative', (ARRAY[1,4,8,11,12,14,15,19,20,22])[1 + g % 10], '', '', '', '', '', 1,
        now() FROM generate_series(1, {PRODUCERS}) g""",
    f"""INSERT INTO products (id, sku, name_vi, name_en, unit, vat_rate_pct, group_code,
        producer_id, province_code, former_province, ocop_stars, certificate_no, consignment,
        commission_pct, active, version, updated_at)
    SELECT ('00000000-0000-7000-9000-' || lpad(g::text, 12, '0'))::uuid, 'SKU' || g,
        'Sản phẩm OCOP số ' || g, '', CASE WHEN g % 10 = 0 THEN 'gram' ELSE 'piece' END, 8,
        (ARRAY['food','beverage','herbal','handicraft','ornamental','tourism'])[1 + g % 6],
        ('00000000-0000-7000-8000-' || lpad((1 + g % {PRODUCERS})::text, 12, '0'))::uuid,
        NULL, '', 4, '', false, 0, true, 1, now() FROM generate_series(1, {PRODUCTS}) g""",
)


def _product(expr: str) -> str:
    return f"('00000000-0000-7000-9000-' || lpad((1 + ({expr}) % {PRODUCTS})::text, 12, '0'))::uuid"


def _sales(n: int) -> tuple[str, ...]:
    """Entries, sales (total = its 3 lines), lines, payments; sale g is made on day g % 365."""
    amount = "((1 + (s.seq * 7 + k) % 3) * (10000 + ((s.seq * 13 + k * 31) % 50) * 1000))"
    return (
        f"""INSERT INTO entries (id, terminal_id, seq, kind, applied, created_at, received_at)
        SELECT gen_random_uuid(), 1 + g % {TERMINALS}, g, 'sale', true, now(), now()
        FROM generate_series(1, {n}) g""",
        f"""INSERT INTO sales (id, entry_id, terminal_id, terminal_code, receipt_no,
            business_date, seq, user_id, status, subtotal_vnd, discount_vnd, total_vnd, vat_vnd,
            rounding_vnd, receipt_lang, created_at, received_at)
        SELECT gen_random_uuid(), e.id, e.terminal_id, 'T', 'R' || e.seq,
            current_date - (e.seq % {DAYS})::int, e.seq,
            '00000000-0000-7000-8000-00000000aaaa', 'completed', t.total, 0, t.total,
            t.total * 8 / 108, 0, 'vi', now(), now()
        FROM entries e CROSS JOIN LATERAL (SELECT SUM({amount.replace("s.seq", "e.seq")})
            AS total FROM generate_series(1, 3) k) t""",
        f"""INSERT INTO sale_lines (id, sale_id, line_no, product_id, barcode, name_vi, name_en,
            unit, quantity, unit_price_vnd, gross_vnd, line_discount_vnd, cart_discount_vnd,
            amount_vnd, vat_rate_pct)
        SELECT gen_random_uuid(), s.id, k, {_product("s.seq * 17 + k * 101")}, '', 'Sản phẩm', '',
            'piece', 1 + (s.seq * 7 + k) % 3, 10000 + ((s.seq * 13 + k * 31) % 50) * 1000,
            {amount}, 0, 0, {amount}, 8
        FROM sales s CROSS JOIN generate_series(1, 3) k""",
        """INSERT INTO payments (id, sale_id, method, amount_vnd, tendered_vnd, change_vnd,
            reference)
        SELECT gen_random_uuid(), s.id, (ARRAY['cash','vietqr','card'])[1 + s.seq % 3],
            s.total_vnd, NULL, 0, '' FROM sales s""",
    )


_VOIDS_REFUNDS = (
    """UPDATE sales SET status = 'voided' WHERE seq % 200 = 1""",
    """INSERT INTO sale_voids (sale_id, receipt_no, user_id, reason, total_vnd, business_date,
        created_at, entry_id, terminal_id)
    SELECT id, receipt_no, user_id, 'khách đổi ý', total_vnd, business_date, created_at,
        entry_id, terminal_id FROM sales WHERE status = 'voided'""",
    """INSERT INTO refunds (id, refund_no, sale_id, terminal_code, business_date, user_id,
        reason, total_vnd, vat_vnd, receipt_lang, created_at, entry_id, terminal_id)
    SELECT gen_random_uuid(), 'RF' || s.seq, s.id, 'T', s.business_date, s.user_id, 'hàng lỗi',
        l.amount_vnd, 0, 'vi', s.created_at + interval '1 hour', s.entry_id, s.terminal_id
    FROM sales s JOIN sale_lines l ON l.sale_id = s.id AND l.line_no = 1
    WHERE s.seq % 100 = 2""",
    """INSERT INTO refund_lines (id, refund_id, line_no, sale_line_id, product_id, name_vi,
        name_en, unit, quantity, amount_vnd, vat_rate_pct, restock)
    SELECT gen_random_uuid(), r.id, 1, l.id, l.product_id, l.name_vi, '', l.unit, l.quantity,
        l.amount_vnd, 8, 'shelf'
    FROM refunds r JOIN sale_lines l ON l.sale_id = r.sale_id AND l.line_no = 1""",
    """INSERT INTO refund_payments (id, refund_id, method, amount_vnd, reference)
    SELECT gen_random_uuid(), id, 'cash', total_vnd, '' FROM refunds""",
)
_SHIFTS_STOCK = (
    f"""INSERT INTO shifts (id, terminal_code, business_date, opened_by, opened_at, float_vnd,
        entry_id, terminal_id)
    SELECT gen_random_uuid(), 'T', current_date - d, '00000000-0000-7000-8000-00000000aaaa',
        now() - d * interval '1 day', 500000, gen_random_uuid(), t
    FROM generate_series(1, {TERMINALS}) t CROSS JOIN generate_series(0, {DAYS - 1}) d""",
    """INSERT INTO shift_closes (shift_id, closed_by, closed_at, expected_cash_vnd,
        counted_cash_vnd, difference_vnd, notes, entry_id, terminal_id)
    SELECT id, opened_by, opened_at + interval '8 hours', 5000000,
        5000000 + (abs(hashtext(id::text)) % 5 - 2) * 1000,
        (abs(hashtext(id::text)) % 5 - 2) * 1000, '{}', gen_random_uuid(), terminal_id
    FROM shifts""",
    f"""INSERT INTO stock_movements (id, entry_id, terminal_id, product_id, kind, quantity,
        reason, created_at)
    SELECT gen_random_uuid(), gen_random_uuid(), t, {_product("p")}, 'receipt',
        (t * 31 + p * 17) % 60, '', now()
    FROM generate_series(1, {TERMINALS}) t CROSS JOIN generate_series(0, {PRODUCTS - 1}) p""",
)


def fill(session_factory, n: int) -> dict[str, float]:
    """Generate the data and recount the rollups; seconds each step took."""
    took = {}
    for step, statements in (
        ("catalogue", _CATALOGUE),
        ("sales", _sales(n)),
        ("voids_refunds", _VOIDS_REFUNDS),
        ("shifts_stock", _SHIFTS_STOCK),
    ):
        t0 = time.perf_counter()
        with session_factory.begin() as s:
            for sql in statements:
                s.execute(text(sql))
        took[step] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with session_factory.begin() as s:
        rollup.rebuild(s)
    took["rollups"] = time.perf_counter() - t0
    with session_factory.kw["bind"].connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return took


def time_reports(session_factory, repeat: int) -> list[dict]:
    today = dt.date.today()
    periods = {
        "month": Period(today - dt.timedelta(days=30), today),
        "year": Period(today - dt.timedelta(days=DAYS - 1), today),
    }
    out = []
    for key, choice in REPORTS.items():
        for name, period in periods.items() if choice.periodic else [("now", periods["month"])]:
            with session_factory() as s:
                found = make(s, key, period, utcnow())
                assert found.rows, f"{key} over the {name}: no rows"
                samples = time_calls(lambda i, s=s, k=key, p=period: make(s, k, p, utcnow()), repeat,
                                     warmup=2)  # fmt: skip
            out.append(row(f"hq report {key} ({name})", samples, None, TARGET))
    return out


def run(workdir: Path, quick: bool) -> list[dict]:
    n = 20_000 if quick else int(os.environ.get("OCOP_BENCH_HQ_SALES", "1000000"))
    admin_url, stop = _postgres(Path(workdir))
    if admin_url is None:
        print("bench_hq_reports: no PostgreSQL, skipped")
        return []
    engine = None
    try:
        engine, session_factory = store.open_database(_fresh_database(admin_url))
        t0 = time.perf_counter()
        took = fill(session_factory, n)
        with session_factory() as s:
            assert s.scalar(select(func.count()).select_from(Sale)) == n
        steps = ", ".join(f"{k} {v:.0f} s" for k, v in took.items())
        print(f"bench_hq_reports: {n:,} sales generated in {time.perf_counter() - t0:.0f} s "
              f"({steps})", flush=True)  # fmt: skip
        return time_reports(session_factory, 5 if quick else 20)
    finally:
        if engine is not None:
            engine.dispose()
        if stop:
            stop()
