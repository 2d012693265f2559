"""Benchmark: a 20-line Vietnamese receipt from document to ESC/POS raster bytes.

Target: at most 20 ms at p99 on the till (the clerk waits for the receipt). Each job is checked
to be a whole receipt (init, raster bands of the paper's width, cut). Baseline in the same run:
Pillow drawing the same lines onto a bitmap with no layout (no wrapping, columns, QR or barcode)
and packing it to 1-bit, which is the least any raster receipt costs. Run alone with
``python -m bench.bench_receipt``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bench.stats import row, time_calls
from hardware.document import Document, DocumentBuilder, SeparatorStyle, Size, Symbology
from hardware.render_escpos import EscPosRenderer
from resources import path as resource_path

TARGET_MS = 20.0
ITEMS = [
    ("Nước mắm Phú Quốc 40 độ đạm, chai 500 ml", 125_000),
    ("Cà phê Buôn Ma Thuột rang xay, gói 500 g", 185_000),
    ("Mật ong hoa cà phê Đắk Lắk", 150_000),
    ("Trà Shan tuyết cổ thụ Hà Giang", 95_000),
    ("Bánh pía Sóc Trăng sầu riêng trứng muối", 60_000),
    ("Kẹo dừa Bến Tre", 35_000),
    ("Tỏi cô đơn Lý Sơn, hũ 300 g", 210_000),
]


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + "\u00a0₫"


def receipt(lines: int = 20, number: int = 42) -> Document:
    b = DocumentBuilder().title("OCOP QUẢNG NINH").center("Trung tâm giới thiệu sản phẩm OCOP")
    b.separator(SeparatorStyle.DOUBLE)
    total = 0
    for i in range(lines):
        name, price = ITEMS[i % len(ITEMS)]
        total += price
        b.row(name, vnd(price))
    b.separator().row("TỔNG CỘNG", vnd(total), bold=True, size=Size.DOUBLE_HEIGHT)
    receipt_no = f"QN01-20261130-{number:04d}"
    b.qr(
        f"00020101021238570010A00000072701270006970436011300110123456780208QRIBFTTA{receipt_no}",
        size=4,
    )
    b.barcode(receipt_no, Symbology.CODE128)
    return b.feed(2).cut().build()


def _baseline(lines: list[str], font: ImageFont.FreeTypeFont, width: int) -> bytes:
    image = Image.new("L", (width, 30 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((0, 30 * i), line, font=font, fill=0)
    return image.convert("1").tobytes()


_ENDS = (b"\x1dV\x00", b"\x1dV\x01", b"\x1bd\x04")


def _check_job(job: bytes, width: int) -> None:
    """A whole receipt: init first, raster bands as wide as the paper, and at the end the cut
    (or, on a printer without a cutter, the feed past the tear bar)."""
    band = b"\x1dv0\x00" + (width // 8).to_bytes(2, "little")
    if not (job.startswith(b"\x1b@") and job.count(band) >= 3 and job.endswith(_ENDS)):
        raise AssertionError(f"not a whole {width}-dot receipt: {job[:16]!r}…{job[-8:]!r}")


def run(workdir: Path, quick: bool) -> list[dict]:
    n = 20 if quick else 200
    warmup = 5 if quick else 20
    font_path = resource_path("fonts", "DejaVuSans.ttf")
    bold_path = resource_path("fonts", "DejaVuSans-Bold.ttf")
    same = receipt(20)
    # A new receipt number (so a new QR) for every call, warm-up included: no cache helps.
    fresh = iter([receipt(20, number=i) for i in range(2 * (warmup + n))])
    lines = [f"{name}   {vnd(price)}" for name, price in (ITEMS * 3)[:20]]
    rows = []
    for profile, width in (("generic-80", 576), ("generic-58", 384)):
        renderer = EscPosRenderer(profile, font_path, bold_path)
        font = ImageFont.truetype(str(font_path), 24)
        base = time_calls(lambda i, f=font, w=width: _baseline(lines, f, w), n, warmup=warmup)
        jobs: list[bytes] = []
        new = time_calls(
            lambda i, r=renderer, j=jobs: j.append(r.render(next(fresh))), n, warmup=warmup
        )
        again = time_calls(lambda i, r=renderer, j=jobs: j.append(r.render(same)), n, warmup=warmup)
        for job in jobs:
            _check_job(job, width)
        target = f"p99 ≤ {TARGET_MS:g} ms"
        rows.append(row(f"receipt_20_lines_escpos_raster_{width}_new", new, base, target))
        rows.append(
            row(f"receipt_20_lines_escpos_raster_{width}_after_preview", again, base, target)
        )
    return rows


def main() -> int:
    quick = "--quick" in sys.argv
    rows = run(Path(__file__).parent / "out", quick)
    for r in rows:
        print(
            f"{r['name']}: p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
            f"baseline p50 {r['baseline_p50_ms']:.1f} ms, ratio {r['ratio']:.2f} ({r['target']})"
        )
    return 0 if all(r["p99_ms"] <= TARGET_MS for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
