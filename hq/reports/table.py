"""A report as the page, the CSV and the PDF show it: titled columns, rows of plain values, a
totals row, and which column the page's bar chart draws. Titles are Vietnamese, then English."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

SHOP_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NUMERIC = ("int", "qty", "vnd")
UNKNOWN = "(không rõ / unknown)"


@dataclass(frozen=True)
class Column:
    """A column's title and the kind of its values: text, int, qty, vnd, date or when."""

    title: str
    kind: str = "text"


@dataclass(frozen=True)
class Period:
    """Business days ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("the period ends before it starts")


@dataclass(frozen=True)
class Report:
    """``chart`` is the index of the column drawn as bars (labelled by the first column)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    totals: tuple | None = None
    chart: int | None = None
    note: str = ""


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def cell(value: object, kind: str) -> str:
    """A value as the page and the PDF show it (Vietnamese number and date forms)."""
    if value is None:
        return ""
    if isinstance(value, str):  # a label, such as the totals row's
        return value
    if kind == "vnd":
        return vnd(int(value))
    if kind in ("int", "qty"):
        return f"{int(value):,}".replace(",", ".")
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "when":
        return value.astimezone(SHOP_TZ).strftime("%d/%m/%Y %H:%M")
    return str(value)


def raw(value: object, kind: str) -> object:
    """A value as the CSV holds it: numbers stay numbers, dates ISO, times in Vietnam."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "date":
        return value.isoformat()
    if kind == "when":
        return value.astimezone(SHOP_TZ).strftime("%Y-%m-%d %H:%M:%S")
    return value


def totals(rows: list[tuple], columns: tuple[Column, ...], label: str = "Tổng / Total") -> tuple:
    """Sums of the numeric columns under ``rows``, the first cell saying what the row is."""
    out = []
    for i, c in enumerate(columns):
        if i == 0:
            out.append(label)
        elif c.kind in ("int", "vnd"):  # pieces and grams do not add up
            out.append(sum(int(r[i] or 0) for r in rows))
        else:
            out.append(None)
    return tuple(out)
