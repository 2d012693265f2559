"""Migrations: head matches the models, and upgrading an older file first backs it up."""

import sqlite3

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db import make_engine, upgrade
from db.migrate import alembic_config, current_revision, head_revision
from db.models import Base


def test_models_match_migrations_when_empty_db_upgraded_to_head(tmp_path):
    engine = upgrade(tmp_path / "fresh.sqlite3")
    try:
        assert current_revision(engine) == head_revision()
        # What `alembic check` does, through the project's env.py.
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.check(cfg)
    finally:
        engine.dispose()


def test_search_tables_are_the_only_tables_outside_the_models(tmp_path):
    engine = upgrade(tmp_path / "fresh.sqlite3")
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, Base.metadata)
        extra = {d[1].name for d in diff if d[0] == "remove_table"}
        assert len(diff) == len(extra)
        assert extra and all(name.startswith("product_search") for name in extra)
    finally:
        engine.dispose()


def test_upgrade_backs_up_database_when_it_is_behind_head(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    engine = make_engine(path)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_initial")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO products (id, sku, name_vi, name_en, unit, vat_rate_pct, group_code,"
            " former_province, certificate_no, consignment, commission_pct, favourite,"
            " reorder_level, active, is_demo, search_text, created_at, updated_at) VALUES"
            " ('0123456789abcdef0123456789abcdef', 'OLD-1', 'Nước mắm', '', 'piece', 8, 'food',"
            " '', '', 0, 0, 0, 0, 1, 0, 'nuoc mam | phu quoc', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00')"
        )
    engine.dispose()

    engine = upgrade(path, backup_dir=tmp_path / "backups")
    try:
        backups = list((tmp_path / "backups").glob("kiosk-*.sqlite3"))
        assert len(backups) == 1
        # private to the kiosk's user whatever the umask of who ran the upgrade, and a lone
        # file (no WAL beside it) that was checked before it counted
        assert backups[0].stat().st_mode & 0o777 == 0o600
        assert not list((tmp_path / "backups").glob("*-wal")) and not list(
            (tmp_path / "backups").glob("*.partial")
        )
        con = sqlite3.connect(backups[0])
        try:
            assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
                "0001_initial",
            )
            assert con.execute("SELECT sku FROM products").fetchall() == [("OLD-1",)]
        finally:
            con.close()
        # The product written before the search index existed is in the index.
        with engine.connect() as conn:
            hits = conn.exec_driver_sql(
                "SELECT name, place FROM product_search WHERE product_search MATCH 'mam'"
            ).all()
        assert hits == [("nuoc mam ", " phu quoc")]
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_upgrade_makes_no_backup_when_database_is_new(tmp_path):
    engine = upgrade(tmp_path / "new.sqlite3", backup_dir=tmp_path / "backups")
    engine.dispose()
    assert not (tmp_path / "backups").exists()


def test_migrations_form_one_line():
    from alembic.script import ScriptDirectory

    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1
