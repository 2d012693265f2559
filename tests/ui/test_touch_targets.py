"""Every control a finger has to hit is at least 44x44 px at 1024x768, on every screen, section
and dialog: buttons, fields, checkboxes, the rows of a combo box's list, date pickers and their
calendar, the note counts, and the scroll bars (44 px across, with a 44 px handle)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QScrollBar,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)

from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750
from tests.ui.helpers import sign_in
from tests.ui.test_small_screen import (
    _owner,
    dialogs,
    settle,
    view,  # noqa: F401 (the fixture the tests take)
)

TOUCH = 44
INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)


def small_targets(root: QWidget, what: str) -> list[str]:
    """The controls shown under ``root`` that a finger could miss."""
    settle(root)
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isEnabled():
            continue
        name = f"{what}: {type(widget).__name__} {widget.objectName()!r} in {_owner(widget)}"
        if isinstance(widget, QScrollBar):
            found += _scroll_bar(widget, name)
            continue
        small = widget.width() < TOUCH or widget.height() < TOUCH
        if isinstance(widget, INTERACTIVE) and not _inside_spin_box(widget) and small:
            found.append(f"{name} is {widget.width()}x{widget.height()}")
        if isinstance(widget, QComboBox) and widget.count():
            row = widget.view().sizeHintForRow(0)
            if row < TOUCH:
                found.append(f"{name}: its list's rows are {row} px high")
        if isinstance(widget, QDateEdit) and widget.calendarPopup():
            found += _calendar(widget.calendarWidget(), name)
    return found


def _scroll_bar(bar: QScrollBar, name: str) -> list[str]:
    """A bar as thick as a finger, and a handle as long as one."""
    across = bar.width() if bar.orientation() == Qt.Orientation.Vertical else bar.height()
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    handle = bar.style().subControlRect(
        QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, bar
    )
    along = handle.height() if bar.orientation() == Qt.Orientation.Vertical else handle.width()
    if across < TOUCH or (bar.maximum() > bar.minimum() and along < TOUCH - 8):
        return [f"{name} is {across} px across, its handle {along} px long"]
    return []


def _inside_spin_box(widget: QWidget) -> bool:
    """A spin box's or a combo box's own line edit: the box around it is the target."""
    return isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)


def _calendar(calendar: QCalendarWidget, name: str) -> list[str]:
    calendar.show()  # as its popup does when the field is pressed
    calendar.resize(calendar.sizeHint().expandedTo(calendar.minimumSize()))
    for _i in range(3):
        QApplication.processEvents()
    days = calendar.findChild(QAbstractItemView)
    row, column = days.rowHeight(1), days.columnWidth(1)
    calendar.hide()
    if min(row, column) < TOUCH:
        return [f"{name}: its calendar's days are {column}x{row}"]
    return []


def test_every_screen_and_section_when_on_a_1024x768_screen_has_finger_sized_controls(
    qtbot,
    view,  # noqa: F811
):
    found = small_targets(view, "sign-in")
    sign_in(qtbot, view, "Hà", "9999")
    view.till.scan(FISH_SAUCE)
    view.till.scan(FISH_SAUCE_750)
    view.sale.refresh()
    found += small_targets(view, "sale")
    view.sale.catalogue.search.setText("nuoc mam")
    found += small_targets(view, "search results")
    view.sale.catalogue.search.clear()
    view.show_payment()
    for method in ("vietqr", "card", "cash"):
        view.payment.show_method(method)
        found += small_targets(view, f"payment by {method}")
    view.show_settings()
    found += small_targets(view, "settings")
    view.show_sale()
    view.show_backoffice()
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    for section in view.backoffice.sections:
        view.backoffice.show_section(section.key)
        found += small_targets(view, section.key)
    assert found == [], f"{len(found)} small targets:\n" + "\n".join(found)


def test_every_dialog_when_on_a_1024x768_screen_has_finger_sized_controls(qtbot, view):  # noqa: F811
    sign_in(qtbot, view, "Hà", "9999")
    view.show_backoffice()
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    found = []
    for dialog in dialogs(view):
        dialog.show()
        found += small_targets(dialog, type(dialog).__name__)
        dialog.close()
        dialog.deleteLater()
    assert found == [], f"{len(found)} small targets:\n" + "\n".join(found)


def test_a_long_list_when_it_scrolls_has_a_finger_sized_scroll_bar(qtbot, view):  # noqa: F811
    sign_in(qtbot, view, "Hà", "9999")
    long_list = QListWidget(view)
    long_list.addItems([f"row {n}" for n in range(200)])
    long_list.setGeometry(0, 0, 300, 300)
    long_list.show()
    settle(view)
    bar = long_list.verticalScrollBar()
    assert bar.isVisible() and bar.maximum() > 0
    assert _scroll_bar(bar, "a long list") == []
