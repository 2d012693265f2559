"""The producers' view at head office: two shops' kiosks run a day each, selling in the same
receipts the fish sauce and tea of one producer (HTX Phú Quốc) and the coffee of another (Cà phê
Cầu Đất). Each producer signs in to its own view and sees where its products sold, how many, at
what price, what was refunded, the stock left at each shop and its consignment statements, and
nothing of the other's."""

import csv
import datetime as dt
import io
import uuid

import pytest
from sqlalchemy import func, select

from db.models import RefundLine as KioskRefundLine
from db.models import Sale as KioskSale
from db.models import SaleLine as KioskSaleLine
from db.models import Settlement as KioskSettlement
from db.models import StockLevel
from hq import access, operators
from hq.models import Producer, Product, Sale, Settlement, Terminal
from tests.hq.chain_day import SHOPS, two_shop_day
from tests.hq.conftest import InProcessHq
from tests.hq.test_security import sign_in

PW = InProcessHq.PASSWORD


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def chain(request, tmp_path_factory):
    """Head office after a day at kiosks DL-01 (shop MAIN) and HN-01 (shop HN); producers
    ``fish`` (fish sauce and tea of both kiosks, and DL-01's settlement) and ``coffee``
    (coffee, and HN-01's settlement); operators htx and caudat (producers), lan (admin), minh
    (HN's manager)."""
    folder = tmp_path_factory.mktemp("producer")
    with two_shop_day(request, folder, "hq_producer") as (office, kiosks, hn_id):
        office.kiosks = {k.code: k for k in kiosks}
        office.ids = _catalogue(office, kiosks, hn_id)
        yield office


def _catalogue(office, kiosks, hn_id) -> dict[str, uuid.UUID]:
    """Head office's catalogue of what the kiosks sold, with its two producers, and the
    operators; the producers' ids are the ones the kiosks' settlements carry."""
    ids = {}
    with office.session_factory.begin() as s:
        settled = dict(
            s.execute(
                select(Terminal.code, Settlement.producer_id).join(
                    Terminal, Terminal.id == Settlement.terminal_id
                )
            ).all()
        )
        ids["fish"], ids["coffee"] = settled["DL-01"], settled["HN-01"]
        s.add(Producer(id=ids["fish"], name="HTX Phú Quốc", kind="cooperative", version=1))
        s.add(Producer(id=ids["coffee"], name="Cà phê Cầu Đất", kind="company", version=1))
        s.flush()
        for kiosk in kiosks:
            with kiosk.session_factory() as k:
                sold = k.execute(select(KioskSaleLine.product_id, KioskSaleLine.name_vi,
                                        KioskSaleLine.unit).distinct()).all()  # fmt: skip
            for pid, name, unit in sold:
                owner = ids["coffee"] if name.startswith("Cà phê") else ids["fish"]
                s.add(Product(id=pid, sku=str(pid), name_vi=name, unit=unit, vat_rate_pct=8,
                              group_code="food", producer_id=owner, version=1))  # fmt: skip
        operators.add_operator(s, "htx", PW, role=access.PRODUCER, producer_id=ids["fish"])
        operators.add_operator(s, "caudat", PW, role=access.PRODUCER, producer_id=ids["coffee"])
        operators.add_operator(s, "lan", PW)
        operators.add_operator(s, "minh", PW, role=access.SHOP_MANAGER, shop_id=hn_id)
    return ids


def as_(chain, name):
    chain.client.cookies.clear()
    signed = sign_in(chain, name, PW)
    assert signed.status_code == 303
    return chain.client, signed.headers["location"]


def today(chain) -> str:
    with chain.session_factory() as s:
        return s.scalar(select(func.max(Sale.business_date))).strftime("%d/%m/%Y")


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def kiosk_sold(kiosk) -> dict[str, tuple]:
    """What the kiosk itself recorded per product: (qty, amount, min, max price) of its
    completed sales, and (qty, amount) refunded."""
    with kiosk.session_factory() as k:
        sold = k.execute(
            select(KioskSaleLine.product_id, func.sum(KioskSaleLine.quantity),
                   func.sum(KioskSaleLine.amount_vnd), func.min(KioskSaleLine.unit_price_vnd),
                   func.max(KioskSaleLine.unit_price_vnd))
            .join(KioskSale, KioskSale.id == KioskSaleLine.sale_id)
            .where(KioskSale.status == "completed")
            .group_by(KioskSaleLine.product_id)
        ).all()  # fmt: skip
        refunded = select(
            KioskRefundLine.product_id,
            func.sum(KioskRefundLine.quantity),
            func.sum(KioskRefundLine.amount_vnd),
        ).group_by(KioskRefundLine.product_id)
        back = {pid: (q, v) for pid, q, v in k.execute(refunded)}
    return {str(pid): (q, v, lo, hi, *back.get(pid, (0, 0))) for pid, q, v, lo, hi in sold}


def test_a_producer_lands_on_its_own_view_and_never_sees_the_chains_pages(chain):
    client, landing = as_(chain, "htx")
    assert landing == "/producer"
    dashboard = client.get("/", follow_redirects=False)
    assert dashboard.status_code == 303 and dashboard.headers["location"] == "/producer"
    assert "Máy bán hàng / Terminals" not in client.get("/").text
    assert client.get("/reports").status_code == 403
    assert client.get("/reports.csv").status_code == 403
    with chain.session_factory() as s:
        sale_id = s.scalars(select(Sale.id).where(Sale.status == "completed")).first()
    receipt = client.get(f"/receipts/{sale_id}")
    assert receipt.status_code == 200 and "Tiền mặt / Cash" not in receipt.text
    page = client.get("/producer")
    assert page.status_code == 200 and "<h1>HTX Phú Quốc</h1>" in page.text
    assert "Trang chính / Dashboard" not in page.text and "Đăng xuất / Sign out" in page.text
    other = client.get("/producer", params={"producer": str(chain.ids["coffee"])})
    assert other.status_code == 403 and "Cà phê" not in other.text
    assert client.get("/producer.csv", params={"producer": str(chain.ids["coffee"])}).status_code \
        == 403  # fmt: skip


