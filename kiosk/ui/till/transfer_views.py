"""The VietQR transfer on the payment screen: the watch on head office, run off the GUI thread,
its progress in words, and the dialog for a transfer confirmed by hand (with a reason).

The watching itself is Qt-free (:class:`kiosk.core.sync.transfers.TransferWatch`, on its own
thread); :class:`TransferWatcher` only hands each change to the GUI thread as a signal.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kiosk.core.sale.transfers import (
    TransferProgress,
    TransferStatus,
    confirm_by_hand,
    take_from_bank,
)
from kiosk.core.sync.transfers import TransferLink, TransferWatch
from kiosk.i18n import N_, _
from kiosk.ui.shared import text
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import guarded


class TransferWatcher(QObject):
    """State: the watch running (None: none), and the last progress it reported."""

    changed = Signal(object)  # TransferProgress, on the GUI thread
    _relay = Signal(object, object)  # (watch, progress) from the watch's thread: queued

    def __init__(self, links: Callable[[], TransferLink | None] | None, parent=None):
        super().__init__(parent)
        self._links = links
        self._watch: TransferWatch | None = None
        self.progress: TransferProgress | None = None
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def watch(self, reference: str, amount_vnd: int) -> None:
        """Watch this code (a running watch of another code or amount is stopped)."""
        w = self._watch
        if (
            w is not None
            and not w.stopped
            and (w.reference, w.amount_vnd) == (reference, amount_vnd)
        ):
            return
        self.stop()
        link = self._links() if self._links else None
        if link is None:  # not enrolled at head office: only confirmation by hand
            self._deliver(None, TransferProgress(TransferStatus.OFFLINE, reference, amount_vnd))
            return
        watch = TransferWatch(link, reference, amount_vnd, lambda p: self._relay.emit(watch, p))
        self._watch = watch
        self._deliver(watch, TransferProgress(TransferStatus.WAITING, reference, amount_vnd))
        watch.start()

    def stop(self) -> None:
        if self._watch is not None:
            self._watch.stop()
        self._watch = None

    def _deliver(self, watch, progress: TransferProgress) -> None:
        if watch is not None and watch is not self._watch:
            return  # an answer for a code no longer shown
        self.progress = progress
        self.changed.emit(progress)


def describe(progress: TransferProgress | None) -> str:
    """The progress in the clerk's words."""
    if progress is None:
        return ""
    s, amounts = (
        progress.status,
        {
            "received": text.money(progress.received_vnd),
            "asked": text.money(progress.amount_vnd),
            "ref": progress.bank_reference,
        },
    )
    if s is TransferStatus.WAITING:
        return _("Waiting for the transfer…")
    if s is TransferStatus.RECEIVED:
        return _("Received %(received)s · bank ref. %(ref)s") % amounts
    if s is TransferStatus.UNDERPAID:
        return _("Underpaid: received %(received)s of %(asked)s. Ask for the rest.") % amounts
    if s is TransferStatus.OVERPAID:
        return _("Received %(received)s, more than %(asked)s: confirm by hand.") % amounts
    if s is TransferStatus.CONFIRMED_BY_HAND:
        return _("Confirmed by hand")
    return _("Head office offline: check the shop's bank app and confirm by hand.")


REASONS = (
    N_("Seen in the shop's bank app"),
    N_("Head office offline"),
    N_("Customer showed the bank's SMS"),
)


class ConfirmByHandDialog(QDialog):
    """Why the clerk confirms the transfer without the bank: a reason picked or typed, handed to
    ``apply(reason)``; the core's refusal (no reason) is shown in the dialog."""

    def __init__(self, parent, amount_vnd: int, apply: Callable[[str], None]):
        super().__init__(parent)
        self.setObjectName("entryDialog")
        self.setModal(True)
        self._apply = apply
        title = QLabel(_("Confirm the transfer by hand"))
        title.setObjectName("dialogTitle")
        prompt = QLabel(
            _("Only if you saw %(amount)s arrive in the shop's account. Why by hand?")
            % {"amount": text.money(amount_vnd)}
        )
        prompt.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setEditable(True)
        self.reason.setMinimumHeight(48)
        self.reason.addItems([_(r) for r in REASONS])
        self.reason.setCurrentIndex(-1)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.ok = QPushButton(_("Confirm"))
        self.cancel = QPushButton(_("Cancel"))
        for b in (self.ok, self.cancel):
            b.setMinimumHeight(56)
        self.ok.clicked.connect(self.submit)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        v = QVBoxLayout(self)
        for w in (title, prompt, self.reason, self.error):
            v.addWidget(w)
        v.addLayout(buttons)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        try:
            self._apply(self.reason.currentText())
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.error.setText(message_for(exc))
            return
        self.accept()


class TransferConfirmation:
    """The payment screen's VietQR confirmation: by the bank (the watch reports the amount
    asked: the tender is taken and the sale completes) or by hand (a reason, audited). Mixed
    into PaymentScreen, whose ``draft``, ``qr``, ``watcher``, ``dialog``, ``qr_status`` and
    ``_after_tender`` it uses."""

    @property
    def transfer_progress(self) -> TransferProgress | None:
        return self.watcher.progress

    @guarded
    def take_vietqr(self) -> None:
        """The clerk confirms the transfer by hand: only with a reason (it is audited)."""
        if self.qr is None:
            self.draw_qr()
        if self.qr is None or self.dialog is not None:
            return
        qr = self.qr
        self.dialog = ConfirmByHandDialog(
            self, qr.amount_vnd, lambda reason: self._confirmed_by_hand(qr, reason)
        )
        self.dialog.finished.connect(lambda _r: self._dialog_closed())
        self.dialog.open()

    def _confirmed_by_hand(self, qr, reason: str) -> None:
        confirm_by_hand(self.draft, qr.amount_vnd, qr.purpose, reason)
        self.watcher.stop()
        self.qr = None
        QTimer.singleShot(0, self._after_tender)  # once the dialog has closed

    @guarded
    def _transfer_changed(self, progress: TransferProgress) -> None:
        self.qr_status.setText(describe(progress))
        self.qr_status.setProperty("status", progress.status.value)
        if not progress.complete or self.qr is None or self.draft is None:
            return
        if (progress.reference, progress.amount_vnd) != (self.qr.purpose, self.qr.amount_vnd):
            return
        if self.dialog is not None:  # the bank was quicker than the clerk's hand
            self.dialog.reject()
        take_from_bank(self.draft, progress)
        self.watcher.stop()
        self.qr = None
        self._after_tender()
