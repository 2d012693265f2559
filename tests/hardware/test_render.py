"""What the renderers put on paper: the bitmap, and the ESC/POS bytes turned back into a bitmap."""

from __future__ import annotations

import io
import unicodedata

import pytest
import zxingcpp
from PIL import Image, ImageChops

from hardware.document import (
    QR,
    Barcode,
    Cut,
    Document,
    DocumentBuilder,
    Size,
    Symbology,
    Text,
)
from hardware.errors import ConfigurationError, DocumentError
from hardware.profiles import get_profile
from hardware.render_escpos import DrawerSettings, EscPosRenderer, encode_codepage, render_escpos
from hardware.render_raster import RasterRenderer, render_image, render_png
from tests.hardware.conftest import BOLD, FONT
from tests.hardware.escpos_decode import decode
from tests.hardware.receipts import RECEIPT_NUMBER, VIETQR, sample_receipt


def read_codes(image: Image.Image) -> dict[str, str]:
    return {r.format.name: r.text for r in zxingcpp.read_barcodes(image.convert("L"))}


def ink(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


@pytest.mark.parametrize("width", [384, 512, 576])
def test_receipt_bitmap_is_one_bit_and_paper_wide_when_rendered(width):
    image = render_image(sample_receipt(), width, FONT, BOLD)
    assert image.mode == "1"
    assert image.width == width
    assert image.height > 600


@pytest.mark.parametrize("width", [384, 576])
def test_qr_and_barcode_decode_to_exact_payload_when_rendered(width):
    codes = read_codes(render_image(sample_receipt(), width, FONT, BOLD))
    assert codes["QRCode"] == VIETQR
    assert codes["Code128"] == RECEIPT_NUMBER


def test_ean13_decodes_with_check_digit_added_when_given_twelve_digits():
    document = DocumentBuilder().barcode("893456313816", Symbology.EAN13).build()
    assert read_codes(render_image(document, 384, FONT))["EAN13"] == "8934563138165"


def test_vietnamese_text_draws_diacritics_and_dong_sign_when_font_has_them():
    renderer = RasterRenderer(576, FONT)
    accented = renderer.render(Document((Text("Nước mắm Phú Quốc ₫"),)))
    plain = renderer.render(Document((Text("Nuoc mam Phu Quoc d"),)))
    assert ink(accented) > ink(plain)
    # ₫ is drawn as its own glyph, not the font's empty box (U+FFFF has no glyph anywhere).
    dong = renderer.render(Document((Text("₫"),)))
    missing = renderer.render(Document((Text("\uffff"),)))
    assert ImageChops.difference(dong.convert("L"), missing.convert("L")).getbbox() is not None


def test_amount_stays_on_first_line_at_right_edge_when_item_name_wraps():
    renderer = RasterRenderer(384, FONT)
    long_name = "Nước mắm Phú Quốc 40 độ đạm thượng hạng, chai thuỷ tinh 500 ml"
    document = DocumentBuilder().row(long_name, "1.250.000\u00a0₫").build()
    image = renderer.render(document).convert("L")
    line = renderer.line_height
    assert image.height >= 3 * line  # wrapped onto three lines or more
    first, rest = image.crop((300, 0, 384, line)), image.crop((300, line, 384, image.height))
    assert first.histogram()[0] > 0  # the amount is on the first line's right...
    assert rest.histogram()[0] == 0  # ...and nothing else is down there


def test_amount_is_not_split_at_no_break_space_when_it_wraps():
    renderer = RasterRenderer(384, FONT)
    lines = renderer.wrap("Tổng cộng phải thanh toán 12.345.000\u00a0₫")
    assert any(line.endswith("12.345.000\u00a0₫") for line in lines)


def test_double_height_text_is_twice_as_tall_when_size_is_double_height():
    renderer = RasterRenderer(576, FONT)
    normal = renderer.render(Document((Text("TỔNG"),)))
    double = renderer.render(Document((Text("TỔNG", size=Size.DOUBLE_HEIGHT),)))
    assert double.height == 2 * normal.height


def test_render_png_gives_a_png_of_the_bitmap():
    data = render_png(sample_receipt(), 384, FONT, BOLD)
    with Image.open(io.BytesIO(data)) as png:
        assert png.format == "PNG"
        assert png.width == 384


def test_document_rejects_wrong_ean13_check_digit_when_composed():
    with pytest.raises(ValueError, match="check digit"):
        Barcode("8934563138160", Symbology.EAN13)
    with pytest.raises(ValueError):
        QR("")


def test_barcode_raises_document_error_when_it_cannot_fit_the_paper():
    document = Document((Barcode("X" * 60, module=1),))
    with pytest.raises(DocumentError, match="needs"):
        render_image(document, 384, FONT)


# -- ESC/POS ------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["generic-80", "generic-58", "epson-tm-t88v"])
def test_escpos_raster_bytes_print_exactly_the_preview_when_decoded(profile):
    document = sample_receipt()
    data = render_escpos(document, profile, FONT, BOLD)
    printed = decode(data).image()
    preview = render_image(document, get_profile(profile).width_dots, FONT, BOLD)
    assert printed.size == preview.size
    assert ImageChops.difference(printed.convert("L"), preview.convert("L")).getbbox() is None
    codes = read_codes(printed)
    assert codes["QRCode"] == VIETQR
    assert codes["Code128"] == RECEIPT_NUMBER


def test_escpos_job_starts_with_init_then_cuts_and_kicks_drawer_in_document_order():
    decoded = decode(render_escpos(sample_receipt(), "generic-80", FONT, BOLD))
    kinds = decoded.kinds()
    assert kinds[0] == "init"
    assert kinds[-3:] == ["feed", "cut", "drawer"]
    assert ("cut", 1) in decoded.events  # partial cut on a printer that has one
    assert decoded.events[-1] == ("drawer", 0, 50, 50)  # pin 2, 100 ms on, 100 ms off
    assert not decoded.text  # raster mode: no text bytes at all


def test_images_are_sent_in_bands_no_taller_than_profile_fragment_height():
    profile = get_profile("generic-80")
    heights = [
        e[1]
        for e in decode(render_escpos(sample_receipt(), profile, FONT)).events
        if e[0] == "image"
    ]
    assert len(heights) > 1
    assert max(heights) <= profile.fragment_height


def test_printer_without_cutter_gets_feed_and_no_cut_command():
    kinds = decode(render_escpos(sample_receipt(), "generic-58", FONT)).kinds()
    assert "cut" not in kinds
    assert "feed" in kinds


def test_drawer_pulse_uses_configured_pin_and_times():
    renderer = EscPosRenderer(
        "generic-80", FONT, drawer=DrawerSettings(pin=5, on_ms=60, off_ms=240)
    )
    assert decode(renderer.drawer_pulse()).events == [("drawer", 1, 30, 120)]
    with pytest.raises(ConfigurationError):
        DrawerSettings(pin=3)


def test_codepage_mode_sends_vietnamese_as_cp1258_text_when_profile_has_it():
    document = (
        DocumentBuilder().text("Nước mắm Phú Quốc ₫").row("Cà phê", "85.000\u00a0₫").qr("X").build()
    )
    decoded = decode(render_escpos(document, "epson-tm-t88v", FONT, text_mode="codepage"))
    assert ("codepage", 52) in decoded.events
    assert encode_codepage("Nước mắm Phú Quốc ₫") + b"\n" in decoded.text
    assert b"85.000 \xfe" in decoded.text  # ₫ is 0xFE in Windows-1258
    assert len(decoded.bands) == 1  # the QR stays an image


def test_codepage_encoding_splits_tone_marks_when_letter_is_precomposed():
    # "ớ" = ơ (0xF5) + combining acute (0xEC); Python's cp1258 codec alone cannot encode it.
    assert encode_codepage("ớ") == b"\xf5\xec"
    assert encode_codepage("Đắk Lắk").decode("cp1258") != "Đắk Lắk"  # decomposed on the wire...
    assert unicodedata.normalize("NFC", encode_codepage("Đắk Lắk").decode("cp1258")) == "Đắk Lắk"


def test_codepage_mode_is_refused_when_profile_has_no_vietnamese_code_page():
    with pytest.raises(ConfigurationError, match="code page"):
        EscPosRenderer("generic-80", FONT, text_mode="codepage")


@pytest.mark.parametrize("profile", ["generic-80", "generic-58"])
def test_raster_bands_are_the_bytes_python_escpos_would_send_for_the_same_bitmap(profile):
    from escpos.printer import Dummy

    renderer = EscPosRenderer(profile, FONT, BOLD)
    document = sample_receipt()
    ours = renderer.render(document)
    bitmap = RasterRenderer(get_profile(profile).width_dots, FONT, BOLD).render(
        [e for e in document if not isinstance(e, Cut)]
    )
    step = get_profile(profile).fragment_height
    theirs = Dummy()
    for top in range(0, bitmap.height, step):
        band = bitmap.crop((0, top, bitmap.width, min(top + step, bitmap.height)))
        theirs.image(band, impl="bitImageRaster", fragment_height=step, center=False)
    assert theirs.output in ours  # packed by us, byte for byte what python-escpos makes


def test_receipt_qr_codes_decode_whatever_their_payload_with_the_fixed_mask():
    # The mask is not chosen per payload (hardware.render_raster.QR_MASK): a day of receipt
    # numbers, each with its own amount, must all still read back exactly.
    for n in range(1, 41):
        payload = VIETQR.replace("HD0001", f"HD{n:04d}").replace("125000", f"{n * 37_000:06d}")
        document = DocumentBuilder().qr(payload, size=4).build()
        assert read_codes(render_image(document, 384, FONT))["QRCode"] == payload
