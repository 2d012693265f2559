"""Layouts that reflow for the room a touch screen has: a 1024x768 terminal has a third less
width than a 1366x768 one, and nothing may scroll sideways on either."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)


class SideBySide(QWidget):
    """Two or more parts beside each other when the widget is at least ``wide`` px, one above
    the other when it is narrower (a table with its editor, a list with its form)."""

    def __init__(self, wide: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.wide = wide
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)

    @property
    def beside(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event) -> None:
        direction = (
            QBoxLayout.Direction.LeftToRight
            if event.size().width() >= self.wide
            else QBoxLayout.Direction.TopToBottom
        )
        if direction != self.box.direction():
            self.box.setDirection(direction)
        super().resizeEvent(event)


def button_rows(buttons: Sequence[QWidget], per_row: int) -> QLayout:
    """``buttons`` in rows of ``per_row``, each as wide as its share of the row; the last one
    (the main action) takes the rest of the last row."""
    grid = QGridLayout()
    for i, b in enumerate(buttons):
        row, col = divmod(i, per_row)
        last = i == len(buttons) - 1
        grid.addWidget(b, row, col, 1, per_row - col if last else 1)
    return grid


def scrolling(widget: QWidget, name: str = "") -> QScrollArea:
    """``widget`` in an area that scrolls up and down when the screen is too low for it; its
    width must fit, since nothing on a touch screen should scroll sideways."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def size_to_current(stack: QStackedWidget) -> QStackedWidget:
    """Let ``stack`` ask for the room its shown page needs, not its largest page's: a short
    list page then needs no scrolling because the editor page behind it is tall."""

    def follow(_index: int) -> None:
        for i in range(stack.count()):
            page = stack.widget(i)
            policy = (
                QSizePolicy.Policy.Preferred
                if page is stack.currentWidget()
                else QSizePolicy.Policy.Ignored
            )
            page.setSizePolicy(policy, policy)
        stack.adjustSize()

    stack.currentChanged.connect(follow)
    follow(stack.currentIndex())
    return stack
