"""Producer settlement (đối soát hàng ký gửi): pick a consignment producer and the last day
of the period, see what sold, was refunded, the commission and what is owed, save the statement
as a PDF to sign, and mark it settled so the next statement starts after it."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.cash.settlement import Statement
from kiosk.core.localtime import VIETNAM
from kiosk.i18n import _, get_language
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.report_models import ReportTableModel, fit_columns
from kiosk.ui.backoffice.widgets import ConfirmDialog, touch_button
from kiosk.ui.shared import text
from kiosk.ui.shared.notices import guarded


def _statement_table(statement: Statement, lang: str):
    from kiosk.core.cash.statement_document import statement_table

    return statement_table(statement, lang)


class SettlementSection(QWidget):
    """State: the statement on screen (None until made) and its table."""

    def __init__(self, ctx: BackOfficeContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.notices, self.office = ctx, ctx.notices, ctx.office
        self.statement: Statement | None = None

        top = self._build_picker()
        self._build_table()
        sums = self._build_sums()
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addLayout(sums)
        layout.addLayout(buttons)
        self.retranslate()

    def _build_picker(self) -> QHBoxLayout:
        """The row on top: the producer, the period's last day and the Show button."""
        self.producer = QComboBox()
        self.producer.setObjectName("producer")
        self.producer.setMinimumHeight(48)
        self.producer.setMinimumWidth(320)
        self.through_label = QLabel()
        self.through = QDateEdit()
        self.through.setObjectName("throughDate")
        self.through.setDisplayFormat("dd/MM/yyyy")
        self.through.setCalendarPopup(True)
        self.through.setMinimumHeight(48)
        today = dt.datetime.now(VIETNAM).date()
        self.through.setDate(QDate(today.year, today.month, today.day))
        self.show_button = touch_button(name="primary", height=48)
        self.show_button.clicked.connect(lambda: self.make_statement())
        top = QHBoxLayout()
        top.addWidget(self.producer, 1)
        top.addWidget(self.through_label)
        top.addWidget(self.through)
        top.addWidget(self.show_button)
        return top

    def _build_table(self) -> None:
        """The statement's heading and its table of lines."""
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.model = ReportTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("statementTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        # Column widths from the first rows only: sizing a year's table would read every cell.
        self.view.horizontalHeader().setResizeContentsPrecision(20)
        self.view.verticalHeader().setResizeContentsPrecision(20)

    def _build_sums(self) -> QGridLayout:
        """The sums under the table: sold, refunded, commission and, large, what is owed."""
        self.sums: dict[str, tuple[QLabel, QLabel]] = {}
        sums = QGridLayout()
        for i, key in enumerate(("sold", "refunded", "commission", "owed")):
            name, value = QLabel(), QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            big = "owedValue" if key == "owed" else "figureBold"
            name.setObjectName(big if key == "owed" else "figure")
            value.setObjectName(big)
            sums.addWidget(name, i // 2, (i % 2) * 2)
            sums.addWidget(value, i // 2, (i % 2) * 2 + 1)
            self.sums[key] = (name, value)
        return sums

    def _build_buttons(self) -> QHBoxLayout:
        """Save PDF and Mark settled, on the right."""
        self.pdf_button = touch_button()
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.settle_button = touch_button(name="danger", height=60)
        self.settle_button.clicked.connect(lambda: self.ask_settle())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.settle_button)
        return buttons

    @property
    def visit(self):
        return self.ctx.visit()

    @guarded
    def refresh(self) -> None:
        chosen = self.producer.currentData()
        self.producer.clear()
        for producer_id, name in self.office.producers():
            self.producer.addItem(name, producer_id)
        if chosen is not None:
            self.choose(chosen)
        self._draw()

    def choose(self, producer_id) -> None:
        i = self.producer.findData(producer_id)
        if i >= 0:
            self.producer.setCurrentIndex(i)

    @guarded
    def make_statement(self) -> None:
        self.notices.clear()
        producer_id = self.producer.currentData()
        if producer_id is None:
            return
        through = self.through.date().toPython()
        self.show_statement(self.office.statement(self.visit, producer_id, through))

    def show_statement(self, statement: Statement | None) -> None:
        self.statement = statement
        table = _statement_table(statement, get_language()) if statement else None
        self.model.set_table(table, _("Nothing sold for this producer in the period."))
        if table is not None:
            fit_columns(self.view)
        self._draw()

    def save_pdf(self) -> None:
        st = self.statement
        if st is None:
            return
        lang = get_language()
        self.ctx.ops.run(
            lambda: self.office.save_statement_pdf(st, lang),
            success=lambda path: self.notices.info(_("Saved %(path)s") % {"path": path}),
            failure=self.notices.error,
        )

    def ask_settle(self) -> None:
        st = self.statement
        if st is None:
            return
        dialog = ConfirmDialog(
            self,
            _("Mark settled"),
            _(
                "Mark the statement of %(producer)s as settled, %(owed)s owed? The next "
                "statement starts after %(end)s. This cannot be undone."
            )
            % {
                "producer": st.producer_name,
                "owed": text.money(st.owed_vnd),
                "end": self._end_text(st),
            },
            _("Mark settled"),
        )
        dialog.accepted.connect(lambda: self.settle())
        self.ctx.open_dialog(dialog)

    @guarded
    def settle(self) -> None:
        st = self.statement
        if st is None:
            return
        settled = self.office.settle(self.visit, st)
        self.show_statement(settled)
        self.notices.info(
            _("Settled as %(no)s. Save the PDF for the producer to sign.")
            % {"no": settled.statement_no}
        )

    # -- drawing ------------------------------------------------------------------------------

    @staticmethod
    def _end_text(st: Statement) -> str:
        last_day = (st.period_end.astimezone(VIETNAM) - dt.timedelta(seconds=1)).date()
        return f"{last_day:%d/%m/%Y}"

    def _draw(self) -> None:
        st = self.statement
        self.pdf_button.setEnabled(st is not None)
        self.settle_button.setEnabled(st is not None and st.statement_no is None)
        if st is None:
            self.heading.setText(_("Pick a producer and the last day, then Show."))
            for _name, value in self.sums.values():
                value.setText("")
            return
        start = st.period_start.astimezone(VIETNAM)
        first = _("the beginning") if start.year <= 2000 else f"{start:%d/%m/%Y %H:%M}"
        heading = _("%(producer)s · from %(start)s through %(end)s") % {
            "producer": st.producer_name,
            "start": first,
            "end": self._end_text(st),
        }
        if st.statement_no:
            heading += " · " + _("settled as %(no)s") % {"no": st.statement_no}
        self.heading.setText(heading)
        values = {
            "sold": st.sold_vnd,
            "refunded": -st.refunded_vnd,
            "commission": -st.commission_vnd,
            "owed": st.owed_vnd,
        }
        for key, (_name, value) in self.sums.items():
            value.setText(text.money(values[key]))

    def retranslate(self) -> None:
        self.through_label.setText(_("through"))
        self.show_button.setText(_("Show"))
        self.pdf_button.setText(_("Save PDF"))
        self.settle_button.setText(_("Mark settled"))
        names = {
            "sold": _("Sold"),
            "refunded": _("Refunded"),
            "commission": _("Commission"),
            "owed": _("Owed to the producer"),
        }
        for key, (name, _value) in self.sums.items():
            name.setText(names[key])
        self._draw()
