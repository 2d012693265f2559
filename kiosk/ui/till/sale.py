"""The sale screen: the cart and its totals on the left, the catalogue on the right.

Every button calls one Till method; what the till returns redraws the cart, what it raises is
shown by the guard. Scans arrive from the window (wedge filter or serial scanner).
"""

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import AuthorisationRequired
from kiosk.core.people.permissions import Permission
from kiosk.core.sale.checkout import CompletedSale
from kiosk.core.sale.till import Till
from kiosk.core.terms import term
from kiosk.i18n import _, get_language
from kiosk.ui.shared import text
from kiosk.ui.shared.dialogs import DiscountDialog, NumberDialog, RecallDialog
from kiosk.ui.shared.manager_pin import ManagerPinDialog
from kiosk.ui.shared.messages import shortfall_text
from kiosk.ui.shared.notices import Notices, guarded
from kiosk.ui.shared.touch import touch_button
from kiosk.ui.till.cart_views import LastSaleView, TotalsView, cart_table
from kiosk.ui.till.catalogue_panel import CataloguePanelView
from kiosk.ui.till.models import CartModel
from kiosk.ui.till.result_delegate import CELL_MARGIN, two_lines

DISCOUNT = Permission.DISCOUNT_OVER_LIMIT
CART_MAX_WIDTH = 580


