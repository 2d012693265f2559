"""Catalogue down: head office imports a CSV, terminals pull what changed since their cursor."""

import datetime as dt
import os
import random
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import func, select

from db.models import Barcode, Price, Product
from hq import catalogue, operators
from hq.errors import CatalogueImportFailed
from hq.models import Product as HqProduct
from hq.models import SaleLine
from kiosk.core.sync.errors import SyncUnavailable
from tests.hq.conftest import ROOT
from tests.hq.sales import queue_entry, sale_payload

HEADER = "sku,name_vi,name_en,vat_rate_pct,group_code,price_vnd,barcodes,producer,producer_kind,province_code,ocop_stars,active"


def ean13(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


NM, TRA, MAT = ean13("893000000001"), ean13("893000000002"), ean13("893000000003")


def catalogue_csv(*, fish_price=125_000, tea_active=1, fish_codes=None) -> str:
    codes = fish_codes or NM
    return "\n".join(
        [
            HEADER,
            f"NM-01,Nước mắm Phú Quốc,Phu Quoc fish sauce,8,food,{fish_price},{codes},"
            "HTX Hải sản Phú Quốc,cooperative,91,4,1",
            f"TRA-01,Trà Shan tuyết,Shan tuyet tea,8,beverage,90000,{TRA},"
            f"HTX Trà Hà Giang,cooperative,8,5,{tea_active}",
            "MAT-01,Mật ong bạc hà,,10,food,150000,,,,,3,1",
        ]
    )


def hq_import(hq, text: str) -> catalogue.ImportSummary:
    with hq.session_factory.begin() as s:
        return catalogue.import_csv(s, text)


def price_now(kiosk, sku: str) -> int:
    with kiosk.session_factory() as s:
        product_id = s.scalar(select(Product.id).where(Product.sku == sku))
        return s.scalar(
            select(Price.price_vnd)
            .where(Price.product_id == product_id, Price.valid_from <= dt.datetime.now(dt.UTC))
            .order_by(Price.valid_from.desc())
            .limit(1)
        )


def test_catalogue_reaches_the_terminal_and_search_text_is_folded(hq, make_kiosk):
    summary = hq_import(hq, catalogue_csv())
    assert (summary.products_added, summary.prices_added, summary.producers_added) == (3, 3, 2)
    kiosk = make_kiosk(hq)
    report = kiosk.client.pull_once()
    assert (report.products, report.prices, report.barcodes) == (3, 3, 2)
    assert report.version == summary.version
    with kiosk.session_factory() as s:
        fish = s.scalar(select(Product).where(Product.sku == "NM-01"))
        assert fish.name_vi == "Nước mắm Phú Quốc" and fish.active and fish.ocop_stars == 4
        assert fish.producer.name == "HTX Hải sản Phú Quốc"
        assert "nuoc mam phu quoc" in fish.search_text
        assert s.get(Barcode, NM).product_id == fish.id
    assert price_now(kiosk, "NM-01") == 125_000
    again = kiosk.client.pull_once()
    assert (again.products, again.prices, again.version) == (0, 0, summary.version)


def test_price_change_and_removal_apply_to_new_sales_only(hq, make_kiosk):
    hq_import(hq, catalogue_csv())
    kiosk = make_kiosk(hq)
    kiosk.client.pull_once()
    hq_import(hq, catalogue_csv(fish_price=135_000, tea_active=0))
    report = kiosk.client.pull_once()
    assert (report.prices, report.removed) == (1, 1)
    assert price_now(kiosk, "NM-01") == 135_000
    with kiosk.session_factory() as s:
        fish_id = s.scalar(select(Product.id).where(Product.sku == "NM-01"))
        history = s.scalars(
            select(Price.price_vnd).where(Price.product_id == fish_id).order_by(Price.valid_from)
        ).all()
        assert history == [125_000, 135_000]  # yesterday's price stays for yesterday's sales
        tea = s.scalar(select(Product).where(Product.sku == "TRA-01"))
        assert tea is not None and tea.active is False  # off sale, not deleted


def test_barcode_taken_off_upstream_is_removed_at_the_terminal(hq, make_kiosk):
    other = ean13("893000000009")
    hq_import(hq, catalogue_csv(fish_codes=f"{NM}|{other}"))
    kiosk = make_kiosk(hq)
    kiosk.client.pull_once()
    hq_import(hq, catalogue_csv(fish_codes=other))
    kiosk.client.pull_once()
    with kiosk.session_factory() as s:
        assert s.get(Barcode, NM) is None
        assert s.get(Barcode, other) is not None


def test_terminal_offline_while_prices_changed_keeps_its_sale_prices(hq, make_kiosk):
    hq_import(hq, catalogue_csv())
    kiosk = make_kiosk(hq, base_url="http://127.0.0.1:9")  # nothing listens: offline
    kiosk.client.base_url = hq.url
    kiosk.client.pull_once()
    kiosk.client.base_url = "http://127.0.0.1:9"
    with kiosk.session_factory() as s:
        fish_id = s.scalar(select(Product.id).where(Product.sku == "NM-01"))
    payload = sale_payload("K01", 1, random.Random(1), lines=1)
    line = payload["lines"][0]
    line.update(product_id=str(fish_id), quantity=1, unit_price_vnd=125_000, gross_vnd=125_000,
                line_discount_vnd=0, cart_discount_vnd=0, amount_vnd=125_000, vat_rate_pct=8)  # fmt: skip
    payload["sale"].update(subtotal_vnd=125_000, discount_vnd=0, total_vnd=125_000, vat_vnd=9_259)
    payload["vat"] = [{"rate_pct": 8, "gross_vnd": 125_000, "vat_vnd": 9_259}]
    payload["payments"][0].update(amount_vnd=125_000, tendered_vnd=200_000, change_vnd=75_000)
    payload["movements"][0].update(product_id=str(fish_id), quantity=-1)
    queue_entry(kiosk.session_factory, "sale", payload)
    with pytest.raises(SyncUnavailable):
        kiosk.client.push_once()
    assert kiosk.client.status().online is False
    hq_import(hq, catalogue_csv(fish_price=140_000))  # head office changes the price meanwhile
    kiosk.client.base_url = hq.url  # the network is back
    push, pull = kiosk.client.sync_once()
    assert (push.applied, pull.prices) == (1, 1)
    assert price_now(kiosk, "NM-01") == 140_000
    with hq.session_factory() as s:
        assert s.scalar(select(SaleLine.unit_price_vnd)) == 125_000


def test_bad_catalogue_file_writes_nothing_and_names_the_lines(hq):
    bad = catalogue_csv() + "\nBAD-01,Hàng lỗi,,7,food,abc,123,,,,,1\n"
    with pytest.raises(CatalogueImportFailed) as exc:
        hq_import(hq, bad)
    lines = [line for line, _ in exc.value.data["errors"]]
    assert lines == [5]
    with hq.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(HqProduct)) == 0
        assert catalogue.current_version(s) == 0


