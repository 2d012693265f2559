"""Parsing of scanned or typed codes: check digits, canonical form, variable-measure labels.

Canonical form, used both when a code is stored and when it is looked up:

- EAN-13 stays 13 digits; EAN-8 stays 8 digits.
- UPC-A (12 digits) is stored and looked up as its EAN-13 form, with a leading ``0``: a UPC-A
  product is then found whether the scanner sends 12 digits or 13.
- Any other printable ASCII text (Code 128, a typed in-store code) is kept as it is, trimmed.
- A variable-measure EAN-13 (prefix 20–29, laid out as the terminal's settings say) is decoded:
  ``item_code`` is the prefix followed by the item digits (``"2500123"`` for
  ``2500123012349``) and is what the product's in-store barcode holds; the embedded value is a
  price in đồng or a weight in grams.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hq.text_limits import BARCODE_MAX
from kiosk.core import errors

MAX_LENGTH = BARCODE_MAX  # head office's limit
VARIABLE_MEASURE_PREFIXES = range(20, 30)

# prefix -> layout. Item and value digits fill the ten digits between prefix and check digit.
DEFAULT_SCALE_LAYOUT: dict[int, dict[str, Any]] = {
    **{p: {"kind": "price", "item_digits": 5, "value_digits": 5} for p in range(20, 25)},
    **{p: {"kind": "weight", "item_digits": 5, "value_digits": 5} for p in range(25, 30)},
}


@dataclass(frozen=True)
class ScaleLayout:
    """How one variable-measure prefix splits its ten digits. ``multiplier`` scales the value
    (e.g. 100 when a label carries the price in hundreds of đồng); 1 by default."""

    kind: str
    item_digits: int
    value_digits: int
    multiplier: int = 1


@dataclass(frozen=True)
class ScannedCode:
    """A code as parsed. ``code`` is the canonical form; for variable-measure labels
    ``item_code`` is what to look up and one of ``price_vnd`` / ``weight_g`` is set."""

    code: str
    kind: str  # 'ean13', 'ean8', 'upca', 'code128', 'instore'
    item_code: str | None = None
    price_vnd: int | None = None
    weight_g: int | None = None

    @property
    def lookup_code(self) -> str:
        """The code to find the product by."""
        return self.item_code or self.code


def gs1_check_digit(body: str) -> int:
    """The GS1 check digit for the digits ``body`` (all but the check digit)."""
    if not body.isascii() or not body.isdigit():
        raise ValueError(f"not digits: {body!r}")
    total = 0
    # Weights 3,1,3,1... from the rightmost digit of the body.
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """True for an 8, 12, 13 or 14 digit code whose GS1 check digit is right."""
    if not (code.isascii() and code.isdigit() and len(code) in (8, 12, 13, 14)):
        return False
    return gs1_check_digit(code[:-1]) == int(code[-1])


def make_ean13(first12: str) -> str:
    """The EAN-13 made of ``first12`` and its check digit."""
    if len(first12) != 12 or not first12.isascii() or not first12.isdigit():
        raise ValueError(f"an EAN-13 body is 12 digits: {first12!r}")
    return first12 + str(gs1_check_digit(first12))


def scale_layout(settings: Mapping[Any, Any] | None) -> dict[int, ScaleLayout]:
    """The variable-measure layout from a settings mapping ``prefix -> {kind, item_digits,
    value_digits[, multiplier]}`` (prefix as int or str, as JSON gives it back); the default
    (20–24 price in đồng, 25–29 weight in grams, 5 + 5 digits) when ``settings`` is None.

    A prefix of 20–29 missing from the mapping is an in-store code used whole, not decoded.
    """
    source = DEFAULT_SCALE_LAYOUT if settings is None else settings
    layout: dict[int, ScaleLayout] = {}
    for key, spec in source.items():
        prefix = int(key)
        if prefix not in VARIABLE_MEASURE_PREFIXES:
            raise ValueError(f"variable-measure prefix must be 20-29, got {key!r}")
        entry = ScaleLayout(
            kind=str(spec["kind"]),
            item_digits=int(spec["item_digits"]),
            value_digits=int(spec["value_digits"]),
            multiplier=int(spec.get("multiplier", 1)),
        )
        if entry.kind not in ("price", "weight"):
            raise ValueError(f"layout kind must be price or weight, got {entry.kind!r}")
        if entry.item_digits < 1 or entry.value_digits < 1:
            raise ValueError("item and value digits must be positive")
        if entry.item_digits + entry.value_digits != 10:
            raise ValueError("item digits + value digits must be 10")
        if entry.multiplier < 1:
            raise ValueError("multiplier must be positive")
        layout[prefix] = entry
    return layout


_DEFAULT_LAYOUT = scale_layout(None)


def _check_text(raw: str) -> str:
    if not isinstance(raw, str):
        raise errors.MalformedBarcode(code=repr(raw), reason="not_text")
    code = raw.strip()
    if not code:
        raise errors.MalformedBarcode(code=raw, reason="empty")
    if len(code) > MAX_LENGTH:
        raise errors.MalformedBarcode(code=code[:MAX_LENGTH], reason="too_long")
    if not code.isascii():
        raise errors.MalformedBarcode(code=code, reason="not_ascii")
    if not code.isprintable():
        raise errors.MalformedBarcode(code=code, reason="control_character")
    return code


def canonical(raw: str) -> tuple[str, str]:
    """``(code, kind)`` for storing a product's printed barcode: trimmed, check digit verified,
    UPC-A widened to 13 digits. Variable-measure codes are not decoded here."""
    code = _check_text(raw)
    if code.isdigit() and len(code) in (8, 12, 13):
        expected = gs1_check_digit(code[:-1])
        if int(code[-1]) != expected:
            raise errors.BadCheckDigit(code=code, expected=expected)
        if len(code) == 8:
            return code, "ean8"
        if len(code) == 12:
            return "0" + code, "upca"
        if code.startswith("0"):
            return code, "upca"
        if int(code[:2]) in VARIABLE_MEASURE_PREFIXES:
            return code, "instore"
        return code, "ean13"
    return code, "code128"


def parse(raw: str, layout: Mapping[int, ScaleLayout] | None = None) -> ScannedCode:
    """Parse a scanned or typed code.

    Raises :class:`~kiosk.core.errors.MalformedBarcode` (empty, control characters, non-ASCII,
    over 48 characters) and :class:`~kiosk.core.errors.BadCheckDigit`.
    """
    code, kind = canonical(raw)
    layout = _DEFAULT_LAYOUT if layout is None else layout
    if kind == "instore" and len(code) == 13:
        entry = layout.get(int(code[:2]))
        if entry is not None:
            item_end = 2 + entry.item_digits
            item_code = code[:item_end]
            value = int(code[item_end:12]) * entry.multiplier
            if entry.kind == "price":
                return ScannedCode(code, kind, item_code=item_code, price_vnd=value)
            return ScannedCode(code, kind, item_code=item_code, weight_g=value)
    return ScannedCode(code, kind)


def make_variable_measure(item_code: str, value: int, layout_entry: ScaleLayout) -> str:
    """The EAN-13 a scale prints for ``item_code`` (prefix + item digits) and ``value``."""
    body_value = value // layout_entry.multiplier
    if value % layout_entry.multiplier or not 0 <= body_value < 10**layout_entry.value_digits:
        raise ValueError(f"value {value} does not fit the layout")
    if len(item_code) != 2 + layout_entry.item_digits or not item_code.isdigit():
        raise ValueError(f"item code {item_code!r} does not fit the layout")
    return make_ean13(f"{item_code}{body_value:0{layout_entry.value_digits}d}")
