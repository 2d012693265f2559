"""The reports section: a period picked with two dates (dd/mm/yyyy), one report at a time in a
lazy table, a chart of sales by day or by hour, and CSV and PDF export.

The report is computed off the GUI thread (kiosk.core.reports.period on the database), so the screen
opens at once and stays responsive over a year of sales. The chart is painted with QPainter
(kiosk.ui.shared.bar_chart): no QtCharts, so no PySide6-Addons on the kiosk.
"""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.localtime import VIETNAM
from kiosk.core.reports.table import ReportTable
from kiosk.i18n import _, get_language
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.report_models import ReportTableModel, fit_columns
from kiosk.ui.backoffice.widgets import touch_button
from kiosk.ui.shared import text
from kiosk.ui.shared.bar_chart import BarChartView

CHARTED = ("by_day", "by_hour")
MAX_DAY_BARS = 62


def report_titles() -> dict[str, str]:
    """The reports offered, in order, with their titles (the core's own msgids)."""
    return {
        "by_day": _("Sales by day"),
        "by_hour": _("Sales by hour"),
        "by_product": _("Sales by product"),
        "by_group": _("Sales by product group"),
        "by_producer": _("Sales by producer"),
        "by_province": _("Sales by province of origin"),
        "by_clerk": _("Sales by clerk"),
        "by_payment": _("Sales by payment method"),
        "vat": _("VAT by rate"),
        "top": _("Top sellers"),
        "slow": _("Slow movers"),
        "stock_value": _("Stock value"),
    }


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMinimumHeight(48)
    edit.setMinimumWidth(136)
    return edit


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def chart_points(table: ReportTable) -> list[tuple[str, int]]:
    """(label, đồng) bars: one per hour, one per day, or one per month when a long period
    would make hundreds of bars nobody can read (and that take long to draw)."""
    if table.key == "by_hour":
        col = table.column("sales_vnd")
        return [(f"{r[0]:02d}h", r[col]) for r in table.rows]
    col = table.column("net_vnd")
    if len(table.rows) <= MAX_DAY_BARS:
        return [(f"{r[0]:%d/%m}", r[col]) for r in table.rows]
    months: dict[str, int] = {}
    for r in table.rows:
        key = f"{r[0]:%m/%Y}"
        months[key] = months.get(key, 0) + r[col]
    return list(months.items())