def test_cli_imports_a_catalogue_file(tmp_path, sqlite_database):
    path = tmp_path / "catalogue.csv"
    path.write_text(catalogue_csv(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "hq", "catalogue", "import", str(path), "--database", sqlite_database],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "3 products added" in done.stdout
    path.write_text(catalogue_csv() + "\nX,,,8,food,1,,,,,,1\n", encoding="utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "hq", "--database", sqlite_database, "catalogue", "import", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert failed.returncode == 1
    assert f"{path}:5: thiếu / missing name_vi" in failed.stderr


def test_operator_imports_a_catalogue_over_the_api(hq_sqlite, make_kiosk):
    with hq_sqlite.session_factory.begin() as s:
        operators.add_operator(s, "lan", "a long enough password")
    url = f"{hq_sqlite.url}/api/v1/catalogue/import"
    body = catalogue_csv().encode()
    headers = {"Content-Type": "text/csv"}
    assert httpx.post(url, content=body, headers=headers).status_code == 401
    assert httpx.post(url, content=body, headers=headers, auth=("lan", "wrong")).status_code == 401
    bad = httpx.post(url, content=body + b"\nX,,,8,food,1,,,,,,1\n", headers=headers,
                     auth=("lan", "a long enough password"))  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["detail"]["errors"] == [{"line": 5, "reason": "thiếu / missing name_vi"}]
    ok = httpx.post(url, content=body, headers=headers, auth=("lan", "a long enough password"))
    assert ok.status_code == 200 and ok.json()["products_added"] == 3
    kiosk = make_kiosk(hq_sqlite)
    assert kiosk.client.pull_once().products == 3
