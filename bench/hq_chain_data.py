"""A chain's year of sales as SQL that PostgreSQL runs on itself (``INSERT ... SELECT
generate_series``: nothing crosses the wire), for bench_hq_reports.

Sale ``g`` (1..N) is made at terminal ``1 + g % 100`` on day ``g % 365`` before today; its three
lines, its payment, its void (``g % 200 = 1``: 0.5 %) or its refund of the first line
(``g % 100 = 2``: 1 %) are all functions of ``g``, ids included (a fixed prefix and ``g`` in hex:
ordered like the UUIDv7 ids terminals make), so each table is one INSERT from ``generate_series``
with no join back to the rows of another: the loaded sales are never read again to make their
lines. 20 shops in 20 provinces hold the 100 terminals; 2,000 products of 200 producers; a closed
shift per terminal and day (its cash difference a hash of its id); stock received per terminal and product.
"""

TERMINALS, SHOPS, PRODUCERS, PRODUCTS, DAYS = 100, 20, 200, 2_000, 365
USER = "'00000000-0000-7000-8000-00000000aaaa'::uuid"

# The tables the sales fill, whose indexes and keys go during the load (bench.pg_bulk).
BULK_TABLES = (
    "entries",
    "sales",
    "sale_lines",
    "payments",
    "sale_voids",
    "refunds",
    "refund_lines",
    "refund_payments",
)


def _id(tag: str, expr: str) -> str:
    return f"('00000000-0000-7000-{tag}-' || lpad(to_hex({expr}), 12, '0'))::uuid"


def _product(expr: str) -> str:
    return _id("9000", f"1 + ({expr}) % {PRODUCTS}")


def _qty(k: int) -> str:
    return f"(1 + (g * 7 + {k}) % 3)"


def _price(k: int) -> str:
    return f"(10000 + ((g * 13 + {k * 31}) % 50) * 1000)"


def _amount(k: int) -> str:
    return f"({_qty(k)} * {_price(k)})"


TOTAL = "(" + " + ".join(_amount(k) for k in (1, 2, 3)) + ")"
ENTRY, SALE, LINE1 = _id("a001", "g"), _id("a002", "g"), _id("a003", "g * 4 + 1")
REFUND, DAY = _id("a005", "g"), f"current_date - (g % {DAYS})"
TERMINAL = f"1 + g % {TERMINALS}"

CATALOGUE = (
    f"""INSERT INTO shops (id, code, name, province, created_at)
    SELECT 1 + g, 'S' || lpad(g::text, 2, '0'), 'Cửa hàng ' || g, 'Tỉnh ' || g, now()
    FROM generate_series(1, {SHOPS}) g""",
    f"""INSERT INTO terminals (id, code, shop_id, created_at, backlog, catalogue_version,
        last_push_at, token_hash)
    SELECT g, 'T' || lpad(g::text, 3, '0'), 2 + g % {SHOPS}, now(), g % 7, 0,
        now() - g * interval '1 minute', md5(g::text) FROM generate_series(1, {TERMINALS}) g""",
    f"""INSERT INTO producers (id, name, kind, province_code, address, phone, tax_code, bank_bin,
        bank_account, version, updated_at)
    SELECT {_id("8000", "g")}, 'HTX số ' || g, 'cooperative',
        (ARRAY[1,4,8,11,12,14,15,19,20,22])[1 + g % 10], '', '', '', '', '', 1, now()
    FROM generate_series(1, {PRODUCERS}) g""",
    f"""INSERT INTO products (id, sku, name_vi, name_en, unit, vat_rate_pct, group_code,
        producer_id, province_code, former_province, ocop_stars, certificate_no, consignment,
        commission_pct, active, version, updated_at)
    SELECT {_id("9000", "g")}, 'SKU' || g, 'Sản phẩm OCOP số ' || g, '',
        CASE WHEN g % 10 = 0 THEN 'gram' ELSE 'piece' END, 8,
        (ARRAY['food','beverage','herbal','handicraft','ornamental','tourism'])[1 + g % 6],
        {_id("8000", f"1 + g % {PRODUCERS}")}, NULL, '', 4, '', false, 0, true, 1, now()
    FROM generate_series(1, {PRODUCTS}) g""",
)


