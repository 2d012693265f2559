"""Sales and stock reports for a period of business days, as plain tables, and the service that
makes them for the back office.

Every report is a :class:`~kiosk.core.reports.table.ReportTable` (columns with a kind, rows of
plain values, a totals row), so the screen shows any of them with one table model, the PDF
renders any of them, and each exports to CSV. Figures are net: sales of the period (voided sales
left out) less the refunds made in the period, whenever the refunded sale was made. Amounts are
what customers paid, after discounts, VAT included. The tables are made in
:mod:`kiosk.core.reports.sales` and :mod:`kiosk.core.reports.stock`.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from kiosk.core.people.permissions import Permission, require
from kiosk.core.reports.figures import Period
from kiosk.core.reports.sales import (
    sales_by_clerk,
    sales_by_day,
    sales_by_group,
    sales_by_hour,
    sales_by_payment,
    sales_by_producer,
    sales_by_product,
    sales_by_province,
    top_sellers,
    vat_by_rate,
)
from kiosk.core.reports.stock import slow_movers, stock_value
from kiosk.core.reports.table import ReportTable

PERIOD_REPORTS = (
    "by_day",
    "by_hour",
    "by_product",
    "by_group",
    "by_producer",
    "by_province",
    "by_clerk",
    "by_payment",
    "vat",
    "top",
    "slow",
)


@dataclass
class Reports:
    """Period reports for the manager's screen, the PDF and CSV export."""

    session_factory: sessionmaker[Session]
    settings: Mapping[str, Any] = field(default_factory=dict)

    def table(
        self, actor, key: str, start: dt.date, end: dt.date, *, lang: str = "vi", **kw
    ) -> ReportTable:
        """One report (``key`` from PERIOD_REPORTS, or "stock_value") for the business days
        ``start`` to ``end``."""
        require(actor, Permission.VIEW_REPORTS)
        p = Period(start, end, kw.pop("terminal_code", None))
        with self.session_factory() as s:
            return _build(s, key, p, lang, **kw)

    def tables(self, actor, start: dt.date, end: dt.date, *, lang: str = "vi") -> list[ReportTable]:
        """Every period report, then the stock value now."""
        require(actor, Permission.VIEW_REPORTS)
        p = Period(start, end)
        with self.session_factory() as s:
            return [_build(s, k, p, lang) for k in (*PERIOD_REPORTS, "stock_value")]


def _build(s: Session, key: str, p: Period, lang: str, **kw) -> ReportTable:
    simple = {"by_day": sales_by_day, "by_hour": sales_by_hour, "by_clerk": sales_by_clerk,
              "vat": vat_by_rate}  # fmt: skip
    if key in simple:
        return simple[key](s, p)
    if key == "stock_value":
        return stock_value(s, lang)
    localised = {
        "by_product": sales_by_product,
        "by_group": sales_by_group,
        "by_producer": sales_by_producer,
        "by_province": sales_by_province,
        "by_payment": sales_by_payment,
        "top": top_sellers,
        "slow": slow_movers,
    }
    if key not in localised:
        raise KeyError(key)
    return localised[key](s, p, lang, **kw)
