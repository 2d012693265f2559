"""Money and weight as shown and typed: integer đồng in, locale text out, and back."""

from decimal import Decimal

import pytest

from kiosk.core.errors import InvalidAmount
from kiosk.core.money import (
    MAX_AMOUNT_VND,
    for_printer,
    format_qty,
    format_vnd,
    format_weight,
    parse_vnd,
)

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("amount", "lang", "shown"),
    [
        (125_000, "vi", f"125.000{NBSP}₫"),
        (125_000, "en", "125,000 VND"),
        (-5_000, "vi", f"-5.000{NBSP}₫"),
        (-5_000, "en", "-5,000 VND"),
        (0, "vi", f"0{NBSP}₫"),
        (999, "en", "999 VND"),
        (MAX_AMOUNT_VND, "vi", f"9.999.999.999.999{NBSP}₫"),
        (1_234_567, "en", "1,234,567 VND"),
    ],
)
def test_amount_is_shown_in_sale_language_when_formatted(amount, lang, shown):
    assert format_vnd(amount, lang) == shown


@pytest.mark.parametrize("bad", [125000.0, 1.5, True, False, Decimal("125000"), "125000", None])
def test_format_refuses_non_int_when_amount_is_not_whole_dong(bad):
    with pytest.raises(TypeError):
        format_vnd(bad, "vi")


def test_format_refuses_language_when_not_shipped():
    with pytest.raises(ValueError):
        format_vnd(1000, "fr")


def test_printer_text_has_plain_spaces_when_converted():
    printed = for_printer(format_vnd(125_000, "vi"))
    assert printed == "125.000 ₫"
    assert NBSP not in printed
    assert for_printer("1\u202f000") == "1 000"


@pytest.mark.parametrize(
    ("qty", "lang", "shown"), [(3, "vi", "3"), (1200, "vi", "1.200"), (1200, "en", "1,200")]
)
def test_quantity_uses_language_grouping_when_formatted(qty, lang, shown):
    assert format_qty(qty, lang) == shown


@pytest.mark.parametrize(
    ("grams", "lang", "shown"),
    [
        (1250, "vi", "1,25 kg"),
        (1250, "en", "1.25 kg"),
        (1000, "vi", "1 kg"),
        (500, "en", "0.5 kg"),
        (1, "vi", "0,001 kg"),
        (12_345_678, "vi", "12.345,678 kg"),
        (12_345_678, "en", "12,345.678 kg"),
        (-250, "vi", "-0,25 kg"),
    ],
)
def test_weight_is_shown_in_kg_when_stored_in_grams(grams, lang, shown):
    assert format_weight(grams, lang) == shown


@pytest.mark.parametrize("bad", [1.25, True, Decimal("1.25")])
def test_weight_and_quantity_refuse_non_int_when_given(bad):
    with pytest.raises(TypeError):
        format_weight(bad, "vi")
    with pytest.raises(TypeError):
        format_qty(bad, "vi")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("125.000", 125_000),
        ("125000", 125_000),
        ("125,000", 125_000),
        ("125k", 125_000),
        ("125K", 125_000),
        ("125 k", 125_000),
        (" 1.250.000 ", 1_250_000),
        ("1,250,000", 1_250_000),
        ("0", 0),
        ("125.000 ₫", 125_000),
        (f"125.000{NBSP}₫", 125_000),
        ("125,000 VND", 125_000),
        ("50.000đ", 50_000),
        ("9.999.999.999.999", MAX_AMOUNT_VND),
    ],
)
def test_typed_amount_is_read_when_written_as_clerks_do(text, amount):
    assert parse_vnd(text) == amount


def test_formatted_amount_reads_back_when_parsed():
    for lang in ("vi", "en"):
        for amount in (0, 7, 1_000, 125_000, 48_500_000, MAX_AMOUNT_VND):
            assert parse_vnd(format_vnd(amount, lang)) == amount


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "12a",
        "-5000",
        "-5.000",
        "1.5",
        "125,50",
        "125.5",
        "1.5k",
        "125.000k",
        "1.250,000",
        "1,250.000",
        "1.2345",
        ".500",
        "500.",
        "1e5",
        "k",
        "１２３",  # full-width digits
        "10.000.000.000.000",
        "125 000",
    ],
)
def test_typed_amount_is_refused_when_not_whole_dong(text):
    with pytest.raises(InvalidAmount) as info:
        parse_vnd(text)
    assert info.value.data["text"] == text


def test_parse_refuses_non_text_when_given_number():
    with pytest.raises(TypeError):
        parse_vnd(125000)  # type: ignore[arg-type]
