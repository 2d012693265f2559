"""The shift section of the back office: the shift's state, pay-ins and pay-outs, the X report
at any time, the close with the cash counted note by note and the difference shown large, and
the Z report that ends the day. Reports print on the receipt printer and save as PDF. The
report view and the count view it shows are in kiosk.ui.backoffice.cash_views."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.localtime import VIETNAM
from kiosk.i18n import _, get_language
from kiosk.ui.backoffice.cash_views import CashReportView, CloseCountView, signed
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.entry import open_shift_dialog
from kiosk.ui.backoffice.widgets import (
    AmountDialog,
    ConfirmDialog,
    touch_button,
)
from kiosk.ui.shared import text
from kiosk.ui.shared.notices import guarded


def pay_in_reasons() -> tuple[str, ...]:
    return (_("Change from the bank"), _("Float top-up"))


def pay_out_reasons() -> tuple[str, ...]:
    return (_("Bank drop"), _("Supplies"), _("Delivery fee"))


class ShiftSection(QWidget):
    """State: the report on screen (X, the close, or Z)."""

    def __init__(self, ctx: BackOfficeContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.notices = ctx, ctx.notices
        self.office = ctx.office
        self.state = QLabel()
        self.state.setObjectName("shiftState")
        self.state.setWordWrap(True)
        self.open_button = touch_button(name="primary")
        self.open_button.clicked.connect(lambda: self.ask_open())
        self.pay_in_button = touch_button()
        self.pay_in_button.clicked.connect(lambda: self.ask_pay("pay_in"))
        self.pay_out_button = touch_button()
        self.pay_out_button.clicked.connect(lambda: self.ask_pay("pay_out"))
        self.x_button = touch_button()
        self.x_button.clicked.connect(lambda: self.show_x())
        self.close_button = touch_button(name="danger")
        self.close_button.clicked.connect(lambda: self.begin_close())
        actions = QHBoxLayout()
        for b in (
            self.open_button,
            self.pay_in_button,
            self.pay_out_button,
            self.x_button,
            self.close_button,
        ):
            actions.addWidget(b)
        self.report_view = CashReportView()
        self.report_view.print_button.clicked.connect(lambda: self.print_report())
        self.report_view.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.report_view.z_button.clicked.connect(lambda: self.ask_end_day())
        self.close_view = CloseCountView()
        self.close_view.cancel.clicked.connect(lambda: self.refresh())
        self.close_view.close_button.clicked.connect(lambda: self.ask_close())
        self.pages = QStackedWidget()
        self.pages.addWidget(self.report_view)
        self.pages.addWidget(self.close_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addLayout(actions)
        layout.addWidget(self.pages, 1)
        self.retranslate()

    @property
    def visit(self):
        return self.ctx.visit()

    # -- state ------------------------------------------------------------------------------

    @guarded
    def refresh(self) -> None:
        shift = self.office.current_shift()
        for b in (self.pay_in_button, self.pay_out_button, self.x_button, self.close_button):
            b.setVisible(shift is not None)
        self.open_button.setVisible(shift is None)
        self.pages.setCurrentWidget(self.report_view)
        if shift is None:
            self.state.setText(_("No shift is open."))
            self.report_view.show_report(None, offer_z=self.office.z_pending())
            return
        opened = shift.opened_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
        self.state.setText(
            _("Shift open since %(when)s by %(who)s · float %(float)s")
            % {"when": opened, "who": shift.opened_by, "float": text.money(shift.float_vnd)}
        )
        self.report_view.show_report(self.office.x_report())

    def show_x(self) -> None:
        self.refresh()

    # -- open, pay in and out -----------------------------------------------------------------

    def ask_open(self) -> None:
        visit = self.visit
        if visit is None:
            return

        self.ctx.open_dialog(
            open_shift_dialog(self, self.office, visit.actor, self.notices, self.refresh, visit)
        )

    def ask_pay(self, kind: str) -> None:
        visit = self.visit
        if visit is None:
            return
        if kind == "pay_in":
            title, presets, call = _("Pay in"), pay_in_reasons(), self.office.pay_in
        else:
            title, presets, call = _("Pay out"), pay_out_reasons(), self.office.pay_out

        def apply(amount: int, reason: str) -> None:
            call(visit, amount, reason)
            self.notices.info(
                _("%(what)s of %(amount)s recorded.")
                % {"what": title, "amount": text.money(amount)}
            )
            self.refresh()

        self.ctx.open_dialog(AmountDialog(self, title, presets, apply))

    # -- close and Z ----------------------------------------------------------------------------

    @guarded
    def begin_close(self) -> None:
        report = self.office.x_report()
        self.close_view.begin(report.expected_cash_vnd, self.office.denominations())
        self.pages.setCurrentWidget(self.close_view)

    def ask_close(self) -> None:
        diff = self.close_view.difference_vnd()
        question = _(
            "Close the shift with %(counted)s counted? The difference of %(diff)s is recorded "
            "and the shift takes no more sales."
        ) % {"counted": text.money(self.close_view.count.total()), "diff": text.money(diff)}
        dialog = ConfirmDialog(self, _("Close shift"), question, _("Close shift"))
        dialog.accepted.connect(lambda: self.close_shift())
        self.ctx.open_dialog(dialog)

    @guarded
    def close_shift(self) -> None:
        report = self.office.close_shift(self.visit, self.close_view.count.notes())
        self.refresh()
        self.state.setText(_("Shift closed. End the day with the Z report."))
        self.report_view.show_report(report, offer_z=True)
        self.notices.info(
            _("Shift closed. Difference: %(amount)s")
            % {"amount": signed(report.difference_vnd or 0)}
        )

    def ask_end_day(self) -> None:
        dialog = ConfirmDialog(
            self,
            _("End of day (Z report)"),
            _("End the business day? The Z report is numbered and takes in every closed shift."),
            _("End the day"),
        )
        dialog.accepted.connect(lambda: self.end_day())
        self.ctx.open_dialog(dialog)

    @guarded
    def end_day(self) -> None:
        report = self.office.end_day(self.visit)
        self.report_view.show_report(report)
        self.state.setText(_("Day ended: Z report %(no)s.") % {"no": report.z_no})
        self.notices.info(
            _("Z report %(no)s made. Print it or save the PDF.") % {"no": report.z_no}
        )

    # -- paper and PDF --------------------------------------------------------------------------

    @guarded
    def print_report(self) -> None:
        report = self.report_view.report
        if report is None:
            return
        self.ctx.printing.print(self.office.cash_document(report, get_language()))
        self.notices.info(_("Sent to the printer."))

    def save_pdf(self) -> None:
        report = self.report_view.report
        if report is None:
            return
        lang = get_language()
        self.ctx.ops.run(
            lambda: self.office.save_cash_pdf(report, lang),
            success=lambda path: self.notices.info(_("Saved %(path)s") % {"path": path}),
            failure=self.notices.error,
        )

    def retranslate(self) -> None:
        self.open_button.setText(_("Open shift"))
        self.pay_in_button.setText(_("Pay in"))
        self.pay_out_button.setText(_("Pay out"))
        self.x_button.setText(_("X report"))
        self.close_button.setText(_("Count and close"))
        self.report_view.retranslate()
        self.close_view.retranslate()
