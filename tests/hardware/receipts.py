"""Sample documents shared by the hardware tests and the benchmark."""

from __future__ import annotations

from hardware.document import Document, DocumentBuilder, SeparatorStyle, Size, Symbology

VIETQR = (
    "00020101021238570010A00000072701270006970436011300110123456780208QRIBFTTA"
    "530370454061250005802VN62150811HD0001202663049C1E"
)
RECEIPT_NUMBER = "QN01-20261130-0042"
ITEMS = [
    ("Nước mắm Phú Quốc 40 độ đạm, chai 500 ml", 2, 125_000),
    ("Cà phê Buôn Ma Thuột rang xay, gói 500 g", 1, 185_000),
    ("Mật ong hoa cà phê Đắk Lắk", 1, 150_000),
    ("Trà Shan tuyết cổ thụ Hà Giang", 3, 95_000),
    ("Bánh pía Sóc Trăng sầu riêng trứng muối", 2, 60_000),
    ("Kẹo dừa Bến Tre", 4, 35_000),
    ("Tỏi cô đơn Lý Sơn, hũ 300 g", 1, 210_000),
]


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + "\u00a0₫"


def sample_receipt(lines: int = len(ITEMS)) -> Document:
    b = (
        DocumentBuilder()
        .title("OCOP QUẢNG NINH")
        .center("Trung tâm giới thiệu sản phẩm OCOP")
        .center("Số 1 Đường Trần Hưng Đạo, TP Hạ Long")
        .separator(SeparatorStyle.DOUBLE)
        .text(f"Hoá đơn: {RECEIPT_NUMBER}")
        .separator()
    )
    total = 0
    for i in range(lines):
        name, qty, price = ITEMS[i % len(ITEMS)]
        total += qty * price
        b.row(f"{name} x{qty}", vnd(qty * price))
    return (
        b.separator()
        .row("TỔNG CỘNG", vnd(total), bold=True, size=Size.DOUBLE_HEIGHT)
        .row("Thuế GTGT 8% đã gồm", vnd(round(total * 8 / 108)))
        .text("Quét mã để chuyển khoản VietQR", align="center")
        .qr(VIETQR, size=5)
        .barcode(RECEIPT_NUMBER, Symbology.CODE128)
        .center("Cảm ơn quý khách — hẹn gặp lại!")
        .feed(2)
        .cut()
        .drawer()
        .build()
    )
