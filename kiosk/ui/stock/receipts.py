"""The goods receipt screen (nhập hàng): receipts from producers, drafted, confirmed, reversed.

Two pages: the list of receipts, newest first, and one receipt. A draft is kept by the core as
it is built (each scan or line change is saved at once), so "Save draft" only stores the header;
confirming posts the stock and freezes the receipt; a confirmed receipt is undone by a reversing
one. The core's warnings (certificate expired or expiring, batch near expiry, another
producer's product) are listed under the lines and never block.
"""

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.stock.receipt_rules import ReceiptView
from kiosk.i18n import _
from kiosk.ui.shared import text
from kiosk.ui.shared.layout import SideBySide, button_rows, size_to_current
from kiosk.ui.shared.notices import guarded
from kiosk.ui.shared.touch import touch_table as table
from kiosk.ui.stock.common import (
    TOUCH,
    DialogHost,
    ProductPickerView,
    StockContext,
    button,
    title_label,
)
from kiosk.ui.stock.models import ReceiptLinesModel, ReceiptListModel, status_label
from kiosk.ui.stock.receipt_line import LineEditorView, warning_text


class GoodsReceiptScreen(QWidget, DialogHost):
    """State: the receipt shown (a ReceiptView) and its selected line, the dialog open."""

    def __init__(self, ctx: StockContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("goodsReceiptScreen")
        self.ctx, self.notices = ctx, ctx.notices
        self.receipt: ReceiptView | None = None
        self.dialog = None

        self.title = title_label()
        self.pages = QStackedWidget()
        list_page = self._build_list_page()
        receipt_page = self._build_receipt_page()
        self.pages.addWidget(list_page)
        self.pages.addWidget(receipt_page)
        size_to_current(self.pages)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        self.retranslate()
        self.refresh()

    def _build_list_page(self) -> QWidget:
        """The list page: the receipts, newest first, and a new receipt's producer and note."""
        self.list_model = ReceiptListModel(self)
        self.list = table(self.list_model, {0: 120, 2: 170, 3: 130, 4: 70, 5: 140}, stretch=1)
        self.list.doubleClicked.connect(lambda index: self.open_receipt(self._listed(index.row())))
        self.producer = QComboBox()
        self.producer.setMinimumHeight(TOUCH)
        self.producer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.producer.setMinimumContentsLength(16)
        self.note_no = QLineEdit()
        self.note_no.setMaxLength(60)
        self.note_no.setMinimumHeight(TOUCH)
        self.new = button("", "primary")
        self.new.clicked.connect(lambda: self.new_receipt())
        self.open = button()
        self.open.clicked.connect(lambda: self.open_receipt(self._listed(self._list_row())))
        # Two rows: a producer's name is long, and a 1024x768 screen has room for it alone.
        head = QGridLayout()
        self.producer_label, self.note_label = QLabel(), QLabel()
        head.addWidget(self.producer_label, 0, 0)
        head.addWidget(self.producer, 0, 1, 1, 2)
        head.addWidget(self.note_label, 1, 0)
        head.addWidget(self.note_no, 1, 1)
        head.addWidget(self.new, 1, 2)
        head.setColumnStretch(1, 1)
        list_page = QWidget()
        lp = QVBoxLayout(list_page)
        lp.setContentsMargins(0, 0, 0, 0)
        lp.addLayout(head)
        lp.addWidget(self.list, 1)
        lp.addWidget(self.open)
        return list_page

    def _build_receipt_page(self) -> QWidget:
        """The receipt page: its lines on the left, the line editor beside, the actions below."""
        left = self._build_lines()
        self.editor = LineEditorView()
        self.editor.saved.connect(lambda: self.save_line())
        self.editor.remove.clicked.connect(lambda: self.remove_line())
        actions = self._build_actions()
        # The line editor beside the lines where the screen is wide, under them where it
        # is not: the lines' number columns must stay in view.
        self.body = body = SideBySide(wide=1000)
        lines = QWidget()
        lines.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        body.box.addWidget(lines, 1)
        body.box.addWidget(self.editor)
        receipt_page = QWidget()
        rp = QVBoxLayout(receipt_page)
        rp.setContentsMargins(0, 0, 0, 0)
        rp.addWidget(body, 1)
        rp.addLayout(actions)
        return receipt_page

    def _build_lines(self) -> QVBoxLayout:
        """The receipt's heading, the product picker, its lines, the total and the warnings."""
        self.heading = QLabel()
        self.heading.setObjectName("hint")
        self.heading.setWordWrap(True)
        self.picker = ProductPickerView(self.ctx.catalogue, self.ctx.notices)
        self.picker.code_entered.connect(self.scan)
        self.picker.picked.connect(lambda pid, _name: self.add_product(pid))
        self.lines_model = ReceiptLinesModel(self)
        m = ReceiptLinesModel
        self.lines = table(
            self.lines_model,
            {m.QTY: 50, m.COST: 100, m.AMOUNT: 116, m.BATCH: 66, m.EXPIRY: 110, m.TERMS: 80},
        )
        self.lines.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._line_chosen(current.row())
        )
        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.total = QLabel()
        self.total.setObjectName("sumValue")
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.picker)
        left.addWidget(self.lines, 1)
        left.addWidget(self.total)
        left.addWidget(self.warnings)
        return left

    def _build_actions(self) -> QLayout:
        """The receipt's buttons: back to the list, save, discard, reverse, confirm."""
        self.back = button()
        self.back.clicked.connect(lambda: self.show_list())
        self.save_draft = button()
        self.save_draft.clicked.connect(lambda: self.save_header())
        self.discard = button("", "danger")
        self.discard.clicked.connect(lambda: self.discard_draft())
        self.reverse = button("", "danger")
        self.reverse.clicked.connect(lambda: self.reverse_receipt())
        self.confirm_button = button("", "primary")
        self.confirm_button.clicked.connect(lambda: self.confirm_receipt())
        return button_rows(
            (self.back, self.save_draft, self.discard, self.reverse, self.confirm_button), 3
        )

    # -- reading -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Goods receipts"))
        self.producer_label.setText(_("Producer"))
        self.note_label.setText(_("Delivery note no."))
        self.new.setText(_("New receipt"))
        self.open.setText(_("Open the selected receipt"))
        self.back.setText(_("All receipts"))
        self.save_draft.setText(_("Save draft"))
        self.discard.setText(_("Discard draft"))
        self.reverse.setText(_("Reverse receipt"))
        self.confirm_button.setText(_("Confirm receipt"))
        self.picker.retranslate()
        self.editor.retranslate()
        self.list_model.retranslate()
        self.lines_model.retranslate()
        self._draw()

    @guarded
    def refresh(self) -> None:
        """Producers and the receipts list read again."""
        current = self.producer.currentData()
        self.producer.clear()
        for p in self.ctx.stock.producers.list():
            self.producer.addItem(p.name, str(p.id))  # a UUID's QVariant compares by identity
        if current is not None and (i := self.producer.findData(current)) >= 0:
            self.producer.setCurrentIndex(i)
        self.list_model.set_rows(self.ctx.stock.receipts.list(limit=200))

    def _listed(self, row: int) -> uuid.UUID | None:
        item = self.list_model.item(row)
        return item.id if item is not None else None

    def _list_row(self) -> int:
        return self.list.currentIndex().row()

    def show_list(self) -> None:
        self.receipt = None
        self.refresh()
        self.pages.setCurrentIndex(0)

    @guarded
    def open_receipt(self, receipt_id: uuid.UUID | None) -> None:
        if receipt_id is None:
            return
        self._show(self.ctx.stock.receipts.get(receipt_id))
        self.pages.setCurrentIndex(1)
        self.picker.search.setFocus()

    def _show(self, view: ReceiptView, select: uuid.UUID | None = None) -> None:
        self.receipt = view
        self.lines_model.set_rows(view.lines)
        row = next((i for i, ln in enumerate(view.lines) if ln.id == select), -1)
        if row < 0 and view.lines:
            row = len(view.lines) - 1
        if row >= 0:
            self.lines.selectRow(row)
        self._line_chosen(row)
        self._draw()

    def _line_chosen(self, row: int) -> None:
        line = self.lines_model.item(row)
        self.editor.show_line(line if self.is_draft else None)

    @property
    def is_draft(self) -> bool:
        return self.receipt is not None and self.receipt.status == "draft"

    def selected_line(self):
        return self.lines_model.item(self.lines.currentIndex().row())

    def _draw(self) -> None:
        r = self.receipt
        if r is None:
            return
        kind = _("Reversal") if r.reverses_id else status_label(r.status)
        self.heading.setText(
            _("%(producer)s · delivery note %(no)s · %(status)s")
            % {"producer": r.producer, "no": r.delivery_note_no or "—", "status": kind}
        )
        self.total.setText(
            _("%(lines)d lines · cost %(cost)s")
            % {"lines": len(r.lines), "cost": text.money(r.cost_vnd)}
        )
        self.warnings.setText("\n".join("⚠ " + warning_text(w) for w in r.warnings))
        self.warnings.setVisible(bool(r.warnings))
        draft = self.is_draft
        self.picker.setEnabled(draft)
        for b in (self.save_draft, self.discard, self.confirm_button):
            b.setVisible(draft)
        self.reverse.setVisible(
            r.status == "confirmed" and r.reverses_id is None and r.reversed_by_id is None
        )
        if not draft:
            self.editor.show_line(None)

    # -- actions -----------------------------------------------------------------------------

    @guarded
    def new_receipt(self) -> None:
        producer = self.producer.currentData()
        if producer is None:
            self.notices.warning(_("Choose the producer first."))
            return
        receipt_id = self.ctx.stock.receipts.create(
            uuid.UUID(producer), by=self.ctx.by(), delivery_note_no=self.note_no.text()
        )
        self.note_no.clear()
        self.open_receipt(receipt_id)
        self.notices.info(_("New draft receipt: scan or search the goods delivered."))

    @guarded
    def scan(self, code: str) -> None:
        """A scan on this screen: one more of that product on the draft."""
        if self.dialog is not None:  # a confirmation is open: it is answered first
            self.notices.warning(_("Close the open window before scanning."))
            return
        if not self.is_draft:
            self.notices.warning(_("Open a draft receipt before scanning."))
            return
        added = self.ctx.stock.receipts.scan(self.receipt.id, code, by=self.ctx.by())
        self._after_line(added)

    @guarded
    def add_product(self, product_id: uuid.UUID) -> None:
        if not self.is_draft:
            self.notices.warning(_("Open a draft receipt first."))
            return
        added = self.ctx.stock.receipts.add_line(self.receipt.id, product_id, 1, by=self.ctx.by())
        self._after_line(added)
        self.editor.quantity.setFocus()
        self.editor.quantity.selectAll()

    def _after_line(self, added) -> None:
        self.notices.clear()
        self._show(self.ctx.stock.receipts.get(self.receipt.id), select=added.line_id)
        if added.warnings:
            self.notices.warning(warning_text(added.warnings[0]))

    @guarded
    def save_line(self) -> None:
        line = self.selected_line()
        if line is None or not self.editor.valid:
            return
        added = self.ctx.stock.receipts.update_line(
            line.id, by=self.ctx.by(), **self.editor.changes()
        )
        self._after_line(added)

    def remove_line(self) -> None:
        line = self.selected_line()
        if line is None:
            return

        def remove() -> None:
            self.ctx.stock.receipts.remove_line(line.id, by=self.ctx.by())
            self._show(self.ctx.stock.receipts.get(self.receipt.id))

        self.confirm(
            _("Remove %(name)s from this receipt?") % {"name": line.name_vi}, _("Remove"), remove
        )

    @guarded
    def save_header(self) -> None:
        view = self.ctx.stock.receipts.update_header(
            self.receipt.id, by=self.ctx.by(), delivery_note_no=self.receipt.delivery_note_no
        )
        self._show(view)
        self.notices.info(_("Draft saved. It stays in the list until it is confirmed."))

    def confirm_receipt(self) -> None:
        r = self.receipt
        if r is None:
            return

        def confirm() -> None:
            done = self.ctx.stock.receipts.confirm(r.id, by=self.ctx.by())
            self._show(done.receipt)
            self.notices.info(
                _("Receipt confirmed: %(lines)d lines added to stock.") % {"lines": len(r.lines)}
            )

        self.confirm(
            _(
                "Confirm this receipt of %(lines)d lines (cost %(cost)s)? The goods are added "
                "to stock; afterwards it can only be reversed."
            )
            % {"lines": len(r.lines), "cost": text.money(r.cost_vnd)},
            _("Confirm"),
            confirm,
        )

    def discard_draft(self) -> None:
        r = self.receipt
        if r is None:
            return

        def discard() -> None:
            self.ctx.stock.receipts.discard(r.id, by=self.ctx.by())
            self.show_list()
            self.notices.info(_("Draft discarded."))

        self.confirm(_("Throw this draft away? Its lines are lost."), _("Discard"), discard)

    def reverse_receipt(self) -> None:
        r = self.receipt
        if r is None:
            return

        def reverse() -> None:
            done = self.ctx.stock.receipts.reverse(r.id, by=self.ctx.by())
            self._show(done.receipt)
            self.notices.info(_("Receipt reversed: its goods were taken off the stock."))

        self.confirm(
            _(
                "Reverse this confirmed receipt? A reversing receipt takes its %(lines)d lines "
                "off the stock."
            )
            % {"lines": len(r.lines)},
            _("Reverse"),
            reverse,
        )
