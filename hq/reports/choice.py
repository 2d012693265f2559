"""The reports an operator can ask for, by key: what each is called and how it is made."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hq.reports import operations, sales
from hq.reports.table import Period, Report


@dataclass(frozen=True)
class Choice:
    label: str
    make: Callable[[Session, Period, dt.datetime], Report]
    periodic: bool = True  # False: the report is of now, whatever the period


REPORTS: dict[str, Choice] = {
    "day": Choice("Doanh số theo ngày / Sales by day", lambda s, p, n: sales.by_day(s, p)),
    "terminal": Choice(
        "Doanh số theo cửa hàng / Sales by shop", lambda s, p, n: sales.by_terminal(s, p)
    ),
    "province": Choice(
        "Doanh số theo tỉnh / Sales by province", lambda s, p, n: sales.by_province(s, p)
    ),
    "group": Choice(
        "Doanh số theo nhóm OCOP / Sales by OCOP group", lambda s, p, n: sales.by_group(s, p)
    ),
    "producer": Choice(
        "Doanh số theo nhà sản xuất / Sales by producer", lambda s, p, n: sales.by_producer(s, p)
    ),
    "product": Choice(
        "Doanh số theo sản phẩm / Sales by product", lambda s, p, n: sales.by_product(s, p)
    ),
    "payment": Choice(
        "Doanh số theo hình thức thanh toán / Sales by payment method",
        lambda s, p, n: sales.by_payment(s, p),
    ),
    "voids": Choice(
        "Hủy đơn và trả hàng / Voids and refunds",
        lambda s, p, n: operations.voids_and_refunds(s, p),
    ),
    "cash": Choice(
        "Chênh lệch tiền mặt theo ca / Cash differences by shift",
        lambda s, p, n: operations.cash_differences(s, p),
    ),
    "stock": Choice(
        "Tồn kho theo cửa hàng / Stock by shop", lambda s, p, n: operations.stock(s), False
    ),
    "low_stock": Choice("Sắp hết hàng / Low stock", lambda s, p, n: operations.low_stock(s), False),
    "terminals": Choice(
        "Máy bán hàng / Terminals", lambda s, p, n: operations.terminals(s, n), False
    ),
}


def make(session: Session, key: str, period: Period, now: dt.datetime) -> Report:
    """Report ``key`` (one of :data:`REPORTS`) over ``period``."""
    return REPORTS[key].make(session, period, now)
