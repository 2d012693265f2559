"""The manager's products and low-stock screens (producers are in kiosk.ui.stock.producers).

The products table fetches lazily (kiosk.ui.stock.product_model over kiosk.core.catalogue.product_table), so it
opens and filters at once at 100,000 products; a filter typed is applied after a short pause,
as the till's search is. The form (kiosk.ui.stock.product_form) adds and edits a product.
"""

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalogue.lookup import PRODUCT_GROUPS
from kiosk.core.catalogue.product_table import ProductQuery, ProductTable
from kiosk.i18n import _, ngettext
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import guarded
from kiosk.ui.shared.text import group_label
from kiosk.ui.shared.touch import touch_table as table
from kiosk.ui.stock.common import TOUCH, DialogHost, StockContext, button, title_label
from kiosk.ui.stock.models import LowStockModel
from kiosk.ui.stock.product_form import ProductFormDialog
from kiosk.ui.stock.product_model import ProductTableModel

FILTER_DELAY_MS = 150


class ProductsScreen(QWidget, DialogHost):
    """State: the table's query (in its model) and the dialog open, if any."""

    def __init__(self, ctx: StockContext, table_source: ProductTable, parent=None):
        super().__init__(parent)
        self.setObjectName("productsScreen")
        self.ctx, self.notices = ctx, ctx.notices
        self.dialog = None
        self.source = table_source
        self.provinces: list[tuple[int, str]] | None = None
        self.title = title_label()
        top = self._build_filters()
        self._build_table()
        bottom = self._build_buttons()
        self._watch_filters()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate()
        self.apply_filter()

    def _build_filters(self) -> QHBoxLayout:
        """The row on top: the filter typed, the group and "below reorder level"."""
        self.filter = QLineEdit()
        self.filter.setObjectName("search")
        self.filter.setMinimumHeight(TOUCH)
        self.filter.setClearButtonEnabled(True)
        self.group = QComboBox()
        self.group.setMinimumHeight(TOUCH)
        self.low = QCheckBox()
        self.low.setMinimumHeight(TOUCH)
        top = QHBoxLayout()
        top.addWidget(self.filter, 3)
        top.addWidget(self.group, 1)
        top.addWidget(self.low)
        return top

    def _build_table(self) -> None:
        """The lazy products table, sorted by name until a header is clicked."""
        self.model = ProductTableModel(self.source.page, self)
        m = ProductTableModel
        self.table = table(
            self.model,
            {
                m.SKU: 76,
                m.PRODUCER: 110,
                m.GROUP: 92,
                m.STARS: 56,
                m.PRICE: 110,
                m.STOCK: 76,
                m.REORDER: 100,
            },
            stretch=m.NAME,
        )
        self.table.setObjectName("products")
        self.table.horizontalHeader().setSortIndicator(m.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda index: self.edit(index.row()))

    def _build_buttons(self) -> QHBoxLayout:
        """The bottom row: how many products match, and the buttons."""
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.new = button("", "primary")
        self.new.clicked.connect(lambda: self.add())
        self.edit_button = button()
        self.edit_button.clicked.connect(lambda: self.edit(self.table.currentIndex().row()))
        self.give_code = button()
        self.give_code.clicked.connect(lambda: self.give_instore_code())
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        for b in (self.give_code, self.edit_button, self.new):
            bottom.addWidget(b)
        return bottom

    def _watch_filters(self) -> None:
        """A filter typed applies after a short pause; a group or the checkbox at once."""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FILTER_DELAY_MS)
        self.timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self.timer.start())
        self.group.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.low.toggled.connect(lambda _on: self.apply_filter())

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
