"""The labels screen: choose products, a layout and a style, save the PDF and open it to print.

The PDF comes from kiosk.core.catalogue.labels (reportlab, DejaVu text, scannable barcodes); it is made
off the GUI thread, since a sheet of many labels takes a moment. Printing is the PDF viewer's:
the label printer's driver knows its paper better than we do.
"""

import uuid
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalogue.labels import LAYOUTS, STYLES
from kiosk.i18n import _, get_language
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.notices import guarded
from kiosk.ui.stock.common import (
    TOUCH,
    NumberEntry,
    ProductPickerView,
    StockContext,
    button,
    title_label,
)


def layout_label(name: str) -> str:
    labels = {
        "a4-3x8": _("A4 sheet, 3 x 8 labels (70 x 37 mm)"),
        "a4-4x10": _("A4 sheet, 4 x 10 labels (48.5 x 25.4 mm)"),
        "label-50x30": _("Label printer, 50 x 30 mm"),
    }
    return labels.get(name, name)


class LabelsScreen(QWidget):
    """State: the products chosen (in the list), the PDF path last written."""

    pdf_saved = Signal(str)

    def __init__(self, ctx: StockContext, ops: BackgroundOps | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("labelsScreen")
        self.ctx, self.notices = ctx, ctx.notices
        self.ops = ops or BackgroundOps(self)
        self.path: Path | None = None
        self.title = title_label()
        self.picker = ProductPickerView(ctx.catalogue, ctx.notices)
        self.picker.picked.connect(self.add)
        self.picker.code_entered.connect(self.scan)
        self.chosen = QListWidget()
        self.layout_box = QComboBox()
        self.layout_box.setMinimumHeight(TOUCH)
        self.style_box = QComboBox()
        self.style_box.setMinimumHeight(TOUCH)
        self.copies = NumberEntry(low=1, high=500)
        self.copies.set_value(1)
        self.copies.setMaximumWidth(120)
        self.remove = button()
        self.remove.clicked.connect(self.remove_selected)
        self.save = button("", "primary")
        self.save.clicked.connect(lambda: self.ask_path())
        self.open = button()
        self.open.clicked.connect(self.open_pdf)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.copies.textChanged.connect(lambda _t: self.check())
        options = QHBoxLayout()
        self.copies_label = QLabel()
        options.addWidget(self.layout_box, 2)
        options.addWidget(self.style_box, 1)
        options.addWidget(self.copies_label)
        options.addWidget(self.copies)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        buttons.addWidget(self.open)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.picker)
        layout.addWidget(self.chosen, 1)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Labels"))
        for box, values, label in (
            (self.layout_box, LAYOUTS, layout_label),
            (
                self.style_box,
                STYLES,
                lambda s: _("Shelf label") if s == "shelf" else _("Barcode sticker"),
            ),
        ):
            current = box.currentData()
            box.clear()
            for value in values:
                box.addItem(label(value), value)
            box.setCurrentIndex(max(0, box.findData(current)))
        self.copies_label.setText(_("Copies"))
        self.remove.setText(_("Remove from the list"))
        self.save.setText(_("Save PDF"))
        self.open.setText(_("Open to print"))
        self.picker.retranslate()
        self.check()

    def product_ids(self) -> list[uuid.UUID]:
        return [self.chosen.item(i).data(256) for i in range(self.chosen.count())]

    def add(self, product_id: uuid.UUID, name: str) -> None:
        item = QListWidgetItem(name)
        item.setData(256, product_id)
        self.chosen.addItem(item)
        self.check()

    @guarded
    def scan(self, code: str) -> None:
        product_id = self.ctx.stock.receipts.find(code)
        self.add(product_id, self.ctx.stock.products.get(product_id).name_vi)

    def remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
        self.check()

    def check(self) -> None:
        self.save.setEnabled(self.chosen.count() > 0 and self.copies.valid)
        self.open.setEnabled(self.path is not None and self.path.exists())

    def ask_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the labels"), "labels.pdf", "PDF (*.pdf)"
        )
        if path:
            self.write_pdf(Path(path))

    def write_pdf(self, path: Path) -> None:
        """Make the PDF off the GUI thread and write it to ``path``; ``pdf_saved`` then."""
        ids, layout, style = (
            self.product_ids(),
            self.layout_box.currentData(),
            self.style_box.currentData(),
        )
        copies, lang = self.copies.value() or 1, get_language()
        labels = self.ctx.stock.labels

        def job() -> Path:
            path.write_bytes(labels.pdf(ids, layout, style=style, lang=lang, copies=copies))
            return path

        self.status.setText(_("Making the labels…"))
        self.save.setEnabled(False)
        self.ops.run(job, success=self._written, failure=self._failed)

    def _written(self, path: Path) -> None:
        self.path = path
        self.status.setText(_("Labels saved to %(path)s.") % {"path": str(path)})
        self.check()
        self.pdf_saved.emit(str(path))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        self.check()
        if not isinstance(exc, Exception):
            raise exc
        self.notices.error(exc)

    def open_pdf(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
