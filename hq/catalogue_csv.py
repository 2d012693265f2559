"""Reading a catalogue CSV: its columns, and each line checked into a row to apply.

Nothing here touches the database: :mod:`hq.catalogue` applies the rows. Every line is checked
against the wire schema (:mod:`hq.protocol`) so that a product a terminal could not take is refused
with its line number.
"""

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from hq import protocol
from hq.errors import CatalogueImportFailed
from hq.models import utcnow

REQUIRED_COLUMNS = ("sku", "name_vi", "vat_rate_pct", "group_code", "price_vnd")
OPTIONAL_COLUMNS = (
    "name_en",
    "unit",
    "price_valid_from",
    "barcodes",
    "producer",
    "producer_kind",
    "province_code",
    "former_province",
    "ocop_stars",
    "certificate_no",
    "certificate_expiry",
    "consignment",
    "commission_pct",
    "active",
)
_TRUE = {"1", "true", "yes", "y", "x", "có", "co"}
_FALSE = {"0", "false", "no", "n", "", "không", "khong"}


@dataclass
class Row:
    """One checked line of the file: a product, its price, barcodes and producer."""

    line: int
    sku: str
    fields: dict
    price_vnd: int
    price_valid_from: dt.datetime | None
    barcodes: list[tuple[str, str]]
    producer: str
    producer_kind: str


def decode(data: bytes) -> str:
    """A catalogue file's bytes as text: UTF-8, with or without a byte-order mark, and no NUL.

    Raises CatalogueImportFailed naming the line of the first byte that is not UTF-8: a file saved
    as Windows-1252 would otherwise be stored as "C\ufffd ph\ufffd" and sent to every terminal.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        reason = f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}): save it as UTF-8"
        raise CatalogueImportFailed(errors=[(line, reason)]) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CatalogueImportFailed(errors=[(line, "the file holds a NUL character")])
    return text


def read(text: str) -> list[Row]:
    """The rows of a catalogue CSV's text; raises CatalogueImportFailed with every bad line."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise CatalogueImportFailed(errors=[(1, f"not a CSV file: {exc}")]) from exc
    if fieldnames is None:
        raise CatalogueImportFailed(errors=[(1, "empty file")])
    unknown = set(fieldnames) - set(REQUIRED_COLUMNS) - set(OPTIONAL_COLUMNS)
    missing = set(REQUIRED_COLUMNS) - set(fieldnames)
    if missing or unknown:
        raise CatalogueImportFailed(
            errors=[(1, f"missing columns {sorted(missing)}, unknown columns {sorted(unknown)}")]
        )
    rows, errors = _parse(reader)
    if errors:
        raise CatalogueImportFailed(errors=errors)
    return rows


def barcode_kind(code: str) -> str:
    """The symbology a code is written in, from its shape; raises ValueError on a bad check digit."""
    if code.isdigit() and len(code) in (8, 12, 13):
        digits = [int(c) for c in code]
        body, check = digits[:-1], digits[-1]
        weights = [3 if i % 2 == 0 else 1 for i in range(len(body))][::-1]
        expected = (
            10 - sum(d * w for d, w in zip(body[::-1], weights[::-1], strict=True)) % 10
        ) % 10
        if expected != check:
            raise ValueError(f"barcode {code}: check digit should be {expected}")
        return {8: "ean8", 12: "upca", 13: "ean13"}[len(code)]
    if code.isascii() and code.isprintable() and 1 <= len(code) <= 48 and " " not in code:
        return "code128"
    raise ValueError(f"barcode {code!r} is not a code we can print or scan")


