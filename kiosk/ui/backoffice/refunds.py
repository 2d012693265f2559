"""Voids and refunds: find a sale by scanning its receipt (the Code 128 receipt number) or by
search, then void it whole (same shift only) or refund chosen lines and quantities, to the
original payment method or in cash, the goods back on the shelf or written off as damaged.
The refund slip prints through the print queue."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.cash.refundable import SaleForRefund
from kiosk.core.cash.refunds import CompletedRefund
from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.receipt import UnknownSale, refund_receipt
from kiosk.i18n import _, get_language
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.refund_parts import (
    header_text,
    look_up,
    refund_reasons,
    toggle,
    voidable_here,
)
from kiosk.ui.backoffice.report_models import RefundLinesModel
from kiosk.ui.backoffice.widgets import (
    ConfirmDialog,
    method_name,
    reason_box,
    touch_button,
)
from kiosk.ui.shared import text
from kiosk.ui.shared.notices import guarded


class RefundSection(QWidget):
    """State: the sale on screen (None until one is found) and the last refund made."""

    def __init__(self, ctx: BackOfficeContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.notices, self.office = ctx, ctx.notices, ctx.office
        self.sale: SaleForRefund | None = None
        self.last_refund: CompletedRefund | None = None
        # The newest look-up asked: an answer to an older one (head office slower than a tap on
        # a recent sale) is dropped, never shown over the sale the manager chose after it.
        self._asked = 0

        left = self._build_finder()
        line_bar = self._build_lines()
        options = self._build_options()
        actions = self._build_actions()
        right = QVBoxLayout()
        right.addWidget(self.header)
        right.addWidget(self.table, 1)
        right.addLayout(line_bar)
        right.addLayout(options)
        right.addWidget(self.reason)
        right.addLayout(actions)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 2)
        layout.addLayout(right, 5)
        self.model.dataChanged.connect(lambda *_a: self._draw_amount())
        self.retranslate()

    def _build_finder(self) -> QVBoxLayout:
        """The left column: the receipt number entry, Find, and the recent sales."""
        self.receipt = QLineEdit()
        self.receipt.setObjectName("receiptEntry")
        self.receipt.setMinimumHeight(48)
        self.receipt.returnPressed.connect(lambda: self.find(self.receipt.text()))
        self.find_button = touch_button(name="primary")
        self.find_button.clicked.connect(lambda: self.find(self.receipt.text()))
        self.results = QListWidget()
        self.results.setObjectName("saleList")
        self.results.itemClicked.connect(
            lambda item: self.find(item.data(Qt.ItemDataRole.UserRole))
        )
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QVBoxLayout()
        left.addWidget(self.receipt)
        left.addWidget(self.find_button)
        self.recent_label = QLabel()
        left.addWidget(self.recent_label)
        left.addWidget(self.results, 1)
        return left

    def _build_lines(self) -> QHBoxLayout:
        """The sale's header and lines, and the buttons that change a line's quantity."""
        self.header = QLabel()
        self.header.setObjectName("saleHeader")
        self.header.setWordWrap(True)
        self.model = RefundLinesModel(self)
        self.table = QTableView()
        self.table.setObjectName("refundLines")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RefundLinesModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.minus = touch_button("−", "lineButton")
        self.minus.clicked.connect(lambda: self.change(-1))
        self.plus = touch_button("+", "lineButton")
        self.plus.clicked.connect(lambda: self.change(+1))
        self.all_button = touch_button(name="lineButton")
        self.all_button.clicked.connect(lambda: self.choose_all())
        line_bar = QHBoxLayout()
        for b in (self.minus, self.plus, self.all_button):
            line_bar.addWidget(b)
        return line_bar

    def _build_options(self) -> QHBoxLayout:
        """Where the money goes and where the goods go (two toggles), and the reason box."""
        self.to_group, self.to_buttons = toggle(("", ""), self)
        self.stock_group, self.stock_buttons = toggle(("", ""), self)
        options = QHBoxLayout()
        for b in (*self.to_buttons, *self.stock_buttons):
            options.addWidget(b)
        self.reason = reason_box(refund_reasons())
        return options

    def _build_actions(self) -> QHBoxLayout:
        """Void, the amount to refund, and Refund."""
        self.amount = QLabel()
        self.amount.setObjectName("refundAmount")
        self.void_button = touch_button(name="danger", height=60)
        self.void_button.clicked.connect(lambda: self.ask_void())
        self.refund_button = touch_button(name="pay", height=60)
        self.refund_button.clicked.connect(lambda: self.ask_refund())
        actions = QHBoxLayout()
        actions.addWidget(self.void_button)
        actions.addWidget(self.amount, 1)
        actions.addWidget(self.refund_button, 1)
        return actions

    @property
    def visit(self):
        return self.ctx.visit()

    # -- finding the sale ---------------------------------------------------------------------

    def scan(self, code: str) -> None:
        """A receipt's barcode scanned while the section is shown."""
        self.receipt.setText(code)
        self.find(code)

    @guarded
    def refresh(self) -> None:
        self._list(self.office.refunds.search(limit=40))
        self._draw()

    def _list(self, sales) -> None:
        self.results.clear()
        for sale in sales:
            when = sale.created_at.astimezone(VIETNAM).strftime("%d/%m %H:%M")
            status = _(" · voided") if sale.status == "voided" else ""
            item = QListWidgetItem(
                f"{sale.receipt_no}\n{when} · {sale.clerk}\n{text.money(sale.total_vnd)}{status}"
            )
            item.setData(Qt.ItemDataRole.UserRole, sale.receipt_no)
            self.results.addItem(item)

    @guarded
    def find(self, receipt_no: str) -> None:
        """The sale of that exact number (a scan): this till's, else another till's of the
        shop from head office; else the sales whose number contains what was typed, in the list
        (one match is shown at once). Head office is asked off the GUI thread."""
        self.notices.clear()
        number = receipt_no.strip()
        if not number:
            return
        office, visit = self.office, self.visit
        self._asked += 1
        ticket = self._asked

        def job():
            return look_up(office, number, visit)

        if not office.refunds.asks_head_office:  # nothing to wait for
            self._found(job(), ticket)
            return
        self.find_button.setEnabled(False)
        self.ctx.ops.run(
            job,
            success=lambda result: self._found(result, ticket),
            failure=lambda exc: self._not_found(exc, ticket),
        )

    @guarded
    def _found(self, result: tuple[SaleForRefund | None, list], ticket: int) -> None:
        if ticket != self._asked:
            return
        self.find_button.setEnabled(True)
        sale, matches = result
        if sale is None:
            self._list(matches)
            raise UnknownSale(sale_id=None, receipt_no=None)
        self.show_sale(sale)

    @guarded
    def _not_found(self, exc: BaseException, ticket: int) -> None:
        if ticket != self._asked:
            return
        self.find_button.setEnabled(True)
        raise exc

    def show_sale(self, sale: SaleForRefund | None) -> None:
        self.sale = sale
        self.model.set_lines(sale.lines if sale is not None else ())
        if sale is not None:
            self.table.selectRow(0)
        self._draw()

    # -- choosing -----------------------------------------------------------------------------

    def _row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def change(self, delta: int) -> None:
        row = self._row()
        line = self.model.line(row)
        if line is None:
            return
        now = self.model.chosen.get(line.line_no, 0)
        if line.unit == "gram":  # a weighed line goes back whole or not at all
            self.model.set_quantity(row, line.left if delta > 0 else 0)
        else:
            self.model.set_quantity(row, now + delta)

    def choose_all(self) -> None:
        self.model.choose_all()

    # -- void and refund ----------------------------------------------------------------------

    def ask_void(self) -> None:
        sale = self.sale
        if sale is None:
            return
        dialog = ConfirmDialog(
            self,
            _("Void sale"),
            _(
                "Void sale %(no)s of %(total)s? The whole sale is cancelled, its goods go back "
                "on the shelf, and the customer gets their money back."
            )
            % {"no": sale.receipt_no, "total": text.money(sale.total_vnd)},
            _("Void sale"),
        )
        dialog.accepted.connect(lambda: self.void(sale))
        self.ctx.open_dialog(dialog)

    @guarded
    def void(self, asked: SaleForRefund | None = None) -> None:
        sale = self._still_on_screen(asked)
        if sale is None:
            return
        voided = self.office.void(self.visit, sale.receipt_no, self.reason.currentText())
        self.refresh()
        self.show_sale(self.office.stored_sale(sale.receipt_no))
        self.notices.info(
            _("Sale %(no)s voided. Give back %(cash)s in cash.")
            % {"no": voided.receipt_no, "cash": text.money(voided.cash_vnd)}
        )

    def ask_refund(self) -> None:
        sale = self.sale
        if sale is None:
            return
        to_cash = self.to_buttons[1].isChecked()
        damaged = self.stock_buttons[1].isChecked()
        values = {"amount": text.money(self.model.estimate_vnd()), "no": sale.receipt_no}
        if to_cash:
            question = _("Refund about %(amount)s of sale %(no)s in cash?") % values
        else:
            question = _("Refund about %(amount)s of sale %(no)s to how it was paid?") % values
        if damaged:
            question += " " + _("The goods are written off as damaged.")
        else:
            question += " " + _("The goods go back on the shelf.")
        dialog = ConfirmDialog(self, _("Refund"), question, _("Refund"))
        dialog.accepted.connect(lambda: self.refund(sale))
        self.ctx.open_dialog(dialog)

    @guarded
    def refund(self, asked: SaleForRefund | None = None) -> None:
        sale = self._still_on_screen(asked)
        if sale is None:
            return
        done = self.office.refund(
            self.visit,
            sale.receipt_no,
            dict(self.model.chosen),
            reason=self.reason.currentText(),
            to="cash" if self.to_buttons[1].isChecked() else "original",
            damaged=self.stock_buttons[1].isChecked(),
            receipt_lang=get_language(),
        )
        self.last_refund = done
        self.show_sale(self.office.stored_sale(sale.receipt_no))
        self.print_slip(done)
        paid = ", ".join(f"{method_name(m)}: {text.money(v)}" for m, v in done.payments)
        if not done.payments:  # its cash went back, rounded up, with an earlier refund
            paid = _("nothing more to give: an earlier refund gave it, rounded up")
        notice = _("Refund %(no)s: %(amount)s given back (%(how)s).") % {
            "no": done.refund_no,
            "amount": text.money(done.given_back_vnd),  # the cash part as rounded
            "how": paid,
        }
        if done.rounding_vnd:
            notice += " " + _("Goods %(total)s, cash rounding %(rounding)s.") % {
                "total": text.money(done.total_vnd),
                "rounding": text.money(done.rounding_vnd),
            }
        self.notices.info(notice)

    def _still_on_screen(self, asked: SaleForRefund | None) -> SaleForRefund | None:
        """The sale on screen if it is the one the manager confirmed (``asked``; None: no
        dialog), else None with a word: nothing is done to a sale that was not confirmed."""
        sale = self.sale
        if sale is None or asked is None or sale.id == asked.id:
            return sale
        self.notices.warning(
            _("The sale on screen changed to %(no)s: nothing was done to %(asked)s.")
            % {"no": sale.receipt_no, "asked": asked.receipt_no}
        )
        return None

    def print_slip(self, done: CompletedRefund) -> None:
        """Through the print queue when the kiosk has one (a failed slip waits there)."""
        office = self.office
        self.ctx.printing.print_refund(
            done.id,
            lambda: refund_receipt(office.session_factory, office.settings, refund_id=done.id),
        )

    # -- drawing ------------------------------------------------------------------------------

    def _draw(self) -> None:
        sale = self.sale
        has = sale is not None
        for b in (self.minus, self.plus, self.all_button, self.refund_button, self.void_button):
            b.setEnabled(has and sale.status != "voided")  # type: ignore[union-attr]
        if has and not voidable_here(sale):  # type: ignore[arg-type]
            self.void_button.setEnabled(False)  # the header says why
        self.header.setText(header_text(sale))
        self._draw_amount()

    def _draw_amount(self) -> None:
        self.amount.setText(
            _("To refund: %(amount)s") % {"amount": text.money(self.model.estimate_vnd())}
        )

    def retranslate(self) -> None:
        self.receipt.setPlaceholderText(_("Receipt number"))
        self.find_button.setText(_("Find"))
        self.recent_label.setText(_("Recent sales"))
        self.all_button.setText(_("All"))
        self.to_buttons[0].setText(_("To original method"))
        self.to_buttons[1].setText(_("In cash"))
        self.stock_buttons[0].setText(_("Back to shelf"))
        self.stock_buttons[1].setText(_("Damaged"))
        self.void_button.setText(_("Void sale"))
        self.refund_button.setText(_("Refund"))
        self.reason.lineEdit().setPlaceholderText(_("Reason"))
        self._draw()
