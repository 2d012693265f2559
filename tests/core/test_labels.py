"""Label PDFs: the barcodes scan (rendered at 300 dpi and decoded), the Vietnamese is right."""

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.core import errors
from kiosk.core.catalogue.labels import LAYOUTS, LabelItem, Labels, render_labels
from tests.core.stock_fixtures import BASKET_CODE, FISH_SAUCE_CODE, LAM_DONG, TEA_CODE

zxingcpp = pytest.importorskip("zxingcpp")
Image = pytest.importorskip("PIL.Image")
pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")), reason="needs poppler-utils"
)


@pytest.fixture
def labels(session_factory, stock_clock):
    return Labels(session_factory, clock=stock_clock["fn"])


@pytest.fixture
def labelled(shop, products, manager):
    """The shop's three products, one with an in-store code, one weighed good."""
    honey = products.add(
        by=manager,
        name_vi="Mật ong rừng U Minh Hạ",
        group="food",
        ocop_stars=3,
        certificate_no="OCOP-CM-2025-007",
        price_vnd=1_250_000,
    )
    coffee = products.add(
        by=manager,
        name_vi="Cà phê hạt rang Cầu Đất",
        group="beverage",
        unit="gram",
        province_code=LAM_DONG,
        price_vnd=400_000,
        instore_codes=["2500123"],
    )
    return shop, honey, coffee


def pages(pdf: bytes, tmp_path: Path) -> list[Path]:
    (tmp_path / "labels.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", str(tmp_path / "labels.pdf"), str(tmp_path / "page")],
        check=True,
    )
    return sorted(tmp_path.glob("page*.png"))


def decoded(png: Path) -> list[tuple[str, str]]:
    """Every code found on the page at full resolution, as a scanner sees a label. (zxing's
    extra pass over a downscaled page, 2 pixels a bar or less for a whole A4 sheet, once read
    an EAN-13 of the 4x10 sheet as another valid code; no row of the page itself does.)"""
    with Image.open(png) as image:
        found = zxingcpp.read_barcodes(image, try_downscale=False)
        return sorted((r.format.name, r.text) for r in found)


def text_of(pdf: bytes, tmp_path: Path) -> str:
    (tmp_path / "text.pdf").write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "text.pdf"), "-"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode()


@pytest.mark.parametrize(
    ("layout", "style"),
    [("a4-3x8", "shelf"), ("a4-4x10", "sticker"), ("a4-4x10", "shelf"), ("a4-3x8", "sticker")],
)
def test_every_barcode_on_an_a4_sheet_scans_as_the_products_code(
    labels, labelled, tmp_path, layout, style
):
    shop, honey, coffee = labelled
    ids = [shop.fish, shop.tea, shop.basket, honey.product_id, coffee.product_id]
    pdf = labels.pdf(ids, layout, style=style)
    (page,) = pages(pdf, tmp_path)
    allocated = honey.barcodes[0][0]
    assert decoded(page) == sorted(
        ("EAN13", code) for code in (FISH_SAUCE_CODE, TEA_CODE, BASKET_CODE, allocated)
    )


def test_single_label_for_a_label_printer_scans_and_is_50_by_30_mm(labels, labelled, tmp_path):
    shop, *_ = labelled
    pdf = labels.pdf([shop.fish, shop.tea], "label-50x30", style="sticker")
    found = pages(pdf, tmp_path)
    assert [decoded(p) for p in found] == [[("EAN13", FISH_SAUCE_CODE)], [("EAN13", TEA_CODE)]]
    with Image.open(found[0]) as image:
        assert image.size == (591, 354) or image.size == (591, 355)  # 50 x 30 mm at 300 dpi


def test_vietnamese_text_price_stars_and_origin_are_in_the_pdf(labels, labelled, tmp_path):
    shop, _, coffee = labelled
    text = text_of(labels.pdf([shop.fish, coffee.product_id], "a4-3x8"), tmp_path)
    assert "Nước mắm Phú Quốc" in text
    assert "185.000 ₫" in text.replace("\xa0", " ")
    assert "★★★★★ OCOP" in text
    assert "Xuất xứ: An Giang" in text
    assert "400.000 ₫ / kg" in text.replace("\xa0", " ")


def test_english_labels_use_english_names_and_prices(labels, labelled, tmp_path):
    shop, *_ = labelled
    text = text_of(labels.pdf([shop.fish], "a4-3x8", lang="en"), tmp_path)
    assert "Phu Quoc fish sauce" in text
    assert "185,000 VND" in text
    assert "Origin: An Giang" in text


def test_copies_fill_the_sheet_and_go_on_to_the_next(labels, labelled, tmp_path):
    shop, *_ = labelled
    per_page = LAYOUTS["a4-3x8"].per_page
    pdf = labels.pdf([shop.basket], "a4-3x8", copies=per_page + 1, skip=0)
    first, second = pages(pdf, tmp_path)
    assert len(decoded(first)) == per_page
    assert decoded(second) == [("EAN13", BASKET_CODE)]


def test_a_code_with_a_wrong_check_digit_is_never_printed():
    item = LabelItem("Hàng thử", 1000, "piece", None, "", "8936000000019", "ean13", "X")
    with pytest.raises(errors.BadCheckDigit):
        render_labels([item])
