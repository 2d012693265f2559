"""The stock adjustment screen: goods that leave the shelf other than by a sale.

A product (scanned or found by name), a quantity, one of the reasons (damaged, expired, lost,
sample, gift, returned to producer) and a note; Record stays off until all are there, and asks
for a confirmation, since the stock goes down at once. The latest adjustments are listed below.
"""

import uuid

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.stock.adjustments import ADJUSTMENT_REASONS
from kiosk.core.stock.receipt_rules import MAX_QUANTITY
from kiosk.i18n import _
from kiosk.ui.shared.notices import guarded
from kiosk.ui.shared.touch import touch_table as table
from kiosk.ui.stock.common import (
    TOUCH,
    DialogHost,
    NumberEntry,
    ProductPickerView,
    StockContext,
    button,
    title_label,
)
from kiosk.ui.stock.models import AdjustmentsModel, reason_label


class AdjustmentScreen(QWidget, DialogHost):
    """State: the product chosen, the reason chosen (a checked button), the dialog open."""

    def __init__(self, ctx: StockContext, parent=None):
        super().__init__(parent)
        self.setObjectName("adjustmentScreen")
        self.ctx, self.notices = ctx, ctx.notices
        self.product_id: uuid.UUID | None = None
        self.dialog = None
        self.title = title_label()
        entry = self._build_entry()
        grid = self._build_reasons()
        notes = self._build_notes()
        bottom = self._build_record()
        self.model = AdjustmentsModel(self)
        self.table = table(self.model, {0: 120, 2: 60, 3: 150, 4: 200, 5: 130}, stretch=1)
        self.quantity.textChanged.connect(lambda _t: self.check())
        self.reasons.buttonToggled.connect(lambda _b, _on: self.check())
        self.note.textChanged.connect(lambda _t: self.check())
        self.recent = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.picker)
        layout.addLayout(entry)
        layout.addLayout(grid)
        layout.addLayout(notes)
        layout.addLayout(bottom)
        layout.addWidget(self.recent)
        layout.addWidget(self.table, 1)
        self.retranslate()
        self.refresh()

    def _build_entry(self) -> QHBoxLayout:
        """The product picker, and the row with the product chosen and the quantity."""
        self.picker = ProductPickerView(self.ctx.catalogue, self.ctx.notices)
        self.picker.code_entered.connect(self.scan)
        self.picker.picked.connect(self.choose)
        self.product = QLabel()
        self.product.setObjectName("hint")
        self.quantity = NumberEntry(low=1, high=MAX_QUANTITY["gram"])
        self.quantity.setMaximumWidth(200)
        entry = QHBoxLayout()
        self.quantity_label = QLabel()
        entry.addWidget(self.product, 1)
        entry.addWidget(self.quantity_label)
        entry.addWidget(self.quantity)
        return entry

    def _build_reasons(self) -> QGridLayout:
        """One checkable button per reason, three to a row."""
        self.reasons = QButtonGroup(self)
        self.reason_buttons = {}
        grid = QGridLayout()
        for i, reason in enumerate(ADJUSTMENT_REASONS):
            b = button()
            b.setCheckable(True)
            self.reasons.addButton(b)
            self.reason_buttons[reason] = b
            grid.addWidget(b, i // 3, i % 3)
        return grid

    def _build_notes(self) -> QHBoxLayout:
        """The note (what happened) and the batch number."""
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.note.setMinimumHeight(TOUCH)
        self.batch = QLineEdit()
        self.batch.setMaxLength(40)
        self.batch.setMinimumHeight(TOUCH)
        notes = QHBoxLayout()
        notes.addWidget(self.note, 2)
        notes.addWidget(self.batch, 1)
        return notes

    def _build_record(self) -> QHBoxLayout:
        """What still stops the record, in words, and the Record button."""
        self.problem = QLabel()
        self.problem.setObjectName("dialogError")
        self.record_button = button("", "primary")
        self.record_button.clicked.connect(lambda: self.record())
        bottom = QHBoxLayout()
        bottom.addWidget(self.problem, 1)
        bottom.addWidget(self.record_button)
        return bottom

    def retranslate(self) -> None:
        self.title.setText(_("Stock adjustment"))
        for reason, b in self.reason_buttons.items():
            b.setText(reason_label(reason))
        self.quantity_label.setText(_("Quantity"))
        self.note.setPlaceholderText(_("Note: what happened"))
        self.batch.setPlaceholderText(_("Batch no. (optional)"))
        self.record_button.setText(_("Take off stock"))
        self.recent.setText(_("Latest adjustments"))
        self.picker.retranslate()
        self.model.retranslate()
        if self.product_id is None:
            self.product.setText(_("Scan or find the product first."))
        self.check()

    def reason(self) -> str | None:
        for reason, b in self.reason_buttons.items():
            if b.isChecked():
                return reason
        return None

    def problem_text(self) -> str:
        if self.product_id is None:
            return _("Choose the product.")
        if not self.quantity.valid:
            return _("Type how many (a whole number, 1 or more).")
        if self.reason() is None:
            return _("Choose the reason.")
        return ""

    def check(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.record_button.setEnabled(not problem)

    @guarded
    def refresh(self) -> None:
        self.model.set_rows(self.ctx.stock.adjustments.list(limit=50))

    def choose(self, product_id: uuid.UUID, name: str) -> None:
        self.product_id = product_id
        self.product.setText(name)
        self.quantity.setFocus()
        self.check()

    @guarded
    def scan(self, code: str) -> None:
        if self.dialog is not None:  # a confirmation is open: it is answered first
            self.notices.warning(_("Close the open window before scanning."))
            return
        product_id = self.ctx.stock.receipts.find(code)
        self.choose(product_id, self.ctx.stock.products.get(product_id).name_vi)

    def record(self) -> None:
        if self.problem_text():
            return
        product_id, quantity, reason = self.product_id, self.quantity.value(), self.reason()
        note, batch = self.note.text(), self.batch.text()

        def take_off() -> None:
            view = self.ctx.stock.adjustments.record(
                product_id, quantity, reason, by=self.ctx.by(), note=note, batch_no=batch
            )
            self.quantity.clear()
            self.note.clear()
            self.batch.clear()
            self.refresh()
            self.notices.info(
                _("%(name)s: %(qty)d taken off (%(reason)s). Stock now %(after)d.")
                % {
                    "name": view.name_vi,
                    "qty": view.quantity,
                    "reason": reason_label(view.reason),
                    "after": view.on_hand_after,
                }
            )

        self.confirm(
            _("Take %(qty)d of %(name)s off the stock as %(reason)s?")
            % {"qty": quantity, "name": self.product.text(), "reason": reason_label(reason)},
            _("Take off stock"),
            take_off,
        )
