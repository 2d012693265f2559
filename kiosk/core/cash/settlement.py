"""Producer settlement (đối soát hàng ký gửi): what the showroom owes a producer for the
consignment goods it sold for them.

A statement covers a half-open period [start, end): it starts where the producer's last settled
statement ended (or at the beginning) and ends at a moment the manager picks (midnight after a
chosen day, by default now). Per product: sold (completed sales, voided ones left out), refunded
(refunds made in the period, whenever the sale was), net, the showroom's commission on the net
(``Product.commission_pct``, rounded once per product) and what is owed. Settling writes the
statement's figures and number; the next statement starts at its end, so nothing is counted
twice and nothing falls between two statements.

Which goods are consignment, and at what commission, is read from the product as it is now.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from db.ids import new_id
from db.models import Producer, Product, Province, Settlement
from kiosk.core.errors import InvalidPeriod, StaleStatement, UnknownProduct
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission, require
from kiosk.core.pricing import percent_of
from kiosk.core.records import audit, enqueue

BEGINNING = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class StatementLine:
    product_id: uuid.UUID
    sku: str
    name: str
    unit: str
    commission_pct: int
    sold_qty: int
    sold_vnd: int
    refunded_qty: int
    refunded_vnd: int

    @property
    def net_vnd(self) -> int:
        return self.sold_vnd - self.refunded_vnd

    @property
    def commission_vnd(self) -> int:
        net = self.net_vnd
        share = percent_of(abs(net), self.commission_pct)
        return share if net >= 0 else -share

    @property
    def owed_vnd(self) -> int:
        return self.net_vnd - self.commission_vnd


@dataclass(frozen=True)
class Statement:
    """A producer's statement for [period_start, period_end). ``statement_no`` and
    ``settled_at`` are set once it is settled."""

    producer_id: uuid.UUID
    producer_name: str
    producer_kind: str
    producer_address: str
    producer_tax_code: str
    producer_bank: str
    province: str
    period_start: dt.datetime
    period_end: dt.datetime
    lines: tuple[StatementLine, ...]
    statement_no: str | None = None
    settled_at: dt.datetime | None = None
    settled_by: str | None = None

    @property
    def sold_vnd(self) -> int:
        return sum(x.sold_vnd for x in self.lines)

    @property
    def refunded_vnd(self) -> int:
        return sum(x.refunded_vnd for x in self.lines)

    @property
    def net_vnd(self) -> int:
        return sum(x.net_vnd for x in self.lines)

    @property
    def commission_vnd(self) -> int:
        return sum(x.commission_vnd for x in self.lines)

    @property
    def owed_vnd(self) -> int:
        return sum(x.owed_vnd for x in self.lines)


def end_of_day(day: dt.date) -> dt.datetime:
    """Midnight (Vietnam time) after ``day``, in UTC: the end of a statement through ``day``."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), VIETNAM).astimezone(dt.UTC)


class Settlements:
    """Statements and settlements of consignment producers. ``clock`` is injectable."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        *,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self._sf = session_factory
        self._settings = settings
        self._clock = clock

    def consignment_producers(self) -> list[tuple[uuid.UUID, str]]:
        """(id, name) of producers with consignment goods, by name."""
        with self._sf() as s:
            return [
                tuple(r)
                for r in s.execute(
                    select(Producer.id, Producer.name)
                    .where(Producer.id.in_(select(Product.producer_id).where(Product.consignment)))
                    .order_by(Producer.name)
                )
            ]

    def statement(
        self, actor, producer_id: uuid.UUID, until: dt.date | dt.datetime | None = None
    ) -> Statement:
        """The statement from the last settlement's end to ``until`` (a day: through that
        day; a moment; or now). Writes nothing."""
        require(actor, Permission.SETTLE_PRODUCERS)
        if until is None:
            end = self._clock()
        elif isinstance(until, dt.datetime):
            end = until
        else:
            end = end_of_day(until)
        with self._sf() as s:
            start = self._last_end(s, producer_id)
            if end <= start:
                raise InvalidPeriod(start=start, end=end)
            return _statement(s, producer_id, start, end)

    def settle(self, actor, statement: Statement) -> Statement:
        """Record ``statement`` as settled (paid or agreed): the next one starts at its end."""
        require(actor, Permission.SETTLE_PRODUCERS)
        now = self._clock()
        with self._sf.begin() as s:
            expected = self._last_end(s, statement.producer_id)
            if expected != statement.period_start:
                raise StaleStatement(expected=expected, got=statement.period_start)
            # Made again inside the write transaction: a sale since the screen showed it counts.
            fresh = _statement(s, statement.producer_id, statement.period_start,
                               statement.period_end)  # fmt: skip
            count = s.scalar(select(func.count()).select_from(Settlement)) or 0
            terminal = self._settings["terminal_code"]
            number = f"{terminal}-DS{now.astimezone(VIETNAM):%Y%m%d}-{count + 1:04d}"
            row = {
                "id": new_id(),
                "statement_no": number,
                "producer_id": fresh.producer_id,
                "period_start": fresh.period_start,
                "period_end": fresh.period_end,
                "sold_vnd": fresh.sold_vnd,
                "refunded_vnd": fresh.refunded_vnd,
                "net_vnd": fresh.net_vnd,
                "commission_vnd": fresh.commission_vnd,
                "owed_vnd": fresh.owed_vnd,
                "created_by": actor.id,
                "created_at": now,
            }
            s.connection().execute(Settlement.__table__.insert(), [row])
            audit(
                s,
                "settlement",
                user_id=actor.id,
                subject_id=str(row["id"]),
                at=now,
                statement_no=number,
                producer_id=str(fresh.producer_id),
                owed_vnd=fresh.owed_vnd,
            )
            enqueue(s, "settlement", row)
        return _settled(fresh, number, now, actor.name)

    def settled(self, producer_id: uuid.UUID) -> list[tuple[uuid.UUID, str, dt.datetime, int]]:
        """(id, number, period end, owed) of the producer's settlements, newest first."""
        with self._sf() as s:
            return [
                tuple(r)
                for r in s.execute(
                    select(
                        Settlement.id,
                        Settlement.statement_no,
                        Settlement.period_end,
                        Settlement.owed_vnd,
                    )
                    .where(Settlement.producer_id == producer_id)
                    .order_by(Settlement.period_end.desc())
                )
            ]

    def statement_of(self, settlement_id: uuid.UUID) -> Statement:
        """A settled statement, made again from its period (to reprint it)."""
        with self._sf() as s:
            st = s.get(Settlement, settlement_id)
            if st is None:
                raise InvalidPeriod(settlement_id=str(settlement_id))
            fresh = _statement(s, st.producer_id, st.period_start, st.period_end)
            return _settled(fresh, st.statement_no, st.created_at, None)

    def _last_end(self, s: Session, producer_id: uuid.UUID) -> dt.datetime:
        last = s.scalar(
            select(func.max(Settlement.period_end)).where(Settlement.producer_id == producer_id)
        )
        return last or BEGINNING


