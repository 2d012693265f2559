"""The back office's bank transfers: today's VietQR transfers, who confirmed each (the bank or
a clerk, with the reason), and what head office heard from the bank, matched or not. The list
from this kiosk's disk shows at once; head office's part is fetched off the GUI thread."""

import datetime as dt

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.transfer_list import TransferLine, transfers_of_day
from kiosk.i18n import _
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.print_queue import RowsModel
from kiosk.ui.shared import text
from kiosk.ui.shared.touch import touch_table


def _confirmed(line: TransferLine) -> str:
    if line.confirmed_by == "bank":
        return _("by the bank")
    if line.confirmed_by == "clerk":
        return _("by hand: %(reason)s") % {"reason": line.reason}
    return _("no sale")


def _heard(line: TransferLine) -> str:
    return {
        "matched": _("received"),
        "underpaid": _("underpaid"),
        "overpaid": _("overpaid"),
        "unmatched": _("unmatched"),
    }.get(line.bank_status, _("not yet"))


def cells(line: TransferLine) -> tuple[str, ...]:
    return (line.at, line.receipt_no or "—", text.money(line.amount_vnd), line.reference or "—",
            _confirmed(line), _heard(line), line.bank_reference)  # fmt: skip


class TransfersSection(QWidget):
    """State: today's lines as last loaded, and whether head office answered."""

    def __init__(self, ctx: BackOfficeContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsModel(
            lambda: (_("Time"), _("Receipt"), _("Amount"), _("Reference"), _("Confirmed"),
                     _("Bank"), _("Bank ref.")), self,
        )  # fmt: skip
        self.view = touch_table(self.model, {0: 100, 2: 130}, stretch=6)
        self.title, self.note = QLabel(), QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Bank transfers today"))
        self.refresh()

    def refresh(self) -> None:
        day = dt.datetime.now(VIETNAM).date()
        sf = self.ctx.office.session_factory
        self._show(transfers_of_day(sf, day), _("Asking head office what the bank reported…"))
        link = self.ctx.transfers() if self.ctx.transfers else None
        if link is None:
            self.note.setText(_("Not enrolled at head office: only this kiosk's transfers."))
            return
        self.ctx.ops.run(
            lambda: transfers_of_day(sf, day, link.day(day)),
            success=lambda lines: self._show(lines, ""),
            failure=lambda _exc: self.note.setText(
                _("Head office not reached: only this kiosk's transfers.")
            ),
        )

    def _show(self, lines: list[TransferLine], note: str) -> None:
        self.note.setText(note)
        self.model.set_rows([cells(x) for x in lines], lines, _("No transfers today."))
