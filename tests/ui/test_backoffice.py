"""The back office driven through the window: a shift from open to Z, a void, a refund by a
scanned receipt, the reports screen and a producer settlement. Each destructive action asks
first, and Cancel leaves everything as it was."""

import csv
import datetime as dt

import pytest

from PySide6.QtCore import QModelIndex

from kiosk.core.backoffice import BackOffice, Visit
from kiosk.core.localtime import VIETNAM
from kiosk.core.reports.table import Column, ReportTable
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.payments import Cash
from kiosk.ui.backoffice.report_models import RefundLinesModel, ReportTableModel
from kiosk.ui.backoffice.widgets import AmountDialog, ConfirmDialog, OpenShiftDialog
from kiosk.ui.shared.bar_chart import BAR_COLOR
from kiosk.ui.shared.manager_pin import ManagerPinDialog
from kiosk.ui.window import KioskView
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750
from tests.factories import make_product
from tests.ui.helpers import click, sign_in, wedge_scan

VASE = "8939107000014"  # TC-016, 450.000 ₫, consignment of Gốm Bát Tràng Minh Hải, 25 %


@pytest.fixture
def docs(tmp_path):
    return tmp_path / "documents"


@pytest.fixture
def view(qtbot, qapp, till, printer, language, docs):
    from kiosk.ui.application import make_application

    make_application()
    office = BackOffice(till.session_factory, till.settings, till.users, documents_dir=docs)
    w = KioskView(till, printer, office=office)
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def sell(qtbot, w: KioskView, *codes: str) -> str:
    """Scan, pay with 500.000 cash; returns the receipt number."""
    for code in codes:
        wedge_scan(w, code)
    click(qtbot, w.sale.pay)
    assert w.stack.currentWidget() is w.payment, w.notices.text
    click(qtbot, w.payment.quick_buttons[3][1])
    click(qtbot, w.payment.take)
    assert w.stack.currentWidget() is w.sale
    return w.till.last_sale.receipt_no


def enter(qtbot, w: KioskView, pin: str | None = None):
    click(qtbot, w.backoffice_button)
    if pin is not None:
        assert isinstance(w.dialog, ManagerPinDialog)
        w.dialog.entry.setText(pin)
        w.dialog.submit()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.backoffice)
    return w.backoffice


def confirm(qtbot, w: KioskView, *, yes: bool = True) -> None:
    dialog = w.dialog
    assert isinstance(dialog, ConfirmDialog), "a destructive action must ask first"
    click(qtbot, dialog.yes if yes else dialog.no)
    assert w.dialog is None


def documents(docs, suffix: str) -> list:
    return sorted(docs.glob(f"*{suffix}")) if docs.exists() else []


def end_template_day(w: KioskView) -> None:
    """The demo database comes with an open shift: close it and end its day in core."""
    minh = w.till.users.sign_in("Minh", "2222")
    w.office.shifts.close(minh, {})
    w.office.end_day(Visit(minh))


