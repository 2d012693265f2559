"""The rows an applied outbox entry becomes, as tuples per table, and their bulk write.

Rows are plain tuples in the column orders of :data:`COLUMNS`, built straight from the validated
payloads; they go to the database in one stream per table (binary COPY on PostgreSQL, bulk inserts
on SQLite). :mod:`hq.ingest` decides which entries apply; this module only writes them.
"""

import datetime as dt
import functools
from operator import attrgetter

from pydantic import BaseModel
from sqlalchemy import insert, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from hq import operation_rows, protocol
from hq.models import Base, Sale
from hq.reports import rollup

SALE_FIELDS = (
    "id",
    "receipt_no",
    "terminal_code",
    "business_date",
    "seq",
    "user_id",
    "shift_id",
    "status",
    "subtotal_vnd",
    "discount_vnd",
    "total_vnd",
    "vat_vnd",
    "rounding_vnd",
    "discount_authorised_by",
    "receipt_lang",
    "created_at",
)
LINE_FIELDS = (
    "id",
    "line_no",
    "product_id",
    "barcode",
    "name_vi",
    "name_en",
    "unit",
    "quantity",
    "unit_price_vnd",
    "gross_vnd",
    "line_discount_vnd",
    "cart_discount_vnd",
    "amount_vnd",
    "vat_rate_pct",
)
VAT_FIELDS = ("rate_pct", "gross_vnd", "vat_vnd")
PAYMENT_FIELDS = ("id", "method", "amount_vnd", "tendered_vnd", "change_vnd", "reference")
MOVEMENT_FIELDS = ("id", "product_id", "kind", "quantity", "created_at")
AUDIT_FIELDS = ("id", "at", "kind", "user_id", "authorised_by", "subject_id", "data")

# Rows are tuples in these column orders; tables in an order that satisfies the foreign keys.
COLUMNS: dict[str, tuple[str, ...]] = {
    "entries": ("id", "terminal_id", "seq", "kind", "applied", "created_at", "received_at", "payload"),
    "sales": (*SALE_FIELDS, "entry_id", "terminal_id", "received_at"),
    "sale_lines": (*LINE_FIELDS, "sale_id"),
    "sale_vat": (*VAT_FIELDS, "sale_id"),
    "payments": (*PAYMENT_FIELDS, "sale_id"),
    "stock_movements": (
        *MOVEMENT_FIELDS, "unit_cost_vnd", "reason", "user_id", "entry_id", "terminal_id", "sale_id",
    ),
    "audit_events": (*AUDIT_FIELDS, "entry_id", "terminal_id"),
    **operation_rows.COLUMNS,
}  # fmt: skip
_sale = attrgetter(*SALE_FIELDS)
_line = attrgetter(*LINE_FIELDS)
_vat = attrgetter(*VAT_FIELDS)
_payment = attrgetter(*PAYMENT_FIELDS)
_movement = attrgetter(*MOVEMENT_FIELDS)
_audit = attrgetter(*AUDIT_FIELDS)


