"""Migration 0013 (issue 18): sale_vat moves to WITHOUT ROWID storage with every row kept, and
the ledger's index on sale_id goes; downgrading puts both back."""

import sqlite3

from alembic import command

from db import make_engine, upgrade
from db.migrate import alembic_config

SALE = "0123456789abcdef0123456789abcdef"
ROWS = [(SALE, 8, 185_000, 13_704), (SALE, 10, 55_000, 5_000)]


def _migrate(path, revision: str, *, down: bool = False) -> None:
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)
    finally:
        engine.dispose()


def _schema(path) -> tuple[str, set[str], list[tuple]]:
    con = sqlite3.connect(path)
    try:
        sql = con.execute("SELECT sql FROM sqlite_schema WHERE name = 'sale_vat'").fetchone()[0]
        indexes = {n for (n,) in con.execute("SELECT name FROM sqlite_schema WHERE type='index'")}
        rows = con.execute("SELECT * FROM sale_vat ORDER BY rate_pct").fetchall()
    finally:
        con.close()
    return sql, indexes, rows


def test_upgrade_keeps_sale_vat_rows_without_rowid_when_file_had_sales(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    _migrate(path, "0012_einvoices")
    con = sqlite3.connect(path)  # foreign keys off: the sale's user and shift do not matter
    con.execute(
        "INSERT INTO sales (id, receipt_no, terminal_code, business_date, seq, user_id, status,"
        " subtotal_vnd, discount_vnd, total_vnd, vat_vnd, receipt_lang, created_at)"
        f" VALUES ('{SALE}', 'K01-20261201-0001', 'K01', '2026-12-01', 1, '{SALE}', 'completed',"
        " 240000, 0, 240000, 18704, 'vi', '2026-12-01 03:00:00.000000')"
    )
    con.executemany("INSERT INTO sale_vat VALUES (?, ?, ?, ?)", ROWS)
    con.commit()
    con.close()
    assert "ix_stock_movements_sale_id" in _schema(path)[1]

    upgrade(path, backup_dir=tmp_path / "backups").dispose()
    sql, indexes, rows = _schema(path)
    assert "WITHOUT ROWID" in sql
    assert rows == ROWS
    assert "ix_stock_movements_sale_id" not in indexes
    assert not any(name.startswith("sqlite_autoindex_sale_vat") for name in indexes)

    _migrate(path, "0012_einvoices", down=True)
    sql, indexes, rows = _schema(path)
    assert "WITHOUT ROWID" not in sql and rows == ROWS
    assert "ix_stock_movements_sale_id" in indexes