def test_shift_open_sale_x_payout_close_with_difference_then_z(qtbot, view, printer, docs):
    w = view
    end_template_day(w)
    sign_in(qtbot, w, "Lan", "1111")
    assert w.sale.shift_bar.isVisible()
    wedge_scan(w, FISH_SAUCE)
    click(qtbot, w.sale.pay)  # no shift: the screen offers to open one instead of failing
    dialog = w.dialog
    assert isinstance(dialog, OpenShiftDialog)
    assert dialog.pin.isVisible()  # a clerk opens with a manager's PIN
    dialog.count.entries[500_000].setText("2")
    dialog.count.entries[100_000].setText("3")
    assert "1.300.000" in dialog.count.total_label.text()
    click(qtbot, dialog.ok)
    assert dialog.error.text() == "Việc này cần mã PIN của quản lý."
    dialog.pin.setText("2222")
    click(qtbot, dialog.ok)
    assert w.dialog is None
    assert not w.sale.shift_bar.isVisible()
    assert w.office.current_shift().float_vnd == 1_300_000

    click(qtbot, w.sale.pay)
    click(qtbot, w.payment.quick_buttons[3][1])
    click(qtbot, w.payment.take)
    qtbot.waitUntil(lambda: len(printer.documents) == 1)

    bo = enter(qtbot, w, pin="2222")
    shift = bo.show_section("shift")
    x = shift.report_view.report
    assert (x.kind, x.sales_count, x.expected_cash_vnd) == ("x", 1, 1_485_000)
    figures = dict((name, value) for name, value, _bold in shift.report_view.figures() if name)
    assert figures["Tiền mặt theo sổ"] == "1.485.000\xa0₫"
    click(qtbot, shift.report_view.print_button)
    qtbot.waitUntil(lambda: len(printer.documents) == 2)
    click(qtbot, shift.report_view.pdf_button)
    qtbot.waitUntil(lambda: len(documents(docs, ".pdf")) == 1)

    click(qtbot, shift.pay_out_button)
    pay = w.dialog
    assert isinstance(pay, AmountDialog)
    pay.entry.setText("50.000")
    pay.reason.setEditText("Mua đá")
    pay.submit()
    assert shift.report_view.report.pay_outs_vnd == 50_000

    click(qtbot, shift.close_button)
    count = shift.close_view
    assert shift.pages.currentWidget() is count
    for denomination, n in {500_000: 2, 200_000: 2, 20_000: 1, 10_000: 1}.items():
        count.count.entries[denomination].setText(str(n))
    assert count.difference_vnd() == -5_000
    assert "-5.000" in count.difference.text()
    assert count.difference.property("sign") == "short"
    click(qtbot, count.close_button)
    confirm(qtbot, w, yes=False)
    assert w.office.current_shift() is not None
    click(qtbot, count.close_button)
    confirm(qtbot, w)
    closed = shift.report_view.report
    assert (closed.kind, closed.counted_cash_vnd, closed.difference_vnd) == (
        "shift",
        1_430_000,
        -5_000,
    )
    assert shift.report_view.difference.isVisible()
    assert w.office.current_shift() is None

    click(qtbot, shift.report_view.z_button)
    confirm(qtbot, w, yes=False)
    assert w.office.z_pending()
    click(qtbot, shift.report_view.z_button)
    confirm(qtbot, w)
    z = shift.report_view.report
    assert (z.kind, z.z_no, z.net_vnd) == ("z", 2, 185_000)
    click(qtbot, shift.report_view.print_button)
    qtbot.waitUntil(lambda: len(printer.documents) == 3)
    click(qtbot, shift.report_view.pdf_button)
    qtbot.waitUntil(lambda: any(p.name.startswith("z0002") for p in documents(docs, ".pdf")))

    click(qtbot, bo.back)
    assert w.stack.currentWidget() is w.sale
    assert w.sale.shift_bar.isVisible()


def test_clerk_voids_a_sale_of_the_shift_with_a_manager_pin(qtbot, view):
    w = view
    sign_in(qtbot, w, "Lan", "1111")
    receipt_no = sell(qtbot, w, FISH_SAUCE)
    click(qtbot, w.backoffice_button)
    w.dialog.entry.setText("1111")  # her own PIN does not open the back office, and counts
    w.dialog.submit()
    assert w.dialog.error.text() == "Sai mã PIN. Còn 4 lần thử trước khi bị khóa."
    w.dialog.entry.setText("2222")
    w.dialog.submit()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.backoffice)
    assert "Minh" in w.backoffice.who.text()
    section = w.backoffice.show_section("refunds")
    section.find(receipt_no[-6:])  # typed in part: the one sale it matches
    section.reason.setEditText("Khách đổi ý")
    click(qtbot, section.void_button)
    confirm(qtbot, w, yes=False)
    assert w.office.find_sale(receipt_no).status == "completed"
    click(qtbot, section.void_button)
    confirm(qtbot, w)
    assert w.office.find_sale(receipt_no).status == "voided"
    assert "185.000" in w.notices.text
    assert not section.refund_button.isEnabled()


