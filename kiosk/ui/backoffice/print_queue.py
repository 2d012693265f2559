"""The print queue in the back office: today's jobs with their state and error, today's
receipts and refund slips to reprint (or any by number, typed or scanned), a retry, and the
manager-authorised "open drawer" for a drawer kick that was dropped with a failed receipt."""

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.print_history import documents_of_day, jobs_of_day, reprint
from kiosk.i18n import _
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.widgets import touch_button
from kiosk.ui.shared import text
from kiosk.ui.shared.notices import guarded
from kiosk.ui.shared.touch import touch_table

_Index = QModelIndex | QPersistentModelIndex


def job_state(status: str) -> str:
    """How a job's state reads on screen (docs/hardware.md lists them)."""
    return {
        "queued": _("waiting"),
        "printing": _("printing"),
        "printed": _("printed"),
        "sent": _("sent, not confirmed"),
        "failed": _("failed, will retry"),
    }.get(status, status)


def _time(at: dt.datetime) -> str:
    return f"{at.astimezone(VIETNAM):%H:%M:%S}"


class RowsModel(QAbstractTableModel):
    """State: the rows shown (tuples of cell texts) and the placeholder for none."""

    def __init__(self, headers, parent=None):
        super().__init__(parent)
        self.headers = headers  # a callable, so the titles follow the language
        self.rows: list[tuple[str, ...]] = []
        self.keys: list[Any] = []
        self.placeholder = ""

    def set_rows(self, rows: list[tuple[str, ...]], keys: list[Any], placeholder: str) -> None:
        self.beginResetModel()
        self.rows, self.keys, self.placeholder = rows, keys, placeholder
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else max(1, len(self.rows))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not self.rows:
            return self.placeholder if index.column() == 0 else ""
        row = self.rows[index.row()] if index.row() < len(self.rows) else ()
        return row[index.column()] if index.column() < len(row) else ""

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None


class PrintQueueSection(QWidget):
    """State: the day shown (today, Vietnam time) and its jobs and documents, loaded from disk
    each time the section is shown."""

    def __init__(self, ctx: BackOfficeContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.queue = ctx.printing.queue
        self.jobs = RowsModel(
            lambda: (_("Time"), _("Number"), _("State"), _("Tries"), _("Error")), self
        )
        self.documents = RowsModel(lambda: (_("Time"), _("Number"), _("Total")), self)
        self.jobs_view = touch_table(
            self.jobs, {0: 110, 1: 200, 2: 150, 3: 110}, stretch=len(self.jobs.headers()) - 1
        )
        self.documents_view = touch_table(self.documents, {0: 110, 2: 150}, stretch=1)
        self.jobs_title, self.documents_title = QLabel(), QLabel()
        self.number = QLineEdit()
        self.number.setMinimumHeight(48)
        self.number.returnPressed.connect(lambda: self.reprint_number())
        self.reprint_button = touch_button(name="primary")
        self.reprint_button.clicked.connect(lambda: self.reprint_number())
        self.reprint_selected = touch_button()
        self.reprint_selected.clicked.connect(lambda: self.reprint_chosen())
        self.retry_button = touch_button()
        self.retry_button.clicked.connect(lambda: self.retry())
        self.drawer_button = touch_button()
        self.drawer_button.clicked.connect(lambda: self.open_drawer())
        self._lay_out()
        self.retranslate()

    def _lay_out(self) -> None:
        by_number = QHBoxLayout()
        by_number.addWidget(self.number, 1)
        by_number.addWidget(self.reprint_button)
        actions = QHBoxLayout()
        for b in self._buttons()[1:]:
            actions.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.jobs_title)
        layout.addWidget(self.jobs_view, 3)
        layout.addWidget(self.documents_title)
        layout.addLayout(by_number)
        layout.addWidget(self.documents_view, 3)
        layout.addLayout(actions)

    def retranslate(self) -> None:
        self.jobs_title.setText(_("Print jobs today and jobs still waiting"))
        self.documents_title.setText(_("Today's receipts and refund slips"))
        self.number.setPlaceholderText(_("Receipt or refund number (type or scan)"))
        self.reprint_button.setText(_("Reprint"))
        self.reprint_selected.setText(_("Reprint selected"))
        self.retry_button.setText(_("Retry now"))
        self.drawer_button.setText(_("Open cash drawer"))
        self.refresh()

    # -- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        has_queue = self.queue is not None
        for widget in (self.documents_title, self.documents_view, self.number, *self._buttons()):
            widget.setVisible(has_queue)  # nothing to reprint, retry or open: no dead buttons
        if self.queue is None:
            self.jobs.set_rows([], [], _("This kiosk has no print queue."))
            return
        today = dt.datetime.now(VIETNAM).date()
        jobs = jobs_of_day(self.queue, today)
        self.jobs.set_rows(
            [
                (
                    _time(j.created_at),
                    j.receipt_no,
                    job_state(j.status),
                    str(j.attempts),
                    j.last_error,
                )
                for j in jobs
            ],
            [j.id for j in jobs],
            _("No print jobs today."),
        )
        docs = documents_of_day(self.queue, today)
        self.documents.set_rows(
            [(_time(d.at), d.number, text.money(d.total_vnd)) for d in docs],
            [d.number for d in docs],
            _("No receipts today."),
        )

    def _buttons(self) -> tuple[QWidget, ...]:
        return (self.reprint_button, self.reprint_selected, self.retry_button, self.drawer_button)

    # -- actions ------------------------------------------------------------------------------

    def scan(self, code: str) -> None:
        """A receipt's barcode scanned here reprints it."""
        self.number.setText(code)
        self.reprint_number()

    @guarded
    def reprint_number(self) -> None:
        number = self.number.text().strip()
        if not number or self.queue is None:
            return
        reprint(self.queue, number)
        self.number.clear()
        self._sent(number)

    @guarded
    def reprint_chosen(self) -> None:
        rows = self.documents_view.selectionModel().selectedRows()
        if not rows or self.queue is None or rows[0].row() >= len(self.documents.keys):
            self.ctx.notices.warning(_("Choose a receipt in the list first."))
            return
        number = self.documents.keys[rows[0].row()]
        reprint(self.queue, number)
        self._sent(number)

    def _sent(self, number: str) -> None:
        self.ctx.notices.info(_("%(number)s sent to the printer.") % {"number": number})
        self.ctx.printing.run_queue()
        self.refresh()

    @guarded
    def retry(self) -> None:
        if self.queue is not None:
            self.queue.retry_now()
            self.ctx.printing.run_queue()
            self.refresh()

    @guarded
    def open_drawer(self) -> None:
        visit = self.ctx.visit()
        printer = self.ctx.printing.printer
        if visit is None or printer is None:
            return
        office = self.ctx.office
        self.ctx.ops.run(
            lambda: office.open_drawer(visit, printer),
            success=lambda _r: self.ctx.notices.info(_("The cash drawer was opened.")),
            failure=self.ctx.notices.error,
        )
