"""The top of the kiosk window: the header bar (the shop, who is signed in, the window's
buttons) and the banner that floats over the window's foot with the latest message to the clerk.
"""

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk import i18n
from kiosk.i18n import _
from kiosk.ui.shared.notices import Notices

BANNER_MS = 8_000
BANNER_MIN_HEIGHT = 56  # the status bar's height: it covers that, and no more if it can


def _header_button(name: str = "headerButton") -> QPushButton:
    """A header button: wide enough for a finger, and never taking the focus from the till."""
    b = QPushButton()
    b.setObjectName(name)
    b.setMinimumSize(120, 48)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return b


class HeaderBar(QFrame):
    """The shop's name, who is signed in, and the back office, settings, language, lock and
    sign-out buttons. The window connects the buttons and says which ones show (``draw``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        self.shop = QLabel()
        self.shop.setObjectName("shopName")
        self.who = QLabel()
        self.who.setObjectName("who")
        self.backoffice_button = _header_button("backOfficeButton")
        self.language = _header_button("language")
        self.lock_button = _header_button()
        self.sign_out_button = _header_button()
        self.settings_button = _header_button()
        hl = QHBoxLayout(self)
        hl.setContentsMargins(16, 6, 16, 6)
        hl.addWidget(self.shop)
        hl.addStretch(1)
        hl.addWidget(self.who)
        for b in (
            self.backoffice_button,
            self.settings_button,
            self.language,
            self.lock_button,
            self.sign_out_button,
        ):
            hl.addWidget(b)

    def draw(
        self, shop: str, who: str, *, signed_in: bool, backoffice: bool, settings: bool
    ) -> None:
        """Show the shop and who is signed in, in the current language, and the buttons that
        apply: lock and sign out for someone signed in, the others as the window says."""
        self.shop.setText(shop)
        self.who.setText(who)
        self.language.setText("English" if i18n.get_language() == "vi" else "Tiếng Việt")
        self.backoffice_button.setText(_("Back office"))
        self.backoffice_button.setVisible(backoffice)
        self.lock_button.setText(_("Lock"))
        self.sign_out_button.setText(_("Sign out"))
        self.settings_button.setText(_("Settings"))
        self.settings_button.setVisible(settings)
        self.lock_button.setVisible(signed_in)
        self.sign_out_button.setVisible(signed_in)


class Banner(QLabel):
    """The latest notice, coloured by its kind; anything but an error fades after a while.

    It floats over the bottom of its parent (where the status bar is) instead of taking a
    place in the layout: a notice that came and went used to push the whole screen down and
    back, and a tap meant for one field landed on another. A tap on it dismisses it."""

    def __init__(self, notices: Notices, parent: QWidget | None = None):
        super().__init__(parent)
        self.notices = notices
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.hide()
        notices.shown.connect(self.show_notice)
        notices.cleared.connect(self.hide)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(BANNER_MS)
        self._timer.timeout.connect(self._fade)
        if parent is not None:
            parent.installEventFilter(self)

    def show_notice(self, message: str, kind: str) -> None:
        """Show ``message`` in the colours of its kind, and start the time until it fades."""
        self.setText(message)
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()
        self.place()
        self._timer.start()

    def place(self) -> None:
        """Across the bottom of the parent, as high as the text needs, above everything."""
        host = self.parentWidget()
        if host is None:
            return
        width = host.width()
        height = max(self.heightForWidth(width), self.sizeHint().height(), BANNER_MIN_HEIGHT)
        self.setGeometry(0, host.height() - height, width, height)
        self.raise_()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False

    def mousePressEvent(self, event) -> None:
        self.notices.clear()  # seen: out of the way
        event.accept()

    def _fade(self) -> None:
        """Clear the notice once its time is up, unless it is an error: those stay."""
        if self.notices.kind != "error":
            self.notices.clear()
