"""A goods receipt's lines as the receipt screen (kiosk.ui.stock.receipts) shows them: the words
for the core's warnings about a line, and the editor of the selected line (quantity, cost, batch,
expiry and consignment terms), checked as they are typed."""

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout

from kiosk.core.stock.receipt_rules import MAX_QUANTITY, MAX_UNIT_COST_VND, StockWarning
from kiosk.i18n import _
from kiosk.ui.stock.common import TOUCH, DateEntry, NumberEntry, button, mark
from kiosk.ui.stock.models import date_text


def warning_text(w: StockWarning) -> str:
    values = {"name": w.name_vi, "date": date_text(w.date), "days": w.days_left or 0}
    if w.kind == "certificate_expired":
        return _("%(name)s: OCOP certificate expired on %(date)s.") % values
    if w.kind == "certificate_expiring":
        return _("%(name)s: OCOP certificate expires on %(date)s (%(days)d days).") % values
    if w.kind == "batch_near_expiry":
        values["batch"] = w.batch_no or "—"
        return _("%(name)s: batch %(batch)s expires on %(date)s (%(days)d days).") % values
    if w.kind == "other_producer":
        return _("%(name)s is made by another producer.") % values
    return w.name_vi


class LineEditorView(QFrame):
    """The selected line's fields, checked as they are typed; ``saved`` when they are valid
    and the manager saves them."""

    saved = Signal()

    def __init__(self):
        super().__init__()
        self.setObjectName("lineEditor")
        self.setFixedWidth(360)
        self.name = QLabel()
        self.name.setWordWrap(True)
        self.name.setObjectName("hint")
        self.quantity = NumberEntry(low=1, high=MAX_QUANTITY["piece"])
        self.cost = NumberEntry(optional=True, high=MAX_UNIT_COST_VND)
        self.batch = QLineEdit()
        self.batch.setMaxLength(40)
        self.batch.setMinimumHeight(TOUCH)
        self.expiry = DateEntry()
        self.consignment = QCheckBox()
        self.consignment.setMinimumHeight(TOUCH)
        self.commission = NumberEntry(low=0, high=100)
        self.save = button("", "primary")
        self.remove = button()
        self.form = QFormLayout()
        self.labels = [QLabel() for _i in range(6)]
        for label, field in zip(
            self.labels,
            (self.quantity, self.cost, self.batch, self.expiry, self.consignment, self.commission),
            strict=True,
        ):
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addLayout(self.form)
        layout.addWidget(self.save)
        layout.addWidget(self.remove)
        layout.addStretch(1)
        for entry in (self.quantity, self.cost, self.commission):
            entry.textChanged.connect(self.check)
        self.expiry.changed.connect(self.check)
        self.consignment.toggled.connect(self.check)
        self.save.clicked.connect(lambda: self.saved.emit())
        self.unit = "piece"
        self.show_line(None)

    def retranslate(self) -> None:
        for label, words in zip(
            self.labels,
            (
                _("Quantity"),
                _("Unit cost (₫)"),
                _("Batch no."),
                _("Expiry date"),
                _("Consignment"),
                _("Commission %"),
            ),
            strict=True,
        ):
            label.setText(words)
        self.consignment.setToolTip(_("Producer's goods, paid when sold"))
        self.save.setText(_("Save line"))
        self.remove.setText(_("Remove line"))
        self.check()

    def show_line(self, line) -> None:
        self.setEnabled(line is not None)
        if line is None:
            self.name.setText("")
            for entry in (self.quantity, self.cost, self.commission):
                entry.clear()
            self.batch.clear()
            self.expiry.set_value(None)
            return
        self.unit = line.unit
        self.quantity.high = MAX_QUANTITY[line.unit]
        unit = _("grams") if line.unit == "gram" else _("pieces")
        self.name.setText(f"{line.name_vi} ({unit})")
        self.quantity.set_value(line.quantity)
        self.cost.set_value(line.unit_cost_vnd)
        self.batch.setText(line.batch_no)
        self.expiry.set_value(line.expiry_date)
        self.consignment.setChecked(line.consignment)
        self.commission.set_value(line.commission_pct)
        self.check()

    def changes(self) -> dict:
        return {
            "quantity": self.quantity.value(),
            "unit_cost_vnd": self.cost.value(),
            "batch_no": self.batch.text(),
            "expiry_date": self.expiry.value(),
            "consignment": self.consignment.isChecked(),
            "commission_pct": self.commission.value() or 0,
        }

    @property
    def valid(self) -> bool:
        expiry = self.expiry.value()
        expiry_ok = expiry is None or expiry >= dt.date.today()
        mark(self.expiry.date, expiry_ok)
        return self.quantity.valid and self.cost.valid and self.commission.valid and expiry_ok

    def check(self) -> None:
        self.commission.setEnabled(self.consignment.isChecked())
        self.save.setEnabled(self.valid)
