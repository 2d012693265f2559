"""The banner floats over the window's foot: a notice never moves a widget under the clerk's
finger, a tap puts it away, and it belongs to whoever caused it (sign-in, sign-out and a
language change clear it)."""

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from kiosk import i18n
from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, sign_in, wedge_scan


def places(view) -> dict[QWidget, QPoint]:
    """Where each widget shown in the window's screen stack is, in window coordinates."""
    return {
        w: w.mapTo(view, QPoint(0, 0))
        for w in view.stack.findChildren(QWidget)
        if w.isVisibleTo(view)
    }


def settled_places(qtbot, view) -> dict[QWidget, QPoint]:
    """``places`` once the screen has stopped laying itself out (a busy machine is slow)."""
    now = places(view)
    for _i in range(20):
        qtbot.wait(50)
        now, last = places(view), now
        if now == last:
            break
    return now


def test_notice_when_shown_and_cleared_moves_no_widget(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    before = settled_places(qtbot, window)  # the tiles laid out
    pay_at = window.sale.pay.mapTo(window, QPoint(0, 0))
    window.notices.warning("Hết giấy in: thay cuộn giấy rồi in lại hóa đơn.")
    qtbot.wait(100)
    assert window.banner.isVisible()
    assert places(window) == before
    assert window.sale.pay.mapTo(window, QPoint(0, 0)) == pay_at
    banner = window.banner.geometry()
    assert window.rect().contains(banner)  # on the screen,
    assert window.childAt(banner.center()) is window.banner  # and over what is under it
    window.notices.clear()
    qtbot.wait(100)
    assert places(window) == before


def test_banner_when_tapped_goes_away(qtbot, window):
    sign_in(qtbot, window)
    window.notices.warning("Xem lại số lượng.")
    click(qtbot, window.banner)
    assert not window.banner.isVisible()
    assert window.notices.kind == ""


def test_banner_when_the_clerk_signs_out_and_the_next_signs_in_is_cleared(qtbot, window):
    sign_in(qtbot, window)
    window.notices.warning("Mã vạch không có trong danh mục.")
    window.sign_out()
    assert not window.banner.isVisible()
    window.notices.warning("Sai mã PIN.")
    sign_in(qtbot, window, "Minh", "2222")
    assert not window.banner.isVisible()
    assert window.notices.text == ""


def test_banner_when_the_language_changes_is_cleared(qtbot, window):
    sign_in(qtbot, window)
    window.notices.warning("Mã vạch không có trong danh mục.")
    click(qtbot, window.language)
    assert i18n.get_language() == "en"
    assert not window.banner.isVisible()
