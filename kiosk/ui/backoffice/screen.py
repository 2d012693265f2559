"""The back office: the manager's screen behind the sale screen's "Back office" button.

A list of sections on the left, the chosen one on the right. Sections are built the first time
they are shown, so the screen opens at once however many there are. Who may enter is decided
in core (kiosk.core.backoffice: a manager or admin alone, a clerk with a manager's PIN).

Adding a section is one line in :data:`SECTIONS`: a key, a translated title and a factory that
takes the :class:`BackOfficeContext` and returns the section's widget. A section widget may
have ``refresh()`` (called each time it is shown), ``retranslate()`` and ``scan(code)`` (a
barcode scanned while it is shown).
"""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.backoffice import Visit
from kiosk.i18n import _
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.widgets import touch_button
from kiosk.ui.shared.layout import scrolling
from kiosk.ui.stock import sections as stock_sections


@dataclass(frozen=True)
class Section:
    key: str
    title: Callable[[], str]
    factory: Callable[[BackOfficeContext], QWidget]


def _shift(ctx: BackOfficeContext) -> QWidget:
    from kiosk.ui.backoffice.shifts import ShiftSection

    return ShiftSection(ctx)


def _refunds(ctx: BackOfficeContext) -> QWidget:
    from kiosk.ui.backoffice.refunds import RefundSection

    return RefundSection(ctx)


def _reports(ctx: BackOfficeContext) -> QWidget:
    from kiosk.ui.backoffice.reports import ReportsSection

    return ReportsSection(ctx)


def _print_queue(ctx: BackOfficeContext) -> QWidget:
    from kiosk.ui.backoffice.print_queue import PrintQueueSection

    return PrintQueueSection(ctx)


def _settlement(ctx: BackOfficeContext) -> QWidget:
    from kiosk.ui.backoffice.settlement import SettlementSection

    return SettlementSection(ctx)


def _transfers(ctx: BackOfficeContext) -> QWidget:
    from kiosk.ui.backoffice.transfers import TransfersSection

    return TransfersSection(ctx)


def _einvoices(ctx: BackOfficeContext) -> QWidget:
    from kiosk.ui.backoffice.einvoices import EInvoiceSection

    return EInvoiceSection(ctx)


# The back office's sections, in the order the manager sees them. One line each; import the
# section's module inside its factory so that opening the back office stays fast.
SECTIONS: list[Section] = [
    Section("shift", lambda: _("Shift and cash"), _shift),
    Section("refunds", lambda: _("Voids and refunds"), _refunds),
    Section("reports", lambda: _("Reports"), _reports),
    Section("settlement", lambda: _("Producer settlement"), _settlement),
    Section("print_queue", lambda: _("Print queue"), _print_queue),
    Section("transfers", lambda: _("Bank transfers"), _transfers),
    Section("einvoices", lambda: _("E-invoices"), _einvoices),
    # -- stock, products and labels (branch ui4) --
    Section("receipts", lambda: _("Goods receipts"), stock_sections.receipts),
    Section("counts", lambda: _("Stock count"), stock_sections.counts),
    Section("adjustments", lambda: _("Stock adjustment"), stock_sections.adjustments),
    Section("products", lambda: _("Products"), stock_sections.products),
    Section("low_stock", lambda: _("Low stock"), stock_sections.low_stock),
    Section("producers", lambda: _("Producers"), stock_sections.producers),
    Section("labels", lambda: _("Labels"), stock_sections.labels),
    # -- settings and sync (branch ui2): add their Section lines here --
]


