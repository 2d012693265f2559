"""Sizes for fingers that a style sheet cannot give: the rows of a combo box's list, the days
of a date picker's calendar, scroll bars, and the touch table every list screen uses.
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
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

TOUCH_PX = 44
_POLISHED = (QComboBox, QCalendarWidget)
_TOUCH_METRICS = frozenset(
    (QStyle.PixelMetric.PM_ScrollBarExtent, QStyle.PixelMetric.PM_ScrollBarSliderMin)
)
# Sizes the base style gives whatever the widget, without a style option (scaled for the
# default screen only): the line edit's icon sizes, which it asks for at every key.
_CONSTANT_METRICS = frozenset(
    (
        QStyle.PixelMetric.PM_SmallIconSize,
        QStyle.PixelMetric.PM_LineEditIconSize,
        QStyle.PixelMetric.PM_LineEditIconMargin,
    )
)


class TouchRowDelegate(QStyledItemDelegate):
    """Draws a combo box's row as usual, at least 44 px high."""

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), TOUCH_PX))


class TouchStyle(QProxyStyle):
    """The application's style with scroll bars a finger can hold: 44 px across, arrow buttons
    and handle 44 px long.

    Done in the style rather than the style sheet: a style-sheet scroll bar asks for two arrows'
    and a handle's length (three finger-widths, 132 px) as its size hint, which every list and
    table then asks for as its minimum, and the 1024x768 screens stop fitting. Here a bar asks
    for a little more than its handle and gets whatever length its view has."""

    def __init__(self, *args):
        super().__init__(*args)
        self._constants: dict = {}

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        if metric in _TOUCH_METRICS:
            return TOUCH_PX
        if option is None and metric in _CONSTANT_METRICS:
            # Asked ~15 times per key typed into a line edit, each a trip through Qt and back.
            value = self._constants.get(metric)
            if value is None:
                value = self._constants[metric] = super().pixelMetric(metric, None, widget)
            return value
        return super().pixelMetric(metric, option, widget)

    def polish(self, target):
        # Every widget is polished here once (and again when its style changes): no
        # application event filter, which saw every event of every object (~150 a scan).
        if isinstance(target, _POLISHED):
            _polish_for_touch(target)
        return super().polish(target)

    def sizeFromContents(self, kind, option, size, widget=None) -> QSize:
        if kind == QStyle.ContentsType.CT_ScrollBar:
            along = TOUCH_PX + 16
            return (
                QSize(TOUCH_PX, along) if size.width() <= size.height() else QSize(along, TOUCH_PX)
            )
        return super().sizeFromContents(kind, option, size, widget)


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
