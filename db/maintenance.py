"""Giving the space of deleted and shrunk rows back: a checkpoint of the WAL and a VACUUM.

SQLite reuses freed pages for new rows but never returns them to the file system by itself.
"""

from sqlalchemy import Engine


def compact(engine: Engine) -> None:
    """Checkpoint the WAL into the file, truncate it, and rebuild the file without free pages."""
    pooled = engine.raw_connection()
    try:
        con = pooled.driver_connection  # autocommit (db.engine): VACUUM needs no transaction
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        pooled.close()