def test_refund_by_scanned_receipt_number_prints_a_slip(qtbot, view, printer):
    w = view
    sign_in(qtbot, w, "Minh", "2222")
    receipt_no = sell(qtbot, w, FISH_SAUCE, FISH_SAUCE_750)
    qtbot.waitUntil(lambda: len(printer.documents) == 1)
    bo = enter(qtbot, w)  # a manager goes straight in
    section = bo.show_section("refunds")
    wedge_scan(w, receipt_no)
    assert section.sale is not None and section.sale.receipt_no == receipt_no
    assert section.model.rowCount() == 2
    section.table.selectRow(1)
    click(qtbot, section.plus)
    click(qtbot, section.plus)  # never more than was sold
    assert section.model.chosen == {2: 1}
    assert section.amount.text().endswith("145.000\xa0₫")
    click(qtbot, section.to_buttons[1])  # in cash
    click(qtbot, section.stock_buttons[1])  # damaged
    section.reason.setEditText("Chai bị nứt")
    click(qtbot, section.refund_button)
    confirm(qtbot, w, yes=False)
    assert w.office.find_sale(receipt_no).refunds == ()
    click(qtbot, section.refund_button)
    confirm(qtbot, w)
    done = section.last_refund
    assert done.total_vnd == 145_000 and done.payments == (("cash", 145_000),)
    assert w.office.find_sale(receipt_no).lines[1].left == 0
    qtbot.waitUntil(lambda: len(printer.documents) == 2)  # the refund slip
    assert done.refund_no in w.notices.text


def test_refund_notice_says_the_cash_given_back_rounded_to_the_shops_step(qtbot, view):
    """A fish sauce of 12.300 ₫ paid 12.500 ₫ in cash (cash rounded to 500 đ) is refunded in
    cash on the screen: the notice says 12.500 ₫ went back, the goods' 12.300 and the rounding."""
    w = view
    w.till.settings.set("cash_rounding_vnd", 500)
    fish = make_product(w.till.session_factory, name_vi="Nước mắm Nam Ô", price_vnd=12_300)
    cart = Cart(w.till.users.sign_in("Lan", "1111"))
    cart.add(fish, 1)
    sale = w.till.checkout.complete(cart, [Cash(20_000)])
    assert sale.paid_vnd == 12_500
    sign_in(qtbot, w, "Minh", "2222")
    section = enter(qtbot, w).show_section("refunds")
    section.find(sale.receipt_no)
    section.table.selectRow(0)
    click(qtbot, section.plus)
    click(qtbot, section.to_buttons[1])  # in cash
    section.reason.setEditText("Vỡ nắp")
    click(qtbot, section.refund_button)
    confirm(qtbot, w)
    assert section.last_refund.payments == (("cash", 12_500),)
    assert "đã trả lại 12.500\xa0₫ (Tiền mặt: 12.500\xa0₫)" in w.notices.text
    assert "Tiền hàng 12.300\xa0₫, làm tròn tiền mặt 200\xa0₫." in w.notices.text


def test_reports_screen_shows_the_figures_and_exports_csv(qtbot, view, docs, qtmodeltester):
    w = view
    sign_in(qtbot, w, "Minh", "2222")
    sell(qtbot, w, FISH_SAUCE, FISH_SAUCE_750)
    sell(qtbot, w, FISH_SAUCE)
    bo = enter(qtbot, w)
    reports = bo.show_section("reports")
    assert reports.start.displayFormat() == "dd/MM/yyyy"
    qtbot.waitUntil(lambda: reports.table_shown is not None)
    model = reports.model
    qtmodeltester.check(model, force_py=True)
    today = dt.datetime.now(VIETNAM).date()
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) == "Tổng cộng"
    assert model.data(model.index(last, 4)) == "515.000\xa0₫"
    assert model.data(model.index(0, 0)) == f"{today:%d/%m/%Y}"
    assert reports.chart.isVisible() and reports.chart.points[-1][1] == 515_000
    [bar] = reports.chart.bar_rects()
    pixel = reports.chart.grab().toImage().pixelColor(int(bar.center().x()), int(bar.center().y()))
    assert pixel == BAR_COLOR  # the day's bar is painted
    assert "515.000" in reports.title.text()

    click(qtbot, reports.csv_button)
    qtbot.waitUntil(lambda: bool(documents(docs, ".csv")))
    with documents(docs, ".csv")[0].open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "Ngày" and len(rows[0]) == 5
    assert rows[-1][2:] == ["515000", "0", "515000"]

    reports.choose("by_product")
    qtbot.waitUntil(
        lambda: reports.table_shown is not None and reports.table_shown.key == "by_product"
    )
    qtmodeltester.check(reports.model, force_py=True)
    assert not reports.chart.isVisible()
    click(qtbot, reports.pdf_button)
    qtbot.waitUntil(lambda: bool(documents(docs, ".pdf")))


