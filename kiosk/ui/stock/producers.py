"""The manager's producers screen: producers by name, filtered as typed, and the form that adds
or edits one (kind, contact and the bank account settlements are paid to)."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalogue.producers import ProducerInfo
from kiosk.i18n import _
from kiosk.ui.shared.keys import enter_means_ok
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import guarded
from kiosk.ui.shared.touch import touch_table as table
from kiosk.ui.stock.common import TOUCH, DialogHost, StockContext, button, title_label
from kiosk.ui.stock.models import ProducersModel, producer_kind_label

PRODUCER_KINDS = ("enterprise", "cooperative", "coop_group", "household")


class ProducerFormDialog(QDialog):
    """Add or edit a producer: kind, contact and the bank account settlements are paid to."""

    def __init__(self, parent, ctx: StockContext, producer: ProducerInfo | None = None):
        super().__init__(parent)
        self.setObjectName("producerForm")
        self.setModal(True)
        self.ctx, self.producer = ctx, producer
        self.setWindowTitle(_("Edit producer") if producer else _("New producer"))
        self.name = QLineEdit(producer.name if producer else "")
        self.kind = QComboBox()
        for kind in PRODUCER_KINDS:
            self.kind.addItem(producer_kind_label(kind), kind)
        self.address = QLineEdit(producer.address if producer else "")
        self.phone = QLineEdit(producer.phone if producer else "")
        self.tax_code = QLineEdit(producer.tax_code if producer else "")
        self.bank_bin = QLineEdit(producer.bank_bin if producer else "")
        self.bank_bin.setInputMask("")
        self.bank_bin.setMaxLength(6)
        self.bank_account = QLineEdit(producer.bank_account if producer else "")
        self.bank_account.setMaxLength(19)
        if producer:
            self.kind.setCurrentIndex(max(0, self.kind.findData(producer.kind)))
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.save = button(_("Save"), "primary")
        self.save.clicked.connect(self.submit)
        cancel = button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Phone"), self.phone)
        form.addRow(_("Tax code"), self.tax_code)
        form.addRow(_("Bank BIN (6 digits)"), self.bank_bin)
        form.addRow(_("Bank account"), self.bank_account)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        enter_means_ok(self, self.save)
        for entry in (self.name, self.bank_bin, self.bank_account):
            entry.textChanged.connect(self.check)
        self.check()

    def check(self) -> None:
        bin_, account = self.bank_bin.text().strip(), self.bank_account.text().strip()
        problem = ""
        if not self.name.text().strip():
            problem = _("The producer's name is required.")
        elif bin_ and (len(bin_) != 6 or not bin_.isdigit()):
            problem = _("A bank BIN has 6 digits.")
        elif bool(bin_) != bool(account):
            problem = _("Give the bank BIN and the account number together.")
        self.error.setText(problem)
        self.save.setEnabled(not problem)

    def submit(self) -> None:
        fields = {
            "name": self.name.text(),
            "kind": self.kind.currentData(),
            "address": self.address.text(),
            "phone": self.phone.text(),
            "tax_code": self.tax_code.text(),
            "bank_bin": self.bank_bin.text(),
            "bank_account": self.bank_account.text(),
        }
        try:
            if self.producer is None:
                self.ctx.stock.producers.add(by=self.ctx.by(), **fields)
            else:
                self.ctx.stock.producers.update(self.producer.id, by=self.ctx.by(), **fields)
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.error.setText(message_for(exc))
            return
        self.accept()


class ProducersScreen(QWidget, DialogHost):
    """Producers by name, filtered as typed; add and edit."""

    def __init__(self, ctx: StockContext, parent=None):
        super().__init__(parent)
        self.setObjectName("producersScreen")
        self.ctx, self.notices = ctx, ctx.notices
        self.dialog = None
        self.title = title_label()
        self.filter = QLineEdit()
        self.filter.setObjectName("search")
        self.filter.setMinimumHeight(TOUCH)
        self.model = ProducersModel(self)
        self.table = table(self.model, {1: 150, 2: 150, 3: 130, 4: 180})
        self.table.doubleClicked.connect(lambda index: self.edit(index.row()))
        self.new = button("", "primary")
        self.new.clicked.connect(lambda: self.edit(None))
        self.edit_button = button()
        self.edit_button.clicked.connect(lambda: self.edit(self.table.currentIndex().row()))
        self.filter.textChanged.connect(lambda _t: self.refresh())
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.new)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(_("Producers"))
        self.filter.setPlaceholderText(_("Filter producers by name"))
        self.new.setText(_("New producer"))
        self.edit_button.setText(_("Edit"))
        self.model.retranslate()

    @guarded
    def refresh(self) -> None:
        self.model.set_rows(self.ctx.stock.producers.list(self.filter.text()))

    def edit(self, row: int | None) -> None:
        producer = None if row is None else self.model.item(row)
        if row is not None and producer is None:
            self.notices.warning(_("Choose a producer in the table first."))
            return
        dialog = ProducerFormDialog(self, self.ctx, producer)
        dialog.accepted.connect(self.refresh)
        self.open_dialog(dialog)