def _bool(value: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip() else None


def _parse(reader: csv.DictReader) -> tuple[list[Row], list[tuple[int, str]]]:
    """The file's rows, each checked; and the errors, as (line, reason)."""
    rows: list[Row] = []
    errors: list[tuple[int, str]] = []
    seen_skus: dict[str, int] = {}
    seen_codes: dict[str, str] = {}
    lines = _records(reader, errors)
    for n, raw in lines:
        raw = {k.strip(): (v or "").strip() for k, v in raw.items() if isinstance(k, str) and k}
        try:
            row = _parse_row(n, raw, seen_skus, seen_codes)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            errors.append((n, str(exc).replace("\n", " ")[:300]))
            continue
        rows.append(row)
    return rows, errors


def _records(reader: csv.DictReader, errors: list[tuple[int, str]]) -> Iterator[tuple[int, dict]]:
    """(line, record) of each record; a record the csv module cannot read (a field past its size
    limit, a stray quote) ends the file with an error on its line."""
    n = 2
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append((n, f"not readable as CSV: {exc}"))
            return
        yield n, raw
        n += 1


def _parse_row(
    n: int, raw: dict[str, str], seen_skus: dict[str, int], seen_codes: dict[str, str]
) -> Row:
    """Line ``n`` of the file as a row to apply; raises ValueError saying what is wrong with it.

    ``seen_skus`` and ``seen_codes`` (the lines and skus met so far) catch a sku or barcode given
    twice in the file.
    """
    missing = [c for c in REQUIRED_COLUMNS if not raw.get(c)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    sku = raw["sku"]
    if sku in seen_skus:
        raise ValueError(f"sku {sku} already on line {seen_skus[sku]}")
    seen_skus[sku] = n
    price = int(raw["price_vnd"].replace(".", "").replace(",", ""))
    valid_from = None
    if raw.get("price_valid_from"):
        valid_from = dt.datetime.fromisoformat(raw["price_valid_from"])
        if valid_from.tzinfo is None:
            raise ValueError("price_valid_from needs a time zone (e.g. +07:00)")
        try:
            valid_from.astimezone(dt.UTC)
        except OverflowError as exc:
            raise ValueError("price_valid_from is out of range") from exc
    codes = []
    for code in raw.get("barcodes", "").replace("|", " ").split():
        if code in seen_codes and seen_codes[code] != sku:
            raise ValueError(f"barcode {code} is also given to {seen_codes[code]}")
        seen_codes[code] = sku
        codes.append((code, barcode_kind(code)))
    fields = _product_fields(raw)
    # The wire schema is the one judge of what a product may be.
    protocol.ProductChange(id=uuid.uuid4(), sku=sku, version=0, **fields)
    protocol.PriceChange(
        id=uuid.uuid4(),
        product_id=uuid.uuid4(),
        price_vnd=price,
        valid_from=valid_from or utcnow(),
        version=0,
    )
    kind = raw.get("producer_kind") or "enterprise"
    if raw.get("producer"):
        protocol.ProducerChange(id=uuid.uuid4(), name=raw["producer"], kind=kind, version=0)
    return Row(n, sku, fields, price, valid_from, codes, raw.get("producer", ""), kind)


def _product_fields(raw: dict[str, str]) -> dict:
    """The product's fields from a line's cells, defaults filled in; raises ValueError."""
    return {
        "name_vi": raw["name_vi"],
        "name_en": raw.get("name_en", ""),
        "unit": raw.get("unit") or "piece",
        "vat_rate_pct": int(raw["vat_rate_pct"]),
        "group_code": raw["group_code"],
        "province_code": _int_or_none(raw.get("province_code", "")),
        "former_province": raw.get("former_province", ""),
        "ocop_stars": _int_or_none(raw.get("ocop_stars", "")),
        "certificate_no": raw.get("certificate_no", ""),
        "certificate_expiry": dt.date.fromisoformat(raw["certificate_expiry"])
        if raw.get("certificate_expiry")
        else None,
        "consignment": _bool(raw.get("consignment", "")),
        "commission_pct": _int_or_none(raw.get("commission_pct", "")) or 0,
        "active": _bool(raw["active"]) if raw.get("active") else True,
    }