class SalesChartView(BarChartView):
    """Bars of net sales by day, or sales by hour, in thousands of đồng."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.points: list[tuple[str, int]] = []
        self.format_value = lambda v: f"{v:,.0f}".replace(",", ".")

    def draw(self, table: ReportTable) -> None:
        self.points = chart_points(table)
        self.set_bars([(label, vnd / 1000) for label, vnd in self.points], _("Thousand đồng"))


class ReportsSection(QWidget):
    """State: the period, the report chosen, the table shown (None while it loads) and the
    number of the latest request (an older answer arriving late is dropped)."""

    def __init__(self, ctx: BackOfficeContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.notices, self.office = ctx, ctx.notices, ctx.office
        self.key = "by_day"
        self.table_shown: ReportTable | None = None
        self._request = 0

        period = self._build_period()
        self._build_choice()
        body = self._build_body()
        row = QHBoxLayout()
        row.addWidget(self.choice)
        row.addLayout(body, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(period)
        layout.addLayout(row, 1)
        self.retranslate()

    def _build_period(self) -> QHBoxLayout:
        """The row on top: the two dates, Today, This month and Show."""
        today = dt.datetime.now(VIETNAM).date()
        self.start = _date_edit()
        self.start.setObjectName("startDate")
        self.start.setDate(_qdate(today.replace(day=1)))
        self.end = _date_edit()
        self.end.setObjectName("endDate")
        self.end.setDate(_qdate(today))
        self.from_label, self.to_label = QLabel(), QLabel()
        self.today_button = touch_button(height=48)
        self.today_button.clicked.connect(lambda: self.set_period(today, today))
        self.month_button = touch_button(height=48)
        self.month_button.clicked.connect(lambda: self.set_period(today.replace(day=1), today))
        self.show_button = touch_button(name="primary", height=48)
        self.show_button.clicked.connect(lambda: self.load())
        period = QHBoxLayout()
        for w in (self.from_label, self.start, self.to_label, self.end, self.today_button,
                  self.month_button, self.show_button):  # fmt: skip
            period.addWidget(w)
        period.addStretch(1)
        return period

    def _build_choice(self) -> None:
        """The list of reports on the left."""
        self.choice = QListWidget()
        self.choice.setObjectName("reportList")
        self.choice.setFixedWidth(200)
        self.choice.setWordWrap(True)
        self.choice.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.choice.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.choice.currentRowChanged.connect(lambda _r: self._chosen())

    def _build_body(self) -> QVBoxLayout:
        """The report shown: its title and note, the chart, the table and the export buttons."""
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)  # a long title must not widen the window
        self.note = QLabel()
        self.note.setObjectName("reportNote")
        self.note.setWordWrap(True)
        self.chart = SalesChartView()
        self.model = ReportTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("reportTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(34)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        # Column widths from the first rows only: sizing a year's table would read every cell.
        self.view.horizontalHeader().setResizeContentsPrecision(20)
        self.view.verticalHeader().setResizeContentsPrecision(20)
        self.csv_button = touch_button()
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.pdf_button = touch_button()
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.pdf_button)
        body = QVBoxLayout()
        body.addWidget(self.title)
        body.addWidget(self.note)
        body.addWidget(self.chart, 2)
        body.addWidget(self.view, 3)
        body.addLayout(buttons)
        return body

    # -- the period and the choice ------------------------------------------------------------

    def period(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()

    def set_period(self, start: dt.date, end: dt.date) -> None:
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))
        self.load()

    def choose(self, key: str) -> None:
        keys = list(report_titles())
        self.choice.setCurrentRow(keys.index(key))

    def _chosen(self) -> None:
        row = self.choice.currentRow()
        keys = list(report_titles())
        if 0 <= row < len(keys) and keys[row] != self.key:
            self.key = keys[row]
            self.load()

    def refresh(self) -> None:
        self.load()

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        """Compute the chosen report off the GUI thread; the table shows "Loading…" meanwhile."""
        visit = self.ctx.visit()
        if visit is None:
            return
        self.notices.clear()
        start, end = self.period()
        key, lang = self.key, get_language()
        self._request += 1
        request = self._request
        self.table_shown = None
        self.model.set_table(None, _("Loading…"))
        self._draw_heading()
        self.ctx.ops.run(
            lambda: self.office.report(visit, key, start, end, lang),
            success=lambda table: self._loaded(request, table),
            failure=lambda exc: self._failed(request, exc),
        )

    def _loaded(self, request: int, table: ReportTable) -> None:
        if request != self._request:
            return
        self.table_shown = table
        self.model.set_table(table, _("Nothing in this period."))
        self._draw_heading()
        fit_columns(self.view)
        charted = table.key in CHARTED
        self.chart.setVisible(charted)
        if charted:
            self.chart.draw(table)

    def _failed(self, request: int, error: BaseException) -> None:
        if request != self._request:
            return
        self.model.set_table(None, "")
        self.notices.error(error)

    # -- export -------------------------------------------------------------------------------

    def export_csv(self) -> None:
        table = self.table_shown
        if table is None:
            return
        start, end = self.period()
        lang = get_language()
        self.ctx.ops.run(
            lambda: self.office.export_csv(table, start, end, lang),
            success=lambda path: self.notices.info(_("Saved %(path)s") % {"path": path}),
            failure=self.notices.error,
        )

    def save_pdf(self) -> None:
        table = self.table_shown
        if table is None:
            return
        start, end = self.period()
        lang = get_language()
        title = report_titles()[table.key]
        self.ctx.ops.run(
            lambda: self.office.save_report_pdf([table], title, start, end, lang),
            success=lambda path: self.notices.info(_("Saved %(path)s") % {"path": path}),
            failure=self.notices.error,
        )

    # -- drawing ------------------------------------------------------------------------------

    def _draw_heading(self) -> None:
        start, end = self.period()
        title = report_titles()[self.key]
        if self.key == "stock_value":
            self.title.setText(title)
        else:
            self.title.setText(f"{title} · {start:%d/%m/%Y} – {end:%d/%m/%Y}")
        table = self.table_shown
        self.note.setText(_(table.note) if table is not None and table.note else "")
        self.note.setVisible(bool(self.note.text()))
        if table is not None and table.totals is not None and table.key in CHARTED:
            total = table.totals[table.column("net_vnd" if table.key == "by_day" else "sales_vnd")]
            self.title.setText(f"{self.title.text()} · {text.money(total)}")

    def retranslate(self) -> None:
        self.from_label.setText(_("From"))
        self.to_label.setText(_("to"))
        self.today_button.setText(_("Today"))
        self.month_button.setText(_("This month"))
        self.show_button.setText(_("Show"))
        self.csv_button.setText(_("Export CSV"))
        self.pdf_button.setText(_("Save PDF"))
        keys = list(report_titles())
        self.choice.blockSignals(True)
        self.choice.clear()
        for key, title in report_titles().items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.choice.addItem(item)
        self.choice.setCurrentRow(keys.index(self.key))
        self.choice.blockSignals(False)
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, max(0, self.model.columnCount() - 1)
        )
        self._draw_heading()
