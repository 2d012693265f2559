"""VietQR payloads: the CRC, the field layout, published examples and input validation."""

import pytest

from kiosk.core.errors import DomainError, InvalidPaymentDetails
from kiosk.core.sale.vietqr import (
    bank_by_bin,
    banks,
    build_payload,
    crc16_ccitt_false,
    crc_ok,
    parse_tlv,
    purpose_text,
    to_ascii,
)

# Published by subiz/vietqr, README.md ("Sinh mã chuyển khoản 120.000 vào STK 0011001932418
# ngân hàng Vietin với ghi chú 'ủng hộ lũ lụt'"), CRC C15C.
SUBIZ_EXAMPLE = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)
# A second, independent vector: a payOS-issued code (MB 970422, alphanumeric virtual account,
# 7.000 đ, purpose "TL89 100", CRC E346), found URL-encoded in a public repository's SQL dump of
# its `payments` table (QrCodeUrl of payment 34, checkout pay.payos.vn/web/f2bad8c2...). The code
# search that found it did not record the repository's name; subiz/vietqr above is the cited one.
PAYOS_EXAMPLE = (
    "00020101021238570010A000000727012700069704220113VQRQADAIJ55120208QRIBFTTA"
    "5303704540470005802VN62120808TL89 1006304E346"
)


def test_crc_matches_the_standard_check_value_when_given_123456789():
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_crc_of_empty_input_is_the_initial_value():
    assert crc16_ccitt_false(b"") == 0xFFFF


@pytest.mark.parametrize("published", [SUBIZ_EXAMPLE, PAYOS_EXAMPLE])
def test_crc_matches_published_payload_when_recomputed(published):
    body, crc = published[:-4], published[-4:]
    assert f"{crc16_ccitt_false(body.encode('ascii')):04X}" == crc
    assert crc_ok(published)


def test_payload_equals_published_example_when_built_from_same_inputs():
    payload = build_payload(
        bank_bin="970415", account="0011001932418", amount_vnd=120_000, purpose="ủng hộ lũ lụt"
    )
    assert payload == SUBIZ_EXAMPLE


def test_payload_equals_payos_example_when_account_is_alphanumeric():
    payload = build_payload(
        bank_bin="970422", account="VQRQADAIJ5512", amount_vnd=7_000, purpose="TL89 100"
    )
    assert payload == PAYOS_EXAMPLE


def test_payload_equals_hand_built_tlv_when_purpose_is_a_receipt_number():
    # Written out field by field from the NAPAS 247 profile, independently of build_payload.
    beneficiary = "0006970436" + "0110" + "1023456789"  # 00 BIN, 01 account
    merchant = "0010A000000727" + "0124" + beneficiary + "0208QRIBFTTA"
    body = (
        "000201"  # payload format indicator 01
        "010212"  # point of initiation: dynamic
        + "3854"
        + merchant
        + "5303704"  # VND
        + "5406125000"  # 125.000 đ
        + "5802VN"
        + "6220"
        + "0816HN01-250704-0042"
        + "6304"
    )
    assert len(merchant) == 54 and len(beneficiary) == 24
    expected = body + format(crc16_ccitt_false(body.encode()), "04X")

    payload = build_payload(
        bank_bin="970436", account="1023456789", amount_vnd=125_000, purpose="HN01-250704-0042"
    )

    assert payload == expected


def test_fields_decode_back_when_payload_is_parsed():
    payload = build_payload(
        bank_bin="970418",
        account="12345678901234567",
        amount_vnd=9_999_999_999_999,
        purpose="Hóa đơn K2-0001",
    )
    top = parse_tlv(payload)
    assert list(top) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert top["54"] == "9999999999999"
    merchant = parse_tlv(top["38"])
    assert merchant == {"00": "A000000727", "01": merchant["01"], "02": "QRIBFTTA"}
    assert parse_tlv(merchant["01"]) == {"00": "970418", "01": "12345678901234567"}
    assert parse_tlv(top["62"]) == {"08": "Hoa don K2-0001"}
    assert crc_ok(payload)


def test_crc_check_fails_when_one_character_changes():
    tampered = SUBIZ_EXAMPLE.replace("5406120000", "5406920000")
    assert not crc_ok(tampered)


def test_parse_rejects_payload_when_truncated():
    with pytest.raises(InvalidPaymentDetails):
        parse_tlv(SUBIZ_EXAMPLE[:-3])
    with pytest.raises(InvalidPaymentDetails):
        parse_tlv("00ab")


@pytest.mark.parametrize(
    ("text", "ascii_text"),
    [
        ("Đặc sản Đà Lạt", "Dac san Da Lat"),
        ("đường", "duong"),
        ("Nước mắm Phú Quốc", "Nuoc mam Phu Quoc"),
        ("ỨỪỬỮỰ ỳ", "UUUUU y"),
    ],
)
def test_diacritics_are_stripped_when_text_is_vietnamese(text, ascii_text):
    assert to_ascii(text) == ascii_text


def test_purpose_spaces_are_collapsed_when_text_has_runs_of_whitespace():
    assert purpose_text("  Hóa   đơn\t42 ") == "Hoa don 42"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"bank_bin": "97041"}, "bank_bin"),
        ({"bank_bin": "9704155"}, "bank_bin"),
        ({"bank_bin": "97041a"}, "bank_bin"),
        ({"bank_bin": "９７０４１５"}, "bank_bin"),  # full-width digits
        ({"account": ""}, "account"),
        ({"account": "12345678901234567890"}, "account"),
        ({"account": "0011-0019"}, "account"),
        ({"account": "001 100"}, "account"),
        ({"amount_vnd": 0}, "amount"),
        ({"amount_vnd": -1}, "amount"),
        ({"amount_vnd": 10_000_000_000_000}, "amount"),
        ({"amount_vnd": 1000.0}, "amount"),
        ({"amount_vnd": True}, "amount"),
        ({"amount_vnd": "1000"}, "amount"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "   "}, "purpose"),
        ({"purpose": "x" * 26}, "purpose"),
        ({"purpose": "Trà 🍵"}, "purpose"),
        ({"purpose": "a\nb;c"}, "purpose"),
    ],
)
def test_build_raises_when_input_is_invalid(kwargs, field):
    args = {"bank_bin": "970415", "account": "0011001932418", "amount_vnd": 1000, "purpose": "X1"}
    with pytest.raises(InvalidPaymentDetails) as info:
        build_payload(**(args | kwargs))
    assert isinstance(info.value, DomainError)
    assert info.value.data["field"] == field


def test_longest_purpose_is_accepted_when_exactly_25_characters():
    payload = build_payload(bank_bin="970415", account="1", amount_vnd=1, purpose="A" * 25)
    assert parse_tlv(parse_tlv(payload)["62"])["08"] == "A" * 25


def test_common_banks_are_loaded_when_resource_is_read():
    by_name = {b.short_name: b.bin for b in banks()}
    # BINs checked against the NAPAS BIN table published in subiz/vietqr, bank.csv.
    assert by_name == {
        "Vietcombank": "970436",
        "VietinBank": "970415",
        "BIDV": "970418",
        "Agribank": "970405",
        "MB": "970422",
        "Techcombank": "970407",
        "ACB": "970416",
        "VPBank": "970432",
        "TPBank": "970423",
        "Sacombank": "970403",
    }
    assert all(b.name.startswith("Ngân hàng") for b in banks())


def test_bank_lookup_returns_none_when_bin_is_not_shipped():
    assert bank_by_bin("970436").short_name == "Vietcombank"
    assert bank_by_bin("999999") is None