class SaleScreen(QWidget):
    """State: the selected cart line and the dialog open, if any (tests reach it there).

    ``pay_requested`` when the clerk presses Pay with goods in the cart; ``receipt_requested``
    for the preview and reprint of the last receipt.
    """

    pay_requested = Signal()
    receipt_requested = Signal()
    open_shift_requested = Signal()

    def __init__(self, till: Till, notices: Notices, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("saleScreen")
        self.till, self.notices = till, notices
        self.dialog = None
        self.last_sale: CompletedSale | None = None
        self.shift_open = True  # the window tells (set_shift_open): no query per redraw

        left = self._build_cart_side()
        right = self._build_catalogue_side()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(12)
        cart_side = QWidget()  # what a bigger screen has beyond the cart's 580 px is the tiles'
        cart_side.setMaximumWidth(CART_MAX_WIDTH)
        left.setContentsMargins(0, 0, 0, 0)
        cart_side.setLayout(left)
        layout.addWidget(cart_side, 11)
        layout.addLayout(right, 9)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(700)
        self._flash_timer.timeout.connect(lambda: self._set_alert(False))
        # Named now, drawn when first shown (KioskView.show_sale refreshes it): drawing the
        # empty cart's sums loads Babel's locale data, ~45 ms the sign-in screen need not wait.
        self._name_things()

    def _build_cart_side(self) -> QVBoxLayout:
        """The cart, the buttons for its selected line, the totals and the last sale."""
        self.model = CartModel(self)
        self.table = cart_table(self.model)
        self.table.doubleClicked.connect(lambda _index: self.ask_quantity())
        self.table.pressed.connect(lambda index: self._show_whole_name(index))
        line_bar = self._build_line_bar()
        self.totals_box = TotalsView()
        self.labels, self.values = self.totals_box.labels, self.totals_box.values
        self.last_box = LastSaleView()
        self.last_text, self.last_change = self.last_box.last_text, self.last_box.last_change
        self._build_shift_bar()
        left = QVBoxLayout()
        left.addWidget(self.shift_bar)
        left.addWidget(self.table, 1)
        left.addLayout(line_bar)
        left.addWidget(self.totals_box)
        left.addWidget(self.last_box)
        return left

    def _build_line_bar(self) -> QHBoxLayout:
        """Minus, plus, quantity, discount and remove, for the selected cart line."""
        self.minus = touch_button(name="lineButton", height=60)
        self.minus.setText("−")
        self.minus.clicked.connect(lambda: self.change_quantity(-1))
        self.plus = touch_button(name="lineButton", height=60)
        self.plus.setText("+")
        self.plus.clicked.connect(lambda: self.change_quantity(+1))
        self.qty = touch_button(name="lineButton", height=60)
        self.qty.clicked.connect(lambda: self.ask_quantity())
        self.line_discount = touch_button(name="lineButton", height=60)
        self.line_discount.clicked.connect(lambda: self.ask_line_discount())
        self.remove = touch_button(name="lineButton", height=60)
        self.remove.clicked.connect(lambda: self.remove_line())
        line_bar = QHBoxLayout()
        for b in (self.minus, self.plus, self.qty, self.line_discount, self.remove):
            line_bar.addWidget(b)
        return line_bar

    def _build_shift_bar(self) -> None:
        """The bar that offers to open a shift, shown only while none is open."""
        # A sale needs an open shift: without one the screen offers to open it, before the
        # clerk has rung up a basket and reached the payment.
        self.shift_bar = QFrame()
        self.shift_bar.setObjectName("shiftBar")
        self.shift_text = QLabel()
        self.shift_text.setWordWrap(True)
        self.open_shift = touch_button(name="primary", height=52)
        self.open_shift.clicked.connect(self.open_shift_requested)
        sb = QHBoxLayout(self.shift_bar)
        sb.addWidget(self.shift_text, 1)
        sb.addWidget(self.open_shift)
        self.shift_bar.hide()

    def _build_catalogue_side(self) -> QVBoxLayout:
        """The catalogue panel, and under it park, recall, cart discount, receipt and pay."""
        self.catalogue = CataloguePanelView(self.till, self.notices)
        self.catalogue.product_chosen.connect(lambda p: self.add_product(p))
        self.park = touch_button(name="cartAction", height=52)
        self.park.clicked.connect(lambda: self.park_cart())
        self.recall = touch_button(name="cartAction", height=52)
        self.recall.clicked.connect(lambda: self.ask_recall())
        self.cart_discount = touch_button(name="cartAction", height=52)
        self.cart_discount.clicked.connect(lambda: self.ask_cart_discount())
        self.receipt = touch_button(name="cartAction", height=52)
        self.receipt.clicked.connect(self.receipt_requested)
        self.pay = touch_button(name="pay", height=72)
        self.pay.clicked.connect(lambda: self.request_payment())
        # One row of four and Pay under it: the room above is the tiles' (twelve at 1024x768).
        actions = QGridLayout()
        for i, b in enumerate((self.park, self.recall, self.cart_discount, self.receipt)):
            actions.addWidget(b, 0, i)
        actions.addWidget(self.pay, 1, 0, 1, 4)
        right = QVBoxLayout()
        right.addWidget(self.catalogue, 1)
        right.addLayout(actions)
        return right

    # -- adding goods ------------------------------------------------------------------------

    def scan(self, code: str) -> None:
        """A scan from the wedge or a serial scanner."""
        if self._scan(code) is None:
            self.alert()

    @guarded
    def _scan(self, code: str):
        self.notices.clear()
        result = self.till.scan(code)
        if result.needs_weight is not None:
            self.ask_weight(result.needs_weight)
        else:
            self._changed(result.line.id)
        return result

    @guarded
    def add_product(self, product) -> None:
        self.notices.clear()
        if product.unit == "gram":
            self.ask_weight(product)
            return
        line = self.till.add(product)
        self._changed(line.id)

    def ask_weight(self, product) -> None:
        def apply(grams: int) -> None:
            line = self.till.add(product, grams)
            self._changed(line.id)

        self._open(
            NumberDialog(
                self,
                _("Weight"),
                _("Weight of %(name)s") % {"name": text.name_of(product)},
                apply,
                suffix=_("grams"),
            )
        )

    def _changed(self, line_id: int) -> None:
        """Redraw with the line selected; a line now beyond the stock on hand says so (the
        shop warns rather than refuses: see kiosk.core.sale.oversell)."""
        self.refresh(select=line_id)
        if self.till.short is not None:
            self.notices.warning(shortfall_text(self.till.short))

    def alert(self) -> None:
        """Unknown or unreadable code: a beep and a red flash; the clerk keeps going."""
        QApplication.beep()
        self._set_alert(True)
        self._flash_timer.start()

    def _set_alert(self, on: bool) -> None:
        self.table.setProperty("alert", on)
        self.table.style().unpolish(self.table)
        self.table.style().polish(self.table)

    # -- the cart ----------------------------------------------------------------------------

    def selected_line(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.line_id(rows[0].row()) if rows else None

    def select_line(self, line_id: int) -> None:
        row = self.model.row_of(line_id)
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, 0))

    @guarded
    def change_quantity(self, delta: int) -> None:
        line_id = self.selected_line()
        if line_id is None:
            return
        self.till.change_quantity(line_id, delta)
        self._changed(line_id)

    def ask_quantity(self) -> None:
        line_id = self.selected_line()
        if line_id is None or self.till.cart is None:
            return
        line = self.till.cart.line(line_id)
        gram = line.item.unit == "gram"

        def apply(quantity: int) -> None:
            self.till.set_quantity(line_id, quantity)
            self._changed(line_id)

        self._open(
            NumberDialog(
                self,
                _("Weight") if gram else _("Quantity"),
                text.name_of(line.item),
                apply,
                initial=str(line.quantity),
                suffix=_("grams") if gram else "",
            )
        )

    @guarded
    def remove_line(self) -> None:
        line_id = self.selected_line()
        if line_id is not None:
            self.till.remove(line_id)
            self.refresh()

    def ask_line_discount(self) -> None:
        line_id = self.selected_line()
        if line_id is None:
            return

        def apply(**discount) -> None:
            self._with_manager(
                lambda pin, who: self.till.discount_line(
                    line_id, **discount, manager_pin=pin, manager=who
                )
            )

        self._open(DiscountDialog(self, _("Line discount"), apply))

    def ask_cart_discount(self) -> None:
        def apply(**discount) -> None:
            self._with_manager(
                lambda pin, who: self.till.discount_cart(**discount, manager_pin=pin, manager=who)
            )

        self._open(DiscountDialog(self, _("Cart discount"), apply))

    def _with_manager(self, action) -> None:
        """Try without a PIN; above the clerk's limit, ask a manager for theirs."""
        try:
            action(None, None)
        except AuthorisationRequired:

            def with_pin(pin: str, who: str | None) -> None:
                action(pin, who)
                self.refresh(select=self.selected_line())
                self.notices.info(_("Discount authorised by a manager."))

            reason = _("This discount is above the clerk's limit.")
            names = [a.name for a in self.till.users.authorisers(DISCOUNT)]
            # Opened once the discount dialog has closed (see _open).
            QTimer.singleShot(
                0,
                lambda: self._open(
                    ManagerPinDialog(self, _("Manager PIN"), reason, names, with_pin)
                ),
            )
            return
        self.refresh(select=self.selected_line())

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        dialog.entry.setFocus() if hasattr(dialog, "entry") else None

    def _closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- park, recall, pay -------------------------------------------------------------------

    @guarded
    def park_cart(self) -> None:
        parked = self.till.park()
        self.refresh()
        self.notices.info(_("Cart parked (number %(n)d).") % {"n": parked.id})

    def ask_recall(self) -> None:
        parked = self.till.parked()
        if not parked:
            self.notices.info(_("No cart is parked."))
            return
        dialog = RecallDialog(self, parked)
        dialog.accepted.connect(lambda: self._recall(dialog.chosen))
        self._open(dialog)

    @guarded
    def _recall(self, parked) -> None:
        if parked is not None:
            self.till.recall(parked.id)
            self.refresh()

    @guarded
    def request_payment(self) -> None:
        self.notices.clear()
        self.till.begin_payment()  # raises EmptyCart: nothing to pay
        if not self.shift_open:
            self.open_shift_requested.emit()
            return
        self.pay_requested.emit()

    def set_shift_open(self, is_open: bool) -> None:
        self.shift_open = is_open
        self.shift_bar.setVisible(not is_open)

    def sale_completed(self, sale: CompletedSale) -> None:
        self.last_sale = sale
        self.refresh()

    def _show_whole_name(self, index) -> None:
        """A name cut short in the cart is shown whole, over the screen, when its line is
        pressed (a touch screen has no tooltips)."""
        name = index.siblingAtColumn(CartModel.NAME).data() or ""
        width = self.table.columnWidth(CartModel.NAME) - 2 * CELL_MARGIN
        if two_lines(name, self.table.fontMetrics(), width)[1]:
            self.notices.info(name)

    # -- drawing -----------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        cart = self.till.cart
        totals = cart.totals() if cart is not None else None
        self.model.set_totals(totals)
        discounted = bool(totals and (totals.line_discounts_vnd or totals.cart_discount_vnd))
        self.table.setColumnHidden(CartModel.DISCOUNT, not discounted)
        if select is not None:
            self.select_line(select)
        elif self.model.rowCount():
            self.select_line(self.model.line_id(self.model.rowCount() - 1))
        self.totals_box.draw(totals)
        self.last_box.draw(self.last_sale, show=totals is None or not totals.lines)
        n = len(self.till.parked())
        self.recall.setText(_("Recall (%(n)d)") % {"n": n} if n else _("Recall"))

    def retranslate(self) -> None:
        self._name_things()
        self.refresh(select=self.selected_line())

    def _name_things(self) -> None:
        self.qty.setText(_("Qty"))
        self.line_discount.setText(term("discount", get_language()))
        self.remove.setText(_("Remove"))
        self.totals_box.retranslate()
        self.shift_text.setText(_("No shift is open. Open one to take payments."))
        self.open_shift.setText(_("Open shift"))
        self.park.setText(_("Park cart"))
        self.cart_discount.setText(_("Cart discount"))
        self.receipt.setText(_("Last receipt"))
        self.pay.setText(_("Pay"))
        self.model.retranslate()
        self.catalogue.retranslate()
