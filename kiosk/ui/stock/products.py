"""The manager's products, low-stock and producers screens.

The products table fetches lazily (kiosk.ui.stock.product_model over kiosk.core.catalogue.product_table), so it
opens and filters at once at 100,000 products; a filter typed is applied after a short pause,
as the till's search is. The form (kiosk.ui.stock.product_form) adds and edits a product.
"""

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalogue.lookup import PRODUCT_GROUPS
from kiosk.core.catalogue.producers import ProducerInfo
from kiosk.core.catalogue.product_table import ProductQuery, ProductTable
from kiosk.i18n import _, ngettext
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import guarded
from kiosk.ui.shared.text import group_label
from kiosk.ui.stock.common import TOUCH, DialogHost, StockContext, button, title_label
from kiosk.ui.stock.models import LowStockModel, ProducersModel, producer_kind_label
from kiosk.ui.stock.product_form import ProductFormDialog
from kiosk.ui.stock.product_model import ProductTableModel
from kiosk.ui.stock.receipts import table

FILTER_DELAY_MS = 150
PRODUCER_KINDS = ("enterprise", "cooperative", "coop_group", "household")


class ProductsScreen(QWidget, DialogHost):
    """State: the table's query (in its model) and the dialog open, if any."""

    def __init__(self, ctx: StockContext, table_source: ProductTable, parent=None):
        super().__init__(parent)
        self.setObjectName("productsScreen")
        self.ctx, self.notices = ctx, ctx.notices
        self.dialog = None
        self.title = title_label()
        self.filter = QLineEdit()
        self.filter.setObjectName("search")
        self.filter.setMinimumHeight(TOUCH)
        self.filter.setClearButtonEnabled(True)
        self.group = QComboBox()
        self.group.setMinimumHeight(TOUCH)
        self.low = QCheckBox()
        self.low.setMinimumHeight(TOUCH)
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.source = table_source
        self.provinces: list[tuple[int, str]] | None = None
        self.model = ProductTableModel(table_source.page, self)
        m = ProductTableModel
        self.table = table(
            self.model,
            {
                m.SKU: 76,
                m.PRODUCER: 160,
                m.GROUP: 92,
                m.STARS: 56,
                m.PRICE: 110,
                m.STOCK: 76,
                m.REORDER: 120,
            },
            stretch=m.NAME,
        )
        self.table.setObjectName("products")
        self.table.horizontalHeader().setSortIndicator(m.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda index: self.edit(index.row()))
        self.new = button("", "primary")
        self.new.clicked.connect(lambda: self.add())
        self.edit_button = button()
        self.edit_button.clicked.connect(lambda: self.edit(self.table.currentIndex().row()))
        self.give_code = button()
        self.give_code.clicked.connect(lambda: self.give_instore_code())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FILTER_DELAY_MS)
        self.timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self.timer.start())
        self.group.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.low.toggled.connect(lambda _on: self.apply_filter())

        top = QHBoxLayout()
        top.addWidget(self.filter, 3)
        top.addWidget(self.group, 1)
        top.addWidget(self.low)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        for b in (self.give_code, self.edit_button, self.new):
            bottom.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate()
        self.apply_filter()

    def retranslate(self) -> None:
        self.title.setText(_("Products"))
        self.filter.setPlaceholderText(_("Filter: name, producer, province, code or barcode"))
        current = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem(_("All groups"), None)
        for g in PRODUCT_GROUPS:
            self.group.addItem(group_label(g), g)
        self.group.setCurrentIndex(max(0, self.group.findData(current)))
        self.group.blockSignals(False)
        self.low.setText(_("Below reorder level"))
        self.new.setText(_("New product"))
        self.edit_button.setText(_("Edit"))
        self.give_code.setText(_("Give an in-store barcode"))
        self.model.retranslate()
        if self.model.rowCount():
            self._count()

    def refresh(self) -> None:
        """Read the rows shown again (the back office calls it each time it shows the screen)."""
        self.apply_filter()

    def scan(self, code: str) -> None:
        """A scan finds the product carrying the code."""
        self.filter.setText(code)
        self.apply_filter()

    def query(self) -> ProductQuery:
        return ProductQuery(
            text=self.filter.text().strip(),
            group=self.group.currentData(),
            low_stock=self.low.isChecked(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    @guarded
    def apply_filter(self) -> None:
        self.timer.stop()
        self.model.set_query(self.query())
        self._count()

    def _count(self) -> None:
        try:
            n = self.source.count(self.model.query)
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.count.setText(message_for(exc))
            return
        self.count.setText(ngettext("%(n)d product", "%(n)d products", n) % {"n": n})

    def selected(self):
        return self.model.product(self.table.currentIndex().row())

    @guarded
    def add(self) -> None:
        dialog = ProductFormDialog(self, self.ctx, provinces=self._provinces())
        dialog.saved.connect(lambda _r: self._saved())
        self.open_dialog(dialog)

    @guarded
    def edit(self, row: int) -> None:
        product = self.model.product(row)
        if product is None:
            self.notices.warning(_("Choose a product in the table first."))
            return
        dialog = ProductFormDialog(self, self.ctx, product.product_id, provinces=self._provinces())
        dialog.saved.connect(lambda _r: self._saved())
        self.open_dialog(dialog)

    def _provinces(self) -> list[tuple[int, str]]:
        if self.provinces is None:
            self.provinces = self.source.provinces()
        return self.provinces

    def _saved(self) -> None:
        self.model.reload()
        self._count()
        self.notices.info(_("Product saved."))

    def give_instore_code(self) -> None:
        product = self.selected()
        if product is None:
            self.notices.warning(_("Choose a product in the table first."))
            return

        def give() -> None:
            code = self.ctx.stock.products.allocate_code(product.product_id, by=self.ctx.by())
            self.notices.info(
                _("%(name)s now carries the in-store barcode %(code)s. Print its labels.")
                % {"name": product.name_vi, "code": code}
            )

        self.confirm(
            _("Give %(name)s a new in-store barcode (EAN-13 starting with 2)?")
            % {"name": product.name_vi},
            _("Give a barcode"),
            give,
        )


class LowStockScreen(QWidget):
    """Products below their reorder level, by producer; one producer or all."""

    def __init__(self, ctx: StockContext, parent=None):
        super().__init__(parent)
        self.setObjectName("lowStockScreen")
        self.ctx, self.notices = ctx, ctx.notices
        self.title = title_label()
        self.producer = QComboBox()
        self.producer.setMinimumHeight(TOUCH)
        self.model = LowStockModel(self)
        self.table = table(self.model, {0: 300, 2: 90, 3: 140, 4: 100}, stretch=1)
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.reload = button()
        self.reload.clicked.connect(lambda: self.refresh())
        self.producer.currentIndexChanged.connect(lambda _i: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.producer, 1)
        top.addWidget(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.retranslate()
        self.load_producers()

    def retranslate(self) -> None:
        self.title.setText(_("Low stock"))
        self.reload.setText(_("Refresh"))
        if self.producer.count():
            self.producer.setItemText(0, _("All producers"))
        self.model.retranslate()

    @guarded
    def load_producers(self) -> None:
        self.producer.blockSignals(True)
        self.producer.clear()
        self.producer.addItem(_("All producers"), None)
        for p in self.ctx.stock.producers.list():
            self.producer.addItem(p.name, str(p.id))  # a UUID's QVariant compares by identity
        self.producer.blockSignals(False)
        self.refresh()

    @guarded
    def refresh(self) -> None:
        producer = self.producer.currentData()
        items = self.ctx.stock.products.low_stock(uuid.UUID(producer) if producer else None)
        self.model.set_rows(items)
        makers = len({i.producer_id for i in items})
        self.summary.setText(
            _("%(n)d products below their reorder level, from %(m)d producers.")
            % {"n": len(items), "m": makers}
        )


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
        self.table = table(self.model, {1: 170, 2: 170, 3: 140, 4: 190})
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
