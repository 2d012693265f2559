"""Small touch dialogs: a number (quantity, weight, PIN), a discount, "are you sure?", recall of
parked carts and the receipt preview. Each one hands the value to a core call and stays open showing the error
if the core refuses it, so a mistyped value is corrected, not lost."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.localtime import VIETNAM
from kiosk.core.money import parse_vnd
from kiosk.core.sale.parking import ParkedCart
from kiosk.i18n import _
from kiosk.ui.shared import text
from kiosk.ui.shared.keys import digits_only, enter_means_ok
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.pinpad import NumPadView
from kiosk.ui.shared.touch import touch_button

PREVIEW_SCALE = 0.72


def parse_int(value: str) -> int:
    """Digits a person typed, with thousands separators allowed ("1.500")."""
    return parse_vnd(value)


class _EntryDialog(QDialog):
    """A title, a prompt, one entry with a keypad, and an error line."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, *, password=False):
        super().__init__(parent)
        self.setObjectName("entryDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.title = QLabel(title)
        self.title.setObjectName("dialogTitle")
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.entry = QLineEdit()
        self.entry.setObjectName("dialogEntry")
        self.entry.setAlignment(Qt.AlignmentFlag.AlignRight)
        if password:  # a PIN
            self.entry.setEchoMode(QLineEdit.EchoMode.Password)
            digits_only(self.entry)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.pad = NumPadView(self.entry)
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.setMinimumHeight(56)
        self.cancel.clicked.connect(self.reject)
        self.pad.accepted.connect(self.submit)
        enter_means_ok(self, self.pad.ok)  # not also entry.returnPressed: that submitted twice
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.title)
        self.body.addWidget(self.prompt)
        self.extra = QVBoxLayout()
        self.body.addLayout(self.extra)
        self.body.addWidget(self.entry)
        self.body.addWidget(self.error)
        self.body.addWidget(self.pad)
        self.body.addWidget(self.cancel)
        self.setMinimumWidth(380)
        self.entry.setFocus()

    def submit(self) -> None:
        try:
            self.apply(self.entry.text().strip())
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.error.setText(message_for(exc))
            self.entry.selectAll()
            self.entry.setFocus()
            return
        self.accept()

    def apply(self, value: str) -> None:
        raise NotImplementedError


class NumberDialog(_EntryDialog):
    """A whole number (pieces, grams) or a PIN handed to ``apply``."""

    def __init__(
        self,
        parent,
        title: str,
        prompt: str,
        apply: Callable[[int], None] | Callable[[str], None],
        *,
        initial: str = "",
        password: bool = False,
        suffix: str = "",
    ):
        super().__init__(parent, title, prompt, password=password)
        self._apply, self._password = apply, password
        self.entry.setText(initial)
        self.entry.selectAll()
        if suffix:
            self.prompt.setText(f"{prompt} ({suffix})")

    def apply(self, value: str) -> None:
        if self._password:
            self._apply(value)  # type: ignore[arg-type]
        else:
            self._apply(parse_int(value))  # type: ignore[arg-type]


class DiscountDialog(_EntryDialog):
    """A percentage or an amount of đồng, handed to ``apply(percent=..., amount_vnd=...)``;
    an empty entry or 0 removes the discount."""

    def __init__(self, parent, title: str, apply: Callable[..., None]):
        super().__init__(parent, title, _("Discount as a percentage or an amount of đồng."))
        self._apply = apply
        self.percent = QPushButton("%")
        self.amount = QPushButton("₫")
        group = QButtonGroup(self)
        row = QHBoxLayout()
        for button in (self.percent, self.amount):
            button.setCheckable(True)
            button.setMinimumHeight(56)
            group.addButton(button)
            row.addWidget(button)
        self.percent.setChecked(True)
        self.extra.addLayout(row)

    def apply(self, value: str) -> None:
        number = parse_int(value) if value else 0
        if self.percent.isChecked():
            self._apply(percent=number, amount_vnd=None)
        else:
            self._apply(percent=None, amount_vnd=number)


class ConfirmDialog(QDialog):
    """ "Are you sure?" with the consequence spelled out. ``yes`` runs the action; the dialog
    closes whatever the action does (its errors are the caller's to show)."""

    def __init__(self, parent, title: str, question: str, yes_text: str):
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        heading = QLabel(title)
        heading.setObjectName("dialogTitle")
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        self.no = touch_button(_("Cancel"))
        self.no.clicked.connect(self.reject)
        self.yes = touch_button(yes_text, "danger")
        self.yes.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.no)
        buttons.addWidget(self.yes)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.question)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)
        enter_means_ok(self, self.yes)


class RecallDialog(QDialog):
    """The parked carts; ``chosen`` holds the one picked when accepted."""

    def __init__(self, parent, parked: list[ParkedCart]):
        super().__init__(parent)
        self.setObjectName("recallDialog")
        self.setWindowTitle(_("Parked carts"))
        self.chosen: ParkedCart | None = None
        self._parked = parked
        title = QLabel(_("Parked carts"))
        title.setObjectName("dialogTitle")
        self.list = QListWidget()
        for p in parked:
            when = p.parked_at.astimezone(VIETNAM).strftime("%H:%M")
            label = _("%(time)s · %(clerk)s · %(items)d items · %(total)s") % {
                "time": when,
                "clerk": p.parked_by,
                "items": p.item_count,
                "total": text.money(p.total_vnd),
            }
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)
        if parked:
            self.list.setCurrentRow(len(parked) - 1)
        self.list.itemActivated.connect(lambda _item: self.choose())
        self.recall = QPushButton(_("Recall"))
        self.recall.setObjectName("primary")
        self.recall.setMinimumHeight(56)
        self.recall.clicked.connect(self.choose)
        cancel = QPushButton(_("Cancel"))
        cancel.setMinimumHeight(56)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(self.recall)
        enter_means_ok(self, self.recall)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.setMinimumSize(520, 400)

    def choose(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._parked):
            self.chosen = self._parked[row]
            self.accept()


class ReceiptPreviewDialog(QDialog):
    """The receipt as the printer will put it on paper (the same raster), with reprint."""

    def __init__(self, parent, png: bytes, reprint: Callable[[], None]):
        super().__init__(parent)
        self.setObjectName("receiptDialog")
        self.setWindowTitle(_("Receipt"))
        image = QImage.fromData(png, "PNG")
        # Paper dots are smaller than screen pixels: three quarters size reads like the paper.
        scaled = image.scaledToWidth(
            int(image.width() * PREVIEW_SCALE), Qt.TransformationMode.SmoothTransformation
        )
        self.image = QLabel()
        self.image.setObjectName("receiptImage")
        self.image.setPixmap(QPixmap.fromImage(scaled))
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(scaled.width() + 30)
        self.reprint = QPushButton(_("Reprint"))
        self.reprint.setMinimumHeight(56)
        self.reprint.clicked.connect(reprint)
        close = QPushButton(_("Close"))
        close.setObjectName("primary")
        close.setMinimumHeight(56)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.resize(scaled.width() + 60, 740)
