"""Catalogue rows as every writer makes them: products, barcodes, prices and producers, validated.

:func:`write_product` and its helpers are shared by the importer, the demo loader, head office's
catalogue sync, the manager's services (kiosk.core.catalogue.products, kiosk.core.catalogue.producers) and the
tests. They write in the caller's session and transaction and check nothing of permissions.
(Moved here from kiosk.core.catalogue.lookup, which still hands the names on.)
"""

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    PRICE_SOURCES,
    PRODUCER_KINDS,
    PRODUCT_GROUPS,
    UNITS,
    Barcode,
    Price,
    Producer,
    Product,
    Province,
    utcnow,
)
from hq.text_limits import NAME_MAX, SKU_MAX, text_refused
from kiosk.core import errors
from kiosk.core.catalogue import barcode as barcode_rules
from kiosk.core.textfold import fold

log = logging.getLogger(__name__)

MAX_PRICE_VND = 1_000_000_000_000
MAX_REORDER_LEVEL = 10_000_000
VAT_RATES = (0, 5, 8, 10)


def make_search_text(
    name_vi: str, name_en: str, producer: str, province: str, former_province: str = ""
) -> str:
    """Folded ``"<names> | <producer and places>"`` as the search index expects it."""
    names = " ".join(w for w in (fold(name_vi), fold(name_en)) if w)
    places = " ".join(w for w in (fold(producer), fold(province), fold(former_province)) if w)
    return f"{names} | {places}"


def check_price(price_vnd: Any) -> int:
    if isinstance(price_vnd, bool) or not isinstance(price_vnd, int):
        raise errors.InvalidAmount(amount=price_vnd, reason="not_integer")
    if not 0 <= price_vnd <= MAX_PRICE_VND:
        raise errors.InvalidAmount(amount=price_vnd, reason="out_of_range")
    return price_vnd


def add_price(
    session: Session,
    product_id: uuid.UUID,
    price_vnd: int,
    valid_from: dt.datetime,
    source: str = "local",
    set_by_user_id: uuid.UUID | None = None,
) -> uuid.UUID:
    check_price(price_vnd)
    if source not in PRICE_SOURCES:
        raise errors.InvalidProduct(field="price_source", value=source)
    if valid_from.tzinfo is None:
        raise ValueError("valid_from must be timezone-aware")
    price = Price(
        product_id=product_id,
        price_vnd=price_vnd,
        valid_from=valid_from,
        source=source,
        set_by_user_id=set_by_user_id,
    )
    session.add(price)
    session.flush()
    return price.id


def add_producer(
    session: Session, *, name: str, kind: str, province_code: int | None = None, **extra: Any
) -> uuid.UUID:
    if not name.strip():
        raise errors.InvalidProduct(field="producer_name", value=name)
    if kind not in PRODUCER_KINDS:
        raise errors.InvalidProduct(field="producer_kind", value=kind)
    producer = Producer(name=name.strip(), kind=kind, province_code=province_code, **extra)
    session.add(producer)
    session.flush()
    return producer.id


def find_province(session: Session, name: str) -> int | None:
    """The code of the current province called ``name`` (accents, case and a leading
    "Thành phố"/"Tỉnh" ignored), or None."""
    wanted = _province_key(name)
    for code, pname in session.execute(select(Province.code, Province.name)):
        if _province_key(pname) == wanted:
            return code
    return None


def _province_key(name: str) -> str:
    key = fold(name)
    for lead in ("thanh pho ", "tp ", "tinh "):
        if key.startswith(lead):
            return key[len(lead) :]
    return key