class BackOfficeScreen(QWidget):
    """State: the visit (who is in, who authorised), the sections built so far, the dialog
    open, if any. ``closed`` when the manager goes back to the sale screen."""

    closed = Signal()

    def __init__(self, ctx: BackOfficeContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backOfficeScreen")
        self.ctx = ctx
        self.visit: Visit | None = None
        self.dialog = None
        self.built: dict[str, QWidget] = {}
        self.frames: dict[str, QScrollArea] = {}  # each section in a frame that scrolls down
        self.sections = list(SECTIONS)

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.who = QLabel()
        self.who.setObjectName("backOfficeWho")
        self.who.setWordWrap(True)
        self.buttons: dict[str, object] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        side = QFrame()
        side.setObjectName("sectionList")
        sl = QVBoxLayout(side)
        sl.addWidget(self.title)
        sl.addWidget(self.who)
        sl.addSpacing(8)
        sl.addWidget(self._build_section_list(group), 1)
        self.back = touch_button(name="primary", height=64)
        self.back.clicked.connect(self.closed)
        sl.addWidget(self.back)
        side.setFixedWidth(266)  # the buttons beside a finger-wide scroll bar

        self.stack = QStackedWidget()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 12, 8)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.retranslate()

    def _build_section_list(self, group: QButtonGroup) -> QScrollArea:
        """The section buttons, in a list that scrolls when they outnumber the screen's height
        (a 1024x768 screen shows about seven)."""
        inner = QWidget()
        inner.setObjectName("sectionButtons")
        bl = QVBoxLayout(inner)
        bl.setContentsMargins(0, 0, 0, 0)
        for section in self.sections:
            button = touch_button(name="sectionButton", height=56)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=section.key: self.show_section(k))
            group.addButton(button)
            bl.addWidget(button)
            self.buttons[section.key] = button
        bl.addStretch(1)
        return scrolling(inner, "sectionScroll")

    # -- visits and sections ------------------------------------------------------------------

    def start(self, visit: Visit) -> None:
        """A new visit: sections show the state of now, starting with the first."""
        self.visit = visit
        self._draw_who()
        current = self.current_key() or self.sections[0].key
        self.show_section(current)

    def end(self) -> None:
        if self.visit is not None:
            self.ctx.office.leave(self.visit)  # a clerk's visit authorises nothing more
        self.visit = None

    def current_key(self) -> str | None:
        frame = self.stack.currentWidget()
        return next((k for k, f in self.frames.items() if f is frame), None)

    def section(self, key: str) -> QWidget:
        """The section's widget, built on first use."""
        if key not in self.built:
            spec = next(s for s in self.sections if s.key == key)
            widget = spec.factory(self.ctx)
            widget.setObjectName(f"section_{key}")
            self.built[key] = widget
            self.frames[key] = scrolling(widget, "sectionFrame")
            self.stack.addWidget(self.frames[key])
        return self.built[key]

    def show_section(self, key: str) -> QWidget:
        widget = self.section(key)
        self.stack.setCurrentWidget(self.frames[key])
        self.buttons[key].setChecked(True)  # type: ignore[attr-defined]
        self.ctx.notices.clear()
        if hasattr(widget, "refresh"):
            widget.refresh()
        return widget

    def scan(self, code: str) -> bool:
        """A barcode scanned here goes to the section shown, if it takes scans."""
        key = self.current_key()
        widget = self.built[key] if key is not None else None
        if widget is not None and hasattr(widget, "scan"):
            widget.scan(code)
            return True
        return False

    # -- drawing ------------------------------------------------------------------------------

    def _draw_who(self) -> None:
        v = self.visit
        if v is None:
            self.who.setText("")
        elif v.manager is not None:
            self.who.setText(
                _("%(name)s, authorised by %(manager)s")
                % {"name": v.actor.name, "manager": v.manager.name}
            )
        else:
            self.who.setText(v.actor.name)

    def retranslate(self) -> None:
        self.title.setText(_("Back office"))
        self.back.setText(_("Back to sale"))
        for section in self.sections:
            self.buttons[section.key].setText(section.title())  # type: ignore[attr-defined]
        for widget in self.built.values():
            if hasattr(widget, "retranslate"):
                widget.retranslate()
        self._draw_who()
