"""The admin's settings screen: shop details, VietQR bank, devices, receipt language, head office
address and enrolment, and "Sync now".

The screen only wires: every value is checked as it is typed by
:class:`kiosk.core.settings_editor.SettingsEditor`, saved by it, and enrolment and sync are
:class:`kiosk.core.sync.service.SyncService` calls made off the GUI thread (they wait on the network).
"""

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.till import Till
from kiosk.core.sale.vietqr import banks
from kiosk.core.settings_editor import DEVICE_FIELDS, FIELDS, SettingsEditor
from kiosk.core.sync.client import SyncStatus
from kiosk.core.sync.service import EnrolResult, SyncResult, SyncService, check_enrol_code
from kiosk.i18n import _
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import Notices

_COMBOS = ("vietqr_bank_bin", "printer_profile", "receipt_lang")


class SettingsScreen(QWidget):
    """State: the editor and sync service it drives, one input and one error label per field,
    and whether an enrolment or a sync is running. ``closed`` when the admin goes back."""

    closed = Signal()
    saved = Signal(dict)  # the changed values
    enrolled = Signal(object)  # EnrolResult
    synced = Signal(object)  # SyncResult

    def __init__(
        self,
        editor: SettingsEditor,
        sync: SyncService | None,
        till: Till,
        notices: Notices,
        ops: BackgroundOps,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self.editor, self.sync, self.till, self.notices, self.ops = (
            editor,
            sync,
            till,
            notices,
            ops,
        )
        self.busy = False
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        for field in FIELDS:
            self.inputs[field] = self._make_input(field)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            self.errors[field] = error
            self.names[field] = QLabel()

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.groups = {k: QGroupBox() for k in ("shop", "vietqr", "devices", "receipt", "hq")}
        for group, fields in (
            ("shop", ("shop_name", "shop_address", "shop_tax_code")),
            ("vietqr", ("vietqr_bank_bin", "vietqr_account", "vietqr_account_name")),
            ("devices", ("printer_url", "printer_profile", "scanner_url")),
            ("receipt", ("receipt_lang",)),
            ("hq", ("hq_url",)),
        ):
            form = QFormLayout(self.groups[group])
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for field in fields:
                cell = QVBoxLayout()
                cell.setSpacing(2)
                cell.addWidget(self.inputs[field])
                cell.addWidget(self.errors[field])
                form.addRow(self.names[field], cell)
        self.devices_note = QLabel()
        self.devices_note.setObjectName("hint")
        self.devices_note.setWordWrap(True)
        self.groups["devices"].layout().addRow(self.devices_note)

        # Head office: where the terminal stands, enrolment, sync now.
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
        hq_form = self.groups["hq"].layout()
        hq_form.insertRow(0, self.hq_state)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(self.enrol_code, 1)
        enrol_row.addWidget(self.enrol_button)
        hq_form.addRow(self.enrol_label, enrol_row)
        hq_form.addRow(self.enrol_error)
        hq_form.addRow(self.sync_button)
        self.inputs["hq_url"].textChanged.connect(lambda _t: self._check_enrolment())

        columns = QGridLayout()
        columns.setHorizontalSpacing(16)
        columns.addWidget(self.groups["shop"], 0, 0)
        columns.addWidget(self.groups["vietqr"], 1, 0)
        columns.addWidget(self.groups["receipt"], 2, 0)
        columns.addWidget(self.groups["devices"], 0, 1)
        columns.addWidget(self.groups["hq"], 1, 1, 2, 1)
        columns.setRowStretch(3, 1)
        body = QWidget()
        body.setObjectName("settingsBody")
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.setMinimumHeight(56)
        self.save_button.clicked.connect(self.save)
        self.back_button = QPushButton()
        self.back_button.setMinimumHeight(56)
        self.back_button.clicked.connect(self.closed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        self.retranslate()

    # -- inputs --------------------------------------------------------------------------------

    def _make_input(self, field: str) -> QLineEdit | QComboBox:
        if field in _COMBOS:
            box = QComboBox()
            box.setObjectName(field)
            box.setMinimumHeight(44)
            box.currentIndexChanged.connect(lambda _i, f=field: self._validate(f))
            return box
        entry = QLineEdit()
        entry.setObjectName(field)
        entry.textChanged.connect(lambda _t, f=field: self._validate(f))
        return entry

    def value(self, field: str) -> str:
        widget = self.inputs[field]
        if isinstance(widget, QComboBox):
            data = widget.currentData()
            return "" if data is None else str(data)
        return widget.text()

    def set_value(self, field: str, value: str) -> None:
        widget = self.inputs[field]
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0:  # a value stored before (a BIN not in the list): keep it choosable
                widget.addItem(value, value)
                index = widget.count() - 1
            widget.setCurrentIndex(index)
        else:
            widget.setText(value)

    def values(self) -> dict[str, str]:
        return {f: self.value(f) for f in FIELDS}

    def _fill_combos(self) -> None:
        current = {f: self.value(f) for f in _COMBOS}
        items = {
            "vietqr_bank_bin": [(f"{b.short_name} ({b.bin})", b.bin) for b in banks()],
            "printer_profile": [(p, p) for p in self.editor.profiles()],
            "receipt_lang": [
                ({"vi": _("Vietnamese"), "en": _("English"), "both": _("Both")}[lang], lang)
                for lang in self.editor.receipt_languages()
            ],
        }
        for field, entries in items.items():
            box = self.inputs[field]
            box.blockSignals(True)
            box.clear()
            for label, data in entries:
                box.addItem(label, data)
            box.blockSignals(False)
            if current[field]:
                self.set_value(field, current[field])

    # -- loading, checking, saving ----------------------------------------------------------------

    def load(self) -> None:
        """Show what is stored (each time the screen opens), and head office's state."""
        self.notices.clear()
        self._fill_combos()
        stored = self.editor.values()
        if not stored["hq_url"] and self.sync is not None:
            enrolment = self.sync.enrolment()
            stored["hq_url"] = enrolment.base_url if enrolment else ""
        for field in FIELDS:
            self.set_value(field, stored[field])
        self.enrol_code.clear()
        self.enrol_error.hide()
        self._validate_all()
        self.refresh_hq()

    def _validate(self, field: str) -> bool:
        label = self.errors[field]
        try:
            self.editor.check(field, self.value(field))
        except Exception as exc:
            label.setText(message_for(exc))
            label.show()
            ok = False
        else:
            label.hide()
            ok = True
        self.inputs[field].setProperty("invalid", not ok)
        self.inputs[field].style().unpolish(self.inputs[field])
        self.inputs[field].style().polish(self.inputs[field])
        self._update_save()
        return ok

    def _validate_all(self) -> bool:
        return all([self._validate(f) for f in FIELDS])

    def _update_save(self) -> None:
        values = self.values()
        problems = self.editor.problems(values)
        changed = not problems and bool(self.editor.changes(values))
        self.save_button.setEnabled(changed)

    def save(self) -> None:
        self.notices.clear()
        if not self._validate_all():
            self.notices.warning(_("Some values are not right: see the red notes."))
            return
        try:
            changed = self.editor.save(self.values(), by=self.till.actor)
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.notices.error(exc)
            return
        self._update_save()
        if DEVICE_FIELDS & set(changed):
            self.notices.info(
                _(
                    "Settings saved. Printer and scanner changes take effect when the kiosk restarts."
                )
            )
        else:
            self.notices.info(_("Settings saved."))
        self.saved.emit(changed)
        self.refresh_hq()

    # -- head office -----------------------------------------------------------------------------

    def refresh_hq(self) -> None:
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
        ok = ok and self.errors["hq_url"].isHidden() and bool(self.value("hq_url").strip())
        self.enrol_button.setEnabled(ok)
        self.sync_button.setEnabled(not self.busy)
        return ok

    def enrol(self) -> None:
        if not self._check_enrolment():
            return
        self.notices.clear()
        url, code, actor = self.value("hq_url"), self.enrol_code.text(), self.till.actor
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
        self.set_value("hq_url", result.enrolment.base_url)
        self.notices.info(
            _("Enrolled at head office as terminal %(code)s.")
            % {"code": result.enrolment.terminal_code}
        )
        if result.foreign_sales:
            self.notices.warning(
                _(
                    "Enrolled as %(code)s. %(n)d unsent sales were made as %(old)s: head office "
                    "will refuse them."
                )
                % {
                    "code": result.enrolment.terminal_code,
                    "n": result.foreign_sales,
                    "old": result.previous_terminal_code,
                }
            )
        self.refresh_hq()
        self._update_save()
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
        self.refresh_hq()
        self.synced.emit(result)

    def _sync_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if not is_expected(error):
            raise error
        self.notices.error(error)
        self.refresh_hq()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.enrol_button.setText(_("Enrolling…") if busy else _("Enrol"))
        self._check_enrolment()

    # -- language --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        self.groups["shop"].setTitle(_("Shop"))
        self.groups["vietqr"].setTitle(_("VietQR bank transfer"))
        self.groups["devices"].setTitle(_("Devices"))
        self.groups["receipt"].setTitle(_("Receipts"))
        self.groups["hq"].setTitle(_("Head office"))
        names = {
            "shop_name": _("Shop name"),
            "shop_address": _("Address"),
            "shop_tax_code": _("Tax code"),
            "vietqr_bank_bin": _("Bank"),
            "vietqr_account": _("Account number"),
            "vietqr_account_name": _("Account holder"),
            "printer_url": _("Printer"),
            "printer_profile": _("Printer model"),
            "scanner_url": _("Scanner"),
            "receipt_lang": _("Default language"),
            "hq_url": _("Address"),
        }
        for field, label in names.items():
            self.names[field].setText(label)
        self.inputs["printer_url"].setPlaceholderText("escpos+usb://04b8:0202")
        self.inputs["scanner_url"].setPlaceholderText("wedge://  serial:///dev/ttyACM0")
        self.inputs["hq_url"].setPlaceholderText("https://hq.example.vn:8443")
        self.enrol_code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.devices_note.setText(_("Printer and scanner changes take effect at the next start."))
        self.enrol_label.setText(_("Enrolment code"))
        self.enrol_button.setText(_("Enrolling…") if self.busy else _("Enrol"))
        self.sync_button.setText(_("Sync now"))
        self.back_button.setText(_("Back"))
        self.save_button.setText(_("Save"))
        self._fill_combos()
        for field in FIELDS:
            if not self.errors[field].isHidden():
                self._validate(field)


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
