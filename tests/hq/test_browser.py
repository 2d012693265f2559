"""Head office in a real browser (Debian's chromium, driven by Playwright): two shops' kiosks
push a day each (a void and a refund among their sales) into a real ``ocop-hq serve``; an admin,
a chain manager, a shop manager and a producer sign in through the form and look at what they
would: the chain reports with their chart, CSV and PDF, the producer's own view, the receipts,
the catalogue and an import with errors, an unknown address, and every page on a phone.

Every tab records console errors, uncaught script errors and Content-Security-Policy violations;
a test fails if any appeared. One server and one browser for the module."""

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Sale as KioskSale
from db.models import ZReport
from tests.hq.browser import PHONE, PW, Visitor, chain_site, launch

REPORT_KINDS = ("day", "terminal", "province", "group", "producer", "product", "payment",
                "voids", "stock", "low_stock", "cash", "terminals")  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    with launch() as b:
        yield b


@pytest.fixture(scope="module")
def chain(tmp_path_factory, browser):
    """tests.hq.browser.chain_site, with ``z`` the two kiosks' own figures summed."""
    with chain_site(tmp_path_factory.mktemp("browser")) as office:
        office.z = {"sales_count": 0, "sales_vnd": 0, "refunds_vnd": 0, "net_vnd": 0,
                    "voids_count": 0}  # fmt: skip
        for kiosk in office.kiosks:
            with kiosk.session_factory() as k:
                z = k.scalars(select(ZReport)).one()
                for key in ("sales_count", "sales_vnd", "refunds_vnd", "net_vnd"):
                    office.z[key] += getattr(z, key)
                voided = select(func.count()).where(KioskSale.status == "voided")
                office.z["voids_count"] += k.scalar(voided)
        yield office


@pytest.fixture
def visit(chain, browser):
    """``visit(name, viewport)``: a tab signed in as ``name``; no console error by the end."""
    opened: list[Visitor] = []

    def make(name: str, viewport=None) -> Visitor:
        tab = Visitor(browser, chain.server.url, **({"viewport": viewport} if viewport else {}))
        opened.append(tab)
        tab.landing = tab.sign_in(name, PW)
        return tab

    yield make
    errors = [e for tab in opened for e in tab.errors]
    for tab in opened:
        tab.close()
    assert errors == [], errors


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def show_report(tab: Visitor, kind: str, day: str) -> None:
    """Choose the report and the period in the form and press Show, as a person does."""
    if tab.path() != "/reports":
        tab.open("/reports")
    tab.page.select_option("select[name=report]", kind)
    tab.page.fill("input[name=start]", day)
    tab.page.fill("input[name=end]", day)
    tab.page.click("form[action='/reports'] button")
    tab.page.wait_for_load_state()


def test_the_day_report_shows_the_kiosks_z_figures_after_the_void_and_the_refund(chain, visit):
    tab = visit("lan")
    assert tab.landing == "/"
    show_report(tab, "day", chain.day)
    head, *_, total = tab.table_rows()
    got = dict(zip(head, total, strict=True))
    z = chain.z
    assert got["Số đơn / Sales"] == str(z["sales_count"]) == "8"
    assert got["Doanh số / Sold"] == vnd(z["sales_vnd"])
    assert got["Đơn hủy / Voids"] == str(z["voids_count"]) == "2"
    assert got["Đã trả / Refunded"] == vnd(z["refunds_vnd"]) != vnd(0)
    assert got["Ròng / Net"] == vnd(z["net_vnd"])


def test_every_report_kind_shows_rows_and_its_chart_has_bars(chain, visit):
    tab = visit("chi")
    for kind in REPORT_KINDS:
        show_report(tab, kind, chain.day)
        head, *rows = tab.table_rows()
        assert rows and rows[0] != ["—"], (kind, tab.text("main, body")[-400:])
        if kind == "stock":  # each shop counted 3,900 g of tea
            assert [row[head.index("Số gam / Grams")] for row in rows[:-1]] == ["3.900", "3.900"]
        bars = tab.page.locator("svg rect")
        if bars.count():
            box = bars.first.bounding_box()
            assert box and box["width"] > 1 and box["height"] > 0, kind
            assert tab.page.locator("svg").first.is_visible()
        else:  # lists of events, and the terminals' backlog when every one is 0
            assert kind in ("voids", "low_stock", "cash", "terminals"), f"{kind}: no chart"


