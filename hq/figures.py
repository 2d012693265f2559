"""Head office's figures from what terminals pushed: a day's sales net of voids and refunds, and
stock on hand per terminal from its movements.

They follow the kiosk's own rules (:mod:`kiosk.core.reports.xz`): a voided sale counts nowhere
(it is shown on its own line), a refund is taken off on the day it was given. So a terminal's day
here equals its Z report, and its stock equals the kiosk's on-hand figure.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq.models import Refund, Sale, SaleVoid, StockMovement, Terminal


@dataclass(frozen=True)
class DayFigures:
    """One day (of a terminal, or of all): amounts in đồng, VAT-inclusive."""

    sales_count: int = 0
    sales_vnd: int = 0
    voids_count: int = 0
    voids_vnd: int = 0
    refunds_count: int = 0
    refunds_vnd: int = 0

    @property
    def net_vnd(self) -> int:
        return self.sales_vnd - self.refunds_vnd


def day_by_terminal(session: Session, day: dt.date) -> dict[str, DayFigures]:
    """The figures of ``day`` per terminal code, for the terminals that did anything."""
    parts: dict[str, dict[str, int]] = {}
    queries = (
        (("sales_count", "sales_vnd"), Sale, Sale.total_vnd, Sale.business_date,
         Sale.status == "completed"),
        (("voids_count", "voids_vnd"), SaleVoid, SaleVoid.total_vnd, SaleVoid.business_date, True),
        (("refunds_count", "refunds_vnd"), Refund, Refund.total_vnd, Refund.business_date, True),
    )  # fmt: skip
    for (count_name, sum_name), table, amount, date_column, condition in queries:
        rows = session.execute(
            select(Terminal.code, func.count(), func.coalesce(func.sum(amount), 0))
            .join(Terminal, Terminal.id == table.terminal_id)
            .where(date_column == day, condition)
            .group_by(Terminal.code)
        )
        for code, count, total in rows:
            parts.setdefault(code, {})[count_name] = int(count)
            parts[code][sum_name] = int(total)
    return {code: DayFigures(**values) for code, values in sorted(parts.items())}


def day_figures(session: Session, day: dt.date, terminal_code: str | None = None) -> DayFigures:
    """The figures of ``day`` for one terminal, or for all of them added up."""
    per = day_by_terminal(session, day)
    if terminal_code is not None:
        return per.get(terminal_code, DayFigures())
    fields = DayFigures.__dataclass_fields__
    return DayFigures(**{f: sum(getattr(d, f) for d in per.values()) for f in fields})


def stock_levels(session: Session, terminal_code: str) -> dict[uuid.UUID, int]:
    """On hand per product at the terminal: the sum of its movements (pieces or grams)."""
    rows = session.execute(
        select(StockMovement.product_id, func.sum(StockMovement.quantity))
        .join(Terminal, Terminal.id == StockMovement.terminal_id)
        .where(Terminal.code == terminal_code)
        .group_by(StockMovement.product_id)
    )
    return {product_id: int(total) for product_id, total in rows}
