"""Daily rollups of the applied sales, voids, refunds and stock movements, for the chain reports.

At 10,000,000 sales a year's report cannot add up 50,000,000 sale lines in under a second, so
head office keeps these sums as it applies entries (:mod:`hq.reports.rollup`, in the same
transaction as the rows they sum) and the reports read them. They stay exact: a sale adds to its
business day; a void takes its sale back out of that day and counts on the void's own day; a
refund is taken off on the day it was given, as the kiosk's Z report does.

Product sums are chain-wide per day (one row per product sold that day, not per terminal): a year
is then at most 365 rows per product, however many shops sell it.
"""

import datetime as dt
import uuid

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base


class DailyTerminalSales(Base):
    """A terminal's day: completed sales, voids and refunds, as counts and VAT-inclusive đồng."""

    __tablename__ = "report_days"

    business_date: Mapped[dt.date] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sales_count: Mapped[int] = mapped_column(default=0)
    sales_vnd: Mapped[int] = mapped_column(default=0)
    voids_count: Mapped[int] = mapped_column(default=0)
    voids_vnd: Mapped[int] = mapped_column(default=0)
    refunds_count: Mapped[int] = mapped_column(default=0)
    refunds_vnd: Mapped[int] = mapped_column(default=0)


class DailyProductSales(Base):
    """A product's day across the chain: quantity (pieces or grams) and amount, sold and refunded."""

    __tablename__ = "report_products"

    business_date: Mapped[dt.date] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sold_qty: Mapped[int] = mapped_column(default=0)
    sold_vnd: Mapped[int] = mapped_column(default=0)
    refunded_qty: Mapped[int] = mapped_column(default=0)
    refunded_vnd: Mapped[int] = mapped_column(default=0)


class DailyPayments(Base):
    """Money taken (sales' payments) and given back (refunds' payments) per method and day."""

    __tablename__ = "report_payments"

    business_date: Mapped[dt.date] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    method: Mapped[str] = mapped_column(String(10), primary_key=True)
    sales_vnd: Mapped[int] = mapped_column(default=0)
    refunds_vnd: Mapped[int] = mapped_column(default=0)


class StockOnHand(Base):
    """On hand per terminal and product: the sum of its stock movements."""

    __tablename__ = "report_stock"

    terminal_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    on_hand: Mapped[int] = mapped_column(default=0)