def check_barcodes(
    codes: Iterable[str], instore_codes: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Canonical ``(code, kind)`` pairs; raises BadCheckDigit, MalformedBarcode, DuplicateBarcode
    (twice in the list)."""
    out: dict[str, str] = {}
    for raw in codes:
        code, kind = barcode_rules.canonical(raw)
        if code in out:
            raise errors.DuplicateBarcode(code=code, product_id=None)
        out[code] = kind
    for raw in instore_codes:
        code = barcode_rules.canonical(raw)[0]
        if code in out:
            raise errors.DuplicateBarcode(code=code, product_id=None)
        out[code] = "instore"
    return list(out.items())


def write_product(
    session: Session,
    *,
    sku: str,
    name_vi: str,
    group: str,
    name_en: str = "",
    unit: str = "piece",
    vat_rate_pct: int = 8,
    price_vnd: int | None = None,
    price_valid_from: dt.datetime | None = None,
    barcodes: Iterable[str] = (),
    instore_codes: Iterable[str] = (),
    producer_id: uuid.UUID | None = None,
    province_code: int | None = None,
    former_province: str = "",
    ocop_stars: int | None = None,
    certificate_no: str = "",
    certificate_expiry: dt.date | None = None,
    consignment: bool = False,
    commission_pct: int = 0,
    favourite: bool = False,
    reorder_level: int = 0,
    active: bool = True,
    is_demo: bool = False,
    product: Product | None = None,
    price_source: str = "hq",
    set_by_user_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Insert a product (or update ``product`` in place) with its barcodes and a price.

    ``barcodes`` are printed codes (check digits verified, UPC-A widened); ``instore_codes``
    are codes of the shop's own, such as a scale item code ``"2500123"``. A new price is
    marked ``price_source`` (head office's by default: the importer and the demo loader write
    the master catalogue). Raises InvalidProduct, InvalidAmount, BadCheckDigit,
    MalformedBarcode, DuplicateBarcode; nothing is flushed then.
    """
    columns = dict(
        sku=sku,
        name_vi=name_vi,
        name_en=name_en,
        unit=unit,
        vat_rate_pct=vat_rate_pct,
        group_code=group,
        producer_id=producer_id,
        province_code=province_code,
        former_province=former_province,
        ocop_stars=ocop_stars,
        certificate_no=certificate_no,
        certificate_expiry=certificate_expiry,
        consignment=consignment,
        commission_pct=commission_pct,
        favourite=favourite,
        reorder_level=reorder_level,
        active=active,
        is_demo=is_demo,
    )
    price = _NewPrice(price_vnd, price_valid_from, price_source, set_by_user_id)
    return _write(session, product, columns, barcodes, instore_codes, price)


class _NewPrice(NamedTuple):
    """The price a write gives a product (none if ``price_vnd`` is None), from when, by whom."""

    price_vnd: int | None
    valid_from: dt.datetime | None
    source: str
    set_by_user_id: uuid.UUID | None


def _write(
    session: Session,
    product: Product | None,
    columns: dict[str, Any],
    barcodes: Iterable[str],
    instore_codes: Iterable[str],
    price: _NewPrice,
) -> uuid.UUID:
    """:func:`write_product` with its arguments gathered: trim, check, then insert or update.

    ``columns`` are the product's columns as given but ``search_text``, which is added here.
    """
    columns.update(sku=columns["sku"].strip(), name_vi=columns["name_vi"].strip())
    _check_columns(columns)
    if price.price_vnd is not None:
        check_price(price.price_vnd)
    codes = check_barcodes(barcodes, instore_codes)
    owners = _barcode_owners(session, codes, product)
    _check_scale_items(session, [c for c, k in codes if c not in owners and k == "instore"])
    producer, province = _place_names(session, columns["producer_id"], columns["province_code"])
    search_text = make_search_text(
        columns["name_vi"], columns["name_en"], producer, province, columns["former_province"]
    )
    for key in ("name_en", "former_province", "certificate_no"):
        columns[key] = columns[key].strip()
    columns["search_text"] = search_text
    if product is None:
        product = Product(**columns)
        session.add(product)
    else:
        for key, value in columns.items():
            setattr(product, key, value)
    session.flush()
    for code, kind in codes:
        if code not in owners:
            session.add(Barcode(code=code, product_id=product.id, kind=kind))
    if price.price_vnd is not None:
        _add_price_if_changed(session, product.id, price)
    session.flush()
    return product.id


def _check_columns(columns: dict[str, Any]) -> None:
    """Raise InvalidProduct for the first column of a product that is out of bounds."""
    for field, limit, required in (("sku", SKU_MAX, True), ("name_vi", NAME_MAX, True),
                                   ("name_en", NAME_MAX, False)):  # fmt: skip
        value = columns[field]
        if not isinstance(value, str) or text_refused(value.strip(), limit, required=required):
            raise errors.InvalidProduct(field=field, value=value)
    if columns["unit"] not in UNITS:
        raise errors.InvalidProduct(field="unit", value=columns["unit"])
    if columns["group_code"] not in PRODUCT_GROUPS:
        raise errors.InvalidProduct(field="group", value=columns["group_code"])
    vat_rate_pct = columns["vat_rate_pct"]
    if vat_rate_pct not in VAT_RATES or isinstance(vat_rate_pct, bool):
        raise errors.InvalidProduct(field="vat_rate_pct", value=vat_rate_pct)
    ocop_stars = columns["ocop_stars"]
    if ocop_stars is not None and ocop_stars not in (3, 4, 5):
        raise errors.InvalidProduct(field="ocop_stars", value=ocop_stars)
    reorder_level = columns["reorder_level"]
    if not isinstance(reorder_level, int) or not 0 <= reorder_level <= MAX_REORDER_LEVEL:
        raise errors.InvalidProduct(field="reorder_level", value=reorder_level)
    if not 0 <= columns["commission_pct"] <= 100:
        raise errors.InvalidProduct(field="commission_pct", value=columns["commission_pct"])


def _barcode_owners(
    session: Session, codes: list[tuple[str, str]], product: Product | None
) -> dict[str, uuid.UUID]:
    """The products already carrying ``codes``; raises DuplicateBarcode if one is not ``product``."""
    owners = dict(
        session.execute(
            select(Barcode.code, Barcode.product_id).where(Barcode.code.in_([c for c, _ in codes]))
        ).all()
    )
    for code, owner in owners.items():
        if product is None or owner != product.id:
            raise errors.DuplicateBarcode(code=code, product_id=owner)
    return owners


def _place_names(
    session: Session, producer_id: uuid.UUID | None, province_code: int | None
) -> tuple[str, str]:
    """The names of the product's producer and province ("" for none); raises InvalidProduct
    for an unknown one."""
    producer = session.get(Producer, producer_id) if producer_id else None
    if producer_id and producer is None:
        raise errors.InvalidProduct(field="producer_id", value=producer_id)
    province = session.get(Province, province_code) if province_code is not None else None
    if province_code is not None and province is None:
        raise errors.InvalidProduct(field="province_code", value=province_code)
    return (producer.name if producer else "", province.name if province else "")


def _add_price_if_changed(session: Session, product_id: uuid.UUID, price: _NewPrice) -> None:
    """Add ``price`` unless it is already the product's latest price."""
    current = session.scalar(
        select(Price.price_vnd)
        .where(Price.product_id == product_id)
        .order_by(Price.valid_from.desc(), Price.created_at.desc())
        .limit(1)
    )
    if current != price.price_vnd:
        add_price(
            session,
            product_id,
            price.price_vnd,
            price.valid_from or utcnow(),
            price.source,
            price.set_by_user_id,
        )


def _check_scale_items(session: Session, new_codes: list[str]) -> None:
    """Refuse an in-store code that a scale label or an allocated code would shadow: a short
    scale item code that starts some 13-digit in-store code, or a 13-digit code that starts
    with a scale item code."""
    for code in new_codes:
        if len(code) < 13:
            clash = session.scalar(
                select(Barcode.code)
                .where(
                    Barcode.kind == "instore",
                    func.length(Barcode.code) == 13,
                    Barcode.code.startswith(code, autoescape=True),
                )
                .limit(1)
            )
        else:
            clash = scale_item_prefix(session, code)
        if clash is not None:
            raise errors.DuplicateBarcode(code=code, product_id=None, clashes_with=clash)


def scale_item_prefix(session: Session, code: str) -> str | None:
    prefixes = [code[:n] for n in range(3, 13)]
    return session.scalar(
        select(Barcode.code).where(Barcode.kind == "instore", Barcode.code.in_(prefixes)).limit(1)
    )


def product_for_code(session: Session, code: str) -> tuple[uuid.UUID, barcode_rules.ScannedCode]:
    """The product carrying a scanned ``code`` (on sale or not, priced or not), and the code as
    parsed. A 2x code is looked up whole first (an in-store EAN-13), then as a scale label
    (default layout). Raises UnknownBarcode, MalformedBarcode, BadCheckDigit."""
    scanned = barcode_rules.parse(code)
    row = session.get(Barcode, scanned.code)
    if row is not None:
        return row.product_id, barcode_rules.ScannedCode(scanned.code, scanned.kind)
    if scanned.item_code is not None:
        row = session.get(Barcode, scanned.item_code)
        if row is not None:
            return row.product_id, scanned
    raise errors.UnknownBarcode(code=scanned.code)