def test_settlement_statement_saved_and_marked_settled_after_confirming(qtbot, view, docs):
    w = view
    sign_in(qtbot, w, "Minh", "2222")
    sell(qtbot, w, VASE)
    bo = enter(qtbot, w)
    section = bo.show_section("settlement")
    names = [section.producer.itemText(i) for i in range(section.producer.count())]
    section.producer.setCurrentIndex(next(i for i, n in enumerate(names) if "Bát Tràng" in n))
    click(qtbot, section.show_button)
    st = section.statement
    assert (st.sold_vnd, st.commission_vnd, st.owed_vnd) == (450_000, 112_500, 337_500)
    assert section.sums["owed"][1].text() == "337.500\xa0₫"
    click(qtbot, section.pdf_button)
    qtbot.waitUntil(lambda: bool(documents(docs, ".pdf")))
    click(qtbot, section.settle_button)
    confirm(qtbot, w, yes=False)
    assert w.office.settlements.settled(st.producer_id) == []
    click(qtbot, section.settle_button)
    confirm(qtbot, w)
    assert section.statement.statement_no
    assert len(w.office.settlements.settled(st.producer_id)) == 1
    assert not section.settle_button.isEnabled()


def test_clerk_without_a_manager_stays_out_of_the_back_office(qtbot, view):
    w = view
    sign_in(qtbot, w, "Lan", "1111")
    click(qtbot, w.backoffice_button)
    assert isinstance(w.dialog, ManagerPinDialog)
    assert "Minh" in w.dialog.prompt.text()  # the prompt names the manager
    click(qtbot, w.dialog.cancel)
    assert w.stack.currentWidget() is w.sale


def test_report_models_pass_the_model_tester_empty_and_paged(qtmodeltester):
    qtmodeltester.check(ReportTableModel(), force_py=True)
    qtmodeltester.check(RefundLinesModel(), force_py=True)
    rows = tuple((f"SP-{i:04d}", i) for i in range(450))
    table = ReportTable(
        "t", "Top sellers", (Column("sku", "SKU"), Column("n", "Sold", "qty")), rows, (None, 1)
    )
    model = ReportTableModel()
    model.set_table(table)
    assert model.rowCount() == 200  # the rest when the view scrolls
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 451 and model.data(model.index(450, 0)) == "Tổng cộng"
    qtmodeltester.check(model, force_py=True)


def test_drawer_count_has_a_500_row_only_when_the_shop_does_not_round_cash(qtbot, view):
    w = view
    end_template_day(w)
    sign_in(qtbot, w, "Minh", "2222")
    wedge_scan(w, FISH_SAUCE)
    click(qtbot, w.sale.pay)
    dialog = w.dialog
    assert isinstance(dialog, OpenShiftDialog)
    assert dialog.count.entries[500].isVisible()  # no rounding: 500 đ notes are change
    dialog.count.entries[500].setText("4")
    assert "2.000" in dialog.count.total_label.text()
    dialog.reject()
    w.till.settings.set("cash_rounding_vnd", 1_000)
    click(qtbot, w.sale.pay)
    assert not w.dialog.count.entries[500].isVisible()
