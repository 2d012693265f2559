"""What the synthetic catalogue and sales history share: the epoch, the generator's user,
UUIDv7-shaped seeded ids, timestamps as SQLAlchemy stores them, and bulk inserts.
"""

import datetime as dt
import random
import sqlite3

from sqlalchemy import Table

EPOCH = dt.datetime(2024, 7, 1, tzinfo=dt.UTC)
SYNTHETIC_USER_ID = "0190a000000070008000000000000001"


class Ids:
    """UUIDv7-shaped ids from a seeded generator: time-ordered like the till's, reproducible."""

    def __init__(self, rng: random.Random):
        self._bits = rng.getrandbits

    def at(self, when_ms: int) -> str:
        rand = self._bits(74)
        value = (
            (when_ms << 80)
            | (0x7 << 76)
            | ((rand >> 62) << 64)
            | (0b10 << 62)
            | (rand & (2**62 - 1))
        )
        return f"{value:032x}"


def ts(moment: dt.datetime) -> str:
    """A UTC moment as SQLAlchemy stores it in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def insert(con: sqlite3.Connection, table: Table, columns: list[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (values of ``columns`` in order) into ``table`` with one executemany."""
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise KeyError(f"{table.name} has no column {unknown}")
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows)
