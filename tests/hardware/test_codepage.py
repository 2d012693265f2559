"""Code-page mode: every character prints as itself, as its stated replacement, or the job goes
raster; never a silent "?"."""

from __future__ import annotations

import logging
import unicodedata

import pytest

from hardware.codepage import REPLACEMENTS, encode_codepage, printable, unprintable
from hardware.document import DocumentBuilder
from hardware.render_escpos import render_escpos
from tests.hardware.conftest import FONT
from tests.hardware.escpos_decode import decode


def test_star_and_minus_print_as_ascii_when_code_page_lacks_them():
    document = (
        DocumentBuilder()
        .text("5★ OCOP · An Giang")
        .row("Giảm giá", "−50.000\u00a0₫")
        .text("Điểm ≥ 3 → ✓")
        .build()
    )
    decoded = decode(render_escpos(document, "epson-tm-t88v", FONT, text_mode="codepage"))
    assert ("codepage", 52) in decoded.events
    assert b"?" not in decoded.text
    assert b"5* OCOP \xb7 An Giang\n" in decoded.text
    assert b"-50.000 \xfe\n" in decoded.text
    assert b"\xd0i\xea\xd2m >= 3 -> v\n" in decoded.text  # "Điểm": ê + combining hook (0xD2)
    assert not decoded.bands


def test_replacements_keep_the_right_column_aligned_when_they_change_length():
    document = DocumentBuilder().row("Tổng → thanh toán", "−1.000 ₫").build()
    decoded = decode(render_escpos(document, "pos-5890", FONT, text_mode="codepage"))
    [line] = decoded.text.decode("cp1258").splitlines()
    assert line.endswith("-1.000 ₫")
    assert sum(1 for c in line if not unicodedata.combining(c)) == 32  # the paper's columns


@pytest.mark.parametrize("text", ["Trà 🍵 Thái Nguyên", "Bánh 月饼", "Ž"])
def test_job_prints_as_raster_when_a_character_has_no_replacement(text, caplog):
    document = DocumentBuilder().text("Nước mắm").text(text).build()
    with caplog.at_level(logging.WARNING, logger="hardware.render_escpos"):
        decoded = decode(render_escpos(document, "epson-tm-t88v", FONT, text_mode="codepage"))
    assert not decoded.text
    assert "codepage" not in decoded.kinds()
    assert decoded.bands and decoded.image().getbbox() is not None
    assert "raster" in caplog.text


def test_encoding_refuses_rather_than_print_a_question_mark_when_character_is_unknown():
    with pytest.raises(ValueError, match="🍵"):
        encode_codepage("Trà 🍵")
    assert unprintable(["Trà 🍵", "5★", "Ž?"]) == {"🍵", "Ž"}
    assert encode_codepage("Hỏi?") == "Ho\u0309i?".encode("cp1258")  # a real "?" stays


def test_every_replacement_is_plain_ascii_for_a_character_the_code_page_lacks():
    for char, replacement in REPLACEMENTS.items():
        assert replacement.isascii(), char
        assert printable(char) == replacement
    outside = [c for c in REPLACEMENTS if c != "\u00a0"]
    for char in outside:
        with pytest.raises(UnicodeEncodeError):
            char.encode("cp1258")