def test_the_csv_and_pdf_downloads_arrive_with_the_reports_totals(chain, visit):
    tab = visit("lan")
    show_report(tab, "day", chain.day)
    with tab.page.expect_download() as got:
        tab.page.click("a:text-is('CSV')")
    data = Path(got.value.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert got.value.suggested_filename.endswith(".csv")
    assert int(rows[-1]["Ròng / Net"]) == chain.z["net_vnd"]
    assert int(rows[-1]["Số đơn / Sales"]) == chain.z["sales_count"]
    with tab.page.expect_download() as got:
        tab.page.click("a:text-is('PDF')")
    assert Path(got.value.path()).read_bytes()[:5] == b"%PDF-"
    assert got.value.suggested_filename.endswith(".pdf")


def test_a_producer_sees_its_own_products_where_they_sold_stock_and_statements(chain, visit):
    tab = visit("htx")
    assert tab.landing == "/producer"
    tab.page.fill("input[name=start]", chain.day)
    tab.page.fill("input[name=end]", chain.day)
    tab.page.click("form[action='/producer'] button")
    tab.page.wait_for_load_state()
    text = tab.text()
    assert "HTX Phú Quốc" in text and "Cà phê" not in text
    sold = tab.table_rows(0)
    shops = {cell for row in sold[1:] for cell in row}
    assert {"DL-01", "HN-01"} <= shops or {"MAIN", "HN"} & shops, sold
    stock = tab.table_rows(1)
    assert len(stock) > 2, stock
    statements = tab.table_rows(2)
    assert len(statements) >= 2 and statements[1] != ["—"], statements
    assert statements[1][2] == "từ đầu / from the start"  # a first statement, not "01/01/2000"
    with tab.page.expect_download() as got:
        tab.page.click("a:text-is('CSV')")
    assert "Cà phê" not in Path(got.value.path()).read_text(encoding="utf-8-sig")
    assert tab.open("/reports") == 403
    assert "Không có quyền / Not allowed" in tab.text("h1")


def test_a_shop_manager_sees_only_its_shop(chain, visit):
    tab = visit("minh")
    assert tab.landing == "/"
    assert "HN-01" in tab.text() and "DL-01" not in tab.text()
    tab.open("/receipts")
    listed = tab.table_rows()[1:]
    assert listed and {row[4] for row in listed} == {"HN-01"}, listed
    assert tab.open("/reports") == 403


def test_a_receipt_found_by_search_shows_its_lines_void_and_refund(chain, visit):
    tab = visit("lan")
    tab.open("/receipts")
    tab.page.select_option("select[name=shop]", "HN")
    tab.page.click("form[action='/receipts'] button")
    tab.page.wait_for_load_state()
    listed = tab.table_rows()[1:]
    refunded = next(row for row in listed if row[-1] != "—")
    tab.page.fill("input[name=number]", refunded[0])
    tab.page.click("form[action='/receipts'] button")
    tab.page.wait_for_load_state()
    assert [row[0] for row in tab.table_rows()[1:]] == [refunded[0]]
    tab.page.click(f"a:text-is('{refunded[0]}')")
    tab.page.wait_for_load_state()
    text = tab.text()
    assert refunded[0] in tab.text("h1")
    assert "Trả hàng / Refund" in text and "hàng lỗi" in text
    assert "Về kệ / Back on the shelf" in text and "Hỏng / Damaged" in text
    quantities = [row[3] for row in tab.table_rows(1)[1:]]  # the lines' SL / Qty
    assert quantities and all(q.endswith(("cái / pcs", " g")) for q in quantities), quantities


def test_the_catalogue_lists_products_and_an_import_lists_each_rows_errors(chain, visit, tmp_path):
    tab = visit("chi")
    tab.open("/catalogue")
    assert any("Chè" in cell for row in tab.table_rows() for cell in row)
    tab.page.click("a[href='/catalogue/import']")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "sku,name_vi,vat_rate_pct,group_code,price_vnd\n"
        "NM-1,Nước mắm,8,food,125000\n"
        "NM-2,,7,food,12x\n"
        ",Trà,8,rocks,90000\n",
        encoding="utf-8",
    )
    tab.page.set_input_files("input[name=file]", str(bad))
    tab.page.click("form[action='/catalogue/import'] button")
    tab.page.wait_for_load_state()
    assert "Nothing was applied" in tab.text("[role=alert]")
    problems = {row[0]: row[1] for row in tab.table_rows()[1:]}
    # one problem a line
    assert problems["3"].splitlines()[0] == "thiếu / missing name_vi", problems["3"]
    assert set(problems) == {"3", "4"}, problems
    # every problem of each row, in both languages, the schema's as well as the cells'
    assert "missing name_vi" in problems["3"] and "'12x' không phải số nguyên" in problems["3"]
    assert "vat_rate_pct: 7 không phải một trong / is not one of 0, 5, 8, 10" in problems["3"]
    assert "missing sku" in problems["4"] and "group_code: 'rocks' không phải" in problems["4"]


