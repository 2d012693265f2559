"""The views on the cart side of the sale screen: the cart's table, the box of totals under it,
and the box with the last sale's change, shown while the cart is empty."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.sale.cart import Totals
from kiosk.core.sale.checkout import CompletedSale
from kiosk.core.terms import term
from kiosk.i18n import _, get_language, ngettext
from kiosk.ui.shared import text
from kiosk.ui.till.models import CartModel
from kiosk.ui.till.result_delegate import CELL_MARGIN, CartCellView

HEADER_PADDING = 2 * 6 + 4  # the style sheet's header padding each side, and the sort mark

# The narrowest each number column gets; a wider number widens its column (fit_number_columns).
CART_COLUMN_WIDTHS = {
    CartModel.QTY: 64,
    CartModel.PRICE: 118,
    CartModel.DISCOUNT: 108,
    CartModel.AMOUNT: 124,
}


def cart_table(model: CartModel) -> QTableView:
    """The cart's lines, one selectable row each, touch-sized; nothing is edited in place."""
    table = QTableView()
    table.setObjectName("cart")
    table.setModel(model)
    table.setItemDelegate(CartCellView(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(48)
    # Fixed widths: sizing columns to their contents reads every cell at every change.
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setSectionResizeMode(CartModel.NAME, QHeaderView.ResizeMode.Stretch)
    for column, width in CART_COLUMN_WIDTHS.items():
        table.setColumnWidth(column, width)
    for signal in (model.modelReset, model.rowsInserted, model.dataChanged):
        signal.connect(lambda *_args: fit_number_columns(table, model))
    model.headerDataChanged.connect(lambda *_args: fit_number_columns(table, model))
    return table


def fit_number_columns(table: QTableView, model: CartModel) -> None:
    """Each number column as wide as its widest amount and its header (never narrower than its
    usual width): 1.000 pieces at 99.999.000 đ must read whole, and the name gives way.
    Measured from the model's formatted texts, so a change costs one pass over the lines."""
    cells = table.fontMetrics()
    header = table.horizontalHeader()
    for column, least in CART_COLUMN_WIDTHS.items():
        widest = max(map(cells.horizontalAdvance, model.column_texts(column)), default=0)
        title = model.headerData(column, Qt.Orientation.Horizontal) or ""
        needed = max(
            least,
            widest + 2 * CELL_MARGIN + 1,
            header.fontMetrics().horizontalAdvance(title) + HEADER_PADDING,
        )
        if table.columnWidth(column) != needed:
            table.setColumnWidth(column, needed)


class TotalsView(QFrame):
    """The cart's sums, a label and a value each: items, subtotal, discount, VAT and total."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("totals")
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        for row, key in enumerate(("items", "subtotal", "discount", "vat", "total")):
            label, value = QLabel(), QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setObjectName("totalLabel" if key == "total" else "sumLabel")
            value.setObjectName("totalValue" if key == "total" else "sumValue")
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.labels[key], self.values[key] = label, value

    def draw(self, totals: Totals | None) -> None:
        """Show the cart's totals, or zeros when there is no cart."""
        count = totals.item_count if totals else 0
        self.values["items"].setText(str(count))
        self.labels["items"].setText(ngettext("Item", "Items", count))
        # Before any discount, so that subtotal − discount = total reads true on the screen
        # (Totals.subtotal_vnd is after the lines' discounts).
        self.values["subtotal"].setText(text.money(totals.gross_vnd if totals else 0))
        off = (totals.cart_discount_vnd + totals.line_discounts_vnd) if totals else 0
        self.values["discount"].setText("−" + text.money(off) if off else text.money(0))
        self.values["vat"].setText(text.money(totals.vat_vnd if totals else 0))
        self.values["total"].setText(text.money(totals.total_vnd if totals else 0))

    def retranslate(self) -> None:
        """Name the sums in the current language (the items label follows its count in draw)."""
        self.labels["subtotal"].setText(term("subtotal", get_language()))
        self.labels["discount"].setText(term("discount", get_language()))
        self.labels["vat"].setText(_("VAT included"))
        self.labels["total"].setText(term("total", get_language()))


class LastSaleView(QFrame):
    """What the last sale came to, its receipt number and the change given."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lastSale")
        self.last_text = QLabel()
        self.last_text.setObjectName("lastSaleText")
        self.last_change = QLabel()
        self.last_change.setObjectName("change")
        lb = QVBoxLayout(self)
        lb.addWidget(self.last_text)
        lb.addWidget(self.last_change)
        self.hide()

    def draw(self, sale: CompletedSale | None, show: bool) -> None:
        """Show ``sale`` when there is one and ``show`` says so (the cart is empty); else hide."""
        if sale is None or not show:
            self.hide()
            return
        self.show()
        self.last_text.setText(
            _("Paid %(total)s · receipt %(no)s")
            % {"total": text.money(sale.paid_vnd), "no": sale.receipt_no}
        )
        change = _("Change: %(amount)s") % {"amount": text.money(sale.change_vnd)}
        if sale.rounding_vnd:  # the goods' total, then the rounding on its own line
            change = _("Total %(total)s, cash rounding %(rounding)s. %(change)s") % {
                "total": text.money(sale.totals.total_vnd),
                "rounding": text.money(sale.rounding_vnd),
                "change": change,
            }
        self.last_change.setText(change)
