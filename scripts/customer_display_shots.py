"""Screenshots of the customer display in each view, for the README.

    python scripts/customer_display_shots.py [OUT_DIR] [--size 1024x768] [--lang vi|en|both]

Rings up a sale of demo products in a cart (no database), builds each view the till would show
(the shop's name, the lines and total, the VietQR code, the thanks and change) with
kiosk.core.sale.customer_view, draws them offscreen in the kiosk's style and saves
OUT_DIR/customer-<view>.png (default docs/screenshots).
"""

import argparse
import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHOP = "Điểm giới thiệu sản phẩm OCOP Phú Quốc"
# Demo products (resources/demo/catalogue.csv): name, English name, unit, price, quantity.
BASKET = (
    ("Nước mắm Phú Quốc 40 độ đạm 500ml", "Phu Quoc fish sauce 40°N 500 ml", "piece", 185_000, 2),
    ("Tiêu đen Phú Quốc", "Phu Quoc black pepper", "gram", 380_000, 250),
    (
        "Cà phê Arabica Cầu Đất rang xay 250g",
        "Cau Dat Arabica ground coffee 250 g",
        "piece",
        165_000,
        1,
    ),
    ("Mứt hồng sấy dẻo Đà Lạt 500g", "Da Lat dried persimmon 500 g", "piece", 210_000, 1),
    ("Trà atiso túi lọc hộp 20 gói", "Artichoke tea, 20 bags", "piece", 55_000, 3),
)


def sample_views(lang: str):
    """(name, view) for each view of a sale of BASKET paid by transfer, then one paid in cash."""
    from kiosk.core.people.users import Actor
    from kiosk.core.sale import customer_view as cv
    from kiosk.core.sale.cart import Cart, Item
    from kiosk.core.sale.till import VietQRRequest
    from kiosk.core.sale.vietqr import build_payload

    cart = Cart(Actor(uuid.uuid4(), "Lan", "clerk"))
    lines = None
    for name_vi, name_en, unit, price, qty in BASKET:
        item = Item(uuid.uuid4(), "SKU", name_vi, name_en, unit, 8, price)
        cart.add(item, qty)
        lines = cv.cart_view(cart.totals(), shop_name=SHOP, lang=lang, previous=lines)
    total = cart.totals().total_vnd
    reference = "K01 143512"
    account, holder = "1023456789", "HTX OCOP PHU QUOC"
    payload = build_payload(bank_bin="970436", account=account, amount_vnd=total, purpose=reference)
    qr = VietQRRequest(payload, total, "Vietcombank", account, holder, reference)
    cash = -(-total // 500_000) * 500_000
    yield "idle", cv.idle_view(SHOP, lang)
    yield "lines", lines
    yield "vietqr", cv.transfer_view(qr, total_vnd=total, lang=lang)
    yield "paid", cv.Paid(total_vnd=total, paid_vnd=cash, change_vnd=cash - total, lang=lang)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1024x768", help="WIDTHxHEIGHT of the display")
    parser.add_argument("--lang", default="vi", choices=("vi", "en", "both"))
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSize

    from kiosk.ui.application import make_application
    from kiosk.ui.customer.shots import save_screenshots

    make_application([])  # the kiosk's fonts and style
    for path in save_screenshots(sample_views(args.lang), args.out, QSize(width, height)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
