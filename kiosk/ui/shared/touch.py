"""Sizes for fingers that a style sheet cannot give: the rows of a combo box's list and the days
of a date picker's calendar, and the touch table every list screen uses.
Installed once on the application, so every one of them, in any screen or dialog, gets these
sizes without each screen remembering to ask."""

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
)

TOUCH_PX = 44


class TouchRowDelegate(QStyledItemDelegate):
    """Draws a combo box's row as usual, at least 44 px high."""

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), TOUCH_PX))


class TouchSizes(QObject):
    """An application-wide event filter; holds nothing."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish:
            if isinstance(watched, QComboBox) and not isinstance(
                watched.itemDelegate(), TouchRowDelegate
            ):
                watched.setItemDelegate(TouchRowDelegate(watched))
            elif isinstance(watched, QCalendarWidget):
                # Seven columns of days and a row of weekday names under the month bar.
                watched.setMinimumSize(7 * (TOUCH_PX + 6), 7 * (TOUCH_PX + 4) + TOUCH_PX)
        return False


def install(app: QApplication) -> None:
    if app.property("touch_sizes") is None:
        sizes = TouchSizes(app)
        app.installEventFilter(sizes)
        app.setProperty("touch_sizes", True)


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


def touch_button(label: str = "", name: str = "", height: int = 56) -> QPushButton:
    """A button for a finger: tall, and never taking the keyboard focus from a scan field."""
    button = QPushButton(label)
    if name:
        button.setObjectName(name)
    button.setMinimumHeight(height)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button
