"""Chain reports at head office: after a kiosk's day with a void and a refund, every sales
report adds up to the kiosk's own Z report, the rollups kept at ingest equal a recount from the
applied rows, and the page, its CSV and its PDF show the same figures."""

import csv
import datetime as dt
import io
import re
import subprocess

import pytest
from sqlalchemy import select

from hq import figures, headers
from hq.models import DailyPayments, DailyProductSales, DailyTerminalSales, Sale, StockOnHand
from hq.reports import operations, rollup, sales
from hq.reports.csvsafe import report_csv
from hq.reports.table import Column, Period, Report, vnd
from tests.hq.conftest import InProcessHq
from tests.hq.test_applied import _kiosk_day
from tests.hq.test_security import sign_in


def _rollups(s) -> dict[str, list[tuple]]:
    out = {}
    for model in (DailyTerminalSales, DailyProductSales, DailyPayments, StockOnHand):
        cols = list(model.__table__.c)
        out[model.__tablename__] = sorted(s.execute(select(*cols)).all())
    return out


def test_chain_sales_reports_equal_the_kiosks_z_report_after_a_void_and_a_refund(hq, make_kiosk):
    kiosk = make_kiosk(hq, "DL-01")
    z = _kiosk_day(kiosk)
    assert kiosk.client.push_all().rejected == 0
    day = Period(z.business_date, z.business_date)
    with hq.session_factory() as s:
        (row,) = sales.by_day(s, day).rows
        assert row == (z.business_date, z.sales_count, z.sales_vnd, z.voids_count, z.voids_vnd,
                       z.refunds_count, z.refunds_vnd, z.net_vnd)  # fmt: skip
        assert (z.sales_count, z.voids_count, z.refunds_count) == (4, 1, 1)
        assert sales.by_terminal(s, day).rows == (("DL-01", *row[1:]),)
        paid = {m.method: (m.sales_vnd, m.refunds_vnd) for m in z.methods if m.sales_vnd}
        by_method = sales.by_payment(s, day).rows
        assert {label.split(" / ")[1]: (v, r) for label, v, r, _ in by_method} == {
            "Cash": paid["cash"], "Card": paid["card"]
        }  # fmt: skip
        for report in (sales.by_product, sales.by_group, sales.by_producer, sales.by_province):
            made = report(s, day)
            assert made.totals[-1] == z.net_vnd, made.key
        # A day later: nothing sold, nothing counted.
        after = Period(z.business_date + dt.timedelta(days=1), z.business_date + dt.timedelta(9))
        assert sales.by_day(s, after).rows == ()
        kept = _rollups(s)
    with hq.session_factory.begin() as s:
        rollup.rebuild(s)  # recounted from the applied rows: the running sums were exact
    with hq.session_factory() as s:
        assert _rollups(s) == kept


def test_voids_refunds_stock_and_cash_reports_show_the_kiosks_day(hq_sqlite, make_kiosk):
    kiosk = make_kiosk(hq_sqlite, "DL-02")
    z = _kiosk_day(kiosk)
    assert kiosk.client.push_all().rejected == 0
    day = Period(z.business_date, z.business_date)
    with hq_sqlite.session_factory() as s:
        listed = operations.voids_and_refunds(s, day)
        kinds = sorted((r[3], r[5], r[6]) for r in listed.rows)
        assert kinds == [("Hủy đơn / Void", "khách đổi ý", z.voids_vnd),
                         ("Trả hàng / Refund", "hàng lỗi", z.refunds_vnd)]  # fmt: skip
        levels = sorted(figures.stock_levels(s, "DL-02").values())
        assert len(levels) == 3 and min(levels) > 0
        # The kiosk's own products are not in head office's catalogue: counted as pieces.
        assert operations.stock(s).rows == (("DL-02", 3, sum(levels), 0, 0),)
        low = operations.low_stock(s, threshold=levels[0])
        assert [r[4] for r in low.rows] == [levels[0]]
        (shift,) = operations.cash_differences(s, day).rows
        assert z.difference_vnd != 0 and shift[4:] == (
            z.expected_cash_vnd,
            z.counted_cash_vnd,
            z.difference_vnd,
        )
        (terminal,) = operations.terminals(s, dt.datetime.now(dt.UTC)).rows
        assert terminal[:3] == ("DL-02", "hoạt động / active", 0) and terminal[4] is not None


@pytest.fixture
def pushed_office(hq_sqlite, make_kiosk):
    """Head office (in this process) over the database a kiosk pushed its day into."""
    kiosk = make_kiosk(hq_sqlite, "DL-03")
    z = _kiosk_day(kiosk)
    assert kiosk.client.push_all().rejected == 0
    office = InProcessHq(hq_sqlite.database_url)
    office.add_operator("lan")
    sign_in(office)
    yield office, z
    office.close()


