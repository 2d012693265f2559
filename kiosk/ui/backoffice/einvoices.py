"""E-invoices in the back office: the last days' invoices with their state and the provider's
reason when refused; retry a refused one, reprint a sale's receipt with its invoice, and take a
buyer's details for a recent sale (on its invoice, or a replacement if it was issued)."""

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.einvoice.invoices import Invoices, known_buyer_name
from kiosk.core.einvoice.queue import InvoiceQueue
from kiosk.core.einvoice.rules import Buyer
from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.print_history import reprint
from kiosk.i18n import _
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.print_queue import RowsModel
from kiosk.ui.backoffice.widgets import touch_button
from kiosk.ui.shared import text
from kiosk.ui.shared.notices import guarded
from kiosk.ui.shared.touch import touch_table
from kiosk.ui.till.buyer import BuyerDialog


def invoice_state(status: str) -> str:
    return {
        "pending": _("waiting to be sent"),
        "issued": _("issued"),
        "failed": _("refused"),
        "cancelled": _("cancelled (never sent)"),
    }.get(status, status)


class EInvoiceSection(QWidget):
    """State: the invoices shown (the last days', or only the waiting and refused ones)."""

    def __init__(self, ctx: BackOfficeContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        office = ctx.office
        self.invoices = Invoices(office.session_factory, office.settings)
        self.queue = InvoiceQueue(office.session_factory, office.settings)
        self.model = RowsModel(
            lambda: (_("Time"), _("Receipt"), _("Invoice"), _("State"), _("Buyer"), _("Reason")),
            self,
        )
        self.view = touch_table(self.model, {0: 95, 1: 180, 2: 110, 3: 120, 4: 130}, stretch=5)
        self.title = QLabel()
        self.problems = QCheckBox()
        self.problems.setMinimumHeight(44)
        self.problems.toggled.connect(lambda _on: self.refresh())
        self.retry_button, self.reprint_button, self.buyer_button = (
            touch_button(),
            touch_button(),
            touch_button(name="primary"),
        )
        self.retry_button.clicked.connect(lambda: self.retry())
        self.reprint_button.clicked.connect(lambda: self.reprint())
        self.buyer_button.clicked.connect(lambda: self.ask_buyer())
        self.dialog: BuyerDialog | None = None
        actions = QHBoxLayout()
        for b in (self.buyer_button, self.retry_button, self.reprint_button):
            actions.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.problems)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("E-invoices of the last days"))
        self.problems.setText(_("Only invoices waiting or refused"))
        self.retry_button.setText(_("Send again"))
        self.reprint_button.setText(_("Reprint receipt"))
        self.buyer_button.setText(_("Buyer asks for the invoice"))
        self.refresh()

    def refresh(self) -> None:
        if not self.invoices.enabled:
            self.model.set_rows([], [], _("E-invoices are not turned on at this shop."))
            return
        days = int(self.ctx.office.settings.get("einvoice_buyer_days", 7))
        rows = self.invoices.recent(days=days, problems_only=self.problems.isChecked())
        self.model.set_rows(
            [
                (
                    f"{r.created_at.astimezone(VIETNAM):%d/%m %H:%M}",
                    r.receipt_no,
                    r.invoice_no or r.symbol,
                    invoice_state(r.status),
                    r.buyer,
                    r.last_error,
                )
                for r in rows
            ],
            rows,
            _("No e-invoices in these days."),
        )

    def chosen(self):
        rows = self.view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.model.keys):
            self.ctx.notices.warning(_("Choose an invoice in the list first."))
            return None
        return self.model.keys[rows[0].row()]

    @guarded
    def retry(self) -> None:
        chosen, visit = self.chosen(), self.ctx.visit()
        if chosen is None or visit is None:
            return
        self.queue.retry(chosen.id, by=visit.responsible)
        self.ctx.notices.info(_("The invoice goes to the provider again."))
        self.refresh()

    @guarded
    def reprint(self) -> None:
        chosen = self.chosen()
        if chosen is None or self.ctx.printing.queue is None:
            return
        reprint(self.ctx.printing.queue, chosen.receipt_no)
        self.ctx.printing.run_queue()
        self.ctx.notices.info(_("%(number)s sent to the printer.") % {"number": chosen.receipt_no})

    def ask_buyer(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        sf = self.ctx.office.session_factory
        self.dialog = BuyerDialog(self.window(), Buyer(), lambda c: known_buyer_name(sf, c))
        self.dialog.finished.connect(lambda _r, sale=chosen: self._buyer_given(sale))
        self.ctx.open_dialog(self.dialog)

    @guarded
    def _buyer_given(self, chosen) -> None:
        dialog, self.dialog = self.dialog, None
        visit = self.ctx.visit()
        if dialog is None or dialog.buyer is None or dialog.buyer.is_empty or visit is None:
            return
        row = self.invoices.set_buyer(visit.responsible, chosen.receipt_no, dialog.buyer)
        self.queue.request_send()
        self.ctx.notices.info(
            _("The buyer's invoice for %(number)s (%(total)s) will be sent.")
            % {"number": chosen.receipt_no, "total": text.money(row.total_vnd)}
        )
        self.refresh()