def _settled(st: Statement, number: str, at: dt.datetime, by: str | None) -> Statement:
    return Statement(**{**st.__dict__, "statement_no": number, "settled_at": at, "settled_by": by})


# Written in SQL to fix the plan: the period's sales are gathered once from the covering
# index on sales(created_at, status, id), then each of the producer's lines (a covering index
# on sale_lines(product_id, sale_id, ...)) is matched against them. Joining each line to its
# sale instead reads every line the products ever had: five times slower at a million sales.
SOLD_SQL = text("""
WITH period(id) AS MATERIALIZED (
    SELECT id FROM sales WHERE created_at >= :start AND created_at < :end AND status = 'completed'
        AND id NOT IN (SELECT sale_id FROM foreign_sales)
)
SELECT l.product_id, sum(l.quantity), sum(l.amount_vnd)
FROM sale_lines AS l CROSS JOIN period ON period.id = l.sale_id
WHERE l.product_id IN (SELECT id FROM products WHERE producer_id = :producer AND consignment)
GROUP BY l.product_id
""")
REFUNDED_SQL = text("""
SELECT l.product_id, sum(l.quantity), sum(l.amount_vnd)
FROM refund_lines AS l JOIN refunds AS r ON r.id = l.refund_id
WHERE l.product_id IN (SELECT id FROM products WHERE producer_id = :producer AND consignment)
  AND r.created_at >= :start AND r.created_at < :end
GROUP BY l.product_id
""")


def _ts(moment: dt.datetime) -> str:
    """A UTC timestamp as the database stores it (db.models.base.UtcDateTime on SQLite)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _statement(s: Session, producer_id: uuid.UUID, start: dt.datetime, end: dt.datetime):
    producer = s.get(Producer, producer_id)
    if producer is None:
        raise UnknownProduct(producer_id=str(producer_id))
    goods = {
        pid: (sku, name, unit, pct)
        for pid, sku, name, unit, pct in s.execute(
            select(
                Product.id, Product.sku, Product.name_vi, Product.unit, Product.commission_pct
            ).where(Product.producer_id == producer_id, Product.consignment)
        )
    }
    sold: dict[uuid.UUID, tuple[int, int]] = {}
    back: dict[uuid.UUID, tuple[int, int]] = {}
    if goods:
        bounds = {"producer": producer_id.hex, "start": _ts(start), "end": _ts(end)}
        for sql, into in ((SOLD_SQL, sold), (REFUNDED_SQL, back)):
            for pid, qty, amount in s.execute(sql, bounds):
                into[uuid.UUID(hex=pid)] = (qty, amount)
    lines = tuple(
        sorted(
            (
                StatementLine(pid, *goods[pid], *sold.get(pid, (0, 0)), *back.get(pid, (0, 0)))
                for pid in set(sold) | set(back)
            ),
            key=lambda x: x.name,
        )
    )
    province = s.scalar(select(Province.name).where(Province.code == producer.province_code))
    bank = f"{producer.bank_account} ({producer.bank_bin})" if producer.bank_account else ""
    return Statement(
        producer.id,
        producer.name,
        producer.kind,
        producer.address,
        producer.tax_code,
        bank,
        province or "",
        start,
        end,
        lines,
    )
