"""VietQR payloads, built on the terminal so a bank transfer can be offered while offline.

VietQR is NAPAS 247's profile of the EMVCo merchant-presented QR: a string of TLV fields
(two-digit tag, two-digit length, value) closed by a CRC-16. The customer's banking app reads the
bank, the account, the amount and the purpose (our receipt number) from it; the clerk then
confirms on the kiosk that the money arrived. Nothing here talks to a bank.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import resources
from kiosk.core.errors import InvalidPaymentDetails

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT_TRANSFER = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
MAX_AMOUNT_VND = 9_999_999_999_999  # 13 digits, the widest amount the field may carry
MAX_FIELD_LENGTH = 99  # every EMVCo value fits a two-digit length
MAX_PURPOSE_LENGTH = 25  # EMVCo, additional data sub-fields 01-08

_BIN = re.compile(r"[0-9]{6}")
_TWO_DIGITS = re.compile(r"[0-9]{2}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
# Letters, digits, space and the separators a receipt number uses. Banks pass the purpose on to
# the transfer description, where several reject anything more exotic.
_PURPOSE = re.compile(r"[0-9A-Za-z .\-_/#:]+")


@dataclass(frozen=True)
class Bank:
    """A bank that can receive NAPAS 247 transfers: its BIN, the name on screen, the full name."""

    bin: str
    short_name: str
    name: str


@cache
def banks() -> tuple[Bank, ...]:
    """The common banks shipped in resources/banks.tsv, in file order."""
    with resources.path("banks.tsv").open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t")
        return tuple(Bank(r["bin"], r["short_name"], r["name"]) for r in rows)


def bank_by_bin(bank_bin: str) -> Bank | None:
    """The shipped bank with that BIN, or None (any six-digit BIN may still be used)."""
    return next((b for b in banks() if b.bin == bank_bin), None)


def to_ascii(text: str) -> str:
    """Vietnamese text without diacritics ("Hóa đơn Đà Lạt" -> "Hoa don Da Lat").

    đ/Đ are letters of their own, not d plus a mark, so NFD leaves them: map them by hand.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def purpose_text(purpose: str) -> str:
    """The purpose as it will go into field 62-08: ASCII, single spaces, checked.

    Raises InvalidPaymentDetails when it is empty, too long or keeps characters banks refuse.
    """
    text = " ".join(to_ascii(purpose).split())
    if not text:
        raise InvalidPaymentDetails(field="purpose", reason="empty", value=purpose)
    if len(text) > MAX_PURPOSE_LENGTH:
        raise InvalidPaymentDetails(field="purpose", reason="too long", value=purpose)
    if not _PURPOSE.fullmatch(text):
        raise InvalidPaymentDetails(field="purpose", reason="characters", value=purpose)
    return text


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > MAX_FIELD_LENGTH:
        raise InvalidPaymentDetails(field=tag, reason="too long", value=value)
    return f"{tag}{len(value):02d}{value}"


def build_payload(*, bank_bin: str, account: str, amount_vnd: int, purpose: str) -> str:
    """The VietQR string asking for ``amount_vnd`` đồng to ``account`` at bank ``bank_bin``.

    ``purpose`` is normally the receipt number; diacritics are stripped (see purpose_text).
    Raises InvalidPaymentDetails (``field`` says which input) when an input is wrong.
    """
    if not isinstance(bank_bin, str) or not _BIN.fullmatch(bank_bin):
        raise InvalidPaymentDetails(field="bank_bin", reason="not six digits", value=bank_bin)
    if not isinstance(account, str) or not _ACCOUNT.fullmatch(account):
        raise InvalidPaymentDetails(
            field="account", reason="not 1-19 letters or digits", value=account
        )
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int):
        raise InvalidPaymentDetails(field="amount", reason="not whole đồng", value=amount_vnd)
    if not 1 <= amount_vnd <= MAX_AMOUNT_VND:
        raise InvalidPaymentDetails(field="amount", reason="out of range", value=amount_vnd)
    purpose = purpose_text(purpose)

    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = (
        _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_ACCOUNT_TRANSFER)
    )
    body = (
        _tlv("00", "01")  # payload format indicator
        + _tlv("01", "12")  # dynamic: the code carries this sale's amount
        + _tlv("38", merchant)
        + _tlv("53", CURRENCY_VND)
        + _tlv("54", str(amount_vnd))
        + _tlv("58", COUNTRY_VN)
        + _tlv("62", _tlv("08", purpose))
        + "6304"  # the CRC covers its own tag and length
    )
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def crc_ok(payload: str) -> bool:
    """Whether the payload ends in tag 63 holding the right CRC of everything before it."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        return False
    try:
        expected = f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}"
    except UnicodeEncodeError:
        return False
    return payload[-4:].upper() == expected


def parse_tlv(payload: str) -> dict[str, str]:
    """Top-level fields of an EMVCo string, tag -> value, in order. Nested templates (38, 62)
    are values to parse again. Raises InvalidPaymentDetails on a truncated or garbled string."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(payload):
        tag, length = payload[i : i + 2], payload[i + 2 : i + 4]
        if not (_TWO_DIGITS.fullmatch(tag) and _TWO_DIGITS.fullmatch(length)):
            raise InvalidPaymentDetails(field="payload", reason="bad tag or length", at=i)
        end = i + 4 + int(length)
        if end > len(payload):
            raise InvalidPaymentDetails(field="payload", reason="truncated", at=i)
        fields[tag] = payload[i + 4 : end]
        i = end
    return fields
