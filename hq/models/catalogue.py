"""The master catalogue. Every change stamps the row with a fresh catalogue version.

Versions come from one counter (``catalogue_counter``), so "everything after version N" is a
range query on each table, and a terminal's cursor is one integer.
"""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base, utcnow
from hq.textfold import fold


class CatalogueCounter(Base):
    """The single row holding the latest catalogue version handed out."""

    __tablename__ = "catalogue_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class Producer(Base):
    __tablename__ = "producers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    province_code: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    bank_account: Mapped[str] = mapped_column(String(30), default="")
    version: Mapped[int] = mapped_column(index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Product(Base):
    """A product of the master catalogue. ``active`` false means removed from sale."""

    __tablename__ = "products"
    __table_args__ = (CheckConstraint("vat_rate_pct IN (0, 5, 8, 10)", name="vat_rate_pct"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(10), default="piece")
    vat_rate_pct: Mapped[int] = mapped_column(Integer)
    group_code: Mapped[str] = mapped_column(String(20))
    producer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("producers.id"))
    province_code: Mapped[int | None] = mapped_column(Integer)
    former_province: Mapped[str] = mapped_column(String(80), default="")
    ocop_stars: Mapped[int | None] = mapped_column(Integer)
    certificate_no: Mapped[str] = mapped_column(String(60), default="")
    certificate_expiry: Mapped[dt.date | None]
    consignment: Mapped[bool] = mapped_column(default=False)
    commission_pct: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # sku and both names folded (hq.textfold), kept by the ORM events below: what the pages'
    # search matches, so "nuoc mam" finds "Nước mắm". NULL only for rows written around the ORM.
    search_text: Mapped[str | None] = mapped_column(String(450))


def product_search_text(sku: str, name_vi: str, name_en: str | None) -> str:
    # Folding can lengthen text (ﬃ → ffi, ½ → 1 2): cut to the column's size.
    return fold(f"{sku} {name_vi} {name_en or ''}")[:450]


@event.listens_for(Product, "before_insert")
@event.listens_for(Product, "before_update")
def _fold_for_search(_mapper, _connection, product: Product) -> None:
    product.search_text = product_search_text(product.sku, product.name_vi, product.name_en)


class Barcode(Base):
    """A code on a product; a code taken off keeps its row, ``removed``, so terminals learn it."""

    __tablename__ = "barcodes"

    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    removed: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(index=True)


class Price(Base):
    """A price in force from ``valid_from``: history, never updated."""

    __tablename__ = "prices"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    price_vnd: Mapped[int]
    valid_from: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(index=True)
