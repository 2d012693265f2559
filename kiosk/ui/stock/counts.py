"""The stock count screen (kiểm kê): a shelf, a group or the whole shop.

Each scan adds one of the product; a product picked by name gets the quantity typed ("add" for
one more box of many, "set" to correct a miscount). The sheet shows expected, counted, variance
and its value; applying it (after a confirmation) writes the count movements, once. How sales
made while counting are kept is the core's rule (kiosk.core.stock.counts).
"""

import uuid

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
from kiosk.core.stock.counts import CountSheet
from kiosk.i18n import _
from kiosk.ui.shared import text
from kiosk.ui.shared.notices import guarded
from kiosk.ui.shared.text import group_label
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
from kiosk.ui.stock.models import CountSheetModel

SCOPES = ("shelf", "group", "shop")


class StockCountScreen(QWidget, DialogHost):
    """State: the open count's sheet (None before one is started), the product picked for a
    typed quantity, the dialog open."""

    def __init__(self, ctx: StockContext, parent=None):
        super().__init__(parent)
        self.setObjectName("stockCountScreen")
        self.ctx, self.notices = ctx, ctx.notices
        self.sheet: CountSheet | None = None
        self.picked: uuid.UUID | None = None
        self.dialog = None
        self.title = title_label()
        start_row = self._build_start()
        entry_row = self._build_entry()
        self._build_sheet()
        actions = self._build_actions()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(start_row)
        layout.addWidget(self.heading)
        layout.addWidget(self.picker)
        layout.addLayout(entry_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.retranslate()
        self.resume()

    def _build_start(self) -> QHBoxLayout:
        """The row that starts a count: what to count (a shelf, a group, the shop) and Start."""
        self.scope = QComboBox()
        self.scope.setMinimumHeight(TOUCH)
        self.shelf = QLineEdit()
        self.shelf.setMaxLength(80)
        self.shelf.setMinimumHeight(TOUCH)
        self.group = QComboBox()
        self.group.setMinimumHeight(TOUCH)
        self.start = button("", "primary")
        self.start.clicked.connect(lambda: self.start_count())
        self.scope.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.shelf.textChanged.connect(lambda _t: self._scope_changed())
        start_row = QHBoxLayout()
        self.scope_label = QLabel()
        start_row.addWidget(self.scope_label)
        start_row.addWidget(self.scope, 1)
        start_row.addWidget(self.shelf, 2)
        start_row.addWidget(self.group, 2)
        start_row.addWidget(self.start)
        return start_row

    def _build_entry(self) -> QHBoxLayout:
        """The count's heading, the product picker and the row that adds or sets a quantity."""
        self.heading = QLabel()
        self.heading.setObjectName("hint")
        self.picker = ProductPickerView(self.ctx.catalogue, self.ctx.notices)
        self.picker.code_entered.connect(self.scan)
        self.picker.picked.connect(self._picked)
        self.picked_name = QLabel()
        self.quantity = NumberEntry(low=0, high=10_000_000)
        self.quantity.setMaximumWidth(160)
        self.quantity.textChanged.connect(lambda _t: self._entry_changed())
        self.add = button()
        self.add.clicked.connect(lambda: self.enter(add=True))
        self.set = button()
        self.set.clicked.connect(lambda: self.enter(add=False))
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.picked_name, 1)
        entry_row.addWidget(self.quantity)
        entry_row.addWidget(self.add)
        entry_row.addWidget(self.set)
        return entry_row

    def _build_sheet(self) -> None:
        """The count sheet's table: expected, counted, variance and its value per product."""
        self.model = CountSheetModel(self)
        self.table = table(self.model, {1: 110, 2: 110, 3: 110, 4: 150})
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._row_chosen(current.row())
        )

    def _build_actions(self) -> QHBoxLayout:
        """The bottom row: the total, "products not counted have none", Cancel and Apply."""
        self.total = QLabel()
        self.total.setObjectName("sumValue")
        self.zero_uncounted = QCheckBox()
        self.cancel_button = button("", "danger")
        self.cancel_button.clicked.connect(lambda: self.cancel_count())
        self.apply_button = button("", "primary")
        self.apply_button.clicked.connect(lambda: self.apply_count())
        actions = QHBoxLayout()
        actions.addWidget(self.total, 1)
        actions.addWidget(self.zero_uncounted)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.apply_button)
        return actions

    def retranslate(self) -> None:
        self.title.setText(_("Stock count"))
        self.scope_label.setText(_("What to count"))
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        for scope, label in zip(
            SCOPES, (_("A shelf"), _("A group"), _("The whole shop")), strict=True
        ):
            self.scope.addItem(label, scope)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        self.scope.blockSignals(False)
        self.group.clear()
        for g in PRODUCT_GROUPS:
            self.group.addItem(group_label(g), g)
        self.shelf.setPlaceholderText(_("Shelf name, e.g. A3"))
        self.start.setText(_("Start count"))
        self.add.setText(_("Add"))
        self.set.setText(_("Set counted"))
        self.quantity.setPlaceholderText(_("Quantity"))
        self.zero_uncounted.setText(_("Products not counted have none"))
        self.cancel_button.setText(_("Cancel count"))
        self.apply_button.setText(_("Apply count"))
        self.picker.retranslate()
        self.model.retranslate()
        self._scope_changed()
        self._draw()

    def _scope_changed(self) -> None:
        scope = self.scope.currentData()
        self.shelf.setVisible(scope == "shelf")
        self.group.setVisible(scope == "group")
        self.start.setEnabled(scope != "shelf" or bool(self.shelf.text().strip()))

    def refresh(self) -> None:
        """Shown again: the open count as it is now (another terminal may have counted)."""
        if self.sheet is not None and self.sheet.status == "open":
            self._show(self.ctx.stock.counts.sheet(self.sheet.id))
        else:
            self.resume()

    @guarded
    def resume(self) -> None:
        """Show the count left open (by this manager or another), if there is one."""
        open_counts = self.ctx.stock.counts.list(status="open", limit=1)
        self._show(self.ctx.stock.counts.sheet(open_counts[0].id) if open_counts else None)

    def _show(self, sheet: CountSheet | None) -> None:
        self.sheet = sheet
        self.model.set_rows(sheet.lines if sheet else ())
        self._draw()

    def _draw(self) -> None:
        sheet = self.sheet
        counting = sheet is not None and sheet.status == "open"
        for w in (self.scope, self.shelf, self.group, self.start):
            w.setEnabled(not counting)
        if not counting:
            self._scope_changed()
        for w in (self.picker, self.quantity, self.cancel_button, self.apply_button):
            w.setEnabled(counting)
        self.zero_uncounted.setVisible(counting and sheet.scope != "shelf")
        self._entry_changed()
        if sheet is None:
            self.heading.setText(_("Choose what to count, then start."))
            self.total.setText("")
            return
        what = {
            "shelf": _("shelf %(name)s") % {"name": sheet.scope_value},
            "group": group_label(sheet.scope_value),
            "shop": _("the whole shop"),
        }[sheet.scope]
        counted = sum(1 for ln in sheet.lines if ln.counted is not None)
        self.heading.setText(
            _("Counting %(what)s: %(counted)d products counted, %(left)d not yet.")
            % {"what": what, "counted": counted, "left": len(sheet.uncounted)}
            if counting
            else _("Count of %(what)s applied.") % {"what": what}
        )
        self.total.setText(
            _("Variance value: %(value)s") % {"value": text.money(sheet.variance_value_vnd)}
        )

    def _picked(self, product_id: uuid.UUID, name: str) -> None:
        self.picked = product_id
        self.picked_name.setText(name)
        self.quantity.setFocus()
        self._entry_changed()

    def _row_chosen(self, row: int) -> None:
        line = self.model.item(row)
        if line is not None:
            self._picked(line.product_id, line.name_vi)
            self.quantity.set_value(line.counted)

    def _entry_changed(self) -> None:
        ready = self.sheet is not None and self.sheet.status == "open" and self.picked is not None
        value = self.quantity.value() if self.quantity.valid else None
        self.add.setEnabled(ready and value is not None and value > 0)
        self.set.setEnabled(ready and value is not None)

    # -- actions -----------------------------------------------------------------------------

    @guarded
    def start_count(self) -> None:
        scope = self.scope.currentData()
        value = {"shelf": self.shelf.text(), "group": self.group.currentData(), "shop": ""}[scope]
        count_id = self.ctx.stock.counts.open(scope, value, by=self.ctx.by())
        self._show(self.ctx.stock.counts.sheet(count_id))
        self.picker.search.setFocus()

    @guarded
    def scan(self, code: str) -> None:
        if self.dialog is not None:  # a confirmation is open: it is answered first
            self.notices.warning(_("Close the open window before scanning."))
            return
        if self.sheet is None or self.sheet.status != "open":
            self.notices.warning(_("Start a count before scanning."))
            return
        entry = self.ctx.stock.counts.scan(self.sheet.id, code, by=self.ctx.by())
        self._entered(entry)

    @guarded
    def enter(self, *, add: bool) -> None:
        if self.sheet is None or self.picked is None or not self.quantity.valid:
            return
        counts, quantity = self.ctx.stock.counts, self.quantity.value()
        if add:
            entry = counts.add(self.sheet.id, self.picked, quantity, by=self.ctx.by())
        else:
            entry = counts.set_counted(self.sheet.id, self.picked, quantity, by=self.ctx.by())
        self.quantity.clear()
        self._entered(entry)

    def _entered(self, entry) -> None:
        self.notices.info(
            _("%(name)s: %(counted)s counted.")
            % {"name": entry.name_vi, "counted": text.quantity(entry.unit, entry.counted)}
        )
        self._show(self.ctx.stock.counts.sheet(self.sheet.id))
        row = next(
            (i for i, ln in enumerate(self.sheet.lines) if ln.product_id == entry.product_id), -1
        )
        if row >= 0:
            self.table.selectRow(row)

    def apply_count(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        zero = self.zero_uncounted.isVisible() and self.zero_uncounted.isChecked()
        moving = sum(1 for ln in sheet.lines if ln.variance)

        def apply() -> None:
            done = self.ctx.stock.counts.apply(sheet.id, by=self.ctx.by(), zero_uncounted=zero)
            self._show(done)
            self.notices.info(_("Count applied: the stock now matches the shelf."))

        question = _(
            "Apply this count? %(n)d products change, worth %(value)s. It cannot be applied twice."
        ) % {"n": moving, "value": text.money(sheet.variance_value_vnd)}
        if zero and sheet.uncounted:
            question += " " + _("%(n)d products not counted are set to none.") % {
                "n": len(sheet.uncounted)
            }
        self.confirm(question, _("Apply"), apply)

    def cancel_count(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return

        def cancel() -> None:
            self.ctx.stock.counts.cancel(sheet.id, by=self.ctx.by())
            self._show(None)
            self.notices.info(_("Count cancelled: nothing was changed."))

        self.confirm(
            _("Cancel this count? What was counted is thrown away."), _("Cancel count"), cancel
        )
