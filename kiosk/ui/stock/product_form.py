"""The product form: add a product or edit one, with its barcodes and its price.

Fields are checked as they are typed (Save stays off while one is wrong, and the first problem
is named); the core checks everything again and its refusal is shown in the form, which stays
open. A price change goes through ``Catalogue.set_price`` (for new sales only; a price set by
head office needs the admin), the other fields through ``Products.update``.
"""

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalogue.barcode import is_valid_gtin
from kiosk.core.catalogue.lookup import MAX_PRICE_VND, PRODUCT_GROUPS, VAT_RATES
from kiosk.core.catalogue.products import ProductRecord
from kiosk.core.stock.receipt_rules import check_commission
from kiosk.i18n import _
from kiosk.ui.shared.keys import enter_means_ok
from kiosk.ui.shared.layout import scrolling
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.scanfilter import takes_scans
from kiosk.ui.shared.text import group_label
from kiosk.ui.stock.common import (
    TOUCH,
    ConfirmDialog,
    DateEntry,
    NumberEntry,
    StockContext,
    button,
    mark,
)

MAX_REORDER = 10_000_000


def _combo(items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setMinimumHeight(TOUCH)
    # As wide as the form gives it, not as its longest producer's or province's name.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    for label, value in items:
        box.addItem(label, value)
    return box


def _line(limit: int) -> QLineEdit:
    entry = QLineEdit()
    entry.setMaxLength(limit)
    entry.setMinimumHeight(TOUCH)
    return entry


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


class ProductFormDialog(QDialog):
    """State: the product edited (its ProductRecord, None for a new one) and the confirmation
    open, if any. ``saved(record)`` after a successful save."""

    saved = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        ctx: StockContext,
        product_id: uuid.UUID | None = None,
        *,
        provinces: list[tuple[int, str]] = (),
    ):
        super().__init__(parent)
        self.setObjectName("productForm")
        self.setModal(True)
        self.ctx = ctx
        self.record: ProductRecord | None = (
            ctx.stock.products.get(product_id) if product_id is not None else None
        )
        self.dialog: QDialog | None = None
        self.setWindowTitle(_("Edit product") if self.record else _("New product"))

        left = self._build_left(provinces)
        right = self._build_right()
        buttons = self._build_buttons()
        fields = QWidget()
        grid = QGridLayout(fields)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(fields), 1)  # the buttons stay in view on a low screen
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        enter_means_ok(self, self.save)

        self._fill()
        for entry in (self.sku, self.name_vi, self.certificate_no, self.new_code):
            entry.textChanged.connect(self.check)
        for entry in (self.price, self.commission, self.reorder):
            entry.textChanged.connect(self.check)
        self.stars.currentIndexChanged.connect(self.check)
        self.consignment.toggled.connect(self.check)
        self.certificate_expiry.changed.connect(self.check)
        self.check()
        self.resize(980, 640)

    def _build_left(self, provinces: list[tuple[int, str]]) -> QFormLayout:
        """The left column: code, names, unit, price, VAT, group, producer and province."""
        self.sku = _line(40)
        self.name_vi = _line(200)
        self.name_en = _line(200)
        self.unit = _combo([(_("piece"), "piece"), (_("gram (sold by weight)"), "gram")])
        self.price = NumberEntry(low=0, high=MAX_PRICE_VND)
        self.price_note = QLabel()
        self.price_note.setObjectName("hint")
        self.price_note.setWordWrap(True)
        self.vat = _combo([(f"{r} %", r) for r in VAT_RATES])
        self.group = _combo([(group_label(g), g) for g in PRODUCT_GROUPS])
        self.producer = _combo([(_("(none)"), None)])
        for p in self.ctx.stock.producers.list():
            self.producer.addItem(p.name, str(p.id))  # a UUID's QVariant compares by identity
        self.province = _combo([(_("(none)"), None)] + [(name, code) for code, name in provinces])
        left = QFormLayout()
        left.addRow(_("Code (SKU)"), self.sku)
        left.addRow(_("Name (Vietnamese)"), self.name_vi)
        left.addRow(_("Name (English)"), self.name_en)
        left.addRow(_("Unit"), self.unit)
        left.addRow(_("Price (₫, VAT incl.)"), self.price)
        left.addRow("", self.price_note)
        left.addRow(_("VAT"), self.vat)
        left.addRow(_("Group"), self.group)
        left.addRow(_("Producer"), self.producer)
        left.addRow(_("Province"), self.province)
        return left

    def _build_right(self) -> QFormLayout:
        """The right column: OCOP rating and certificate, consignment, reorder level, the two
        flags and the barcodes."""
        self.stars = _combo([(_("No OCOP rating"), None)] + [("★" * n, n) for n in (3, 4, 5)])
        self.certificate_no = _line(60)
        self.certificate_expiry = DateEntry(_("Certificate expiry"))
        self.consignment = QCheckBox(_("Consignment by default"))
        self.commission = NumberEntry(low=0, high=100)
        self.favourite = QCheckBox(_("Tile on the sale screen"))
        self.reorder = NumberEntry(low=0, high=MAX_REORDER)
        self.active = QCheckBox(_("On sale"))
        code_buttons = self._build_codes()
        right = QFormLayout()
        right.addRow(_("OCOP"), self.stars)
        right.addRow(_("Certificate no."), self.certificate_no)
        right.addRow("", self.certificate_expiry)
        right.addRow("", self.consignment)
        right.addRow(_("Commission %"), self.commission)
        right.addRow(_("Reorder level"), self.reorder)
        right.addRow("", self.favourite)
        right.addRow("", self.active)
        right.addRow(_("Barcodes"), self.codes)
        right.addRow("", self.new_code)
        right.addRow("", code_buttons)
        return right

    def _build_codes(self) -> QVBoxLayout:
        """The product's barcodes, the entry for one more, and the buttons that give an
        in-store code or remove the one selected."""
        self.codes = QListWidget()
        self.codes.setMaximumHeight(110)
        self.new_code = takes_scans(_line(48))
        self.new_code.setPlaceholderText(_("Scan or type a barcode to add"))
        self.give_code = button(_("Give an in-store barcode"))
        self.give_code.clicked.connect(self.give_instore_code)
        self.remove_code = button(_("Remove barcode"))
        self.remove_code.clicked.connect(self.ask_remove_code)
        code_buttons = QVBoxLayout()  # one above the other: the column is narrow at 1024 px
        code_buttons.addWidget(self.give_code)
        code_buttons.addWidget(self.remove_code)
        return code_buttons

    def _build_buttons(self) -> QHBoxLayout:
        """The form's first problem in words, Cancel and Save."""
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.cancel = button(_("Cancel"))
        self.cancel.clicked.connect(self.reject)
        self.save = button(_("Save"), "primary")
        self.save.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.save)
        return buttons

    def _fill(self) -> None:
        r = self.record
        if r is None:
            self.vat.setCurrentIndex(self.vat.findData(8))
            self.commission.set_value(0)
            self.reorder.set_value(0)
            self.active.setChecked(True)
            self.give_code.setEnabled(False)
            self.remove_code.setEnabled(False)
            return
        self.sku.setText(r.sku)
        self.name_vi.setText(r.name_vi)
        self.name_en.setText(r.name_en)
        self.unit.setCurrentIndex(max(0, self.unit.findData(r.unit)))
        self.price.set_value(r.price_vnd)
        if r.price_source == "hq":
            self.price_note.setText(
                _("Price set by head office: a change here needs the admin role.")
            )
        self.vat.setCurrentIndex(max(0, self.vat.findData(r.vat_rate_pct)))
        self.group.setCurrentIndex(max(0, self.group.findData(r.group)))
        self.producer.setCurrentIndex(max(0, self.producer.findData(str(r.producer_id))))
        self.province.setCurrentIndex(max(0, self.province.findData(r.province_code)))
        self.stars.setCurrentIndex(max(0, self.stars.findData(r.ocop_stars)))
        self.certificate_no.setText(r.certificate_no)
        self.certificate_expiry.set_value(r.certificate_expiry)
        self.consignment.setChecked(r.consignment)
        self.commission.set_value(r.commission_pct)
        self.reorder.set_value(r.reorder_level)
        self.favourite.setChecked(r.favourite)
        self.active.setChecked(r.active)
        self._show_codes(r)

    def _show_codes(self, r: ProductRecord) -> None:
        self.codes.clear()
        for code, kind in r.barcodes:
            self.codes.addItem(f"{code}  ({kind})")

    # -- checks as typed ---------------------------------------------------------------------

    def problem(self) -> str:
        """The first thing wrong in the form, in words, or "" when it can be saved."""
        if not self.name_vi.text().strip():
            return _("The Vietnamese name is required.")
        if not self.price.valid:
            return _("The price is a whole number of đồng.")
        has_stars = self.stars.currentData() is not None
        if has_stars and not self.certificate_no.text().strip():
            return _("An OCOP product needs its certificate number.")
        if not has_stars and (
            self.certificate_no.text().strip() or self.certificate_expiry.value() is not None
        ):
            return _("Below 3 stars there is no OCOP certificate.")
        if not self.commission.valid:
            return _("The commission is 0 to 100 %.")
        if not self.reorder.valid:
            return _("The reorder level is a whole number, 0 or more.")
        code = self.new_code.text().strip()
        if code and code.isdigit() and len(code) in (8, 12, 13) and not is_valid_gtin(code):
            return _("That barcode's check digit is wrong.")
        return ""

    def check(self) -> None:
        mark(self.name_vi, bool(self.name_vi.text().strip()))
        has_stars = self.stars.currentData() is not None
        mark(self.certificate_no, has_stars == bool(self.certificate_no.text().strip()))
        code = self.new_code.text().strip()
        mark(self.new_code, not code or not code.isdigit() or is_valid_gtin(code))
        self.commission.setEnabled(self.consignment.isChecked())
        problem = self.problem()
        self.error.setText(problem)
        self.save.setEnabled(not problem)

    # -- saving ------------------------------------------------------------------------------

    def fields(self) -> dict:
        commission = self.commission.value() or 0
        return {
            "sku": self.sku.text().strip(),
            "name_vi": self.name_vi.text().strip(),
            "name_en": self.name_en.text().strip(),
            "unit": self.unit.currentData(),
            "vat_rate_pct": self.vat.currentData(),
            "group": self.group.currentData(),
            "producer_id": _uuid(self.producer.currentData()),
            "province_code": self.province.currentData(),
            "ocop_stars": self.stars.currentData(),
            "certificate_no": self.certificate_no.text().strip(),
            "certificate_expiry": self.certificate_expiry.value(),
            "consignment": self.consignment.isChecked(),
            "commission_pct": check_commission(commission),
            "favourite": self.favourite.isChecked(),
            "reorder_level": self.reorder.value() or 0,
            "active": self.active.isChecked(),
        }

    def submit(self) -> None:
        if self.problem():
            return
        try:
            record = self._save()
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.error.setText(message_for(exc))
            return
        self.record = record
        self.saved.emit(record)
        self.accept()

    def _save(self) -> ProductRecord:
        by, products = self.ctx.by(), self.ctx.stock.products
        fields = self.fields()
        code = self.new_code.text().strip()
        if self.record is None:
            if not fields["sku"]:
                del fields["sku"]
            return products.add(
                by=by,
                price_vnd=self.price.value() or 0,
                barcodes=[code] if code else [],
                **fields,
            )
        r = self.record
        changed = {k: v for k, v in fields.items() if getattr(r, k) != v}
        if code:
            changed["barcodes"] = [code]
        record = products.update(r.product_id, by=by, **changed) if changed else r
        price = self.price.value()
        if price is not None and price != r.price_vnd:
            self.ctx.catalogue.set_price(r.product_id, price, by=by)
            record = products.get(r.product_id)
        return record

    def give_instore_code(self) -> None:
        if self.record is None:
            return
        try:
            code = self.ctx.stock.products.allocate_code(self.record.product_id, by=self.ctx.by())
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.error.setText(message_for(exc))
            return
        self.record = self.ctx.stock.products.get(self.record.product_id)
        self._show_codes(self.record)
        self.error.setText(_("In-store barcode %(code)s given.") % {"code": code})

    def ask_remove_code(self) -> None:
        row = self.codes.currentRow()
        if self.record is None or not 0 <= row < len(self.record.barcodes):
            return
        code = self.record.barcodes[row][0]

        def remove() -> None:
            self.record = self.ctx.stock.products.remove_barcode(
                self.record.product_id, code, by=self.ctx.by()
            )
            self._show_codes(self.record)

        self.dialog = ConfirmDialog(
            self,
            _("Take barcode %(code)s off this product? Labels with it no longer scan.")
            % {"code": code},
            _("Remove"),
            remove,
        )
        self.dialog.open()