def test_a_producer_sees_what_each_shop_sold_of_its_products_as_the_kiosks_recorded(chain):
    client, _ = as_(chain, "htx")
    day = today(chain)
    page = client.get("/producer", params={"start": day, "end": day})
    assert "Nước mắm" in page.text and "Chè" in page.text and "Cà phê" not in page.text
    rows = csv_rows(client.get("/producer.csv", params={"start": day, "end": day}))
    assert rows[-1]["Sản phẩm / Product"] == "Tổng / Total"
    found = {(r["Mã / SKU"], r["Cửa hàng / Shop"]): r for r in rows[:-1]}
    expected = {}
    for code, kiosk in chain.kiosks.items():
        for pid, figures in kiosk_sold(kiosk).items():
            with chain.session_factory() as s:
                if s.get(Product, uuid.UUID(pid)).producer_id == chain.ids["fish"]:
                    expected[(pid, SHOPS[code])] = figures
    assert len(expected) == 4 and found.keys() == expected.keys()  # 2 products × 2 shops
    for key, (qty, amount, low, high, back_qty, back_vnd) in expected.items():
        r = found[key]
        assert (int(r["Đã bán / Sold"]), int(r["Doanh số / Sold"])) == (qty, amount)
        assert (int(r["Giá thấp nhất / Min price"]), int(r["Giá cao nhất / Max price"])) == (
            low, high)  # fmt: skip
        assert low <= int(r["Giá TB / Avg price"]) <= high
        assert (int(r["Trả lại / Returned"]), int(r["Đã trả / Refunded"])) == (back_qty, back_vnd)
        assert int(r["Ròng / Net"]) == amount - back_vnd
    refunded = [k for k, f in expected.items() if f[4]]
    assert len(refunded) == 2  # each shop's fish sauce: 2 back on the shelf, 1 damaged
    assert int(rows[-1]["Ròng / Net"]) == sum(f[1] - f[5] for f in expected.values())
    assert rows[-1]["Giá TB / Avg price"] == rows[-1]["Đã bán / Sold"] == ""  # no sum of these
    # The coffee producer sees the coffee, and nothing of the fish sauce in the same receipts.
    client, _ = as_(chain, "caudat")
    coffee = csv_rows(client.get("/producer.csv", params={"start": day, "end": day}))[:-1]
    assert {r["Sản phẩm / Product"] for r in coffee} == {"Cà phê"}
    assert {r["Cửa hàng / Shop"] for r in coffee} == {"MAIN", "HN"}


def test_stock_left_at_each_shop_and_the_consignment_statements(chain):
    client, _ = as_(chain, "htx")
    day = today(chain)
    page = client.get("/producer", params={"start": day, "end": day}).text
    stock = page.split("Tồn kho tại cửa hàng / Stock left at each shop")[1].split("<h2>")[0]
    for code, kiosk in chain.kiosks.items():
        with kiosk.session_factory() as k:
            levels = dict(k.execute(select(StockLevel.product_id, StockLevel.on_hand)).all())
        with chain.session_factory() as s:
            mine = {p for p in levels if s.get(Product, p).producer_id == chain.ids["fish"]}
        assert len(mine) == 2
        for pid in mine:
            shown = f"{levels[pid]:,}".replace(",", ".")
            assert f"<td>{SHOPS[code]}</td>" in stock and f">{shown}</td>" in stock
    assert "Cà phê" not in stock
    # DL-01 settled with this producer, HN-01 with the coffee's: only MAIN's statement shows.
    statements = page.split("Bảng kê ký gửi / Consignment statements")[1]
    with chain.kiosks["DL-01"].session_factory() as k:
        settled = k.scalars(select(KioskSettlement)).one()
    assert f"<tr><td>{settled.statement_no}</td><td>MAIN</td>" in statements
    assert "<td>HN</td>" not in statements
    assert statements.count("<tr>") == 3  # titles, the statement, the totals
    assert f">{settled.owed_vnd:,} ₫</td>".replace(",", ".") in statements


def test_a_period_is_chosen_dd_mm_yyyy_and_other_operators_open_a_producer_by_id(chain):
    client, _ = as_(chain, "htx")
    day = dt.datetime.strptime(today(chain), "%d/%m/%Y").date()
    later = (day + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert csv_rows(client.get("/producer.csv", params={"start": later, "end": later})) == []
    bad = client.get("/producer", params={"start": "2025-01-01"})
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.text
    client, landing = as_(chain, "lan")
    assert landing == "/"
    chooser = client.get("/producer").text
    assert "HTX Phú Quốc" in chooser and "Cà phê Cầu Đất" in chooser
    coffee = client.get("/producer", params={"producer": str(chain.ids["coffee"])})
    assert coffee.status_code == 200 and "<h1>Cà phê Cầu Đất</h1>" in coffee.text
    assert client.get("/producer", params={"producer": str(uuid.uuid4())}).status_code == 404
    client, _ = as_(chain, "minh")
    assert client.get("/producer", params={"producer": str(chain.ids["fish"])}).status_code == 403
