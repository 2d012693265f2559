"""The catalogue pull in pages: a large first pull, a pull cut halfway and resumed, and products
changed at head office while a terminal is between pages."""

import datetime as dt
import json
import math
import uuid

import httpx
import pytest
from sqlalchemy import func, insert, select, update

from db.models import Barcode, Price, Product, SyncState
from hq import catalogue
from hq.models import Barcode as HqBarcode
from hq.models import CatalogueCounter
from hq.models import Price as HqPrice
from hq.models import Producer as HqProducer
from hq.models import Product as HqProduct
from kiosk.core.sync.errors import SyncUnavailable
from tests.hq.faultproxy import FaultProxy

PAGE = 2000


def seed_catalogue(hq, count: int, *, barcodes: bool = True) -> int:
    """``count`` products of one producer, each with a price and (``barcodes``) a barcode,
    written straight into head office's tables (an import of this size would take minutes);
    the version after."""
    producer_id = uuid.uuid4()
    now = dt.datetime.now(dt.UTC)
    ids = [uuid.uuid4() for _ in range(count)]
    products = [
        {"id": pid, "sku": f"SP-{i:06d}", "name_vi": f"Sản phẩm {i}", "name_en": "",
         "unit": "piece", "vat_rate_pct": 8, "group_code": "food", "producer_id": producer_id,
         "former_province": "", "certificate_no": "", "consignment": False, "commission_pct": 0,
         "active": True, "version": 2 + i, "updated_at": now}
        for i, pid in enumerate(ids)
    ]  # fmt: skip
    barcodes = [
        {"code": f"2{i:011d}", "product_id": pid, "kind": "instore", "removed": False,
         "version": 2 + count + i}
        for i, pid in enumerate(ids)
        if barcodes
    ]  # fmt: skip
    prices = [
        {"id": uuid.uuid4(), "product_id": pid, "price_vnd": 10_000 + i, "valid_from": now,
         "created_at": now, "version": 2 + 2 * count + i}
        for i, pid in enumerate(ids)
    ]  # fmt: skip
    version = 1 + 3 * count
    with hq.session_factory.begin() as s:
        s.execute(
            insert(HqProducer),
            [{"id": producer_id, "name": "HTX Thử", "kind": "cooperative", "version": 1}],
        )
        for table, rows in ((HqProduct, products), (HqBarcode, barcodes), (HqPrice, prices)):
            if rows:
                s.execute(insert(table.__table__), rows)
        s.execute(update(CatalogueCounter).where(CatalogueCounter.id == 1).values(version=version))
    return version


def restamp(hq, sku: str, name: str) -> int:
    """Rename a product at head office the way an import does: the next catalogue version."""
    with hq.session_factory.begin() as s:
        version = catalogue.current_version(s) + 1
        s.execute(update(CatalogueCounter).where(CatalogueCounter.id == 1).values(version=version))
        s.execute(
            update(HqProduct).where(HqProduct.sku == sku).values(name_vi=name, version=version)
        )
    return version


def page_sizes_recorder(sizes: list[int]) -> httpx.Client:
    """An HTTP client for the kiosk that notes how many rows each catalogue answer carried."""

    def hook(response: httpx.Response) -> None:
        if response.url.path.endswith("/catalogue") and response.status_code == 200:
            body = json.loads(response.read())
            kinds = ("producers", "products", "barcodes", "prices")
            sizes.append(sum(len(body[k]) for k in kinds))

    return httpx.Client(timeout=60, event_hooks={"response": [hook]})


def kiosk_counts(kiosk) -> tuple[int, int, int]:
    with kiosk.session_factory() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m)) for m in (Product, Barcode, Price)
        )


def kiosk_state(kiosk, key: str) -> str | None:
    with kiosk.session_factory() as s:
        row = s.get(SyncState, key)
        return None if row is None else row.value


def test_first_pull_of_100000_products_comes_in_pages(hq_pg, make_kiosk):
    version = seed_catalogue(hq_pg, 100_000, barcodes=False)
    sizes: list[int] = []
    http = page_sizes_recorder(sizes)
    kiosk = make_kiosk(hq_pg, http=http)
    try:
        report = kiosk.client.pull_once()
    finally:
        http.close()
    rows = 1 + 2 * 100_000
    assert (report.products, report.barcodes, report.prices) == (100_000, 0, 100_000)
    assert report.version == version and kiosk_state(kiosk, "catalogue.version") == str(version)
    # Full pages, then the last one, then the request that finds nothing newer.
    assert report.pages == len(sizes) == math.ceil(rows / PAGE) + 1
    assert max(sizes) == PAGE and sizes[-1] == 0
    assert kiosk_counts(kiosk) == (100_000, 0, 100_000)
    with kiosk.session_factory() as s:
        last = s.scalar(select(Product).where(Product.sku == "SP-099999"))
        assert last.producer.name == "HTX Thử" and last.search_text.startswith("san pham 99999")


def test_pull_cut_halfway_resumes_at_its_page_without_gaps_or_doubles(hq, make_kiosk):
    version = seed_catalogue(hq, 3000)  # 9,001 rows: five pages
    proxy = FaultProxy(hq.port, script=["pass", "pass", "cut"])
    kiosk = make_kiosk(hq, base_url=proxy.url, timeout_s=10)
    try:
        with pytest.raises(SyncUnavailable):
            kiosk.client.pull_once()
        # Two pages in; the terminal's version is not head office's until the last page is.
        assert kiosk_counts(kiosk) == (3000, 999, 0)
        assert kiosk_state(kiosk, "catalogue.version") is None
        assert kiosk_state(kiosk, "catalogue.cursor")
        report = kiosk.client.pull_once()
    finally:
        proxy.close()
    assert (report.products, report.barcodes, report.prices) == (0, 2001, 3000)
    assert kiosk_counts(kiosk) == (3000, 3000, 3000)
    assert kiosk_state(kiosk, "catalogue.version") == str(version)
    assert kiosk_state(kiosk, "catalogue.cursor") is None


def test_products_changed_at_head_office_during_a_paged_pull_are_not_missed(hq, make_kiosk):
    seed_catalogue(hq, 3000)
    proxy = FaultProxy(hq.port, script=["pass", "cut"])
    kiosk = make_kiosk(hq, base_url=proxy.url, timeout_s=10)
    try:
        with pytest.raises(SyncUnavailable):
            kiosk.client.pull_once()  # producer and the first 1,999 products are in
        assert kiosk_counts(kiosk)[0] == 1999
        restamp(hq, "SP-000000", "Đã đổi khi đang kéo")  # already pulled
        # Not pulled yet: it leaves the pull's range while its barcode and price are still in it.
        version = restamp(hq, "SP-002999", "Đổi trước khi đến lượt")
        kiosk.client.pull_once()
    finally:
        proxy.close()
    assert kiosk_counts(kiosk) == (3000, 3000, 3000)
    assert kiosk_state(kiosk, "catalogue.version") == str(version)
    with kiosk.session_factory() as s:
        names = dict(s.execute(select(Product.sku, Product.name_vi)).tuples().all())
    assert names["SP-000000"] == "Đã đổi khi đang kéo"
    assert names["SP-002999"] == "Đổi trước khi đến lượt"
    assert names["SP-001500"] == "Sản phẩm 1500"


def test_unknown_cursor_is_refused(app_hq):
    token = app_hq.terminal_token()
    got = app_hq.client.get(
        "/api/v1/catalogue",
        params={"since": 0, "cursor": "not-a-cursor", "limit": 10},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert got.status_code == 422
