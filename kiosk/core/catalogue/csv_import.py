"""Catalogue import from a CSV file or an Excel workbook: all rows valid, or nothing written.

Format: UTF-8 (a BOM is allowed), comma-separated, one header row naming the columns below in
any order. Blank optional cells take the default shown. An Excel workbook (.xlsx) holds the
same columns in its first sheet, row 1 naming them. Head office reads the same files; the
format is documented once for both in docs/hq.md "Catalogue CSV" (keep them in step).

==================  ========  ===========================================================
column              required  meaning
==================  ========  ===========================================================
sku                 yes       the shop's product code; an existing sku is updated (its
                              fields replaced, a new price added if it changed, new
                              barcodes added; barcodes it had are kept)
name_vi             yes       Vietnamese name, with diacritics
group               yes       food, beverage, herbal, handicraft, ornamental, tourism
unit                yes       piece, or gram for goods sold by weight
price_vnd           yes       VAT-inclusive price in whole đồng (per kilogram for gram),
                              0 to 1,000,000,000,000; digits only
vat_rate_pct        yes       0, 5, 8 or 10
name_en                       English name
barcodes                      printed codes separated by spaces or ``;`` (EAN-13, EAN-8,
                              UPC-A with their check digits, or Code 128 text)
instore_codes                 the shop's own codes, e.g. a scale item code ``2500123``
producer                      producer name; created if new (then producer_kind is needed)
producer_kind                 enterprise, cooperative, coop_group, household
province                      one of the 34 current provinces ("Lâm Đồng", "Thành phố
                              Hà Nội" or "Hà Nội"; accents and case are ignored)
former_province               the province before 1 July 2025, as on the certificate
ocop_stars                    3, 4 or 5 (blank: no certificate)
certificate_no                OCOP certificate number
certificate_expiry            YYYY-MM-DD
consignment                   1 if consigned goods, else 0
commission_pct                0 to 100
favourite                     1 to show on the quick tiles
reorder_level                 stock level that calls for reordering
active                        0 to take the product off sale (default 1)
initial_stock                 opening stock; only the demo loader uses it, import ignores it
==================  ========  ===========================================================

Every row is checked first (fields, check digits, barcodes repeated in the file or already on
another product, unknown province or producer); any problem raises
:class:`~kiosk.core.errors.ImportFailed` with every ``(line, reason)`` and nothing is written.
Otherwise the whole file is written in one transaction.
"""

import csv
import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import PRODUCER_KINDS, PRODUCT_GROUPS, UNITS, Barcode, Producer, Product, utcnow
from hq import catalogue_xlsx
from kiosk.core import errors
from kiosk.core.catalogue import rows as catalogue_rows
from kiosk.core.catalogue.barcode import canonical

REQUIRED = ("sku", "name_vi", "group", "unit", "price_vnd", "vat_rate_pct")
OPTIONAL = (
    "name_en",
    "barcodes",
    "instore_codes",
    "producer",
    "producer_kind",
    "province",
    "former_province",
    "ocop_stars",
    "certificate_no",
    "certificate_expiry",
    "consignment",
    "commission_pct",
    "favourite",
    "reorder_level",
    "active",
    "initial_stock",
)
_SPLIT = re.compile(r"[\s;]+")


@dataclass(frozen=True)
class ProductRow:
    """One valid row: ``fields`` are :func:`kiosk.core.catalogue.rows.write_product` arguments."""

    line: int
    fields: dict[str, Any]
    producer: str
    producer_kind: str
    province: str
    initial_stock: int


@dataclass(frozen=True)
class ImportReport:
    """What an import did. ``product_ids`` maps every sku of the file to its product."""

    created: int
    updated: int
    producers_created: int
    product_ids: dict[str, uuid.UUID] = field(default_factory=dict)


def import_catalogue(
    session_factory: sessionmaker[Session], path: Path | str, *, is_demo: bool = False
) -> ImportReport:
    """Validate the CSV file or workbook at ``path`` and write it in one transaction."""
    rows = read_rows(path)
    with session_factory.begin() as session:
        return write_rows(session, rows, is_demo=is_demo)


def read_rows(path: Path | str) -> list[ProductRow]:
    """Parse and check the file on its own (no database); raise ImportFailed on any bad row.

    A CSV, or an Excel workbook (.xlsx, by its name or first bytes): its first sheet holds the
    same columns and goes through the same checks (:mod:`hq.catalogue_xlsx` gives its cells as a
    CSV's text)."""
    try:
        with open(path, "rb") as fh:
            start = fh.read(8)
        if catalogue_xlsx.is_workbook(start, str(path)):
            return _read_workbook(Path(path).read_bytes())
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = _header(reader.fieldnames or [])
            reader.fieldnames = header
            return _parse(header, ((reader.line_num, raw, {}) for raw in reader))
    except UnicodeDecodeError as exc:
        raise errors.ImportFailed(errors=[(0, f"not UTF-8 text: {exc.reason}")]) from exc
    except OSError as exc:
        raise errors.ImportFailed(errors=[(0, f"cannot read file: {exc.strerror}")]) from exc
    except csv.Error as exc:
        raise errors.ImportFailed(errors=[(0, f"not CSV: {exc}")]) from exc


