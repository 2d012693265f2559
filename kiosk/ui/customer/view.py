"""The customer display's window: frameless, filling the screen that faces the customer, one
page per kind of view, with text sized to that screen (an 800x480 pole display and a 1920x1080
monitor both read from a step away).

It never takes the keyboard focus: a wedge scanner types into whatever has focus, and that must
stay the clerk's window.
"""

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.sale.customer_view import AwaitingTransfer, CustomerView, Idle, Lines, Paid
from kiosk.ui.customer.pages import IdlePage, LinesPage, PaidPage, TransferPage

# Pixel sizes at 1024x768; scaled with the screen (see _sheet).
_SIZES = {
    "shop_big": 64,
    "welcome": 34,
    "shop_small": 24,
    "row": 30,
    "summary": 22,
    "total_label": 34,
    "total": 60,
    "heading": 28,
    "amount": 56,
    "detail": 28,
    "label": 20,
    "thanks": 50,
    "paid": 32,
    "change": 72,
}


def _sheet(unit: float) -> str:
    """The window's style at ``unit`` times the 1024x768 sizes."""
    px = {k: max(12, round(v * unit)) for k, v in _SIZES.items()}
    pad = max(6, round(14 * unit))
    return f"""
#customerDisplay {{ background: #f3f5f2; }}
#cdIdle {{ background: #1f6b45; }}
#cdShopBig {{ color: white; font-size: {px["shop_big"]}px; font-weight: bold; }}
#cdWelcome {{ color: #dff3e6; font-size: {px["welcome"]}px; }}
#cdShopSmall {{ background: #1f6b45; color: white; font-size: {px["shop_small"]}px;
    font-weight: bold; padding: {pad // 2}px {pad}px; }}
#cdMore {{ color: #66756d; font-size: {px["summary"]}px; padding: 0 {pad}px; }}
#cdRows {{ background: white; }}
#cdRow, #cdRowLatest {{ font-size: {px["row"]}px; padding: 0 {pad}px;
    border-bottom: 1px solid #edf1ee; }}
#cdRowLatest {{ background: #cfe9da; font-weight: bold; }}
#cdTotalBar {{ background: #e6ede8; border-top: 2px solid #1f6b45; }}
#cdSummary {{ color: #3b5146; font-size: {px["summary"]}px; }}
#cdTotalLabel {{ font-size: {px["total_label"]}px; font-weight: bold; }}
#cdTotal {{ color: #1f6b45; font-size: {px["total"]}px; font-weight: bold; }}
#cdTransfer {{ background: white; }}
#cdHeading {{ color: #3b5146; font-size: {px["heading"]}px; font-weight: bold; }}
#cdAmount {{ color: #1f6b45; font-size: {px["amount"]}px; font-weight: bold; }}
#cdDetailLabel {{ color: #66756d; font-size: {px["label"]}px; }}
#cdDetail {{ font-size: {px["detail"]}px; font-weight: bold; }}
#cdStatus {{ background: #fff8e1; border: 1px solid #f2c94c; border-radius: 8px;
    font-size: {px["detail"]}px; padding: {pad // 2}px; }}
#cdPaid {{ background: white; }}
#cdThanks {{ color: #1f6b45; font-size: {px["thanks"]}px; font-weight: bold; }}
#cdPaidLabel, #cdPaidValue {{ font-size: {px["paid"]}px; }}
#cdChangeLabel {{ font-size: {px["paid"]}px; font-weight: bold; }}
#cdChange {{ color: #b35c00; font-size: {px["change"]}px; font-weight: bold; }}
"""


class CustomerDisplayView(QWidget):
    """State: the view drawn (a CustomerView from kiosk.core.sale.customer_view)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("customerDisplay")
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWindowTitle("OCOP Kiosk")
        self.idle_page, self.lines_page = IdlePage(), LinesPage()
        self.transfer_page, self.paid_page = TransferPage(), PaidPage()
        self.pages = QStackedWidget()
        for page in (self.idle_page, self.lines_page, self.transfer_page, self.paid_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.view: CustomerView | None = None
        self._unit = 0.0
        self._scale()

    def show_view(self, view: CustomerView) -> None:
        """Draw ``view`` on its page and bring that page up."""
        self.view = view
        page = {
            Idle: self.idle_page,
            Lines: self.lines_page,
            AwaitingTransfer: self.transfer_page,
            Paid: self.paid_page,
        }[type(view)]
        page.draw(view)  # type: ignore[attr-defined]
        self.pages.setCurrentWidget(page)

    def place_on(self, screen) -> None:
        """Fill ``screen`` (a QScreen, or anything with a geometry() in tests) and show."""
        real = isinstance(screen, QScreen)
        if real:
            self.setScreen(screen)
        geometry: QRect = screen.geometry()
        self.setGeometry(geometry)  # with no window manager, full screen is only this
        if real:  # not showFullScreen(): it activates the window, taking the till's focus
            self.setWindowState(Qt.WindowState.WindowFullScreen)
        self.show()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        unit = round(min(self.width() / 1024, self.height() / 768), 2)
        unit = max(0.5, unit)
        if unit == self._unit:
            return
        self._unit = unit
        self.setStyleSheet(_sheet(unit))
        self.lines_page.row_height = max(32, round(_SIZES["row"] * unit * 1.9))
        margin = round(40 * unit)
        self.lines_page.total_layout.setContentsMargins(margin // 2, 8, margin // 2, 8)
        self.paid_page.layout().setContentsMargins(margin, margin, margin, margin)
        self.idle_page.layout().setContentsMargins(margin, margin, margin, margin)
        self.transfer_page.set_margin(margin * 3 // 4)
        if self.view is not None:
            self.show_view(self.view)