class Rows:
    """Rows to insert, as tuples per table (see :data:`COLUMNS`)."""

    def __init__(self):
        self.rows: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
        self.operations = operation_rows.OperationRows(self.rows)

    def add(
        self,
        entry: protocol.OutboxEntry | protocol.TypedEntry,
        payload: BaseModel | None,
        terminal_id: int,
        now: dt.datetime,
    ) -> None:
        """Add the rows of ``entry``; ``payload`` is its payload of an applied kind, else None."""
        rows = self.rows
        # Applied kinds live in their own tables; others are kept as they came.
        rows["entries"].append(
            (entry.id, terminal_id, entry.seq, entry.kind, payload is not None, entry.created_at,
             now, None if payload is not None else entry.payload)
        )  # fmt: skip
        if isinstance(payload, protocol.SalePayload):
            s = payload.sale
            if s.terminal_code != entry.terminal_code:  # made before enrolment: this terminal's
                s = s.model_copy(update={"terminal_code": entry.terminal_code})
            sale_id = (s.id,)  # tuples joined, lists made at once: ~30 % less time than unpacking
            rows["sales"].append((*_sale(s), entry.id, terminal_id, now))
            rows["sale_lines"].extend([_line(x) + sale_id for x in payload.lines])
            rows["sale_vat"].extend([_vat(x) + sale_id for x in payload.vat])
            rows["payments"].extend([_payment(x) + sale_id for x in payload.payments])
            tail = (None, "", s.user_id, entry.id, terminal_id, s.id)
            rows["stock_movements"].extend([_movement(m) + tail for m in payload.movements])
        elif isinstance(payload, protocol.StockMovementPayload):
            rows["stock_movements"].append(
                (*_movement(payload), payload.unit_cost_vnd, payload.reason, payload.user_id,
                 entry.id, terminal_id, None)
            )  # fmt: skip
        elif isinstance(payload, protocol.AuditPayload):
            rows["audit_events"].append((*_audit(payload), entry.id, terminal_id))
        elif payload is not None:
            self.operations.add(entry, payload, terminal_id, now)

    def write(self, session: Session) -> None:
        """Insert the rows in ``session``'s transaction: COPY on PostgreSQL, else bulk inserts."""
        if session.get_bind().dialect.name == "postgresql":
            self._copy(session)
        else:
            for name, rows in self.rows.items():
                if rows:
                    cols = COLUMNS[name]
                    session.execute(
                        insert(Base.metadata.tables[name]),
                        [dict(zip(cols, r, strict=True)) for r in rows],
                    )
        voided = self.operations.voided
        if voided:  # checked beforehand: each is a completed sale of the pushing terminal
            session.execute(update(Sale).where(Sale.id.in_(voided)).values(status="voided"))
        rollup.apply(session, self.rows, COLUMNS, voided)  # the reports' sums, in step

    def _copy(self, session: Session) -> None:
        """PostgreSQL's binary COPY: a table's rows in one stream instead of one round trip per row.

        Timestamps (always aware) go with ``timestamptz``'s binary dumper: its wire value is the
        instant in UTC, microseconds since 2000-01-01, which is exactly what a ``timestamp without
        time zone`` column reads as naive UTC, the way the column type stores them. No row is
        copied to convert its timestamps first; a naive timestamp is refused (TypeError).
        """
        cursor = session.connection().connection.dbapi_connection.cursor()
        try:
            for name, rows in self.rows.items():
                if not rows:
                    continue
                sql = f"COPY {name} ({', '.join(COLUMNS[name])}) FROM STDIN (FORMAT BINARY)"
                with cursor.copy(sql) as copy:
                    copy.set_types(_copy_types(name))
                    _write_rows(copy, rows)
        finally:
            cursor.close()


_PG_TYPES = {
    "UUID": "uuid",
    "BIGINT": "int8",
    "INTEGER": "int4",
    "BOOLEAN": "bool",
    "DATE": "date",
    "TIMESTAMP WITHOUT TIME ZONE": "timestamptz",  # the same binary value: see Rows._copy
    "JSONB": "jsonb",
    "TEXT": "text",
}


@functools.cache
def _copy_types(name: str) -> list[str]:
    """The PostgreSQL type of each column of table ``name``, for binary COPY."""
    table = Base.metadata.tables[name]
    return [
        _PG_TYPES.get(table.c[column].type.compile(dialect=postgresql.dialect()), "text")
        for column in COLUMNS[name]
    ]


try:  # psycopg's own row formatter (C in psycopg's binary package), the one write_row calls
    from psycopg._copy_base import _binary_signature, _binary_trailer, format_row_binary
except ImportError:  # pragma: no cover - another psycopg: row by row through its public API
    format_row_binary = None


def _write_rows(copy, rows: list[tuple]) -> None:
    """The rows into ``copy`` as a binary stream, each formatted by the very function
    ``copy.write_row`` calls, without its two Python frames a row (some 4,000 rows a batch:
    ~0.7 ms); sent with ``copy.write`` every :data:`ROWS_A_WRITE` rows, so that the database
    reads a table's first rows while the next are formatted, as with ``write_row``'s buffer.
    With a psycopg lacking the function, row by row."""
    if format_row_binary is None:
        for row in rows:
            copy.write_row(row)
        return
    transformer = copy.formatter.transformer  # its dumpers set by copy.set_types
    buffer = bytearray(_binary_signature)
    for start in range(0, len(rows), ROWS_A_WRITE):
        for row in rows[start : start + ROWS_A_WRITE]:
            format_row_binary(row, transformer, buffer)
        copy.write(buffer)
        buffer = bytearray()
    copy.write(_binary_trailer)


ROWS_A_WRITE = 128  # about 30 kB of sale lines, psycopg's own buffer size
