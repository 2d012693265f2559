"""Pages shown one at a time like QStackedWidget's, except that the first page is never hidden:
another page is shown over it, covering it.

The sale screen's catalogue switches from its tiles to the search results at the first letter
typed, which is the keystroke a clerk waits for most. QStackedWidget hides the page it leaves, and
hiding a page sends a hide event to each of its widgets (the tiles page has over a hundred, each
seen by the application's key and touch filters in Python), then turns updates off and on again
across the whole stack: about a millisecond of the first letter's 4.5. Covering the tiles
costs a hide and a show of the few widgets of the results page instead.

The pages should be CoverPage widgets: they paint every pixel of their own, so Qt knows them to
be opaque and never paints the page beneath where it is covered (nor the window under either).
"""

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget


class CoverPage(QWidget):
    """A page that paints every pixel of its own, in its palette's window colour (the style
    sheet's background for it), so that Qt paints nothing beneath it. Holds nothing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # Not autoFillBackground: the style sheet's polish turns it off again.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event) -> None:
        QPainter(self).fillRect(event.rect(), self.palette().window())


class CoveringStackView(QWidget):
    """State: the pages (the first one beneath, the others over it) and the current index.

    The pages are placed by hand, each over the whole view, not by a layout: showing a widget
    that sits in a layout makes Qt lay out again every layout from there up to the window (the
    cart, its totals, the buttons: over a hundred style look-ups in Python) before the widget
    appears. A view without a layout stops that at itself.
    """

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._current = -1

    def addWidget(self, page: QWidget) -> int:
        """Add ``page`` (the first one added is the one beneath); returns its index."""
        page.setParent(self)
        page.setGeometry(self.rect())
        self._pages.append(page)
        if len(self._pages) == 1:
            self._current = 0
            page.show()
        else:
            page.hide()
        self.updateGeometry()
        return len(self._pages) - 1

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget | None:
        return self._pages[index] if 0 <= index < len(self._pages) else None

    def currentIndex(self) -> int:
        return self._current

    def currentWidget(self) -> QWidget | None:
        return self.widget(self._current)

    def setCurrentIndex(self, index: int) -> None:
        if index == self._current or not 0 <= index < len(self._pages):
            return
        if self._current > 0:
            self._pages[self._current].hide()  # focus inside it moves on, as Qt does at a hide
        page = self._pages[index]
        if index > 0:
            page.raise_()
            page.show()
        self._current = index
        self.currentChanged.emit(index)

    # As QStackedWidget's: every page over the whole view, as big as the biggest page needs.
    def resizeEvent(self, event) -> None:
        for page in self._pages:
            page.setGeometry(self.rect())

    def sizeHint(self) -> QSize:
        return self._largest(lambda page: page.sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._largest(lambda page: page.minimumSizeHint().expandedTo(page.minimumSize()))

    def _largest(self, size) -> QSize:
        largest = QSize(0, 0)
        for page in self._pages:
            largest = largest.expandedTo(size(page))
        return largest
