"""The customer display follows a sale driven through the clerk's window, from the shop's name to
the change, on a second screen; with one screen it does not exist."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kiosk.core.sale import customer_view as cv
from kiosk.core.sale.transfers import TransferProgress, TransferStatus
from kiosk.core.sale.vietqr import parse_tlv
from kiosk.ui.customer.controller import CustomerDisplay
from kiosk.ui.customer.shots import save_screenshots
from kiosk.ui.customer.view import CustomerDisplayView
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750
from tests.ui.helpers import click, sign_in, wedge_scan
from tests.ui.test_small_screen import fits, sideways

ROOT = Path(__file__).resolve().parents[2]
TILL = QRect(0, 0, 1024, 768)
POLE = QRect(1024, 0, 800, 480)


class FakeScreen:
    """What the display needs of a QScreen: where it is."""

    def __init__(self, rect: QRect):
        self._rect = rect

    def geometry(self) -> QRect:
        return self._rect


def two_screens():
    return [FakeScreen(TILL), FakeScreen(POLE)]


@pytest.fixture
def display(qtbot, window):
    shown = CustomerDisplay(window, screens=two_screens)
    if shown.window is not None:
        qtbot.addWidget(shown.window)
    yield shown
    shown.close()


def rows(display: CustomerDisplay) -> list[str]:
    page = display.window.lines_page
    cells = [page.rows.itemAt(i).widget().text() for i in range(page.rows.count())]
    return [" | ".join(cells[i : i + 3]) for i in range(0, len(cells), 3)]


def test_sale_when_there_is_a_second_screen_shows_from_shop_name_to_change(qtbot, window, display):
    screen = display.window
    assert screen is not None and screen.isVisible()
    assert screen.geometry() == POLE
    assert screen.pages.currentWidget() is screen.idle_page
    assert screen.idle_page.shop.text() == window.till.settings["shop_name"]
    assert screen.idle_page.welcome.text() == "Xin chào quý khách"

    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    assert screen.pages.currentWidget() is screen.lines_page
    assert rows(display) == ["Nước mắm Phú Quốc 40 độ đạm 500ml | × 1 | 185.000\xa0₫"]
    assert screen.lines_page.total.text() == "185.000\xa0₫"
    wedge_scan(window, FISH_SAUCE_750)
    assert rows(display)[-1] == "Nước mắm Phú Quốc 30 độ đạm 750ml | × 1 | 145.000\xa0₫"
    assert screen.lines_page.total.text() == "330.000\xa0₫"

    click(qtbot, window.sale.pay)
    click(qtbot, window.payment.method_buttons["vietqr"])
    page = screen.transfer_page
    assert screen.pages.currentWidget() is page
    assert page.amount.text() == "330.000\xa0₫"
    assert parse_tlv(display.view.payload)["54"] == "330000"
    assert page.details["bank"][1].text() == "Vietcombank"
    assert page.details["account"][1].text() == window.till.settings["vietqr_account"]
    assert page.qr.code_side() >= 0.8 * POLE.height()
    assert page.status.text() in ("", "Đang chờ quý khách chuyển khoản…")
    ref = window.payment.qr.purpose
    window.payment.transfer_changed.emit(
        TransferProgress(TransferStatus.UNDERPAID, ref, 330_000, received_vnd=300_000)
    )  # the bank's word, as the till hears it from head office
    assert page.status.isVisible()
    assert (
        page.status.text() == "Đã nhận 300.000\xa0₫ trên 330.000\xa0₫: xin chuyển thêm phần còn lại"
    )
    window.payment.transfer_changed.emit(TransferProgress(TransferStatus.OFFLINE, ref, 330_000))
    assert page.status.text() == "Đang chờ quý khách chuyển khoản…"  # not the clerk's worries

    click(qtbot, window.payment.method_buttons["cash"])
    assert screen.pages.currentWidget() is screen.lines_page
    click(qtbot, window.payment.quick_buttons[3][1])  # 500.000
    click(qtbot, window.payment.take)
    assert screen.pages.currentWidget() is screen.paid_page
    assert screen.paid_page.thanks.text() == "Cảm ơn quý khách, hẹn gặp lại!"
    assert screen.paid_page.values["change"].text() == "170.000\xa0₫"
    assert screen.paid_page.values["customer_paid"].text() == "500.000\xa0₫"

    wedge_scan(window, FISH_SAUCE)  # the next customer
    assert screen.pages.currentWidget() is screen.lines_page
    assert screen.lines_page.total.text() == "185.000\xa0₫"


def test_display_when_the_receipt_is_in_english_speaks_english(qtbot, window, display):
    screen = display.window
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    click(qtbot, window.payment.lang_buttons["en"])
    assert rows(display) == ["Phu Quoc fish sauce 40°N 500 ml | × 1 | 185,000 VND"]
    assert screen.lines_page.total_label.text() == "Total"
    click(qtbot, window.payment.quick_buttons[1][1])  # 100.000
    click(qtbot, window.payment.quick_buttons[1][1])  # 200.000
    click(qtbot, window.payment.take)
    assert window.till.last_sale.receipt_lang == "en"
    assert screen.paid_page.thanks.text() == "Thank you, see you again!"
    assert screen.paid_page.values["change"].text() == "15,000 VND"


def test_thanks_when_nobody_scans_give_way_to_the_shop_name(qtbot, window):
    display = CustomerDisplay(window, screens=two_screens, paid_ms=50)
    qtbot.addWidget(display.window)
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    click(qtbot, window.payment.quick_buttons[3][1])
    click(qtbot, window.payment.take)
    assert display.window.pages.currentWidget() is display.window.paid_page
    qtbot.waitUntil(lambda: display.window.pages.currentWidget() is display.window.idle_page)
    display.close()


def test_cancelled_vietqr_payment_when_back_at_the_cart_shows_the_lines(qtbot, window, display):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    click(qtbot, window.payment.method_buttons["vietqr"])
    assert isinstance(display.view, cv.AwaitingTransfer)
    click(qtbot, window.payment.cancel)
    assert display.window.pages.currentWidget() is display.window.lines_page
    window.sign_out()
    assert display.window.pages.currentWidget() is display.window.idle_page


def displays() -> list[CustomerDisplayView]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CustomerDisplayView)]


def test_one_screen_when_set_to_auto_makes_no_window(qtbot, window):
    assert window.till.settings["customer_display"] == "auto"
    before = len(displays())
    display = CustomerDisplay(window, screens=lambda: [FakeScreen(TILL)])
    assert display.window is None
    offscreen = CustomerDisplay(window)  # the test platform's own screens: one
    assert len(QApplication.screens()) == 1 and offscreen.window is None
    assert len(displays()) == before
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)  # followed all the same, for a screen plugged in later
    assert isinstance(display.view, cv.Lines)


@pytest.mark.parametrize(("setting", "shown"), [("off", False), ("1", False), ("2", True)])
def test_setting_when_it_names_a_screen_or_off_decides_the_window(window, setting, shown):
    window.till.settings.set("customer_display", setting)
    display = CustomerDisplay(window, screens=two_screens)
    assert (display.window is not None) is shown
    if shown:
        assert display.window.geometry() == POLE
    display.close()


def test_setting_when_changed_to_off_closes_the_window(qtbot, window, display):
    assert display.window is not None
    window.till.settings.set("customer_display", "off")
    display.place()
    assert display.window is None


def views(lang: str):
    name = "Nước mắm Phú Quốc 40 độ đạm 500ml thùng 12 chai"
    fish = tuple(cv.ShownLine(i, name, "", "piece", 24, 4_440_000) for i in range(1, 31))
    shop = "Điểm giới thiệu sản phẩm OCOP tỉnh Lâm Đồng"
    lines = cv.Lines(shop, fish, 133_200_000, 720, 15_000, 1, lang)  # the first line grew
    yield cv.idle_view("Điểm giới thiệu và bán sản phẩm OCOP tỉnh An Giang", lang)
    yield lines
    yield cv.AwaitingTransfer(
        "000201010212", "Vietcombank", "1023456789", "HTX NONG NGHIEP CAU DAT XANH", 4_440_000,
        9_999_000, "K01 143512", "Đang chờ ngân hàng xác nhận giao dịch", lang,
    )  # fmt: skip
    yield cv.Paid(4_440_000, 5_000_000, 560_000, lang)


@pytest.mark.parametrize("size", [QSize(800, 480), QSize(1024, 768)])
def test_every_view_when_on_a_small_display_fits_it(qtbot, size):
    """Nothing asks for more room than the screen has, in the longest language setting."""
    screen = CustomerDisplayView()
    qtbot.addWidget(screen)
    screen.resize(size)
    screen.show()
    found = []
    for lang in ("vi", "both"):
        for view in views(lang):
            screen.show_view(view)
            QApplication.processEvents()
            what = f"{type(view).__name__} ({lang})"
            if not fits(screen.minimumSizeHint(), size):
                found.append(f"{what} asks for {screen.minimumSizeHint().toTuple()}")
            found += [f"{what}: {problem}" for problem in sideways(screen)]
            if screen.size() != size:
                found.append(f"{what}: the window is {screen.size().toTuple()}")
    assert found == [], "\n".join(found)
    page = screen.lines_page
    screen.show_view(next(v for v in views("vi") if isinstance(v, cv.Lines)))
    QApplication.processEvents()
    assert 1 in page.shown and len(page.shown) >= 4  # the latest line among those shown


def test_screenshots_when_asked_are_written_one_per_view(qtbot, tmp_path):
    named = [(type(v).__name__.lower(), v) for v in views("vi")]
    written = save_screenshots(named, tmp_path, QSize(800, 480))
    assert [p.name for p in written] == [
        "customer-idle.png",
        "customer-lines.png",
        "customer-awaitingtransfer.png",
        "customer-paid.png",
    ]
    assert all(QImage(str(p)).size() == QSize(800, 480) for p in written)


TWO_SCREENS = """
import json, sys
from pathlib import Path
from PySide6.QtCore import Qt
from hardware.fakes import FakePrinter
from kiosk.ui.application import fill_screen, make_application
from kiosk.ui.customer.controller import CustomerDisplay
from kiosk.ui.window import KioskView
from tests.demo_till import build_template, open_till

