"""Label PDFs: the barcodes scan (rendered at 300 dpi and decoded), the Vietnamese is right."""

import html
import re
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


def words_with_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    """Each word pdftotext finds, with its box in mm from the page's top-left corner."""
    (tmp_path / "words.pdf").write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "words.pdf"), "-"], check=True, capture_output=True
    ).stdout.decode()
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out
    )
    pt = 25.4 / 72
    return [(html.unescape(w), *(float(v) * pt for v in box)) for *box, w in found]


SEVEN_DIGITS = [
    LabelItem(
        "Nước mắm Phú Quốc cốt nhĩ cá cơm than 40 độ đạm chai thủy tinh 500ml",
        4_500_000, "piece", 5, "An Giang", "8939101000010", "ean13", "TP-001",
    ),
    LabelItem("Trầm hương Khánh Hòa", 1_250_000, "gram", 5, "Khánh Hòa", None, None, "TC-9"),
]  # fmt: skip


@pytest.mark.parametrize("layout", ["a4-4x10", "label-50x30", "a4-3x8"])
@pytest.mark.parametrize("style", ["shelf", "sticker"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_seven_digit_price_is_printed_whole_inside_its_label(layout, style, lang, tmp_path):
    spec = LAYOUTS[layout]
    for item in SEVEN_DIGITS:
        pdf = render_labels([item], layout, style=style, lang=lang)
        words = words_with_boxes(pdf, tmp_path)
        text = " ".join(w for w, *_ in words)
        price = "4.500.000 ₫" if lang == "vi" else "4,500,000 VND"
        if item.unit == "gram":
            price = "1.250.000 ₫ / kg" if lang == "vi" else "1,250,000 VND / kg"
        assert price in text.replace("\xa0", " "), text
        assert not re.search(r"\d…", text)
        left, top = spec.left, spec.top
        for _word, x0, y0, x1, y1 in words:  # nothing spills out of the first label
            assert left - 0.1 <= x0 and x1 <= left + spec.label_w + 0.1, (_word, x0, x1)
            assert top - 0.1 <= y0 and y1 <= top + spec.label_h + 0.1, (_word, y0, y1)


def test_shelf_label_with_the_price_on_its_own_line_still_scans(tmp_path):
    pdf = render_labels(SEVEN_DIGITS[:1] * 2, "a4-4x10", style="shelf")
    (page,) = pages(pdf, tmp_path)
    assert decoded(page) == [("EAN13", "8939101000010")] * 2