def test_an_unknown_address_answers_with_a_page(chain, visit):
    tab = visit("lan")
    assert tab.open("/no/such/page") == 404
    assert "Không tìm thấy trang / Page not found" in tab.text("h1")
    tab.page.click("a[href='/']")
    assert tab.path() == "/"


NEUTRAL = {"", "#", "VAT", "PIN"}  # the same in both languages, or a column of buttons
PHONE_PAGES = {
    "lan": ["/", "/reports", "/receipts", "/shifts", "/shops", "/terminals", "/operators",
            "/catalogue", "/catalogue/import", "/kiosk-users", "/transfers", "/producer"],
    "chi": ["/", "/reports?report=product", "/reports?report=voids", "/reports?report=cash",
            "/reports?report=terminals", "/reports?report=stock"],
    "minh": ["/", "/receipts", "/shifts", "/terminals", "/kiosk-users"],
    "htx": ["/producer", "/receipts"],
}  # fmt: skip


@pytest.mark.parametrize("name", list(PHONE_PAGES))
def test_no_page_scrolls_sideways_on_a_phone(chain, visit, name):
    tab = visit(name, PHONE)
    wide, untranslated = {}, []
    for path in PHONE_PAGES[name]:
        if path.startswith("/reports?"):
            path += f"&start={chain.day}&end={chain.day}"
        assert tab.open(path) == 200, (path, tab.text()[:300])
        if path == "/receipts":  # and the first receipt found
            tab.page.locator("table a").first.click()
            tab.page.wait_for_load_state()
            path = tab.path()
        if tab.sideways() > 0:
            wide[path] = tab.sideways()
        # Vietnamese first, English after: no header left in one language
        heads = tab.page.locator("th").all_inner_texts()
        untranslated += [f"{path}: {h}" for h in heads if " / " not in h and h not in NEUTRAL]
        # a chart is read whole: it does not hide its values in a sideways-scrolling box
        for chart in tab.page.locator("svg").all():
            box = chart.bounding_box()
            if box["x"] + box["width"] > PHONE["width"]:
                wide[f"{path} chart"] = box["x"] + box["width"]
    assert wide == {}, wide
    assert untranslated == [], untranslated


WIDE_PAGES = {
    "lan": ["/", "/shifts", "/receipts", "/terminals", "/operators", "/catalogue",
            *(f"/reports?report={kind}" for kind in REPORT_KINDS)],
    "htx": ["/producer"],
}  # fmt: skip


@pytest.mark.parametrize("name", list(WIDE_PAGES))
def test_every_column_shows_on_a_1280_px_screen(chain, visit, name):
    tab = visit(name)
    hidden = {}
    for path in WIDE_PAGES[name]:
        path += ("&" if "?" in path else "?") + f"start={chain.day}&end={chain.day}"
        assert tab.open(path) == 200, path
        over = tab.page.evaluate(
            "[...document.querySelectorAll('.scroll')].map(e => e.scrollWidth - e.clientWidth)"
        )
        if any(over):
            hidden[path] = over
    assert hidden == {}, hidden