def sales(n: int) -> tuple[tuple[str, str], ...]:
    """(table, INSERT) for the N sales, one statement per table."""
    each = f"FROM generate_series(1, {n}) g"
    return (
        (
            "entries",
            f"""INSERT INTO entries (id, terminal_id, seq, kind, applied, created_at,
            received_at) SELECT {ENTRY}, {TERMINAL}, g, 'sale', true, now(), now() {each}""",
        ),
        (
            "sales",
            f"""INSERT INTO sales (id, entry_id, terminal_id, terminal_code, receipt_no,
            business_date, seq, user_id, status, subtotal_vnd, discount_vnd, total_vnd, vat_vnd,
            rounding_vnd, receipt_lang, created_at, received_at)
        SELECT {SALE}, {ENTRY}, {TERMINAL}, 'T', 'R' || g, {DAY}, g, {USER},
            CASE WHEN g % 200 = 1 THEN 'voided' ELSE 'completed' END, {TOTAL}, 0, {TOTAL},
            {TOTAL} * 8 / 108, 0, 'vi', now(), now() {each}""",
        ),
        (
            "sale_lines",
            f"""INSERT INTO sale_lines (id, sale_id, line_no, product_id, barcode,
            name_vi, name_en, unit, quantity, unit_price_vnd, gross_vnd, line_discount_vnd,
            cart_discount_vnd, amount_vnd, vat_rate_pct)
        SELECT {_id("a003", "g * 4 + k")}, {SALE}, k, {_product("g * 17 + k * 101")}, '',
            'Sản phẩm', '', 'piece', q, p, q * p, 0, 0, q * p, 8
        FROM generate_series(1, {n}) g CROSS JOIN generate_series(1, 3) k
        CROSS JOIN LATERAL (SELECT 1 + (g * 7 + k) % 3 AS q,
            10000 + ((g * 13 + k * 31) % 50) * 1000 AS p) v""",
        ),
        (
            "payments",
            f"""INSERT INTO payments (id, sale_id, method, amount_vnd, tendered_vnd,
            change_vnd, reference)
        SELECT {_id("a004", "g")}, {SALE}, (ARRAY['cash','vietqr','card'])[1 + g % 3], {TOTAL},
            NULL, 0, '' {each}""",
        ),
        *_voids_refunds(n),
    )


def _voids_refunds(n: int) -> tuple[tuple[str, str], ...]:
    """Sale g voided when g % 200 = 1, its first line refunded when g % 100 = 2."""
    each = f"FROM generate_series(1, {n}) g"
    voided, refunded = f"{each} WHERE g % 200 = 1", f"{each} WHERE g % 100 = 2"
    return (
        (
            "sale_voids",
            f"""INSERT INTO sale_voids (sale_id, receipt_no, user_id, reason,
            total_vnd, business_date, created_at, entry_id, terminal_id)
        SELECT {SALE}, 'R' || g, {USER}, 'khách đổi ý', {TOTAL}, {DAY}, now(), {ENTRY},
            {TERMINAL} {voided}""",
        ),
        (
            "refunds",
            f"""INSERT INTO refunds (id, refund_no, sale_id, terminal_code,
            business_date, user_id, reason, total_vnd, vat_vnd, receipt_lang, created_at,
            entry_id, terminal_id)
        SELECT {REFUND}, 'RF' || g, {SALE}, 'T', {DAY}, {USER}, 'hàng lỗi', {_amount(1)}, 0,
            'vi', now() + interval '1 hour', {ENTRY}, {TERMINAL} {refunded}""",
        ),
        (
            "refund_lines",
            f"""INSERT INTO refund_lines (id, refund_id, line_no, sale_line_id,
            product_id, name_vi, name_en, unit, quantity, amount_vnd, vat_rate_pct, restock)
        SELECT {_id("a006", "g")}, {REFUND}, 1, {LINE1}, {_product("g * 17 + 101")},
            'Sản phẩm', '', 'piece', {_qty(1)}, {_amount(1)}, 8, 'shelf' {refunded}""",
        ),
        (
            "refund_payments",
            f"""INSERT INTO refund_payments (id, refund_id, method, amount_vnd,
            reference)
        SELECT {_id("a007", "g")}, {REFUND}, 'cash', {_amount(1)}, '' {refunded}""",
        ),
    )


SHIFTS_STOCK = (
    f"""INSERT INTO shifts (id, terminal_code, business_date, opened_by, opened_at, float_vnd,
        entry_id, terminal_id)
    SELECT {_id("a008", "t * 1000 + d")}, 'T', current_date - d, {USER},
        now() - d * interval '1 day', 500000, {_id("a009", "t * 1000 + d")}, t
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