def _read_workbook(data: bytes) -> list[ProductRow]:
    try:
        sheet = catalogue_xlsx.read(data)
    except catalogue_xlsx.Unreadable as exc:
        raise errors.ImportFailed(errors=exc.errors) from exc
    header = _header(sheet.header)
    return _parse(header, ((r.line, r.cells, r.problems) for r in sheet.records))


def _header(names: Sequence[str]) -> list[str]:
    """The header's column names; raises ImportFailed naming those missing and unknown."""
    header = [h.strip() for h in names]
    problems: list[tuple[int, str]] = []
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing:
        problems.append((1, f"missing columns: {', '.join(missing)}"))
    if unknown:
        problems.append((1, f"unknown columns: {', '.join(unknown)}"))
    if problems:
        raise errors.ImportFailed(errors=problems)
    return header


def _parse(
    header: list[str], records: Iterable[tuple[int, dict, dict[str, str]]]
) -> list[ProductRow]:
    """Every record checked into a row; raises ImportFailed with each bad line's first problem.

    A record is (line, cells, problems): ``problems`` are the cells a workbook could not give as
    text, by column, with why."""
    problems: list[tuple[int, str]] = []
    rows: list[ProductRow] = []
    skus: dict[str, int] = {}
    codes: dict[str, int] = {}
    for line, raw, unreadable in records:
        if None in raw:
            problems.append((line, "more cells than columns"))
            continue
        cells = {k: (v or "").strip() for k, v in raw.items()}
        if unreadable:
            problems.append((line, "; ".join(unreadable.values())))
            continue
        if not any(cells.values()):
            continue
        try:
            row = _row(line, cells)
        except _Bad as exc:
            problems.append((line, str(exc)))
            continue
        sku = row.fields["sku"]
        if sku in skus:
            problems.append((line, f"sku {sku} repeats line {skus[sku]}"))
        skus.setdefault(sku, line)
        for code in [*row.fields["barcodes"], *row.fields["instore_codes"]]:
            if code in codes:
                problems.append((line, f"barcode {code} repeats line {codes[code]}"))
            codes.setdefault(code, line)
        rows.append(row)
    if problems:
        raise errors.ImportFailed(errors=problems)
    return rows


class _Bad(Exception):
    pass


def _int(cells: dict[str, str], name: str, default: int | None, lo: int, hi: int) -> int | None:
    value = cells.get(name, "")
    if not value:
        if default is None and name in REQUIRED:
            raise _Bad(f"{name}: required")
        return default
    if not value.isascii() or not value.isdigit():
        raise _Bad(f"{name}: {value!r} is not a whole number")
    number = int(value)
    if not lo <= number <= hi:
        raise _Bad(f"{name}: {number} is not between {lo} and {hi}")
    return number


def _choice(cells: dict[str, str], name: str, choices: Sequence[Any], default: str = "") -> str:
    value = cells.get(name, "") or default
    if value not in choices:
        raise _Bad(f"{name}: {value!r} is not one of {', '.join(map(str, choices))}")
    return value


def _codes(cells: dict[str, str]) -> tuple[list[str], list[str]]:
    """The row's printed barcodes and in-store codes, canonical; a bad one is reported."""
    barcodes: list[str] = []
    for code in _SPLIT.split(cells.get("barcodes", "")):
        if code:
            try:
                barcodes.append(canonical(code)[0])
            except errors.BadCheckDigit as exc:
                raise _Bad(f"barcode {code}: check digit should be {exc.data['expected']}") from exc
            except errors.MalformedBarcode as exc:
                raise _Bad(f"barcode {code!r}: {exc.data['reason']}") from exc
    instore: list[str] = []
    for code in _SPLIT.split(cells.get("instore_codes", "")):
        if code:
            try:
                instore.append(canonical(code)[0])
            except errors.DomainError as exc:
                raise _Bad(f"instore code {code!r}: not a valid code") from exc
    return barcodes, instore


def _date(cells: dict[str, str], name: str) -> dt.date | None:
    """The ``YYYY-MM-DD`` date in cell ``name``, or None if it is empty."""
    if not cells.get(name):
        return None
    try:
        return dt.date.fromisoformat(cells[name])
    except ValueError as exc:
        raise _Bad(f"{name}: not a YYYY-MM-DD date") from exc


