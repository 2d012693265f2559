"""The two views the shift section shows: a cash report (X, shift close or Z) as figures with
Print and Save PDF, and the close's count of the drawer with the difference shown large."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.localtime import VIETNAM
from kiosk.core.reports.xz import DENOMINATIONS, CashReport, label
from kiosk.i18n import _, get_language
from kiosk.ui.backoffice.widgets import CashCountView, method_name, restyle, touch_button
from kiosk.ui.shared import text


def signed(amount: int) -> str:
    return ("+" if amount > 0 else "") + text.money(amount)


def sign_of(amount: int | None) -> str:
    if not amount:
        return "zero"
    return "short" if amount < 0 else "over"


class CashReportView(QWidget):
    """One cash report (X, shift close or Z) as figures, with Print and Save PDF.

    State: the report shown, or None."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: CashReport | None = None
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.difference = QLabel()
        self.difference.setObjectName("difference")
        self.difference.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.difference.hide()
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setVerticalSpacing(2)
        scroll = QScrollArea()
        scroll.setWidget(self.body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.print_button = touch_button()
        self.pdf_button = touch_button()
        self.z_button = touch_button(name="danger")
        self.z_button.hide()
        buttons = QHBoxLayout()
        for b in (self.print_button, self.pdf_button, self.z_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.difference)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def show_report(self, report: CashReport | None, *, offer_z: bool = False) -> None:
        self.report = report
        self.z_button.setVisible(offer_z)
        self.print_button.setEnabled(report is not None)
        self.pdf_button.setEnabled(report is not None)
        self._draw()

    def figures(self) -> list[tuple[str, str, bool]]:
        """(label, value, bold) as shown, top to bottom; empty label = a section heading."""
        r, lang = self.report, get_language()
        if r is None:
            return []

        def f(key, amount, bold=False, **fmt):
            return (label(key, lang, **fmt), text.money(amount), bold)

        rows = [
            ("", label("sales_section", lang), True),
            (label("sales_count", lang), str(r.sales_count), False),
            f("gross", r.gross_vnd),
            f("discounts", -r.discounts_vnd),
            f("sales_total", r.sales_vnd),
            *([f("rounding", r.rounding_vnd)] if r.rounding_vnd else []),
            f("refunds", -r.refunds_vnd, count=r.refunds_count),
            f("net", r.net_vnd, True),
            f("voids", r.voids_vnd, count=r.voids_count),
            ("", label("payments_section", lang), True),
            *[(method_name(m.method), text.money(m.net_vnd), False) for m in r.methods],
            ("", label("cash_section", lang), True),
            f("float", r.float_vnd),
            f("cash_sales", r.cash_sales_vnd),
            f("cash_refunds", -r.cash_refunds_vnd),
            f("pay_ins", r.pay_ins_vnd),
            f("pay_outs", -r.pay_outs_vnd),
            f("expected", r.expected_cash_vnd, True),
        ]
        if r.counted_cash_vnd is not None:
            rows.append(f("counted", r.counted_cash_vnd, True))
            rows.append(f("difference", r.difference_vnd or 0, True))
        return rows

    def _draw(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        r = self.report
        if r is None:
            self.heading.setText(_("No shift is open."))
            self.difference.hide()
            return
        lang = get_language()
        title = label({"x": "x_title", "z": "z_title", "shift": "shift_title"}[r.kind], lang)
        if r.z_no is not None:
            title = f"{title} · {r.terminal_code}-Z{r.z_no:04d}"
        made = r.made_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
        self.heading.setText(f"{title} · {made}")
        for row, (name, value, bold) in enumerate(self.figures()):
            left, right = QLabel(name or value), QLabel("" if not name else value)
            right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            kind = "figureHeading" if not name else ("figureBold" if bold else "figure")
            left.setObjectName(kind)
            right.setObjectName(kind)
            self.grid.addWidget(left, row, 0)
            self.grid.addWidget(right, row, 1)
        self.grid.setRowStretch(self.grid.rowCount(), 1)
        diff = r.difference_vnd
        self.difference.setVisible(diff is not None)
        if diff is not None:
            self.difference.setText(_("Difference: %(amount)s") % {"amount": signed(diff)})
            restyle(self.difference, sign=sign_of(diff))

    def retranslate(self) -> None:
        self.print_button.setText(_("Print"))
        self.pdf_button.setText(_("Save PDF"))
        self.z_button.setText(_("End of day (Z report)"))
        self._draw()


class CloseCountView(QWidget):
    """The close: notes counted per denomination, expected against counted, the difference
    large before anything is written. State: the expected cash when the count began."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.expected_vnd = 0
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.count = CashCountView()
        self.count.changed.connect(lambda _t: self._draw())
        self.expected = QLabel()
        self.expected.setObjectName("figureBold")
        self.difference = QLabel()
        self.difference.setObjectName("difference")
        self.difference.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.difference.setWordWrap(True)
        self.cancel = touch_button()
        self.close_button = touch_button(name="danger", height=56)
        # Under the keypad, beside the count: the difference stays in view while counting.
        self.expected.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.count.add_under_total(self.expected)
        self.count.add_below(self.difference)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.close_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.count, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def begin(self, expected_vnd: int, notes: Sequence[int] = DENOMINATIONS) -> None:
        self.expected_vnd = expected_vnd
        self.count.clear()
        self.count.show_only(notes)
        self._draw()
        self.count.entries[max(self.count.entries)].setFocus()

    def difference_vnd(self) -> int:
        return self.count.total() - self.expected_vnd

    def _draw(self) -> None:
        self.expected.setText(_("Expected: %(amount)s") % {"amount": text.money(self.expected_vnd)})
        diff = self.difference_vnd()
        words = {"zero": _("Exact"), "short": _("Short"), "over": _("Over")}[sign_of(diff)]
        self.difference.setText(f"{words} {signed(diff)}")
        restyle(self.difference, sign=sign_of(diff))

    def retranslate(self) -> None:
        self.heading.setText(_("Count the drawer"))
        self.cancel.setText(_("Cancel"))
        self.close_button.setText(_("Close shift"))
        self.count.retranslate()
        self._draw()
