"""Sign-in by touch and keyboard, wrong PINs, lock-out, idle lock and sign-out."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.ui.application import make_application
from kiosk.ui.window import KioskView
from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, sign_in, wedge_scan


def test_people_of_the_terminal_are_listed(window):
    names = [
        window.signin.people.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(window.signin.people.count())
    ]
    assert sorted(names) == ["Hà", "Lan", "Minh"]
    assert not window.signin.nobody.isVisible()


def test_a_terminal_with_nobody_yet_says_how_the_installer_adds_the_first_admin(window):
    from sqlalchemy import update

    from db.models import User

    with window.till.session_factory.begin() as s:  # a terminal fresh from its package
        s.execute(update(User).values(active=False))
    window.signin.refresh()
    assert window.signin.people.count() == 0
    assert window.signin.nobody.isVisible()
    assert "ocop-kiosk users add" in window.signin.nobody.text()


def test_keyboard_sign_in_when_pin_typed_and_enter(qtbot, window):
    window.signin.choose("Minh")
    QTest.keyClicks(window.signin.pin, "2222")
    QTest.keyClick(window.signin.pin, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.sale
    assert window.who.text() == "Minh"
    assert "Minh" in window.status.labels["clerk"].text()


def test_wrong_pin_says_how_many_tries_are_left(qtbot, window):
    window.signin.choose("Lan")
    QTest.keyClicks(window.signin.pin, "0000")
    QTest.keyClick(window.signin.pin, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.signin
    assert "4" in window.signin.message.text()
    assert window.signin.pin.text() == ""


def test_lock_out_message_after_too_many_wrong_pins(qtbot, window):
    window.signin.choose("Lan")
    for _ in range(5):
        QTest.keyClicks(window.signin.pin, "0000")
        QTest.keyClick(window.signin.pin, Qt.Key.Key_Return)
    text = window.signin.message.text()
    assert "Lan" in text and ":" in text  # "... Lan can try again at 14:05."
    QTest.keyClicks(window.signin.pin, "1111")  # even the right PIN waits for the lock
    QTest.keyClick(window.signin.pin, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.signin


def test_idle_lock_keeps_the_cart_for_the_same_clerk(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    window.idle.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=2000)
    assert window.signin.people.count() == 1  # only the clerk who locked
    wedge_scan(window, FISH_SAUCE)  # a scan on the lock screen sells nothing
    sign_in(qtbot, window, "Lan", "1111")
    assert window.till.cart.lines[0].quantity == 1


def test_someone_else_after_the_lock_parks_the_cart(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.lock_button)
    click(qtbot, window.signin.other)
    sign_in(qtbot, window, "Minh", "2222")
    assert window.sale.model.rowCount() == 0
    assert len(window.till.parked()) == 1


def test_sign_out_parks_the_cart_and_returns_to_sign_in(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sign_out_button)
    assert window.stack.currentWidget() is window.signin
    assert len(window.till.parked()) == 1
    assert window.notices.kind == "info"


def test_sign_in_screen_when_shown_has_nobody_chosen_and_asks_for_a_name(qtbot, window):
    assert window.signin.people.selectedItems() == []
    assert window.signin.chosen is None
    QTest.keyClicks(window.signin.pin, "9999")  # Hà's PIN: still nobody signs in
    QTest.keyClick(window.signin.pin, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.signin
    assert window.signin.message.text() != ""
    sign_in(qtbot, window, "Lan", "1111")
    window.sign_out()
    assert window.signin.chosen is None  # nor after a sign-out


def test_pin_field_when_a_letter_is_typed_takes_digits_only_and_counts_no_try(qtbot, window):
    window.signin.choose("Lan")
    QTest.keyClicks(window.signin.pin, "1a1b")
    assert window.signin.pin.text() == "11"
    window.signin.pin.setText("1x")  # put there by other means than typing
    click(qtbot, window.signin.pad.ok)
    assert window.stack.currentWidget() is window.signin
    assert window.signin.message.text() != ""
    QTest.keyClicks(window.signin.pin, "0000")  # the first real wrong try
    QTest.keyClick(window.signin.pin, Qt.Key.Key_Return)
    assert "4" in window.signin.message.text()  # four tries left: the letter was not one


def test_manager_unlocks_a_locked_out_clerk_from_the_sign_in_screen(qtbot, window):
    signin = window.signin
    assert not signin.unlock.isVisible()
    signin.choose("Lan")
    for _ in range(5):
        QTest.keyClicks(signin.pin, "0000")
        QTest.keyClick(signin.pin, Qt.Key.Key_Return)
    assert signin.unlock.isVisible() and "Lan" in signin.unlock.text()
    click(qtbot, signin.unlock)
    dialog = signin.dialog
    assert dialog is not None and dialog.manager == "Minh"  # managers before admins
    dialog.entry.setText("2222")
    dialog.submit()
    assert signin.dialog is None or not dialog.isVisible()
    assert not signin.unlock.isVisible()
    assert "Lan" in signin.message.text()
    sign_in(qtbot, window, "Lan", "1111")


@pytest.mark.parametrize("wedge", [True, False])
def test_a_key_or_a_touch_keeps_the_screen_unlocked(qtbot, till, printer, wedge):
    """The idle lock counts any key or touch anywhere, with or without a wedge scanner (one
    application filter watches both)."""
    make_application()
    view = KioskView(till, printer, idle_lock_ms=1000, wedge=wedge)
    qtbot.addWidget(view)
    view.show()
    sign_in(qtbot, view)
    for _ in range(4):  # 2 s of use, each touch or key well within the 1 s
        qtbot.wait(250)
        QTest.keyClick(view.sale.catalogue.search, Qt.Key.Key_A)
        qtbot.wait(250)
        QTest.mouseClick(view.sale.table.viewport(), Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.sale
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.signin, timeout=5000)
    view.close()
