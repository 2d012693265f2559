"""Every screen, back-office section and dialog on a 1024x768 touch screen, as a kiosk without a
window manager shows them: nothing may need more room than the screen has, nothing may have to
be scrolled sideways, and a table's number columns stay in view beside the name."""

import pytest

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QTableView, QWidget

from kiosk import i18n
from kiosk.ui.application import make_application
from kiosk.ui.backoffice.widgets import AmountDialog, ConfirmDialog, OpenShiftDialog
from kiosk.ui.shared.dialogs import DiscountDialog, NumberDialog, RecallDialog
from kiosk.ui.stock.common import ConfirmDialog as StockConfirmDialog
from kiosk.ui.stock.producers import ProducerFormDialog
from kiosk.ui.stock.product_form import ProductFormDialog
from kiosk.ui.window import KioskView
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750
from tests.sync_helpers import sync_for
from tests.ui.helpers import sign_in

SCREEN = QSize(1024, 768)


def fits(size: QSize, room: QSize = SCREEN) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


def sideways(root: QWidget) -> list[str]:
    """The scrolling areas shown under ``root`` whose content is wider than they are: the
    clerk would have to scroll sideways to see all of it."""
    found = []
    for area in root.findChildren(QAbstractScrollArea):
        if not area.isVisibleTo(root) or area.objectName() == "receiptPreview":
            continue
        bar = area.horizontalScrollBar()
        if bar.maximum() > 0:
            found.append(f"{type(area).__name__} {area.objectName()!r} in {_owner(area)}")
        if isinstance(area, QScrollArea) and area.widget() is not None:
            inner = area.widget().minimumSizeHint().width()
            if inner > area.viewport().width():
                found.append(f"scroll area content {inner} px wide in {_owner(area)}")
    return found


def _owner(widget: QWidget) -> str:
    names = []
    while widget is not None:
        if widget.objectName():
            names.append(widget.objectName())
        widget = widget.parentWidget()
    return "/".join(reversed(names[:4]))


def settle(view: QWidget) -> None:
    for _i in range(3):
        QApplication.processEvents()
    view.resize(SCREEN)
    for _i in range(3):
        QApplication.processEvents()


@pytest.fixture
def view(qtbot, qapp, till, printer, language):
    make_application()
    i18n.set_language("vi")  # the longer words
    sync, editor = sync_for(till)
    window = KioskView(till, printer, sync=sync, editor=editor)
    window.resize(SCREEN)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    window.deleteLater()
    sync.close()


def too_big(view: QWidget, what: str) -> list[str]:
    """What keeps ``view``, as shown now, from fitting the screen: its minimum size, or
    content that would have to be scrolled sideways."""
    settle(view)
    found = [f"{what}: {problem}" for problem in sideways(view)]
    if not fits(view.minimumSizeHint()):
        found.append(f"{what} asks for {view.minimumSizeHint().toTuple()}")
    elif view.isWindow() and view.size() != SCREEN:
        found.append(f"{what}: the window could not be made {SCREEN.toTuple()}")
    return found


def test_sign_in_sale_and_payment_when_on_a_1024x768_screen_fit_it(qtbot, view):
    found = too_big(view, "sign-in")
    sign_in(qtbot, view, "Hà", "9999")
    view.till.scan(FISH_SAUCE)
    view.till.scan(FISH_SAUCE_750)
    view.sale.refresh()
    found += too_big(view, "sale")
    view.sale.catalogue.show_letters.setChecked(True)
    found += too_big(view, "sale with the letters on screen")
    view.sale.catalogue.search.setText("tra")
    found += too_big(view, "search results with the letters on screen")
    view.sale.catalogue.show_letters.setChecked(False)
    view.show_payment()
    assert view.stack.currentWidget() is view.payment
    for method in ("vietqr", "card", "cash"):
        view.payment.show_method(method)
        found += too_big(view, f"payment by {method}")
    assert found == [], "\n".join(found)


def test_every_back_office_section_and_settings_when_on_a_1024x768_screen_fit_it(qtbot, view):
    sign_in(qtbot, view, "Hà", "9999")
    view.show_settings()
    assert view.stack.currentWidget() is view.settings
    found = too_big(view, "settings")
    view.show_sale()
    view.show_backoffice()
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    for section in view.backoffice.sections:
        widget = view.backoffice.show_section(section.key)
        found += too_big(view, section.key)
        if section.key == "receipts":  # a receipt open: its lines beside the line editor
            widget.producer.setCurrentIndex(0)
            widget.new_receipt()
            assert widget.pages.currentIndex() == 1, view.notices.text
            widget.scan(FISH_SAUCE)
            found += too_big(view, "a goods receipt")
    assert found == [], "\n".join(found)
    for button in view.backoffice.buttons.values():
        assert button.height() >= 44


def test_tables_when_on_a_1024x768_screen_show_every_column(qtbot, view):
    """Number columns stay in view: the name column takes what is left."""
    sign_in(qtbot, view, "Hà", "9999")
    view.show_backoffice()
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    found = []
    for section in view.backoffice.sections:
        widget = view.backoffice.show_section(section.key)
        settle(view)
        for table in widget.findChildren(QTableView):
            if not table.isVisibleTo(view) or table.model() is None:
                continue
            header = table.horizontalHeader()
            columns = table.model().columnCount()
            if not columns:
                continue
            last = max(
                header.sectionViewportPosition(c) + header.sectionSize(c) for c in range(columns)
            )
            if last > table.viewport().width():
                found.append(
                    f"{section.key}: {last} px of columns, {table.viewport().width()} shown"
                )
    assert found == [], "\n".join(found)


def dialogs(view: KioskView):
    """One of each dialog the kiosk opens, filled as a clerk or manager would meet it."""
    till = view.till
    yield NumberDialog(view, "Số lượng", "Nhập số lượng", lambda n: None)
    yield NumberDialog(view, "PIN quản lý", "Nhập PIN của quản lý", lambda p: None, password=True)
    yield DiscountDialog(view, "Giảm giá cho cả đơn", lambda **kw: None)
    till.scan(FISH_SAUCE)
    till.park()
    till.scan(FISH_SAUCE_750)
    till.park()
    yield RecallDialog(view, till.parked())
    yield AmountDialog(view, "Chi tiền", ("Mua túi nilon", "Trả tiền điện"), lambda a, r: None)
    yield ConfirmDialog(view, "Hủy đơn", "Hủy đơn hàng này? " * 8, "Hủy đơn")
    yield OpenShiftDialog(view, lambda notes, pin: None, needs_manager=True)
    ctx = view.backoffice.section("products").ctx
    yield StockConfirmDialog(view, "Xác nhận phiếu nhập? " * 8, "Xác nhận", lambda: None)
    yield ProducerFormDialog(view, ctx)
    provinces = view.backoffice.section("products")._provinces()
    yield ProductFormDialog(view, ctx, provinces=provinces)
    product = ctx.stock.receipts.find(FISH_SAUCE)
    yield ProductFormDialog(view, ctx, product, provinces=provinces)


def test_every_dialog_when_on_a_1024x768_screen_fits_it(qtbot, view):
    sign_in(qtbot, view, "Hà", "9999")
    view.show_backoffice()
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    found = []
    for dialog in dialogs(view):
        dialog.show()
        found += too_big(dialog, type(dialog).__name__)
        dialog.close()
        dialog.deleteLater()
    assert found == [], "\n".join(found)
