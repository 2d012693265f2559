"""The synthetic catalogue: producers, products with their barcode, price and opening stock,
named from the word lists below, and the generator's user.
"""

import datetime as dt
import random
import sqlite3
from dataclasses import dataclass

from db.models import (
    PRODUCER_KINDS,
    PRODUCT_GROUPS,
    Barcode,
    Price,
    Producer,
    Product,
    StockMovement,
    User,
)
from kiosk.core.catalogue.barcode import make_ean13
from kiosk.core.catalogue.rows import make_search_text
from kiosk.core.synthetic.rows import EPOCH, SYNTHETIC_USER_ID, Ids, insert, ts

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


@dataclass
class SyntheticCatalogue:
    """The products as the sales history needs them, in parallel lists by product."""

    ids: list[str]
    prices: list[int]
    units: list[str]
    vats: list[int]
    names: list[tuple[str, str]]
    barcodes: list[str]
    on_hand: list[int]


def write_catalogue(
    con: sqlite3.Connection, rng: random.Random, ids: Ids, n: int
) -> SyntheticCatalogue:
    """Write the generator's user, ``n // 20`` producers (at least one) and ``n`` products."""
    start_ms = int((EPOCH - dt.timedelta(days=30)).timestamp() * 1000)
    created = ts(EPOCH - dt.timedelta(days=30))
    insert(
        con,
        User.__table__,
        ["id", "name", "role", "pin_hash", "failed_attempts", "active", "created_at"],
        # "!" is no argon2 hash: nobody can sign in as the generator.
        [(SYNTHETIC_USER_ID, "synthetic", "clerk", "!", 0, 0, created)],
    )
    producers = _write_producers(con, rng, ids, n, start_ms, created)
    province_names = dict(con.execute("SELECT code, name FROM provinces"))
    cat, products, barcodes, prices = _product_rows(
        rng, ids, n, producers, province_names, start_ms, created
    )
    _write_products(con, ids, cat, products, barcodes, prices, start_ms, created)
    return cat


def _write_producers(
    con: sqlite3.Connection, rng: random.Random, ids: Ids, n: int, start_ms: int, created: str
) -> list[tuple]:
    """Write one producer per 20 products (at least one); their rows."""
    producers = []
    for i in range(max(1, n // 20)):
        kind = PRODUCER_KINDS[i % len(PRODUCER_KINDS)]
        name = (
            f"{PRODUCER_KIND_NAMES[kind]} {rng.choice(PRODUCER_WORDS)} {rng.choice(PLACES)} {i + 1}"
        )
        producers.append((ids.at(start_ms), name, kind, rng.choice(PROVINCE_CODES), "", "", "", "",
                          "", 1, created))  # fmt: skip
    insert(
        con,
        Producer.__table__,
        ["id", "name", "kind", "province_code", "address", "phone", "tax_code", "bank_bin",
         "bank_account", "is_demo", "created_at"],
        producers,
    )  # fmt: skip
    return producers


def _product_rows(
    rng: random.Random,
    ids: Ids,
    n: int,
    producers: list[tuple],
    province_names: dict[int, str],
    start_ms: int,
    created: str,
) -> tuple[SyntheticCatalogue, list[tuple], list[tuple], list[tuple]]:
    """The ``n`` products: the catalogue, and the rows of products, barcodes and prices."""
    price_from = ts(EPOCH - dt.timedelta(days=30))
    cat = SyntheticCatalogue([], [], [], [], [], [], [])
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
    return cat, products, barcodes, prices


def _write_products(
    con: sqlite3.Connection,
    ids: Ids,
    cat: SyntheticCatalogue,
    products: list[tuple],
    barcodes: list[tuple],
    prices: list[tuple],
    start_ms: int,
    created: str,
) -> None:
    """Write the products, their barcodes and prices, and a receipt of each one's opening stock."""
    insert(
        con,
        Product.__table__,
        ["id", "sku", "name_vi", "name_en", "unit", "vat_rate_pct", "group_code", "producer_id",
         "province_code", "former_province", "ocop_stars", "certificate_no", "consignment",
         "commission_pct", "favourite", "reorder_level", "active", "is_demo", "search_text",
         "created_at", "updated_at"],
        products,
    )  # fmt: skip
    insert(con, Barcode.__table__, ["code", "product_id", "kind"], barcodes)
    insert(
        con,
        Price.__table__,
        ["id", "product_id", "price_vnd", "valid_from", "source", "created_at"],
        prices,
    )
    insert(
        con,
        StockMovement.__table__,
        ["id", "product_id", "kind", "quantity", "reason", "user_id", "created_at"],
        [(ids.at(start_ms), pid, "receipt", q, "synthetic opening stock", SYNTHETIC_USER_ID, created)
         for pid, q in zip(cat.ids, cat.on_hand, strict=True)],
    )  # fmt: skip
