"""Catalogue: provinces, producers, products, their barcodes and their price history."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, id_column, utcnow

PRODUCER_KINDS = ("enterprise", "cooperative", "coop_group", "household")
PRODUCT_GROUPS = ("food", "beverage", "herbal", "handicraft", "ornamental", "tourism")
UNITS = ("piece", "gram")
BARCODE_KINDS = ("ean13", "ean8", "upca", "code128", "instore")
PRICE_SOURCES = ("hq", "local")


class Province(Base):
    """One of the 34 provinces and cities since 1 July 2025 (statistics-office code)."""

    __tablename__ = "provinces"

    code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(80))
    division_type: Mapped[str] = mapped_column(String(40))


class Producer(Base):
    """A maker of OCOP goods: enterprise, cooperative (HTX), cooperative group or household."""

    __tablename__ = "producers"
    __table_args__ = (CheckConstraint(f"kind IN {PRODUCER_KINDS!r}", name="kind"),)

    id: Mapped[uuid.UUID] = id_column()
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    province_code: Mapped[int | None] = mapped_column(ForeignKey("provinces.code"))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    bank_account: Mapped[str] = mapped_column(String(30), default="")
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    province: Mapped[Province | None] = relationship(lazy="joined")


class Product(Base):
    """A product on sale. Quantities are pieces, or grams when ``unit`` is ``gram``.

    ``search_text`` holds name, English name, producer and province folded to lower-case ASCII
    (diacritics and đ removed); the full-text index is built on it.
    """

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint(f"unit IN {UNITS!r}", name="unit"),
        CheckConstraint(f"group_code IN {PRODUCT_GROUPS!r}", name="group_code"),
        CheckConstraint("vat_rate_pct IN (0, 5, 8, 10)", name="vat_rate_pct"),
        CheckConstraint("ocop_stars IS NULL OR ocop_stars BETWEEN 3 AND 5", name="ocop_stars"),
        CheckConstraint("commission_pct BETWEEN 0 AND 100", name="commission_pct"),
        # The manager's product table pages in name order (search_text starts with the folded
        # name): without it each page sorts all 100,000 products (kiosk.core.catalogue.product_table).
        Index("ix_products_search_text", "search_text"),
    )

    id: Mapped[uuid.UUID] = id_column()
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(10), default="piece")
    vat_rate_pct: Mapped[int] = mapped_column(default=8)
    group_code: Mapped[str] = mapped_column(String(20))
    producer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("producers.id"), index=True)
    province_code: Mapped[int | None] = mapped_column(ForeignKey("provinces.code"))
    former_province: Mapped[str] = mapped_column(String(80), default="")
    ocop_stars: Mapped[int | None]
    certificate_no: Mapped[str] = mapped_column(String(60), default="")
    certificate_expiry: Mapped[dt.date | None]
    consignment: Mapped[bool] = mapped_column(default=False)
    commission_pct: Mapped[int] = mapped_column(default=0)
    favourite: Mapped[bool] = mapped_column(default=False)
    reorder_level: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    producer: Mapped[Producer | None] = relationship(lazy="joined")
    province: Mapped[Province | None] = relationship(lazy="joined")
    barcodes: Mapped[list["Barcode"]] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )


class Barcode(Base):
    """A code printed on a product. The code is the primary key: look-up is one B-tree probe."""

    __tablename__ = "barcodes"
    __table_args__ = (CheckConstraint(f"kind IN {BARCODE_KINDS!r}", name="kind"),)

    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))

    product: Mapped[Product] = relationship(back_populates="barcodes")


class Price(Base):
    """A VAT-inclusive price valid from a moment on; the latest one in force is the price.

    Kept as history: a change adds a row, so a sale made yesterday keeps yesterday's price.
    """

    __tablename__ = "prices"
    __table_args__ = (
        CheckConstraint("price_vnd >= 0 AND price_vnd <= 1000000000000", name="price_vnd"),
        CheckConstraint(f"source IN {PRICE_SOURCES!r}", name="source"),
        Index("ix_prices_product_valid_from", "product_id", "valid_from"),
    )

    id: Mapped[uuid.UUID] = id_column()
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    price_vnd: Mapped[int]
    valid_from: Mapped[dt.datetime]
    source: Mapped[str] = mapped_column(String(10), default="hq")
    set_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
