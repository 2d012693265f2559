"""The settings screen's head office group: where the terminal stands, enrolment with a code
and "Sync now", both :class:`kiosk.core.sync.service.SyncService` calls made off the GUI thread
(they wait on the network); and sync's state and results in the clerk's words.
"""

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.till import Till
from kiosk.core.sync.reports import SyncStatus
from kiosk.core.sync.service import EnrolResult, SyncResult, SyncService, check_enrol_code
from kiosk.i18n import _
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import Notices


class HeadOfficeBox(QGroupBox):
    """State: whether an enrolment or a sync is running (``busy``).

    The head office address is one of the screen's fields: the screen lays out its row and
    checks it, this box reads it (``url``, ``url_error``) and adds its own rows around it
    (``add_rows``). ``enrolled`` and ``synced`` when those succeed."""

    enrolled = Signal(object)  # EnrolResult
    synced = Signal(object)  # SyncResult

    def __init__(
        self,
        sync: SyncService | None,
        till: Till,
        notices: Notices,
        ops: BackgroundOps,
        url: QLineEdit,
        url_error: QLabel,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.sync, self.till, self.notices, self.ops = sync, till, notices, ops
        self.url, self.url_error = url, url_error
        self.busy = False
        self.hq_state = QLabel()
        self.hq_state.setObjectName("hqState")
        self.hq_state.setWordWrap(True)
        self.enrol_code = QLineEdit()
        self.enrol_code.setObjectName("enrolCode")
        self.enrol_code.textChanged.connect(lambda _t: self._check_enrolment())
        self.enrol_error = QLabel()
        self.enrol_error.setObjectName("fieldError")
        self.enrol_error.setWordWrap(True)
        self.enrol_error.hide()
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("enrol")
        self.enrol_button.clicked.connect(self.enrol)
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("settingsSyncNow")
        self.sync_button.clicked.connect(self.sync_now)
        self.enrol_label = QLabel()
        self.url.textChanged.connect(lambda _t: self._check_enrolment())

    def add_rows(self) -> None:
        """The state above the address row the screen laid out; enrolment and sync below it."""
        hq_form = self.layout()
        hq_form.insertRow(0, self.hq_state)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(self.enrol_code, 1)
        enrol_row.addWidget(self.enrol_button)
        hq_form.addRow(self.enrol_label, enrol_row)
        hq_form.addRow(self.enrol_error)
        hq_form.addRow(self.sync_button)

    def refresh(self) -> None:
        """Ask, off the GUI thread, whether the terminal is enrolled and how sync stands."""
        if self.sync is None:
            self.hq_state.setText(_("Head office sync is not available on this kiosk."))
            for w in (self.enrol_button, self.enrol_code, self.sync_button):
                w.setEnabled(False)
            return
        sync = self.sync
        self.ops.run(lambda: (sync.enrolment(), sync.status()), success=self._show_hq)

    def _show_hq(self, result) -> None:
        enrolment, status = result
        self._enrolment = enrolment
        if enrolment is None:
            text = _("Not enrolled: type head office's address and the enrolment code.")
        else:
            text = _("Enrolled as %(code)s at %(url)s.") % {
                "code": enrolment.terminal_code,
                "url": enrolment.base_url,
            }
            text += " " + _describe_status(status)
        self.hq_state.setText(text)
        self.sync_button.setVisible(enrolment is not None)
        self._check_enrolment()

    def _check_enrolment(self) -> bool:
        ok = not self.busy and self.sync is not None
        try:
            check_enrol_code(self.enrol_code.text())
            self.enrol_error.hide()
        except Exception as exc:
            ok = False
            if self.enrol_code.text().strip():
                self.enrol_error.setText(message_for(exc))
                self.enrol_error.show()
            else:
                self.enrol_error.hide()
        ok = ok and self.url_error.isHidden() and bool(self.url.text().strip())
        self.enrol_button.setEnabled(ok)
        self.sync_button.setEnabled(not self.busy)
        return ok

    def enrol(self) -> None:
        if not self._check_enrolment():
            return
        self.notices.clear()
        url, code, actor = self.url.text(), self.enrol_code.text(), self.till.actor
        sync = self.sync
        self._set_busy(True)
        self.ops.run(
            lambda: sync.enrol(url, code, by=actor),
            success=self._enrolled,
            failure=self._enrol_failed,
        )

    def _enrolled(self, result: EnrolResult) -> None:
        self._set_busy(False)
        self.enrol_code.clear()
        self.url.setText(result.enrolment.base_url)
        self.notices.info(
            _("Enrolled at head office as terminal %(code)s.")
            % {"code": result.enrolment.terminal_code}
        )
        if result.foreign_sales:
            self.notices.info(
                _(
                    "Enrolled as %(code)s. %(n)d unsent sales were made as %(old)s: they go to "
                    "head office as sales of %(code)s."
                )
                % {
                    "code": result.enrolment.terminal_code,
                    "n": result.foreign_sales,
                    "old": result.previous_terminal_code,
                }
            )
        self.refresh()
        self.enrolled.emit(result)

    def _enrol_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if not is_expected(error):
            raise error
        self.enrol_error.setText(message_for(error))
        self.enrol_error.show()
        self.notices.error(error)

    def sync_now(self) -> None:
        if self.sync is None or self.busy:
            return
        self.notices.clear()
        sync, actor = self.sync, self.till.actor
        self._set_busy(True)
        self.ops.run(
            lambda: sync.sync_now(by=actor), success=self._synced, failure=self._sync_failed
        )

    def _synced(self, result: SyncResult) -> None:
        self._set_busy(False)
        self.notices.info(describe_sync(result))
        self.refresh()
        self.synced.emit(result)

    def _sync_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if not is_expected(error):
            raise error
        self.notices.error(error)
        self.refresh()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.enrol_button.setText(_("Enrolling…") if busy else _("Enrol"))
        self._check_enrolment()

    def retranslate(self) -> None:
        """The box's own labels and buttons in the current language (the screen names its title
        and the address field)."""
        self.enrol_code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.enrol_label.setText(_("Enrolment code"))
        self.enrol_button.setText(_("Enrolling…") if self.busy else _("Enrol"))
        self.sync_button.setText(_("Sync now"))


def _describe_status(status: SyncStatus) -> str:
    if status.last_success is None:
        last = _("never synced")
    else:
        when = status.last_success
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        last = _("last sync %(time)s") % {"time": when.astimezone(VIETNAM).strftime("%d/%m %H:%M")}
    text = _("%(n)d entries to send; %(last)s.") % {"n": status.backlog, "last": last}
    if status.rejected:
        text += " " + _("Head office rejected %(n)d entries (see its operator page).") % {
            "n": status.rejected
        }
    return text


def describe_sync(result: SyncResult) -> str:
    """One line for the clerk after "Sync now"."""
    push, pull = result.push, result.pull
    changes = pull.products + pull.prices + pull.barcodes + pull.producers + pull.removed
    return _(
        "Synced: %(sent)d sent (%(applied)d new, %(duplicate)d already there, %(rejected)d "
        "rejected), %(backlog)d left; %(changes)d catalogue changes."
    ) % {
        "sent": push.sent,
        "applied": push.applied,
        "duplicate": push.duplicate,
        "rejected": push.rejected,
        "backlog": push.backlog,
        "changes": changes,
    }