work = Path(sys.argv[1])
app = make_application()
view = KioskView(open_till(build_template(work / "t.sqlite3"), work), FakePrinter())
fill_screen(view)
for _ in range(20):
    app.processEvents()
display = CustomerDisplay(view)
for _ in range(20):
    app.processEvents()
shown = display.window
print(json.dumps({
    "till": view.screen().name(),
    "display": shown.screen().name() if shown else None,
    "geometry": shown.geometry().getRect() if shown else None,
    "shop": shown.idle_page.shop.text() if shown else None,
    "takes_no_focus": bool(shown.windowHandle().flags() & Qt.WindowType.WindowDoesNotAcceptFocus),
    "full_screen": shown.isFullScreen(),
}))
"""


def test_terminal_when_it_has_two_real_screens_opens_the_display_on_the_other(tmp_path):
    """Qt's offscreen platform with two screens, in a process of its own (the platform is
    chosen once per process): the composition root's path, with real QScreens."""
    screens = [
        {"name": "pole", "x": 1024, "y": 0, "width": 800, "height": 480},
        {"name": "till", "x": 0, "y": 0, "width": 1024, "height": 768},
    ]
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": screens}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "PYTHONPATH": str(ROOT),
    }
    run = subprocess.run(
        [sys.executable, "-c", TWO_SCREENS, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    other = next(s for s in screens if s["name"] != result["till"])
    assert result["display"] == other["name"]
    assert result["geometry"] == [other["x"], other["y"], other["width"], other["height"]]
    assert result["shop"] == "Cửa hàng OCOP"
    # The scanner types into the focused window: the display never asks for the focus.
    assert result["takes_no_focus"] and result["full_screen"]
