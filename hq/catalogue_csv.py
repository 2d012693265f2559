"""Reading a catalogue CSV: its columns, and each line checked into a row to apply.

Nothing here touches the database: :mod:`hq.catalogue` applies the rows. Every line is checked
against the wire schema (:mod:`hq.protocol`) so that a product a terminal could not take is refused
with its line number.
"""

import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import ValidationError

from hq import catalogue_xlsx, protocol, validation_text
from hq.errors import CatalogueImportFailed
from hq.models import utcnow
from hq.provinces import province_code

REQUIRED_COLUMNS = ("sku", "name_vi", "vat_rate_pct", "group_code", "price_vnd")
OPTIONAL_COLUMNS = (
    "name_en",
    "unit",
    "price_valid_from",
    "barcodes",
    "instore_codes",
    "producer",
    "producer_kind",
    "province_code",
    "province",
    "former_province",
    "ocop_stars",
    "certificate_no",
    "certificate_expiry",
    "consignment",
    "commission_pct",
    "active",
)
# The kiosk's importer's column names (kiosk/core/catalogue/csv_import.py): the same file serves
# both. Its shop-local columns are read there and ignored here (each shop keeps its own).
ALIASES = {"group": "group_code"}
SHOP_LOCAL_COLUMNS = ("favourite", "reorder_level", "initial_stock")
_TRUE = {"1", "true", "yes", "y", "x", "có", "co"}
_FALSE = {"0", "false", "no", "n", "", "không", "khong"}
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")  # thousands marked as in 125.000 ₫
_SPLIT = re.compile(r"[\s;|]+")  # the kiosk's file separates codes by spaces or ";"


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


def read_file(data: bytes, filename: str = "") -> list[Row]:
    """The rows of a catalogue file's bytes: an Excel workbook (by its first bytes or its name)
    or a CSV; raises CatalogueImportFailed with every bad line."""
    if not catalogue_xlsx.is_workbook(data, filename):
        return read(decode(data))
    try:
        sheet = catalogue_xlsx.read(data)
    except catalogue_xlsx.Unreadable as exc:
        raise CatalogueImportFailed(errors=exc.errors) from exc
    _check_header([ALIASES.get(h, h) for h in sheet.header])
    records = (
        (r.line, {ALIASES.get(k, k): v for k, v in r.cells.items()},
         {ALIASES.get(k, k): why for k, why in r.problems.items()})
        for r in sheet.records
    )  # fmt: skip
    return _rows_or_errors(records, [])


