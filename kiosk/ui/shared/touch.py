"""Sizes for fingers that a style sheet cannot give: the rows of a combo box's list, the days
of a date picker's calendar, and the touch table every list screen uses.
Installed once on the application, so every one of them, in any screen or dialog, gets these
sizes without each screen remembering to ask."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QProxyStyle,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

TOUCH_PX = 44
_POLISHED = (QComboBox, QCalendarWidget)


class TouchRowDelegate(QStyledItemDelegate):
    """Draws a combo box's row as usual, at least 44 px high."""

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), TOUCH_PX))


class TouchStyle(QProxyStyle):
    """The application's style, with combo boxes' rows and calendars' days sized for a finger
    as each is polished.

    Scroll bars are the style sheet's (resources/style/kiosk.qss): sizes answered here by
    overriding pixelMetric and sizeFromContents cost a trip from Qt into Python for every size
    any widget asked (~8,000 while the kiosk started, ~12 ms)."""

    def polish(self, target):
        # Every widget is polished here once (and again when its style changes): no
        # application event filter, which saw every event of every object (~150 a scan).
        if isinstance(target, _POLISHED):
            _polish_for_touch(target)
        return super().polish(target)


def _polish_for_touch(widget: QWidget) -> None:
    """A combo box's rows and a calendar's days sized for a finger, when the widget is polished."""
    if isinstance(widget, QComboBox) and not isinstance(widget.itemDelegate(), TouchRowDelegate):
        widget.setItemDelegate(TouchRowDelegate(widget))
    elif isinstance(widget, QCalendarWidget):
        # Seven columns of days and a row of weekday names under the month bar.
        widget.setMinimumSize(7 * (TOUCH_PX + 6), 7 * (TOUCH_PX + 4) + TOUCH_PX)


def install(app: QApplication) -> None:
    if not isinstance(app.style(), TouchStyle):
        app.setStyle(TouchStyle())  # the platform's style underneath


def touch_button(label: str = "", name: str = "", height: int = 56) -> QPushButton:
    """A button for a finger that never takes the keyboard focus (a scan must not press it)."""
    button = QPushButton(label)
    if name:
        button.setObjectName(name)
    button.setMinimumHeight(height)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def touch_table(model, widths: dict[int, int] | None = None, stretch: int = 0) -> QTableView:
    """A touch table of ``model``: whole rows selected, the column ``stretch`` (the first by default) stretched, the
    others of ``widths`` (fixed: sizing to contents reads every cell at every change)."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(44)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in (widths or {}).items():
        view.setColumnWidth(column, width)
    return view
