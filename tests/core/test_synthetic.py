"""Synthetic data: consistent like a real till's, reproducible, searchable."""

import sqlite3

import pytest

from db import make_session_factory, upgrade
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.pricing import vat_contained, weighed_amount
from kiosk.core.synthetic import generate


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("syn") / "syn.sqlite3"
    upgrade(path).dispose()
    stats = generate(path, 600, 1_500, seed=3)
    return path, stats


def one(con, sql):
    return con.execute(sql).fetchone()[0]


def test_sizes_and_consistency(synthetic_db):
    path, stats = synthetic_db
    con = sqlite3.connect(path)
    try:
        assert one(con, "SELECT count(*) FROM products") == 600
        assert one(con, "SELECT count(*) FROM sales") == 1_500
        assert one(con, "SELECT count(*) FROM sale_lines") == stats.sale_lines
        assert 1_500 <= stats.sale_lines <= 9_000
        # Lines add up to sales; VAT per rate adds up to the sale's VAT; payments cover totals.
        assert (
            one(
                con,
                """SELECT count(*) FROM sales s WHERE total_vnd !=
                  (SELECT sum(amount_vnd) FROM sale_lines l WHERE l.sale_id = s.id)""",
            )
            == 0
        )
        assert (
            one(
                con,
                """SELECT count(*) FROM sales s WHERE vat_vnd !=
                  (SELECT sum(vat_vnd) FROM sale_vat v WHERE v.sale_id = s.id)""",
            )
            == 0
        )
        assert (
            one(
                con,
                """SELECT count(*) FROM sales s WHERE total_vnd !=
                  (SELECT sum(amount_vnd) FROM payments p WHERE p.sale_id = s.id)""",
            )
            == 0
        )
        # The ledger equals the levels.
        assert (
            one(
                con,
                """SELECT count(*) FROM stock_levels l WHERE on_hand !=
                  (SELECT sum(quantity) FROM stock_movements m WHERE m.product_id = l.product_id)
               """,
            )
            == 0
        )
        assert one(con, "SELECT count(DISTINCT receipt_no) FROM sales") == 1_500
        assert one(con, "SELECT count(*) FROM product_search") == 600
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert one(con, "PRAGMA integrity_check") == "ok"
    finally:
        con.close()


def test_amounts_follow_the_checkout_rules(synthetic_db):
    path, _ = synthetic_db
    con = sqlite3.connect(path)
    try:
        for gross, rate, vat in con.execute("SELECT gross_vnd, rate_pct, vat_vnd FROM sale_vat"):
            assert vat == vat_contained(gross, rate)
        weighed = con.execute(
            "SELECT unit_price_vnd, quantity, gross_vnd FROM sale_lines WHERE unit = 'gram'"
        ).fetchall()
        assert weighed
        assert all(gross == weighed_amount(price, grams) for price, grams, gross in weighed)
        pieces = con.execute(
            "SELECT count(*) FROM sale_lines WHERE unit = 'piece'"
            " AND gross_vnd != unit_price_vnd * quantity"
        ).fetchone()
        assert pieces == (0,)
    finally:
        con.close()


def test_same_seed_same_data(tmp_path, synthetic_db):
    path, _ = synthetic_db
    again = tmp_path / "again.sqlite3"
    upgrade(again).dispose()
    generate(again, 600, 1_500, seed=3)
    query = "SELECT id, sku, name_vi FROM products ORDER BY id"
    a, b = sqlite3.connect(path), sqlite3.connect(again)
    try:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
        assert (
            a.execute("SELECT sum(total_vnd) FROM sales").fetchone()
            == b.execute("SELECT sum(total_vnd) FROM sales").fetchone()
        )
    finally:
        a.close()
        b.close()


def test_synthetic_products_are_scannable_and_searchable(synthetic_db):
    path, _ = synthetic_db
    engine = upgrade(path)
    try:
        cat = Catalogue(make_session_factory(engine))
        con = sqlite3.connect(path)
        code, name = con.execute(
            "SELECT b.code, p.name_vi FROM barcodes b JOIN products p ON p.id = b.product_id"
            " LIMIT 1"
        ).fetchone()
        con.close()
        scan = cat.lookup(code)
        assert scan.name_vi == name and scan.price_vnd > 0
        first_word = name.split()[0]
        assert cat.search(first_word)
    finally:
        engine.dispose()