def test_reports_page_shows_a_period_with_its_chart_and_links(pushed_office):
    office, z = pushed_office
    dmy = z.business_date.strftime("%d/%m/%Y")
    page = office.client.get("/reports", params={"report": "day", "start": dmy, "end": dmy})
    assert page.status_code == 200
    assert f"<td>{dmy}</td>" in page.text and vnd(z.net_vnd) in page.text
    assert "<svg" in page.text and "<rect" in page.text and "<script" not in page.text
    style = re.search(r"<style>(.*?)</style>", page.text, re.S)[1]
    assert headers.sha256_source(style) in page.headers["Content-Security-Policy"]
    assert " style=" not in page.text
    assert "/reports.csv?report=day" in page.text and "/reports.pdf?report=day" in page.text
    bad = office.client.get("/reports", params={"report": "day", "start": "2026-01-01"})
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.text
    office.client.cookies.clear()
    out = office.client.get("/reports", follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"


def test_reports_csv_opens_in_excel_with_the_rows(pushed_office):
    office, z = pushed_office
    dmy = z.business_date.strftime("%d/%m/%Y")
    got = office.client.get("/reports.csv", params={"report": "day", "start": dmy, "end": dmy})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert got.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Ngày / Date" and rows[1][0] == z.business_date.isoformat()
    assert int(rows[1][-1]) == z.net_vnd and rows[-1][0] == "Tổng / Total"


def test_csv_cells_that_could_be_formulas_are_quoted():
    report = Report("x", "x", (Column("Lý do / Reason"), Column("Số tiền", "vnd")),
                    (("=cmd|' /C calc'!A0", -5000), ("@SUM(A1)", 7)))  # fmt: skip
    rows = list(csv.reader(io.StringIO(report_csv(report).decode("utf-8-sig"))))
    assert rows[1] == ["'=cmd|' /C calc'!A0", "-5000"] and rows[2] == ["'@SUM(A1)", "7"]


def test_reports_pdf_has_the_rows_in_vietnamese(pushed_office, tmp_path):
    office, z = pushed_office
    dmy = z.business_date.strftime("%d/%m/%Y")
    got = office.client.get("/reports.pdf", params={"report": "voids", "start": dmy, "end": dmy})
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert got.content.startswith(b"%PDF")
    (tmp_path / "r.pdf").write_bytes(got.content)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "Hủy đơn và trả hàng" in text and "khách đổi ý" in text and "hàng lỗi" in text
    assert vnd(z.refunds_vnd) in text


def test_a_void_and_a_refund_pushed_after_their_sales_change_the_reports_of_their_days(
    hq, make_kiosk
):
    from kiosk.core.cash.refunds import RefundItem, Refunds
    from kiosk.core.cash.shifts import Shifts
    from kiosk.core.people.users import Users
    from kiosk.core.sale.cart import Cart
    from kiosk.core.sale.checkout import Checkout
    from kiosk.core.sale.payments import Cash
    from kiosk.core.settings import Settings
    from tests.factories import FAST_HASHER, make_product

    kiosk = make_kiosk(hq, "DL-04")
    factory = kiosk.session_factory
    settings = Settings(factory)
    admin = Users(factory, settings, hasher=FAST_HASHER).create("Hà", "admin", "9999", by=None)
    fish = make_product(factory, price_vnd=125_000, stock=10)
    Shifts(factory, settings).open(admin, 500_000)
    done = []
    for n in (1, 2, 3):
        cart = Cart(admin)
        cart.add(fish, n)
        done.append(Checkout(factory, settings).complete(cart, [Cash(n * 125_000)]))
    assert kiosk.client.push_all().rejected == 0
    with hq.session_factory() as s:
        sold_on = s.scalar(select(Sale.business_date).where(Sale.receipt_no == done[0].receipt_no))
        day = Period(sold_on, sold_on)
        assert sales.by_day(s, day).rows[0][1:3] == (3, 750_000)
    refunds = Refunds(factory, settings)
    refunds.void_sale(admin, done[0].receipt_no, "khách đổi ý")
    refunds.refund(admin, done[2].receipt_no, [RefundItem(1, 1, "shelf")], reason="hàng lỗi")
    assert kiosk.client.push_all().rejected == 0  # in a later push than the sales
    with hq.session_factory() as s:
        (row,) = sales.by_day(s, day).rows
        assert row[1:] == (2, 625_000, 1, 125_000, 1, 125_000, 500_000)
        (product,) = sales.by_product(s, day).rows
        assert product[3:] == (5, 1, 4, 500_000)
        assert sales.by_payment(s, day).rows == (("Tiền mặt / Cash", 625_000, 125_000, 500_000),)
        # The kiosk's opening stock never went up (made in the test's database): 6 sold, the
        # voided 1 and the refunded 1 back on the shelf, so -4 at head office: out of stock.
        assert figures.stock_levels(s, "DL-04") == {fish.product_id: -4}
        assert operations.stock(s).rows == (("DL-04", 0, 0, 0, 1),)
