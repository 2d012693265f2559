"""Every control a finger has to hit is at least 44x44 px at 1024x768, on every screen, section
and dialog: buttons, fields, checkboxes, the rows of a combo box's list, date pickers and their
calendar, the note counts. Scroll bars are not checked yet: a 44 px bar costs the tables of a
1024x768 screen their number columns."""

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QScrollBar,
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
            continue  # not yet: a 44 px bar costs the 1024x768 tables their number columns
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
