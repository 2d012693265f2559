"""The admin's settings screen: shop details, VietQR bank, devices, receipt language, e-invoices
(with the provider's login), head office address and enrolment, and "Sync now".

The screen only wires: every value is checked as it is typed by
:class:`kiosk.core.settings_editor.SettingsEditor` and saved by it; enrolment and sync belong to
the head office group (:mod:`kiosk.ui.backoffice.settings_hq`).
"""

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
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

from kiosk.core.sale.till import Till
from kiosk.core.sale.vietqr import banks
from kiosk.core.settings_editor import DEVICE_FIELDS, FIELDS, SettingsEditor
from kiosk.core.sync.service import SyncService
from kiosk.i18n import _
from kiosk.ui.backoffice.settings_einvoice import EInvoiceBox
from kiosk.ui.backoffice.settings_hq import HeadOfficeBox
from kiosk.ui.shared import text
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import Notices

_COMBOS = (
    "vietqr_bank_bin",
    "printer_profile",
    "receipt_lang",
    "cash_rounding_vnd",
    "oversell",
    "customer_display",
    "einvoice_enabled",
)


class SettingsScreen(QWidget):
    """State: the editor and sync service it drives, one input and one error label per field,
    and the head office group (``hq``), which knows whether an enrolment or a sync is running.
    ``closed`` when the admin goes back."""

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
        self._build_fields()
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self._build_groups()
        scroll = self._build_body()

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

    def _build_fields(self) -> None:
        """One input, one error label and one name label per field."""
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

    def _build_groups(self) -> None:
        """The fields in their groups; devices get a note, head office its enrolment and sync."""
        self.hq = self._build_hq()
        self.groups = {k: QGroupBox() for k in ("shop", "vietqr", "devices", "receipt", "till")}
        self.groups["hq"] = self.hq
        self.einvoice = self.groups["einvoice"] = EInvoiceBox(self.editor, self.till, self.notices)
        for group, fields in (
            ("shop", ("shop_name", "shop_address", "shop_tax_code")),
            ("vietqr", ("vietqr_bank_bin", "vietqr_account", "vietqr_account_name")),
            ("devices", ("printer_url", "printer_profile", "scanner_url")),
            ("receipt", ("receipt_lang",)),
            ("till", ("cash_rounding_vnd", "oversell", "customer_display")),
            ("hq", ("hq_url",)),
            ("einvoice", [f for f in FIELDS if f.startswith("einvoice_")]),
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
        self.hq.add_rows()
        self.einvoice.add_rows()

    def _build_hq(self) -> HeadOfficeBox:
        """The head office group; its state, code, error and buttons stay the screen's own."""
        hq = HeadOfficeBox(
            self.sync,
            self.till,
            self.notices,
            self.ops,
            self.inputs["hq_url"],
            self.errors["hq_url"],
        )
        self.hq_state, self.enrol_code = hq.hq_state, hq.enrol_code
        self.enrol_error, self.enrol_button = hq.enrol_error, hq.enrol_button
        self.sync_button = hq.sync_button
        hq.enrolled.connect(lambda _result: self._update_save())
        hq.enrolled.connect(self.enrolled)
        hq.synced.connect(self.synced)
        return hq

    def _build_body(self) -> QScrollArea:
        """The groups in two columns, in a scroll area for small screens."""
        columns = QGridLayout()
        columns.setHorizontalSpacing(16)
        columns.addWidget(self.groups["shop"], 0, 0)
        columns.addWidget(self.groups["vietqr"], 1, 0)
        columns.addWidget(self.groups["receipt"], 2, 0)
        columns.addWidget(self.groups["devices"], 0, 1)
        columns.addWidget(self.groups["hq"], 1, 1, 2, 1)
        columns.addWidget(self.groups["till"], 3, 0)
        columns.addWidget(self.groups["einvoice"], 3, 1)
        columns.setRowStretch(4, 1)
        body = QWidget()
        body.setObjectName("settingsBody")
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

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
            "cash_rounding_vnd": [
                (_("No rounding") if step == 0 else text.money(step), str(step))
                for step in self.editor.rounding_steps()
            ],
            "oversell": [
                ({"warn": _("Warn, and sell"), "refuse": _("Refuse the sale")}[mode], mode)
                for mode in self.editor.oversell_modes()
            ],
            "einvoice_enabled": [(_("Off"), "off"), (_("On: an e-invoice for each sale"), "on")],
            "customer_display": [
                (display_choice(choice), choice)
                for choice in self.editor.customer_display_choices()
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
        self.hq.refresh()
        self.einvoice.refresh()

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
        self.hq.refresh()

    # -- language --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        self.groups["shop"].setTitle(_("Shop"))
        self.groups["vietqr"].setTitle(_("VietQR bank transfer"))
        self.groups["devices"].setTitle(_("Devices"))
        self.groups["receipt"].setTitle(_("Receipts"))
        self.groups["till"].setTitle(_("Sales"))
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
            "cash_rounding_vnd": _("Round cash to"),
            "oversell": _("More than in stock"),
            "customer_display": _("Customer display"),
            "hq_url": _("Address"),
            "einvoice_enabled": _("Issue e-invoices"),
            "einvoice_url": _("Provider"),
            "einvoice_template": _("Template"),
            "einvoice_symbol": _("Symbol"),
            "einvoice_buyer_days": _("Days a buyer may ask"),
        }
        for field, label in names.items():
            self.names[field].setText(label)
        self.inputs["printer_url"].setPlaceholderText("escpos+usb://04b8:0202")
        self.inputs["scanner_url"].setPlaceholderText("wedge://  serial:///dev/ttyACM0")
        self.inputs["hq_url"].setPlaceholderText("https://hq.example.vn:8443")
        self.inputs["einvoice_url"].setPlaceholderText("viettel://api-vinvoice.viettel.vn")
        self.inputs["einvoice_symbol"].setPlaceholderText("C25MAA")
        self.devices_note.setText(_("Printer and scanner changes take effect at the next start."))
        self.hq.retranslate()
        self.einvoice.retranslate()
        self.back_button.setText(_("Back"))
        self.save_button.setText(_("Save"))
        self._fill_combos()
        for field in FIELDS:
            if not self.errors[field].isHidden():
                self._validate(field)


def display_choice(choice: str) -> str:
    """A choice of the customer_display setting as the admin reads it; a screen that is there
    now says its size."""
    if choice == "off":
        return _("Off")
    if choice == "auto":
        return _("Second screen, when there is one")
    screens = QGuiApplication.screens()
    index = int(choice) - 1
    name = _("Screen %(n)s") % {"n": choice}
    if index < len(screens):
        size = screens[index].size()
        return f"{name} ({size.width()}x{size.height()})"
    return name
