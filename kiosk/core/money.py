"""Amounts of đồng and weights as people read and type them, in the sale's language.

VND has no minor unit, so every amount here is an int of đồng and a float is refused outright:
a float that slipped in would round differently on the receipt, the report and at HQ.
"""

import re
from decimal import Decimal

from babel.numbers import format_currency, format_decimal

from kiosk.core.errors import InvalidAmount
from kiosk.i18n import check_language

MAX_AMOUNT_VND = 9_999_999_999_999  # the widest amount a VietQR code or a report column carries

_LOCALES = {"vi": "vi_VN", "en": "en_US"}
_WEIGHT_PATTERN = "#,##0.###"  # grams are the unit we store: at most three decimals of a kg

# "125000", "125.000", "125,000" (groups of exactly three, one separator kind), "125k".
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:(?P<sep>[.,])[0-9]{3})(?:(?P=sep)[0-9]{3})*")
_THOUSANDS = re.compile(r"(?P<n>[0-9]+)\s*[kK]")
_CURRENCY_SUFFIX = re.compile(r"\s*(?:₫|đ|Đ|VND|vnd|VNĐ|vnđ)$")


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass: True đồng is always a bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def format_vnd(amount: int, lang: str) -> str:
    """ "125.000 ₫" (vi, with a no-break space) or "125,000 VND" (en).

    English receipts spell the currency out after the number: Babel's "₫125,000" puzzles
    tourists. Use for_printer() on the result where the printer font lacks U+00A0.
    """
    _require_int(amount, "amount")
    check_language(lang)
    if lang == "vi":
        return format_currency(amount, "VND", locale=_LOCALES["vi"])
    return f"{format_decimal(amount, locale=_LOCALES['en'])} VND"


def format_qty(quantity: int, lang: str) -> str:
    """A count of pieces with the language's grouping ("1.200" vi, "1,200" en)."""
    _require_int(quantity, "quantity")
    check_language(lang)
    return format_decimal(quantity, locale=_LOCALES[lang])


def format_weight(grams: int, lang: str) -> str:
    """A weight stored in grams shown in kilograms: "1,25 kg" (vi), "1.25 kg" (en)."""
    _require_int(grams, "grams")
    check_language(lang)
    kg = Decimal(grams) / 1000  # exact: grams are whole, and Decimal keeps every digit
    return f"{format_decimal(kg, format=_WEIGHT_PATTERN, locale=_LOCALES[lang])} kg"


def parse_vnd(text: str) -> int:
    """The đồng a clerk typed: "125.000", "125,000", "125000", "125k", optionally with ₫/VND.

    Dots and commas are thousands separators only (VND has no decimals), so "1.5", "125,50" and
    "1.5k" are refused, as are negatives, blanks and anything over MAX_AMOUNT_VND.
    Raises InvalidAmount with the text.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    cleaned = _CURRENCY_SUFFIX.sub("", text.replace("\xa0", " ").strip()).strip()
    if _PLAIN.fullmatch(cleaned):
        amount = int(cleaned)
    elif _GROUPED.fullmatch(cleaned):
        amount = int(re.sub(r"[.,]", "", cleaned))
    elif match := _THOUSANDS.fullmatch(cleaned):
        amount = int(match["n"]) * 1000
    else:
        raise InvalidAmount(text=text, reason="not a whole number of đồng")
    if amount > MAX_AMOUNT_VND:
        raise InvalidAmount(text=text, reason="too large")
    return amount


def for_printer(text: str) -> str:
    """Text with no-break spaces made plain, for printer fonts that have no U+00A0 glyph."""
    return text.replace("\xa0", " ").replace("\u202f", " ")
