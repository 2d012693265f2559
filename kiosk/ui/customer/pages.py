"""The customer display's pages, one per kind of view: the shop's name, the lines and total, the
VietQR code, the thanks and change. Each page draws one frozen view from
:mod:`kiosk.core.sale.customer_view` and nothing else; sizes come from the window's style.
"""

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.sale.customer_view import (
    AwaitingTransfer,
    Idle,
    Lines,
    Paid,
    ShownLine,
    label,
    money,
    quantity,
)
from kiosk.ui.shared.qr import qr_pixmap

MIN_QR = 160


def _label(name: str, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> QLabel:
    widget = QLabel()
    widget.setObjectName(name)
    widget.setAlignment(align)
    return widget


def _cut(widget: QLabel) -> QLabel:
    """A label whose text is cut to the room it gets, never one that widens the screen."""
    widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return widget


_CENTRE = Qt.AlignmentFlag.AlignCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class IdlePage(QFrame):
    """The shop's name, large, and a welcome."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cdIdle")
        self.shop = _label("cdShopBig", _CENTRE)
        self.shop.setWordWrap(True)
        self.welcome = _label("cdWelcome", _CENTRE)
        self.welcome.setWordWrap(True)
        v = QVBoxLayout(self)
        v.addStretch(2)
        v.addWidget(self.shop)
        v.addSpacing(24)
        v.addWidget(self.welcome)
        v.addStretch(3)

    def draw(self, view: Idle) -> None:
        self.shop.setText(view.shop_name)
        self.welcome.setText(label("welcome", view.lang, sep="\n"))


class LinesPage(QFrame):
    """The sale's lines as they are scanned, as many as the page has room for with the latest
    among them, and the total under them in the largest figures."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cdLines")
        self.shop = _cut(_label("cdShopSmall"))
        self.rows_box = QFrame()
        self.rows_box.setObjectName("cdRows")
        # The rows fill what the page has; they never make it taller (see _draw_rows).
        self.rows_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.rows = QGridLayout(self.rows_box)
        self.rows.setColumnStretch(0, 1)
        self.rows.setSpacing(0)
        self.more = _label("cdMore")  # lines above those shown
        self.more_below = _label("cdMore")
        self.summary = _label("cdSummary")
        self.total_label = _label("cdTotalLabel")
        self.total = _label("cdTotal", _RIGHT)
        total_bar = QFrame()
        total_bar.setObjectName("cdTotalBar")
        t = self.total_layout = QGridLayout(total_bar)
        t.addWidget(self.summary, 0, 0, 1, 2)
        t.addWidget(self.total_label, 1, 0)
        t.addWidget(self.total, 1, 1)
        t.setColumnStretch(1, 1)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        v.addWidget(self.shop)
        v.addWidget(self.more)
        v.addWidget(self.rows_box, 1)
        v.addWidget(self.more_below)
        v.addWidget(total_bar)
        self.row_height = 48
        self.shown: list[int] = []  # the line ids on screen, top to bottom
        self._view: Lines | None = None

    def draw(self, view: Lines) -> None:
        self._view = view
        self.shop.setText(view.shop_name)
        self.total_label.setText(label("total", view.lang))
        self.total.setText(money(view.total_vnd, view.lang))
        summary = f"{label('items', view.lang)}: {view.item_count}"
        if view.discount_vnd:
            summary += (
                f"  ·  {label('discount', view.lang)}: −{money(view.discount_vnd, view.lang)}"
            )
        self.summary.setText(summary)
        self._draw_rows()

    def _draw_rows(self) -> None:
        view = self._view
        if view is None:
            return
        room = max(1, (self.rows_box.height() - 8) // self.row_height)
        lines = view.lines
        latest = next((i for i, ln in enumerate(lines) if ln.line_id == view.latest_id), None)
        end = len(lines)
        if latest is not None and latest < end - room:  # keep the line that changed in view
            end = max(latest + 1, room)
        start = max(0, end - room)
        visible = lines[start:end]
        self.shown = [ln.line_id for ln in visible]
        self._clear_rows()
        for row, line in enumerate(visible):
            self._add_row(row, line, view.lang, line.line_id == view.latest_id)
        self.rows.setRowStretch(len(visible), 1)
        below = len(lines) - end
        self.more.setVisible(start > 0)
        self.more.setText(f"+ {start} …")
        self.more_below.setVisible(below > 0)
        self.more_below.setText(f"+ {below} …")

    def _clear_rows(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for r in range(self.rows.rowCount()):
            self.rows.setRowStretch(r, 0)

    def _add_row(self, row: int, line: ShownLine, lang: str, latest: bool) -> None:
        name = "cdRowLatest" if latest else "cdRow"
        cells = (
            _cut(_label(name)),
            _label(name, _RIGHT),
            _label(name, _RIGHT),
        )
        for column, cell in enumerate(cells):
            cell.setFixedHeight(self.row_height)
            self.rows.addWidget(cell, row, column)
            cell.ensurePolished()  # the display's font sizes, before the name is measured
        cells[0].setText(self._fitted(cells[0], line.name(lang)))
        qty = quantity(line, lang)
        cells[1].setText(qty if line.unit == "gram" else f"× {qty}")
        cells[2].setText(money(line.amount_vnd, lang))

    def _fitted(self, cell: QLabel, name: str) -> str:
        """The name cut with an ellipsis to the room the amounts leave it."""
        width = int(self.rows_box.width() * 0.55)
        return cell.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, max(80, width))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._draw_rows()


class QrCodeView(QWidget):
    """A QR code as large as the widget allows, in whole pixels per module so every phone
    camera reads it off the screen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cdQr")
        self.setMinimumSize(MIN_QR, MIN_QR)
        self._code: QPixmap | None = None  # one pixel per module, drawn scaled up

    def set_payload(self, payload: str) -> None:
        self._code = qr_pixmap(payload, 1)
        self.update()

    def code_side(self) -> int:
        """How many pixels wide the code is drawn at the widget's size."""
        if self._code is None:
            return 0
        modules = self._code.width()
        return max(1, min(self.width(), self.height()) // modules) * modules

    def sizeHint(self) -> QSize:
        return QSize(480, 480)

    def paintEvent(self, event) -> None:
        if self._code is None:
            return
        side = self.code_side()
        painter = QPainter(self)
        # No smoothing: each module stays a sharp square of whole pixels.
        target = QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)
        painter.drawPixmap(target, self._code)
        painter.end()


class TransferPage(QFrame):
    """The VietQR code, as large as the screen's height allows, beside the amount, the bank, the
    account, the holder's name and the reference; a status line when the till has one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cdTransfer")
        self.qr = QrCodeView()
        self.margin = 0
        self.heading = _label("cdHeading")
        self.heading.setWordWrap(True)
        self.amount = _label("cdAmount")
        self.total = _label("cdDetail")
        self.total.setWordWrap(True)
        self.details: dict[str, tuple[QLabel, QLabel]] = {}
        grid = QVBoxLayout()  # each name over its value: the values get the column's width
        grid.setSpacing(0)
        for key in ("bank", "account", "account_name", "reference"):
            name, value = _label("cdDetailLabel"), _label("cdDetail")
            name.setWordWrap(True)
            value.setWordWrap(True)
            grid.addSpacing(8)
            grid.addWidget(name)
            grid.addWidget(value)
            self.details[key] = (name, value)
        self.status = _label("cdStatus")
        self.status.setWordWrap(True)
        side = QVBoxLayout()
        side.addStretch(1)
        for w in (self.heading, self.amount, self.total):
            side.addWidget(w)
        side.addSpacing(12)
        side.addLayout(grid)
        side.addWidget(self.status)
        side.addStretch(1)
        h = QHBoxLayout(self)
        h.setSpacing(32)
        h.addWidget(self.qr)
        h.addLayout(side, 1)

    def set_margin(self, margin: int) -> None:
        self.margin = margin
        self.layout().setContentsMargins(margin, margin, margin, margin)
        self._size_code()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_code()

    def _size_code(self) -> None:
        """The code takes the page's height, unless the amount beside it needs the width."""
        room = self.width() - 2 * self.margin - self.layout().spacing()
        details = max(self.amount.sizeHint().width(), room * 2 // 5)
        side = min(self.height() - 2 * self.margin, room - details)
        self.qr.setFixedWidth(max(MIN_QR, side))

    def draw(self, view: AwaitingTransfer) -> None:
        lang = view.lang
        self.qr.set_payload(view.payload)
        self.heading.setText(label("scan_to_pay", lang, sep="\n"))
        self.amount.setText(money(view.amount_vnd, lang))
        split = view.amount_vnd != view.total_vnd
        self.total.setVisible(split)
        self.total.setText(f"{label('total', lang)}: {money(view.total_vnd, lang)}")
        values = {
            "bank": view.bank_name,
            "account": view.account,
            "account_name": view.account_name,
            "reference": view.reference,
        }
        for key, (name, value) in self.details.items():
            name.setText(label(key, lang))
            value.setText(values[key])
            name.setVisible(bool(values[key]))
            value.setVisible(bool(values[key]))
        self.status.setText(view.status)
        self.status.setVisible(bool(view.status))
        self._size_code()


class PaidPage(QFrame):
    """Thanks, the total, what the customer paid and, largest, the change."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cdPaid")
        self.thanks = _label("cdThanks", _CENTRE)
        self.thanks.setWordWrap(True)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        for row, key in enumerate(("total", "customer_paid", "change")):
            big = key == "change"
            self.labels[key] = _label("cdChangeLabel" if big else "cdPaidLabel")
            self.labels[key].setWordWrap(True)
            self.values[key] = _label("cdChange" if big else "cdPaidValue", _RIGHT)
            grid.addWidget(self.labels[key], row, 0)
            grid.addWidget(self.values[key], row, 1)
        grid.setColumnStretch(1, 1)
        v = QVBoxLayout(self)
        v.addStretch(1)
        v.addWidget(self.thanks)
        v.addSpacing(32)
        v.addLayout(grid)
        v.addStretch(1)

    def draw(self, view: Paid) -> None:
        lang = view.lang
        self.thanks.setText(label("thank_you", lang, sep="\n"))
        amounts = {"total": view.total_vnd, "customer_paid": view.paid_vnd}
        amounts["change"] = view.change_vnd
        for key, value in amounts.items():
            self.labels[key].setText(label(key, lang))
            self.values[key].setText(money(value, lang))
        for key in ("customer_paid", "change"):  # a transfer to the đồng has neither
            self.labels[key].setVisible(bool(view.change_vnd))
            self.values[key].setVisible(bool(view.change_vnd))
