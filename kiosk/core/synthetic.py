"""Synthetic catalogues and sales history for benchmarks and load tests.

A province showroom has a few hundred products; HQ and the benchmarks need 100,000 products
and a million past sales. Going through the ORM would take an hour, so rows are built as plain
tuples in the formats SQLAlchemy stores (UUIDs as 32 hex digits, UTC timestamps as
``YYYY-MM-DD HH:MM:SS.ffffff``, booleans as 0/1) and written with ``executemany`` on the
tables of db.models, in large transactions with the journal relaxed: a crash while generating
leaves a file to delete, never a shop's data. The result is consistent like a real till's:
lines add up to sales, VAT is rounded once per rate (by kiosk.core.pricing, as checkout does), payments cover totals, every product has a
receipt movement and ``stock_levels`` equals the sum of the movements.

Deterministic: the same sizes and seed give the same database, ids included.
"""

import datetime as dt
import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table

from db.models import (
    PRODUCER_KINDS,
    PRODUCT_GROUPS,
    Barcode,
    Payment,
    Price,
    Producer,
    Product,
    Sale,
    SaleLine,
    SaleVat,
    StockLevel,
    StockMovement,
    User,
)
from db.models.sales import ReceiptCounter
from kiosk.core.catalogue.barcode import make_ean13
from kiosk.core.catalogue.rows import make_search_text
from kiosk.core.pricing import vat_contained, weighed_amount

EPOCH = dt.datetime(2024, 7, 1, tzinfo=dt.UTC)
HISTORY_DAYS = 730
TERMINAL = "SYN01"
SYNTHETIC_USER_ID = "0190a000000070008000000000000001"
CHUNK = 20_000
BULK_TABLES = ("sales", "sale_lines", "sale_vat", "payments", "stock_movements")

PRODUCTS = {
    "food": [
        "Nước mắm",
        "Mắm tôm",
        "Bánh pía",
        "Kẹo dừa",
        "Mật ong",
        "Gạo",
        "Tiêu",
        "Hạt điều",
        "Mắc ca",
        "Chả mực",
        "Nem chua",
        "Khô cá",
        "Miến dong",
        "Tỏi",
        "Mứt",
        "Bánh tráng",
        "Long nhãn",
        "Măng khô",
        "Nấm hương",
        "Yến sào",
    ],
    "beverage": [
        "Cà phê",
        "Chè",
        "Trà ô long",
        "Rượu",
        "Nước cốt chanh",
        "Trà thảo mộc",
        "Rượu vang",
        "Sữa hạt",
    ],
    "herbal": [
        "Sâm",
        "Cao atiso",
        "Trà giảo cổ lam",
        "Tinh dầu",
        "Nghệ viên",
        "Đông trùng hạ thảo",
        "Lá tắm",
        "Cao dược liệu",
    ],
    "handicraft": [
        "Bình gốm",
        "Ấm chén",
        "Khăn lụa",
        "Giỏ mây",
        "Túi thổ cẩm",
        "Nón lá",
        "Thảm cói",
        "Tranh sơn mài",
        "Đũa tre",
        "Đèn lồng",
    ],
    "ornamental": ["Cây bonsai", "Lan hồ điệp", "Hoa giấy", "Cây kim ngân", "Cá cảnh", "Sen đá"],
    "tourism": ["Vé tham quan", "Tour trải nghiệm", "Homestay", "Vé thuyền", "Lớp học làm gốm"],
}
QUALIFIERS = [
    "đặc biệt",
    "truyền thống",
    "hữu cơ",
    "thượng hạng",
    "loại 1",
    "cao cấp",
    "rang củi",
    "sấy dẻo",
    "nguyên chất",
    "men lam",
    "thủ công",
    "gia truyền",
    "xuất khẩu",
    "tươi",
]
PLACES = [
    "Phú Quốc",
    "Đà Lạt",
    "Cầu Đất",
    "Tân Cương",
    "Bát Tràng",
    "Vạn Phúc",
    "Ngọc Linh",
    "Lý Sơn",
    "Buôn Ma Thuột",
    "Hạ Long",
    "Mộc Châu",
    "Sa Pa",
    "Huế",
    "Hội An",
    "Cà Mau",
    "Bến Tre",
    "Sóc Trăng",
    "Lục Ngạn",
    "Hưng Yên",
    "Lạng Sơn",
    "Cao Bằng",
    "Điện Biên",
    "Chư Sê",
    "Trảng Bàng",
    "Cát Hải",
    "Sa Đéc",
    "Tây Ninh",
    "Kon Tum",
    "Mèo Vạc",
    "Kim Sơn",
]
SIZES = ["100g", "200g", "250g", "300g", "500g", "1kg", "500ml", "750ml", "hộp 10 gói", "", "", ""]
PRODUCER_WORDS = [
    "Hưng Thịnh",
    "Phúc Lộc",
    "Thành Đạt",
    "An Khang",
    "Minh Châu",
    "Hoàng Gia",
    "Tân Tiến",
    "Bình Minh",
    "Đại Phát",
    "Quê Hương",
    "Xanh",
    "Việt",
]
PRODUCER_KIND_NAMES = {
    "enterprise": "Công ty TNHH",
    "cooperative": "HTX",
    "coop_group": "Tổ hợp tác",
    "household": "Hộ kinh doanh",
}
PROVINCE_CODES = [1, 4, 8, 11, 12, 14, 15, 19, 20, 22, 24, 25, 31, 33, 37, 38, 40, 42, 44, 46, 48,
                  51, 52, 56, 66, 68, 75, 79, 80, 82, 86, 91, 92, 96]  # fmt: skip


