"""The admin's settings screen, enrolment from it against a real head office, the status bar's
head-office state and backlog, and "Sync now" from the window."""

import pytest
from sqlalchemy import func, select

from PySide6.QtGui import QGuiApplication

from hq.models import Sale as HqSale
from kiosk import i18n
from kiosk.core.settings_editor import InvalidSetting
from kiosk.core.stock.ledger import levels
from kiosk.core.sync.errors import SyncRefused, SyncUnavailable
from kiosk.ui.application import make_application
from kiosk.ui.customer.controller import CustomerDisplay
from kiosk.ui.shared.messages import message_for
from kiosk.ui.window import KioskView
from tests.demo_till import FISH_SAUCE
from tests.sync_helpers import sell, sync_for
from tests.ui.helpers import click, sign_in, wedge_scan
from tests.ui.test_customer_display import two_screens


@pytest.fixture
def view(qtbot, qapp, till, printer, language):
    make_application()
    i18n.set_language("en")
    sync, editor = sync_for(till, interval_s=0.2)
    window = KioskView(till, printer, sync=sync, editor=editor)
    window.status.poll_timer.setInterval(100)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    # Not qtbot.addWidget: it deletes the window before this teardown, and a background job
    # still running would report to nobody. Let the jobs finish, then close.
    window.status.poll_timer.stop()
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=15_000)
    window.close()
    window.deleteLater()
    sync.close()


def sign_out(view: KioskView) -> None:
    view.sign_out()


def open_settings(qtbot, view: KioskView) -> None:
    sign_in(qtbot, view, "Hà", "9999")
    assert view.settings_button.isVisible()
    click(qtbot, view.settings_button)
    assert view.stack.currentWidget() is view.settings
    qtbot.waitUntil(lambda: view.settings.hq_state.text() != "")


def type_into(qtbot, view, field: str, value: str) -> None:
    entry = view.settings.inputs[field]
    entry.selectAll()
    entry.setFocus()
    if value.isascii():  # QTest types Latin-1 only: other letters arrive as an input method's
        qtbot.keyClicks(entry, value) if value else entry.clear()
    else:
        entry.setText(value)


def test_settings_button_when_clerk_or_manager_is_hidden(qtbot, view):
    sign_in(qtbot, view, "Lan", "1111")
    assert not view.settings_button.isVisible()
    view.show_settings()  # a forgotten check in a screen still cannot open it
    assert view.stack.currentWidget() is view.sale
    sign_out(view)
    sign_in(qtbot, view, "Minh", "2222")
    assert not view.settings_button.isVisible()


def test_settings_when_typing_a_bad_value_shows_why_and_save_waits(qtbot, view):
    open_settings(qtbot, view)
    screen = view.settings
    assert not screen.save_button.isEnabled()  # nothing changed yet
    type_into(qtbot, view, "shop_tax_code", "12345")
    error = screen.errors["shop_tax_code"]
    assert error.isVisible()
    assert error.text() == message_for(InvalidSetting(field="shop_tax_code", reason="tax_code"))
    assert "10 digits" in error.text()
    assert not screen.save_button.isEnabled()
    qtbot.keyClicks(screen.inputs["shop_tax_code"], "67890")  # 1234567890
    assert not error.isVisible() and screen.save_button.isEnabled()
    type_into(qtbot, view, "shop_name", "")
    assert screen.errors["shop_name"].text() == "This cannot be empty."
    assert not screen.save_button.isEnabled()
    type_into(qtbot, view, "printer_url", "usb://04b8")
    assert "escpos+usb://" in screen.errors["printer_url"].text()


def test_settings_save_when_valid_stores_them_and_the_header_follows(qtbot, view, till):
    open_settings(qtbot, view)
    screen = view.settings
    type_into(qtbot, view, "shop_name", "OCOP Showroom Huế")
    bank = screen.inputs["vietqr_bank_bin"]
    bank.setCurrentIndex(bank.findData("970418"))  # BIDV
    type_into(qtbot, view, "vietqr_account", "1234567890")
    screen.inputs["receipt_lang"].setCurrentIndex(screen.inputs["receipt_lang"].findData("both"))
    type_into(qtbot, view, "scanner_url", "serial:///dev/ttyACM0")
    click(qtbot, screen.save_button)
    assert till.settings["shop_name"] == "OCOP Showroom Huế"
    assert till.settings["vietqr_bank_bin"] == "970418"
    assert till.settings["vietqr_account"] == "1234567890"
    assert till.settings["receipt_lang"] == "both"
    assert view.shop.text() == "OCOP Showroom Huế"
    assert "take effect when the kiosk restarts" in view.notices.text
    assert not screen.save_button.isEnabled()
    click(qtbot, screen.back_button)
    assert view.stack.currentWidget() is view.sale


def test_enrol_from_settings_when_code_is_good_enrols_and_syncs(qtbot, view, till, hq_server):
    open_settings(qtbot, view)
    screen = view.settings
    assert "Not enrolled" in screen.hq_state.text()
    assert not screen.enrol_button.isEnabled()
    type_into(qtbot, view, "hq_url", hq_server.url)
    screen.enrol_code.setFocus()
    qtbot.keyClicks(screen.enrol_code, "ABC")
    assert screen.enrol_error.isVisible() and not screen.enrol_button.isEnabled()
    screen.enrol_code.clear()
    qtbot.keyClicks(screen.enrol_code, hq_server.add_terminal("HUE-01").lower())
    assert screen.enrol_button.isEnabled()
    click(qtbot, screen.enrol_button)
    qtbot.waitUntil(lambda: "Enrolled as HUE-01" in screen.hq_state.text(), timeout=15_000)
    assert view.sync.enrolled and till.settings["terminal_code"] == "HUE-01"
    assert "HUE-01" in view.notices.text and view.notices.kind == "info"
    assert screen.sync_button.isVisible()
    click(qtbot, screen.sync_button)
    qtbot.waitUntil(lambda: view.notices.text.startswith("Synced:"), timeout=15_000)
    qtbot.waitUntil(lambda: view.status.labels["network"].text() == "Online", timeout=5_000)


