"""Code-page printing over every string a receipt, refund slip or report can hold: the
catalogues' Vietnamese and English, the demo products, provinces and banks, money in both
languages, and the documents of a whole day at the demo shop. Nothing may print as "?"."""

import csv

import pytest
from babel.messages.pofile import read_po

import resources
from hardware.codepage import printable, unprintable
from hardware.render_escpos import render_escpos
from kiosk.core.money import for_printer, format_qty, format_vnd, format_weight
from kiosk.core.reports.xz_print import document as cash_document
from kiosk.core.sale.receipt import RECEIPT_LANGS, receipt_for_sale, refund_receipt
from kiosk.i18n import catalogue_path
from tests.core.full_day import run_day
from tests.hardware.conftest import FONT
from tests.hardware.escpos_decode import decode

PROFILES = ("epson-tm-t88v", "pos-5890")  # every profile with a code page


def catalogue_strings(lang):
    with open(catalogue_path(lang), "rb") as f:
        catalogue = read_po(f)
    for message in catalogue:
        for text in (message.id, message.string):
            yield from [text] if isinstance(text, str) else text


def resource_strings():
    for name in ("demo/catalogue.csv", "provinces-2025.tsv", "banks.tsv"):
        path = resources.path(*name.split("/"))
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f, delimiter="\t" if name.endswith("tsv") else ","):
                yield from row


def money_strings():
    for lang in ("vi", "en"):
        for amount in (0, 5, 125_000, -112_500, 1_234_567_890):
            yield format_vnd(amount, lang)
            yield for_printer(format_vnd(amount, lang))
        yield format_qty(12, lang)
        yield format_weight(1_250, lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_catalogue_string_prints_in_code_page_mode(lang):
    strings = [s for s in catalogue_strings(lang) if s]
    assert len(strings) > 300
    assert unprintable(strings) == set()
    stars = [s for s in strings if "★" in s]
    assert stars and all("*" in printable(s) for s in stars)


def test_every_product_province_bank_and_amount_prints_in_code_page_mode():
    strings = [*resource_strings(), *money_strings()]
    assert any("Phú Quốc" in s for s in strings)
    assert unprintable(strings) == set()


@pytest.fixture
def day(session_factory, settings, manager, clerk):
    return run_day(session_factory, settings, manager=manager, clerk=clerk)


def day_documents(day, session_factory, settings):
    for lang in RECEIPT_LANGS:
        for receipt_no in day.receipts:
            yield receipt_for_sale(session_factory, settings, receipt_no=receipt_no, lang=lang)
        for refund_no in day.refund_nos:
            yield refund_receipt(session_factory, settings, refund_no=refund_no, lang=lang)
    for lang in ("vi", "en"):
        for report in (day.x, day.z):
            yield cash_document(report, shop_name="Điểm OCOP Mai Sơn", lang=lang)


@pytest.mark.parametrize("profile", PROFILES)
def test_a_whole_day_prints_as_code_page_text_with_no_character_lost(
    day, session_factory, settings, profile
):
    stars = minus = 0
    for doc in day_documents(day, session_factory, settings):
        decoded = decode(render_escpos(doc, profile, FONT, text_mode="codepage"))
        assert "codepage" in decoded.kinds()
        assert b"?" not in decoded.text
        stars += b"* OCOP" in decoded.text
        minus += b"(sales - refunds)" in decoded.text or b"(b\xe1n - tr\xe1" in decoded.text
    assert stars >= 10  # the demo's rated products: "5* OCOP", not "5? OCOP"
    assert minus >= 2  # the X and Z reports' "Payments (sales − refunds)"