def read(text: str) -> list[Row]:
    """The rows of a catalogue CSV's text; raises CatalogueImportFailed with every bad line."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise CatalogueImportFailed(errors=[(1, f"not a CSV file: {exc}")]) from exc
    if fieldnames is None:
        raise CatalogueImportFailed(errors=[(1, "empty file")])
    reader.fieldnames = fieldnames = [ALIASES.get(h.strip(), h.strip()) for h in fieldnames]
    _check_header(fieldnames)
    errors: list[tuple[int, str]] = []
    return _rows_or_errors(((n, raw, {}) for n, raw in _records(reader, errors)), errors)


def _check_header(fieldnames: list[str]) -> None:
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | set(SHOP_LOCAL_COLUMNS)
    unknown = sorted(set(fieldnames) - known)
    missing = sorted(set(REQUIRED_COLUMNS) - set(fieldnames))
    twice = sorted({h for h in fieldnames if fieldnames.count(h) > 1})
    if missing or unknown or twice:
        raise CatalogueImportFailed(errors=[(1, _header_problem(missing, unknown, twice))])


def _rows_or_errors(
    records: Iterable[tuple[int, dict, dict[str, str]]], errors: list[tuple[int, str]]
) -> list[Row]:
    rows = _parse(records, errors)
    if errors:
        raise CatalogueImportFailed(errors=sorted(errors))
    return rows


def _header_problem(missing: list[str], unknown: list[str], twice: list[str]) -> str:
    parts = []
    if missing:
        parts.append(f"thiếu cột / missing columns: {', '.join(missing)}")
    if unknown:
        parts.append(f"cột không biết / unknown columns: {', '.join(unknown)}")
    if twice:
        parts.append(f"cột lặp lại / columns given twice: {', '.join(twice)}")
    return "; ".join(parts)


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
            raise ValueError(
                f"mã vạch / barcode {code}: số kiểm tra phải là / check digit should be {expected}"
            )
        return {8: "ean8", 12: "upca", 13: "ean13"}[len(code)]
    if code.isascii() and code.isprintable() and 1 <= len(code) <= 48 and " " not in code:
        return "code128"
    raise ValueError(
        f"mã vạch / barcode {code!r}: không in hay quét được / not a code we can print or scan"
    )


def _parse(
    records: Iterable[tuple[int, dict, dict[str, str]]], errors: list[tuple[int, str]]
) -> list[Row]:
    """The file's rows, each checked; each bad one's errors added to ``errors`` as (line, reason).

    A record is (line, cells, problems): ``problems`` are the cells a workbook could not give as
    text (:mod:`hq.catalogue_xlsx`), told with the line's other problems."""
    rows: list[Row] = []
    seen_skus: dict[str, int] = {}
    seen_codes: dict[str, str] = {}
    for n, raw, bad in records:
        raw = {k.strip(): (v or "").strip() for k, v in raw.items() if isinstance(k, str) and k}
        try:
            row = _parse_row(n, raw, seen_skus, seen_codes, bad)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            errors.append((n, str(exc).replace("\n", " ")[:2000]))
            continue
        rows.append(row)
    return rows


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
    n: int,
    raw: dict[str, str],
    seen_skus: dict[str, int],
    seen_codes: dict[str, str],
    bad: dict[str, str],
) -> Row:
    """Line ``n`` of the file as a row to apply; raises ValueError saying everything wrong with it.

    ``seen_skus`` and ``seen_codes`` (the lines and skus met so far) catch a sku or barcode given
    twice in the file; ``bad`` are its cells that could not be read, by column, with why.
    """
    problems = list(bad.values())
    problems += [
        f"thiếu / missing {c}" for c in REQUIRED_COLUMNS if not raw.get(c) and c not in bad
    ]
    sku = raw.get("sku", "")
    if sku in seen_skus:
        problems.append(f"sku {sku} đã có ở dòng / already on line {seen_skus[sku]}")
    elif sku:
        seen_skus[sku] = n
    cells = _Cells(raw, problems)
    price = cells.whole("price_vnd", _ungrouped(raw.get("price_vnd", "")))
    valid_from = cells.moment("price_valid_from")
    codes = cells.codes(sku, seen_codes)
    fields = _product_fields(cells)
    # The wire schema is the one judge of what a product may be; its problems are listed with
    # the cells' own, except for a cell already said to be missing or unreadable.
    told = cells.failed | {c for c in REQUIRED_COLUMNS if not raw.get(c)}
    kind = raw.get("producer_kind") or "enterprise"
    problems += [text for field, text in _schema_problems(sku, fields, price, valid_from, raw, kind)
                 if field not in told]  # fmt: skip
    if problems:
        raise ValueError("; ".join(problems))
    return Row(n, sku, fields, price, valid_from, codes, raw.get("producer", ""), kind)


def _ungrouped(price: str) -> str:
    """``125.000`` or ``125,000`` as ``125000``; anything else as it is, so that ``75000.5`` is
    refused as not whole đồng instead of read as 750005."""
    return re.sub(r"[.,]", "", price) if _GROUPED.fullmatch(price.strip()) else price


def _schema_problems(sku, fields, price, valid_from, raw, kind) -> list[tuple[str, str]]:
    """What the wire schema finds wrong with the line's product, price and producer, by field."""
    checks = [
        (lambda: protocol.ProductChange(id=uuid.uuid4(), sku=sku, version=0, **fields), None),
        (lambda: protocol.PriceChange(id=uuid.uuid4(), product_id=uuid.uuid4(), price_vnd=price,
                                      valid_from=valid_from or utcnow(), version=0), None),
    ]  # fmt: skip
    if raw.get("producer"):
        checks.append((
            lambda: protocol.ProducerChange(id=uuid.uuid4(), name=raw["producer"], kind=kind,
                                            version=0),
            {"name": "producer", "kind": "producer_kind"},
        ))  # fmt: skip
    found = []
    for check, names in checks:
        try:
            check()
        except ValidationError as exc:
            found += validation_text.field_problems(exc, names)
    return found


