"""Loading big tables into PostgreSQL fast, for generated bench data only.

Inserting ten million rows into tables that keep their indexes and foreign keys costs a B-tree
insert per index and a trigger per key for every row; building each index once from the loaded
table (a sort) and checking each foreign key once (a join) is many times faster. :func:`loaded`
drops the keys, constraints and indexes of the tables it is given (and the foreign keys pointing
at them), lets the caller load, then re-creates them exactly as ``pg_get_*def`` described them,
and analyses the tables. Nothing here is for production data: a failure half way leaves a
database without its constraints, which for a throwaway bench database is fine.
"""

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine, text

_CONSTRAINTS = """
SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid), c.contype
FROM pg_constraint c
WHERE c.contype IN ('p', 'u', 'f')
  AND (c.conrelid = ANY(CAST(:tables AS regclass[])) OR c.confrelid = ANY(CAST(:tables AS regclass[])))
ORDER BY c.conname
"""

_INDEXES = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = ANY(CAST(:tables AS regclass[]))
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY 1
"""


@contextmanager
def loaded(engine: Engine, tables: Sequence[str], took: dict[str, float]) -> Iterator[None]:
    """Drop the indexes and constraints of ``tables`` around the caller's load; re-create them.

    Seconds spent re-creating go to ``took["indexes"]`` and analysing to ``took["analyze"]``.
    """
    names = "{" + ",".join(tables) + "}"
    with engine.begin() as conn:
        constraints = conn.execute(text(_CONSTRAINTS), {"tables": names}).all()
        indexes = conn.execute(text(_INDEXES), {"tables": names}).all()
        # The foreign keys first: a key cannot go while a foreign key points at it.
        for table, name, _, _kind in sorted(constraints, key=lambda c: c[3] != "f"):
            conn.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))
        for index, _ in indexes:
            conn.execute(text(f"DROP INDEX {index}"))
    yield
    t0 = time.perf_counter()
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("SET maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            conn.exec_driver_sql(definition)
        for kind in ("p", "u", "f"):
            for table, name, definition, k in constraints:
                if k == kind:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        took["indexes"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for table in tables:
            conn.exec_driver_sql(f"ANALYZE {table}")
        conn.exec_driver_sql("RESET maintenance_work_mem")  # the connection goes back to the pool
    took["analyze"] = time.perf_counter() - t0