@dataclass(frozen=True)
class SyntheticStats:
    """Sizes written and seconds taken."""

    products: int
    sales: int
    sale_lines: int
    stock_movements: int
    seconds: float


class _Ids:
    """UUIDv7-shaped ids from a seeded generator: time-ordered like the till's, reproducible."""

    def __init__(self, rng: random.Random):
        self._bits = rng.getrandbits

    def at(self, when_ms: int) -> str:
        rand = self._bits(74)
        value = (
            (when_ms << 80)
            | (0x7 << 76)
            | ((rand >> 62) << 64)
            | (0b10 << 62)
            | (rand & (2**62 - 1))
        )
        return f"{value:032x}"


def _ts(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _insert(con: sqlite3.Connection, table: Table, columns: list[str], rows: list[tuple]) -> None:
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise KeyError(f"{table.name} has no column {unknown}")
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows)


def generate(path: Path | str, n_products: int, n_sales: int, seed: int = 1) -> SyntheticStats:
    """Write ``n_products`` products and ``n_sales`` past sales into the migrated, empty
    database at ``path``."""
    started = time.perf_counter()
    rng = random.Random(seed)
    ids = _Ids(rng)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        # Speed over durability while generating: the file is disposable until we finish.
        con.execute("PRAGMA journal_mode=MEMORY")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("PRAGMA cache_size=-200000")
        con.execute("BEGIN")
        # Secondary indexes are rebuilt once at the end: sorting once beats millions of
        # random B-tree inserts.
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({', '.join('?' for _ in BULK_TABLES)})",
            BULK_TABLES,
        ).fetchall()
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
        catalogue = _catalogue(con, rng, ids, n_products)
        lines, movements = _sales(con, rng, ids, catalogue, n_sales)
        for _, sql in indexes:
            con.execute(sql)
        con.execute("COMMIT")
        con.execute("PRAGMA optimize")
    finally:
        con.close()
    return SyntheticStats(
        n_products, n_sales, lines, movements + n_products, time.perf_counter() - started
    )


@dataclass
class _Catalogue:
    ids: list[str]
    prices: list[int]
    units: list[str]
    vats: list[int]
    names: list[tuple[str, str]]
    barcodes: list[str]
    on_hand: list[int]


