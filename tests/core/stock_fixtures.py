"""A small shop for the stock tests: producers, products with barcodes and prices, a clock.

The fixtures are registered for tests/core by its conftest; the helpers are imported.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.models import StockLevel, StockMovement
from kiosk.core.catalogue.barcode import make_ean13
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.catalogue.producers import Producers
from kiosk.core.catalogue.products import Products

NOW = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam
TODAY = dt.date(2026, 6, 1)
AN_GIANG, LAM_DONG = 91, 68
FISH_SAUCE_CODE = make_ean13("893600000001")
TEA_CODE = make_ean13("893600000002")
BASKET_CODE = make_ean13("893600000003")


@pytest.fixture
def stock_clock():
    state = {"now": NOW}
    state["fn"] = lambda: state["now"]
    return state


@pytest.fixture
def products(session_factory, stock_clock):
    return Products(session_factory, clock=stock_clock["fn"])


@pytest.fixture
def producers(session_factory):
    return Producers(session_factory)


@pytest.fixture
def catalogue(session_factory, stock_clock):
    return Catalogue(session_factory, clock=stock_clock["fn"])


@pytest.fixture
def shop(products, producers, manager):
    """Three products of two producers, no stock yet."""
    khai_hoan = producers.add(
        name="Công ty Khải Hoàn", kind="enterprise", province_code=AN_GIANG, by=manager
    )
    tan_cuong = producers.add(
        name="HTX Chè Tân Cương", kind="cooperative", province_code=LAM_DONG, by=manager
    )
    fish = products.add(
        by=manager,
        sku="FS-1",
        name_vi="Nước mắm Phú Quốc",
        name_en="Phu Quoc fish sauce",
        group="food",
        producer_id=khai_hoan,
        province_code=AN_GIANG,
        ocop_stars=5,
        certificate_no="OCOP-KG-2024-015",
        certificate_expiry=dt.date(2027, 3, 31),
        price_vnd=185_000,
        barcodes=[FISH_SAUCE_CODE],
    )
    tea = products.add(
        by=manager,
        sku="TEA-1",
        name_vi="Chè Tân Cương đặc biệt",
        group="beverage",
        producer_id=tan_cuong,
        province_code=LAM_DONG,
        ocop_stars=4,
        certificate_no="OCOP-TN-2023-002",
        certificate_expiry=TODAY + dt.timedelta(days=30),
        consignment=True,
        commission_pct=20,
        price_vnd=120_000,
        barcodes=[TEA_CODE],
    )
    basket = products.add(
        by=manager,
        sku="BK-1",
        name_vi="Giỏ mây tre đan",
        group="handicraft",
        producer_id=khai_hoan,
        price_vnd=250_000,
        barcodes=[BASKET_CODE],
    )
    return SimpleNamespace(
        khai_hoan=khai_hoan,
        tan_cuong=tan_cuong,
        fish=fish.product_id,
        tea=tea.product_id,
        basket=basket.product_id,
    )


def on_hand(session_factory, product_id) -> int:
    with session_factory() as s:
        return s.scalar(select(StockLevel.on_hand).where(StockLevel.product_id == product_id)) or 0


def ledger_sum(session_factory, product_id) -> int:
    with session_factory() as s:
        return s.scalar(
            select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
                StockMovement.product_id == product_id
            )
        )


def row_counts(session_factory, *models) -> dict[str, int]:
    with session_factory() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in models}