def test_enrol_from_settings_when_code_is_refused_says_so(qtbot, view, hq_server):
    open_settings(qtbot, view)
    screen = view.settings
    type_into(qtbot, view, "hq_url", hq_server.url)
    screen.enrol_code.setText("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    click(qtbot, screen.enrol_button)
    expected = message_for(SyncRefused(status=401))
    qtbot.waitUntil(lambda: screen.enrol_error.text() == expected, timeout=15_000)
    assert view.notices.kind == "error" and view.notices.text == expected
    assert not view.sync.enrolled and screen.enrol_button.isEnabled()


def test_status_bar_when_not_enrolled_shows_the_backlog_and_no_head_office(qtbot, view, till):
    sell(till, 2)
    qtbot.waitUntil(lambda: view.status.labels["sync"].text() == "To sync: 2 sales", timeout=5_000)
    assert view.status.labels["network"].text() == "Head office: not set up"
    assert view.status.labels["sync"].property("warn") is True


def test_sync_now_from_status_bar_sends_sales_then_shows_offline_when_server_stops(
    qtbot, view, till, hq_server
):
    view.sync.enrol_at_console(hq_server.url, hq_server.add_terminal("K01"))
    sign_in(qtbot, view, "Lan", "1111")
    qtbot.waitUntil(lambda: view.status.enrolled, timeout=5_000)
    assert not view.status.sync_button.isVisible()  # a clerk does not sync by hand
    sell(till, 3)
    sign_out(view)
    sign_in(qtbot, view, "Minh", "2222")
    status = view.status
    qtbot.waitUntil(lambda: status.labels["sync"].text() == "To sync: 3 sales", timeout=5_000)
    assert status.labels["network"].text() == "Head office: connecting…"
    assert status.sync_button.isVisible()
    click(qtbot, status.sync_button)
    qtbot.waitUntil(lambda: view.notices.text.startswith("Synced: "), timeout=15_000)
    assert "0 rejected), 0 left" in view.notices.text
    with hq_server.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(HqSale)) == 3
    qtbot.waitUntil(lambda: status.labels["sync"].text() == "To sync: 0 sales", timeout=5_000)
    assert status.labels["network"].text() == "Online"
    assert status.labels["sync"].property("warn") is False  # audit events went up too

    hq_server.stop()
    sell(till, 1)
    click(qtbot, status.sync_button)
    expected = message_for(SyncUnavailable(reason="down"))
    qtbot.waitUntil(lambda: view.notices.text == expected, timeout=15_000)
    qtbot.waitUntil(lambda: status.labels["network"].text() == "Offline", timeout=5_000)
    assert status.labels["sync"].text() == "To sync: 1 sales"
    assert view.isVisible() and status.sync_button.isEnabled()


def test_settings_screen_when_language_switches_redraws(qtbot, view):
    open_settings(qtbot, view)
    assert view.settings.title.text() == "Settings"
    i18n.set_language("vi")
    assert view.settings.title.text() != "Settings"
    assert view.settings.save_button.text() != "Save"


def test_oversell_setting_when_set_to_refuse_makes_the_till_refuse_past_the_stock(
    qtbot, view, till
):
    open_settings(qtbot, view)
    box = view.settings.inputs["oversell"]
    assert box.currentData() == "warn" and box.currentText() == "Warn, and sell"
    box.setCurrentIndex(box.findData("refuse"))
    click(qtbot, view.settings.save_button)
    assert till.settings["oversell"] == "refuse"
    click(qtbot, view.settings.back_button)
    line = till.scan(FISH_SAUCE).line
    with till.session_factory() as s:
        stock = levels(s, [line.item.product_id])[line.item.product_id]
    till.set_quantity(line.id, stock)
    wedge_scan(view, FISH_SAUCE)
    assert view.notices.kind == "error"
    assert "does not sell more than it has" in view.notices.text
    assert till.cart.lines[0].quantity == stock


def test_customer_display_when_turned_off_in_settings_closes_at_once(qtbot, view, till):
    display = CustomerDisplay(view, screens=two_screens)
    assert display.window is not None and display.window.isVisible()
    open_settings(qtbot, view)
    choice = view.settings.inputs["customer_display"]
    labels = [choice.itemText(i) for i in range(choice.count())]
    size = QGuiApplication.primaryScreen().size()  # the one screen there is, by its size
    first = f"Screen 1 ({size.width()}x{size.height()})"
    assert labels[:3] == ["Off", "Second screen, when there is one", first]
    assert labels[3] == "Screen 2"
    choice.setCurrentIndex(choice.findData("off"))
    click(qtbot, view.settings.save_button)
    assert till.settings["customer_display"] == "off"
    assert display.window is None
    choice.setCurrentIndex(choice.findData("2"))
    click(qtbot, view.settings.save_button)
    assert display.window is not None and display.window.geometry() == two_screens()[1].geometry()
    display.close()
