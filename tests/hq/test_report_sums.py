"""The sales reports that read the products' daily rollup (by product, producer, OCOP group,
province) answer the sums of the period's days only, per product across its days, with a
product that the catalogue does not know listed as unknown, on SQLite and PostgreSQL.

They sum each product's days first and then look its names up (hq/reports/sales.py,
_product_sums: a year at 10,000,000 sales answered in over a second the other way round); these
are the answers that order must keep.
"""

import datetime as dt
import uuid

import pytest

from hq import store
from hq.models import DailyProductSales, Producer, Product
from hq.reports import sales
from hq.reports.table import UNKNOWN, Period

D0 = dt.date(2026, 3, 1)
D1, OUTSIDE = D0 + dt.timedelta(days=1), D0 + dt.timedelta(days=2)
PIECES = "cái / pcs"
A, B, C, X = (uuid.UUID(int=n) for n in (0xA, 0xB, 0xC, 0xF))  # X: not in the catalogue


@pytest.fixture
def session_factory(hq_database):
    engine, factory = store.open_database(hq_database)
    p1, p2 = uuid.uuid4(), uuid.uuid4()
    with factory.begin() as s:
        s.add_all([
            Producer(id=p1, name="HTX Bánh pía Sóc Trăng", kind="cooperative", province_code=1,
                     version=1),
            Producer(id=p2, name="Cà phê Cầu Đất", kind="company", province_code=4, version=1),
        ])  # fmt: skip
        s.flush()
        s.add_all([
            Product(id=A, sku="PIA", name_vi="Bánh pía", vat_rate_pct=8, group_code="food",
                    producer_id=p1, version=1),
            Product(id=B, sku="TRA", name_vi="Trà sen", unit="gram", vat_rate_pct=8,
                    group_code="beverage", producer_id=p1, version=1),
            Product(id=C, sku="CAPHE", name_vi="Cà phê hạt", vat_rate_pct=8, group_code="food",
                    producer_id=p2, province_code=8, version=1),
        ])  # fmt: skip
        for day, product, sq, sv, rq, rv in (
            (D0, A, 2, 100_000, 0, 0),
            (D1, A, 3, 150_000, 1, 50_000),
            (OUTSIDE, A, 10, 500_000, 0, 0),
            (D0, B, 500, 60_000, 0, 0),
            (D1, B, 250, 30_000, 250, 30_000),
            (D1, C, 1, 200_000, 0, 0),
            (D0, X, 1, 70_000, 0, 0),
        ):
            s.add(DailyProductSales(business_date=day, product_id=product, sold_qty=sq,
                                    sold_vnd=sv, refunded_qty=rq, refunded_vnd=rv))  # fmt: skip
    yield factory
    engine.dispose()


def test_product_report_sums_each_products_days_in_the_period(session_factory):
    with session_factory() as s:
        rows = sales.by_product(s, Period(D0, D1)).rows
    assert rows == (
        ("Bánh pía", "PIA", PIECES, 5, 1, 4, 200_000),
        ("Cà phê hạt", "CAPHE", PIECES, 1, 0, 1, 200_000),
        (f"{UNKNOWN} {X}", "", "", 1, 0, 1, 70_000),
        ("Trà sen", "TRA", "g", 750, 250, 500, 60_000),
    )


def test_producer_group_and_province_reports_add_up_their_products(session_factory):
    names = sales.province_names()
    with session_factory() as s:
        period = Period(D0, D1)
        by_producer = sales.by_producer(s, period).rows
        by_group = sales.by_group(s, period).rows
        by_province = sales.by_province(s, period).rows
    assert by_producer == (
        ("HTX Bánh pía Sóc Trăng", 340_000, 80_000, 260_000),
        ("Cà phê Cầu Đất", 200_000, 0, 200_000),
        (UNKNOWN, 70_000, 0, 70_000),
    )
    assert by_group == (
        ("Thực phẩm / Food", 450_000, 50_000, 400_000),
        (UNKNOWN, 70_000, 0, 70_000),
        ("Đồ uống / Beverages", 90_000, 30_000, 60_000),
    )
    # A product's own province first, else its producer's (C: 8, not its producer's 4).
    assert by_province == (
        (names[1], 340_000, 80_000, 260_000),
        (names[8], 200_000, 0, 200_000),
        (UNKNOWN, 70_000, 0, 70_000),
    )