def _row(line: int, cells: dict[str, str]) -> ProductRow:
    """The product of one line of the file, from its cells; raises _Bad at the first bad cell."""
    for name in ("sku", "name_vi"):
        if not cells[name]:
            raise _Bad(f"{name}: required")
    if len(cells["sku"]) > 40:
        raise _Bad("sku: longer than 40 characters")
    unit = _choice(cells, "unit", UNITS)
    group = _choice(cells, "group", PRODUCT_GROUPS)
    vat = _int(cells, "vat_rate_pct", None, 0, 10)
    if vat not in catalogue_rows.VAT_RATES:
        raise _Bad(f"vat_rate_pct: {vat} is not one of 0, 5, 8, 10")
    price = _int(cells, "price_vnd", None, 0, catalogue_rows.MAX_PRICE_VND)
    stars = _int(cells, "ocop_stars", None, 3, 5)
    barcodes, instore = _codes(cells)
    expiry = _date(cells, "certificate_expiry")
    producer_kind = cells.get("producer_kind", "")
    if producer_kind:
        _choice(cells, "producer_kind", PRODUCER_KINDS)
    fields = dict(
        sku=cells["sku"],
        name_vi=cells["name_vi"],
        name_en=cells.get("name_en", ""),
        group=group,
        unit=unit,
        price_vnd=price,
        vat_rate_pct=vat,
        barcodes=barcodes,
        instore_codes=instore,
        former_province=cells.get("former_province", ""),
        ocop_stars=stars,
        certificate_no=cells.get("certificate_no", ""),
        certificate_expiry=expiry,
        consignment=bool(_int(cells, "consignment", 0, 0, 1)),
        commission_pct=_int(cells, "commission_pct", 0, 0, 100),
        favourite=bool(_int(cells, "favourite", 0, 0, 1)),
        reorder_level=_int(cells, "reorder_level", 0, 0, 10**9),
        active=bool(_int(cells, "active", 1, 0, 1)),
    )
    return ProductRow(
        line=line,
        fields=fields,
        producer=cells.get("producer", ""),
        producer_kind=producer_kind,
        province=cells.get("province", ""),
        initial_stock=_int(cells, "initial_stock", 0, 0, 10**9) or 0,
    )


def write_rows(session: Session, rows: list[ProductRow], *, is_demo: bool = False) -> ImportReport:
    """Check ``rows`` against the database, then write them in ``session``'s transaction."""
    producers = {name: pid for pid, name in session.execute(select(Producer.id, Producer.name))}
    skus = {r.fields["sku"] for r in rows}
    existing = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    provinces, new_producers = _check_against_database(session, rows, producers)

    for name, (kind, province) in new_producers.items():
        producers[name] = catalogue_rows.add_producer(
            session,
            name=name,
            kind=kind,
            province_code=provinces.get(province),
            is_demo=is_demo,
        )
    created = updated = 0
    ids: dict[str, uuid.UUID] = {}
    now = utcnow()
    for row in rows:
        product = existing.get(row.fields["sku"])
        try:
            ids[row.fields["sku"]] = catalogue_rows.write_product(
                session,
                **row.fields,
                producer_id=producers.get(row.producer) if row.producer else None,
                province_code=provinces.get(row.province) if row.province else None,
                is_demo=is_demo or (product.is_demo if product else False),
                price_valid_from=now,
                product=product,
            )
        except errors.DomainError as exc:
            # Checked above; anything left is still reported by line, and the caller's
            # transaction is rolled back so nothing of the file stays.
            raise errors.ImportFailed(errors=[(row.line, str(exc))]) from exc
        if product is None:
            created += 1
        else:
            updated += 1
    return ImportReport(created, updated, len(new_producers), ids)


def _check_against_database(
    session: Session, rows: list[ProductRow], producers: dict[str, uuid.UUID]
) -> tuple[dict[str, int | None], dict[str, tuple[str, str]]]:
    """The provinces' codes by name and the producers to create (kind, province) by name.

    Raises ImportFailed with every line naming an unknown province, a barcode already on
    another product, or a new producer without its kind.
    """
    problems: list[tuple[int, str]] = []
    provinces: dict[str, int | None] = {}
    new_producers: dict[str, tuple[str, str]] = {}
    all_codes = [c for r in rows for c in (*r.fields["barcodes"], *r.fields["instore_codes"])]
    owners = dict(
        session.execute(
            select(Barcode.code, Product.sku)
            .join(Product, Product.id == Barcode.product_id)
            .where(Barcode.code.in_(all_codes))
        ).all()
    )
    for row in rows:
        if row.province and row.province not in provinces:
            provinces[row.province] = catalogue_rows.find_province(session, row.province)
        if row.province and provinces[row.province] is None:
            problems.append((row.line, f"province: unknown province {row.province!r}"))
        for code in (*row.fields["barcodes"], *row.fields["instore_codes"]):
            owner = owners.get(code)
            if owner is not None and owner != row.fields["sku"]:
                problems.append((row.line, f"barcode {code} is already on product {owner}"))
        if row.producer and row.producer not in producers:
            if row.producer_kind:
                new_producers.setdefault(row.producer, (row.producer_kind, row.province))
            elif row.producer not in new_producers:
                problems.append(
                    (row.line, f"producer_kind: needed for new producer {row.producer!r}")
                )
    if problems:
        raise errors.ImportFailed(errors=problems)
    return provinces, new_producers
