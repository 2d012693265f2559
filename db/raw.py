"""Writing through the pooled DB-API connection, for the one path the clerk waits on (checkout).

SQLAlchemy's session and Core cost about 20 µs per statement and 200 µs per transaction on top of
SQLite's own work; a sale is a dozen statements. :func:`write_transaction` takes a connection
from the engine's pool (so it has the kiosk's pragmas and busy timeout), begins IMMEDIATE like
:meth:`db.engine.KioskSessionMaker.begin`, and commits or rolls back. :class:`RowInsert` writes
whole rows with the columns' own bind conversions (UUID as hex, UTC timestamps, dates, JSON with
:func:`db.engine.dumps_json`), so the rows are stored exactly as the ORM would store them.
"""

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Dialect, Engine, Table


def driver_connection(pooled: Any) -> sqlite3.Connection:
    """The sqlite3 connection behind a pooled one. Tests replace this to inject faults at any
    statement of a write, BEGIN and COMMIT included."""
    return pooled.driver_connection


@contextmanager
def write_transaction(engine: Engine) -> Iterator[sqlite3.Connection]:
    """A sqlite3 connection inside BEGIN IMMEDIATE, committed when the block ends and rolled
    back if it raises. sqlite3 errors propagate unchanged for the caller to translate."""
    pooled = engine.raw_connection()
    try:
        con = driver_connection(pooled)
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            try:
                if con.in_transaction:
                    con.rollback()
            except sqlite3.Error:
                # A connection that cannot even roll back is not given to anyone else.
                pooled.invalidate()
            raise
    finally:
        pooled.close()


def bind_processor(column: Column, dialect: Dialect) -> Callable[[Any], Any] | None:
    """What SQLAlchemy does to a value of ``column`` before handing it to sqlite3 (None: nothing).

    Through the dialect's own implementation of the type: a TypeDecorator's bare ``impl`` would
    leave a datetime for sqlite3's default adapter, which drops ``.000000`` microseconds.
    """
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def result_processor(column: Column, dialect: Dialect) -> Callable[[Any], Any] | None:
    """What SQLAlchemy does to a stored value of ``column`` when it reads it (None: nothing)."""
    return column.type.dialect_impl(dialect).result_processor(dialect, None)


class RowInsert:
    """``INSERT INTO table (columns) VALUES (?, ...)`` with the columns' bind conversions.

    ``columns`` defaults to all of the table's; every row given must have every one of them.
    """

    def __init__(self, table: Table, dialect: Dialect, columns: Sequence[str] | None = None):
        names = list(columns) if columns is not None else [c.name for c in table.columns]
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        )
        self._values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
        # Only the typed columns convert (ids, timestamps, dates, JSON); text and integers pass.
        self._convert: list[tuple[int, Callable[[Any], Any]]] = [
            (i, p)
            for i, name in enumerate(names)
            if (p := bind_processor(table.c[name], dialect)) is not None
        ]

    def params(self, row: Mapping[str, Any]) -> tuple:
        values = list(self._values(row))
        for i, convert in self._convert:
            values[i] = convert(values[i])
        return tuple(values)

    def write(self, con: sqlite3.Connection, rows: Iterable[Mapping[str, Any]]) -> None:
        params = [self.params(r) for r in rows]
        if len(params) == 1:
            con.execute(self.sql, params[0])
        elif params:
            con.executemany(self.sql, params)
