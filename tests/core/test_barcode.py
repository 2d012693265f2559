"""Scanned codes: check digits, UPC-A as EAN-13, variable-measure labels, rubbish rejected."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core import errors
from kiosk.core.catalogue.barcode import (
    ScaleLayout,
    canonical,
    gs1_check_digit,
    is_valid_gtin,
    make_ean13,
    make_variable_measure,
    parse,
    scale_layout,
)

digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


def test_ean13_accepted_when_check_digit_right():
    # 8934588012228: a well-known Vietnamese EAN-13 layout (893 prefix).
    code = make_ean13("893458801222")
    scanned = parse(f"  {code}\r\n")
    assert scanned.code == code
    assert scanned.kind == "ean13"
    assert scanned.item_code is None


def test_known_check_digits_are_computed():
    assert make_ean13("400638133393") == "4006381333931"
    assert is_valid_gtin("96385074")  # EAN-8
    assert is_valid_gtin("036000291452")  # UPC-A
    assert not is_valid_gtin("036000291453")
    assert not is_valid_gtin("abc")


def test_bad_check_digit_rejected_with_expected_digit():
    with pytest.raises(errors.BadCheckDigit) as exc:
        parse("4006381333932")
    assert exc.value.data == {"code": "4006381333932", "expected": 1}


def test_ean8_checked():
    assert parse("96385074").kind == "ean8"
    with pytest.raises(errors.BadCheckDigit):
        parse("96385075")


def test_upca_is_stored_and_found_as_its_ean13_form():
    assert parse("036000291452") == parse("0036000291452")
    scanned = parse("036000291452")
    assert scanned.code == "0036000291452"
    assert scanned.kind == "upca"
    with pytest.raises(errors.BadCheckDigit):
        parse("036000291453")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("ABC\x00DEF", "control_character"),
        ("12\x1d34", "control_character"),
        ("X" * 49, "too_long"),
        ("Nước mắm", "not_ascii"),
    ],
)
def test_malformed_codes_rejected(raw, reason):
    with pytest.raises(errors.MalformedBarcode) as exc:
        parse(raw)
    assert exc.value.data["reason"] == reason


def test_text_codes_pass_through_as_code128():
    assert parse(" OCOP-TRA-001 ") == parse("OCOP-TRA-001")
    assert parse("OCOP-TRA-001").kind == "code128"
    assert parse("X" * 48).kind == "code128"
    # Digits of a length no GTIN has are not checked either.
    assert parse("1234567").kind == "code128"


def test_weight_label_decoded_with_default_layout():
    code = make_ean13("250012301234")
    scanned = parse(code)
    assert scanned.kind == "instore"
    assert scanned.item_code == "2500123"
    assert scanned.weight_g == 1234
    assert scanned.price_vnd is None
    assert scanned.lookup_code == "2500123"


def test_price_label_decoded_with_default_layout():
    scanned = parse(make_ean13("210004545000"))
    assert scanned.item_code == "2100045"
    assert scanned.price_vnd == 45000
    assert scanned.weight_g is None


def test_variable_measure_check_digit_verified():
    good = make_ean13("250012301234")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(errors.BadCheckDigit):
        parse(bad)


def test_layout_from_settings_changes_decoding():
    layout = scale_layout(
        {"20": {"kind": "price", "item_digits": 4, "value_digits": 6, "multiplier": 10}}
    )
    scanned = parse(make_ean13("201234012345"), layout)
    assert scanned.item_code == "201234"
    assert scanned.price_vnd == 123450
    # 25 is not in that layout: the code is an in-store code used whole.
    whole = parse(make_ean13("250012301234"), layout)
    assert whole.item_code is None and whole.weight_g is None
    assert whole.lookup_code == whole.code


@pytest.mark.parametrize(
    "bad",
    [
        {"19": {"kind": "price", "item_digits": 5, "value_digits": 5}},
        {"20": {"kind": "volume", "item_digits": 5, "value_digits": 5}},
        {"20": {"kind": "price", "item_digits": 5, "value_digits": 4}},
        {"20": {"kind": "price", "item_digits": 0, "value_digits": 10}},
    ],
)
def test_bad_layout_refused(bad):
    with pytest.raises(ValueError):
        scale_layout(bad)


def test_make_variable_measure_round_trips():
    entry = ScaleLayout("weight", 5, 5)
    code = make_variable_measure("2600077", 850, entry)
    assert parse(code).weight_g == 850
    with pytest.raises(ValueError):
        make_variable_measure("2600077", 100_000, entry)


def test_canonical_kinds_for_storage():
    assert canonical(make_ean13("893000000001")) == (make_ean13("893000000001"), "ean13")
    assert canonical("036000291452") == ("0036000291452", "upca")
    assert canonical("SHOP-1") == ("SHOP-1", "code128")


@given(digits)
def test_made_ean13_is_always_valid(body):
    code = make_ean13(body)
    assert is_valid_gtin(code)
    assert parse(code).code == code


@given(digits, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_any_single_digit_error_is_caught(body, position, delta):
    code = make_ean13(body)
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not is_valid_gtin(wrong)
    with pytest.raises(errors.BadCheckDigit):
        parse(wrong)


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_check_digit_is_a_digit_that_completes_a_multiple_of_ten(body):
    # GS1: weights 1, 3, 1, 3... from the check digit leftwards; the sum ends in 0.
    digit = gs1_check_digit(body)
    full = body + str(digit)
    weighted = sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(reversed(full)))
    assert 0 <= digit <= 9
    assert weighted % 10 == 0