def plain_validation(exc: ValidationError) -> str:
    """A schema's refusal as ``field: what is wrong`` for each field, in both languages."""
    return validation_text.plain(exc)


def _product_fields(cells: "_Cells") -> dict:
    """The product's fields from a line's cells, defaults filled in; problems noted in ``cells``."""
    raw = cells.raw
    province = cells.whole("province_code", raw.get("province_code", ""))
    if raw.get("province"):
        province = province_code(raw["province"])
        if province is None:
            cells.problems.append(f"tỉnh không biết / unknown province {raw['province']!r}")
    return {
        "name_vi": raw.get("name_vi", ""),
        "name_en": raw.get("name_en", ""),
        "unit": raw.get("unit") or "piece",
        "vat_rate_pct": cells.whole("vat_rate_pct", raw.get("vat_rate_pct", "")),
        "group_code": raw.get("group_code", ""),
        "province_code": province,
        "former_province": raw.get("former_province", ""),
        "ocop_stars": cells.whole("ocop_stars", raw.get("ocop_stars", "")),
        "certificate_no": raw.get("certificate_no", ""),
        "certificate_expiry": cells.date("certificate_expiry"),
        "consignment": cells.yes_no("consignment", False),
        "commission_pct": cells.whole("commission_pct", raw.get("commission_pct", "")) or 0,
        "active": cells.yes_no("active", True),
    }


class _Cells:
    """A line's cells read one at a time; each problem is noted in ``problems`` and the cell
    taken as empty, so that a line's every problem is told at once."""

    def __init__(self, raw: dict[str, str], problems: list[str]):
        self.raw, self.problems = raw, problems
        self.failed: set[str] = set()  # the columns whose problem is told

    def _refuse(self, name: str, problem: str) -> None:
        self.failed.add(name)
        self.problems.append(f"{name}: {problem}")

    def whole(self, name: str, value: str) -> int | None:
        value = value.strip()
        if not value:
            return None
        if value.isascii() and value.isdigit() and len(value) <= 15:
            return int(value)
        self._refuse(name, f"{value!r} không phải số nguyên / is not a whole number")
        return None

    def yes_no(self, name: str, default: bool) -> bool:
        v = self.raw.get(name, "").strip().lower()
        if not v:
            return default
        if v in _TRUE or v in _FALSE:
            return v in _TRUE
        self._refuse(name, f"{v!r} không phải có/không / is not yes or no (1 or 0)")
        return default

    def date(self, name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.raw[name]) if self.raw.get(name) else None
        except ValueError:
            self._refuse(name, "không phải ngày YYYY-MM-DD / not a YYYY-MM-DD date")
            return None

    def moment(self, name: str) -> dt.datetime | None:
        if not self.raw.get(name):
            return None
        try:
            moment = dt.datetime.fromisoformat(self.raw[name])
        except ValueError:
            self._refuse(name, "không phải thời điểm ISO-8601 / not an ISO-8601 time")
            return None
        if moment.tzinfo is None:
            self._refuse(name, "cần múi giờ / needs a time zone (e.g. +07:00)")
            return None
        try:
            moment.astimezone(dt.UTC)
        except OverflowError:
            self._refuse(name, "ngoài khoảng / is out of range")
            return None
        return moment

    def codes(self, sku: str, seen_codes: dict[str, str]) -> list[tuple[str, str]]:
        """The line's printed codes and in-store codes with their kinds."""
        found = []
        for column, instore in (("barcodes", False), ("instore_codes", True)):
            for code in _SPLIT.split(self.raw.get(column, "")):
                if not code:
                    continue
                if code in seen_codes and seen_codes[code] != sku:
                    self.problems.append(f"mã vạch / barcode {code} đã cho / is also given to "
                                         f"{seen_codes[code]}")  # fmt: skip
                    continue
                seen_codes[code] = sku
                try:
                    found.append((code, _instore_kind(code) if instore else barcode_kind(code)))
                except ValueError as exc:
                    self.problems.append(str(exc))
        return found


def _instore_kind(code: str) -> str:
    if code.isascii() and code.isprintable() and 1 <= len(code) <= 48 and " " not in code:
        return "instore"
    raise ValueError(f"mã nội bộ / instore code {code!r} không hợp lệ / is not a valid code")