def _catalogue(con: sqlite3.Connection, rng: random.Random, ids: _Ids, n: int) -> _Catalogue:
    start_ms = int((EPOCH - dt.timedelta(days=30)).timestamp() * 1000)
    created = _ts(EPOCH - dt.timedelta(days=30))
    price_from = _ts(EPOCH - dt.timedelta(days=30))
    _insert(
        con,
        User.__table__,
        ["id", "name", "role", "pin_hash", "failed_attempts", "active", "created_at"],
        # "!" is no argon2 hash: nobody can sign in as the generator.
        [(SYNTHETIC_USER_ID, "synthetic", "clerk", "!", 0, 0, created)],
    )
    producers = []
    for i in range(max(1, n // 20)):
        kind = PRODUCER_KINDS[i % len(PRODUCER_KINDS)]
        name = (
            f"{PRODUCER_KIND_NAMES[kind]} {rng.choice(PRODUCER_WORDS)} {rng.choice(PLACES)} {i + 1}"
        )
        producers.append((ids.at(start_ms), name, kind, rng.choice(PROVINCE_CODES), "", "", "", "",
                          "", 1, created))  # fmt: skip
    _insert(
        con,
        Producer.__table__,
        ["id", "name", "kind", "province_code", "address", "phone", "tax_code", "bank_bin",
         "bank_account", "is_demo", "created_at"],
        producers,
    )  # fmt: skip
    province_names = dict(con.execute("SELECT code, name FROM provinces"))
    cat = _Catalogue([], [], [], [], [], [], [])
    products, barcodes, prices, levels = [], [], [], []
    for i in range(n):
        group = PRODUCT_GROUPS[i % len(PRODUCT_GROUPS)] if i % 3 else "food"
        place = rng.choice(PLACES)
        name_vi = " ".join(
            w
            for w in (rng.choice(PRODUCTS[group]), rng.choice(QUALIFIERS), place, rng.choice(SIZES))
            if w
        )
        producer = producers[rng.randrange(len(producers))]
        unit = (
            "gram" if group in ("food", "beverage", "herbal") and rng.random() < 0.08 else "piece"
        )
        price = (
            rng.randrange(20, 2_000) * 1_000
            if unit == "piece"
            else rng.randrange(100, 1_500) * 1_000
        )
        vat = 10 if rng.random() < 0.15 else 8
        pid = ids.at(start_ms)
        code = make_ean13(f"8938{i:08d}")
        search = make_search_text(name_vi, "", producer[1], province_names[producer[3]])
        products.append((pid, f"SYN-{i:06d}", name_vi, "", unit, vat, group, producer[0], producer[3],
                         "", rng.choice((3, 4, 5)), f"{i}/QĐ-UBND", 0, 0, int(rng.random() < 0.001),
                         0, 1, 1, search, created, created))  # fmt: skip
        barcodes.append((code, pid, "ean13"))
        prices.append((ids.at(start_ms), pid, price, price_from, "hq", created))
        stock = 100_000 if unit == "piece" else 50_000_000
        levels.append(stock)
        cat.ids.append(pid)
        cat.prices.append(price)
        cat.units.append(unit)
        cat.vats.append(vat)
        cat.names.append((name_vi, unit))
        cat.barcodes.append(code)
    cat.on_hand = levels
    _insert(
        con,
        Product.__table__,
        ["id", "sku", "name_vi", "name_en", "unit", "vat_rate_pct", "group_code", "producer_id",
         "province_code", "former_province", "ocop_stars", "certificate_no", "consignment",
         "commission_pct", "favourite", "reorder_level", "active", "is_demo", "search_text",
         "created_at", "updated_at"],
        products,
    )  # fmt: skip
    _insert(con, Barcode.__table__, ["code", "product_id", "kind"], barcodes)
    _insert(
        con,
        Price.__table__,
        ["id", "product_id", "price_vnd", "valid_from", "source", "created_at"],
        prices,
    )
    _insert(
        con,
        StockMovement.__table__,
        ["id", "product_id", "kind", "quantity", "reason", "user_id", "created_at"],
        [(ids.at(start_ms), pid, "receipt", q, "synthetic opening stock", SYNTHETIC_USER_ID, created)
         for pid, q in zip(cat.ids, levels, strict=True)],
    )  # fmt: skip
    return cat


def _sales(
    con: sqlite3.Connection, rng: random.Random, ids: _Ids, cat: _Catalogue, n_sales: int
) -> tuple[int, int]:
    n_products = len(cat.ids)
    per_day = max(1, -(-n_sales // HISTORY_DAYS))
    sales, lines, vats, payments, movements = [], [], [], [], []
    counters = []
    n_lines = n_moves = 0
    on_hand = cat.on_hand
    rand, randrange = rng.random, rng.randrange
    for s in range(n_sales):
        day, seq = divmod(s, per_day)
        seq += 1
        date = EPOCH.date() + dt.timedelta(days=day)
        moment = EPOCH + dt.timedelta(days=day, hours=1, seconds=seq * 40_000 // per_day)
        ms = int(moment.timestamp() * 1000)
        created = _ts(moment)
        sale_id = ids.at(ms)
        by_rate: dict[int, int] = {}
        total = 0
        for line_no in range(1, randrange(1, 7) + 1):
            # Skewed: a few products sell far more than the rest, as in a real shop.
            p = int(n_products * rand() ** 3)
            unit, price, vat = cat.units[p], cat.prices[p], cat.vats[p]
            if unit == "piece":
                qty = 1 if rand() < 0.7 else randrange(2, 6)
                gross = price * qty
            else:
                qty = randrange(100, 2_000)
                gross = weighed_amount(price, qty)
            total += gross
            by_rate[vat] = by_rate.get(vat, 0) + gross
            name_vi = cat.names[p][0]
            lines.append((ids.at(ms), sale_id, line_no, cat.ids[p], cat.barcodes[p], name_vi, "",
                          unit, qty, price, gross, 0, 0, gross, vat))  # fmt: skip
            movements.append((ids.at(ms), cat.ids[p], "sale", -qty, "", sale_id, SYNTHETIC_USER_ID,
                              created))  # fmt: skip
            on_hand[p] -= qty
            n_lines += 1
        vat_total = 0
        for rate, gross in by_rate.items():
            v = vat_contained(gross, rate)
            vat_total += v
            vats.append((sale_id, rate, gross, v))
        receipt_no = f"{TERMINAL}-{date:%Y%m%d}-{seq:05d}"
        sales.append((sale_id, receipt_no, TERMINAL, date.isoformat(), seq, SYNTHETIC_USER_ID,
                      "completed", total, 0, total, vat_total, "vi", created))  # fmt: skip
        r = rand()
        if r < 0.7:
            tendered = -(-total // 50_000) * 50_000
            payments.append((ids.at(ms), sale_id, "cash", total, tendered, tendered - total, ""))
        elif r < 0.9:
            payments.append((ids.at(ms), sale_id, "vietqr", total, None, 0, receipt_no))
        else:
            payments.append(
                (ids.at(ms), sale_id, "card", total, None, 0, f"{randrange(10**6):06d}")
            )
        if seq == per_day or s == n_sales - 1:
            counters.append((TERMINAL, date.isoformat(), seq))
        if len(sales) >= CHUNK:
            n_moves += _flush(con, sales, lines, vats, payments, movements)
    n_moves += _flush(con, sales, lines, vats, payments, movements)
    _insert(con, ReceiptCounter.__table__, ["terminal_code", "business_date", "last_seq"], counters)
    now = _ts(EPOCH + dt.timedelta(days=HISTORY_DAYS))
    _insert(
        con,
        StockLevel.__table__,
        ["product_id", "on_hand", "updated_at"],
        [(pid, q, now) for pid, q in zip(cat.ids, on_hand, strict=True)],
    )
    return n_lines, n_moves


def _flush(con, sales, lines, vats, payments, movements) -> int:
    _insert(
        con,
        Sale.__table__,
        ["id", "receipt_no", "terminal_code", "business_date", "seq", "user_id", "status",
         "subtotal_vnd", "discount_vnd", "total_vnd", "vat_vnd", "receipt_lang", "created_at"],
        sales,
    )  # fmt: skip
    _insert(
        con,
        SaleLine.__table__,
        ["id", "sale_id", "line_no", "product_id", "barcode", "name_vi", "name_en", "unit",
         "quantity", "unit_price_vnd", "gross_vnd", "line_discount_vnd", "cart_discount_vnd",
         "amount_vnd", "vat_rate_pct"],
        lines,
    )  # fmt: skip
    _insert(con, SaleVat.__table__, ["sale_id", "rate_pct", "gross_vnd", "vat_vnd"], vats)
    _insert(
        con,
        Payment.__table__,
        ["id", "sale_id", "method", "amount_vnd", "tendered_vnd", "change_vnd", "reference"],
        payments,
    )
    _insert(
        con,
        StockMovement.__table__,
        ["id", "product_id", "kind", "quantity", "reason", "sale_id", "user_id", "created_at"],
        movements,
    )
    written = len(movements)
    for batch in (sales, lines, vats, payments, movements):
        batch.clear()
    return written
