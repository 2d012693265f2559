"""The keyboard in a dialog, as a clerk with a USB keypad (or a scanner's Enter) meets it:
Enter does what the dialog's OK button does, a refusal is shown in the dialog, which stays open,
and nothing else (Cancel, a keypad key) is pressed by the Enter."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk.core.errors import InvalidAmount
from kiosk.ui.backoffice.widgets import AmountDialog, ConfirmDialog, OpenShiftDialog
from kiosk.ui.shared.dialogs import DiscountDialog, NumberDialog, RecallDialog
from kiosk.ui.stock.common import ConfirmDialog as StockConfirmDialog


@pytest.fixture
def host(qtbot, qapp):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def press_enter(qtbot, dialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)


def test_number_dialog_when_enter_is_pressed_on_a_refused_value_shows_why_and_stays(qtbot, host):
    calls = []

    def apply(n: int) -> None:
        calls.append(n)
        if n > 100:
            raise InvalidAmount(text=str(n))

    dialog = NumberDialog(host, "Số lượng", "Nhập số lượng", apply)
    dialog.entry.setText("500")
    press_enter(qtbot, dialog)
    assert calls == [500]  # once, not twice
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.error.text() != ""
    dialog.entry.setText("12")
    QTest.keyClick(dialog.entry, Qt.Key.Key_Enter)  # the keypad's Enter
    assert calls == [500, 12]
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted


@pytest.mark.parametrize(
    "make",
    [
        lambda host, ok: DiscountDialog(host, "Giảm giá", lambda **kw: ok.append(kw)),
        lambda host, ok: AmountDialog(host, "Chi tiền", ("Mua túi",), lambda a, r: ok.append(a)),
    ],
)
def test_entry_dialogs_when_enter_is_pressed_do_what_ok_does(qtbot, host, make):
    applied = []
    dialog = make(host, applied)
    dialog.entry.setText("10")
    press_enter(qtbot, dialog)
    assert len(applied) == 1
    assert dialog.result() == dialog.DialogCode.Accepted


def test_confirmations_when_enter_is_pressed_answer_yes(qtbot, host):
    ran = []
    stock = StockConfirmDialog(host, "Xác nhận phiếu nhập?", "Xác nhận", lambda: ran.append(1))
    press_enter(qtbot, stock)
    assert ran == [1] and stock.result() == stock.DialogCode.Accepted
    office = ConfirmDialog(host, "Hủy đơn", "Hủy đơn này?", "Hủy đơn")
    press_enter(qtbot, office)
    assert office.result() == office.DialogCode.Accepted


def test_open_shift_dialog_when_enter_is_pressed_opens_or_shows_why(qtbot, host):
    calls = []

    def apply(notes, pin):
        calls.append(pin)
        if pin != "2222":
            raise InvalidAmount(text="PIN")

    dialog = OpenShiftDialog(host, apply, needs_manager=True)
    dialog.pin.setText("1")
    dialog.show()
    dialog.pin.setFocus()
    QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert calls == ["1"] and dialog.isVisible() and dialog.error.text()
    dialog.pin.setText("2222")
    QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert calls == ["1", "2222"] and dialog.result() == dialog.DialogCode.Accepted


def test_recall_dialog_when_enter_is_pressed_recalls_the_chosen_cart(qtbot, host, till):
    till.sign_in("Lan", "1111")
    till.scan("8939101000010")
    till.park()
    dialog = RecallDialog(host, till.parked())
    press_enter(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.chosen is not None


def test_manager_pin_dialog_when_a_letter_is_typed_takes_digits_only(qtbot, host):
    tried = []
    dialog = NumberDialog(host, "PIN quản lý", "PIN", tried.append, password=True)
    dialog.show()
    QTest.keyClicks(dialog.entry, "22a2b2")
    assert dialog.entry.text() == "2222"
    QTest.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert tried == ["2222"]
