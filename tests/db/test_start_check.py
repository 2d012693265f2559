"""The check at start: cheap after a clean exit, every page after a crash; an empty or foreign
file is refused either way; a file at head opens without loading Alembic."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import DatabaseError, upgrade
from db.engine import check_database, left_unclean
from db.migrate import head_revision, scripted_head

ROOT = Path(__file__).resolve().parents[2]


def _database_with_a_damaged_data_page(path: Path) -> None:
    """A kiosk database whose schema reads fine but one of whose table pages is garbage, as a
    bad sector or a torn write leaves it."""
    upgrade(path).dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("CREATE TABLE filler (x TEXT)")
    con.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(200)])
    con.commit()
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    with path.open("r+b") as f:
        f.seek(page_size * (pages - 10))  # one of the filler's pages, far from the schema
        f.write(b"\xa5" * page_size)


def _leave_unclean(path: Path) -> sqlite3.Connection:
    """What a power cut leaves: a WAL with committed frames that nobody has checkpointed."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE IF NOT EXISTS note (x)")
    con.execute("INSERT INTO note VALUES (1)")
    con.commit()
    return con  # kept open: closing it would checkpoint and delete the WAL


def test_start_after_a_clean_exit_skips_the_whole_file_check(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    _database_with_a_damaged_data_page(path)
    assert not left_unclean(path)
    upgrade(path).dispose()  # was: the whole file read at every start (8 s at 1M sales)
    with pytest.raises(DatabaseError):
        check_database(path)  # the thorough check still finds the damage


def test_start_after_a_crash_checks_every_page_and_refuses_a_damaged_file(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    _database_with_a_damaged_data_page(path)
    con = _leave_unclean(path)
    try:
        assert left_unclean(path)
        before = path.read_bytes()
        with pytest.raises(DatabaseError, match=r"integrity check failed|malformed"):
            upgrade(path)
        assert path.read_bytes() == before  # left untouched for the operator
    finally:
        con.close()


@pytest.mark.parametrize(
    "content",
    [b"", b"sales,lines\n1,2\n", b"SQLite format 3\x00" + b"\xff" * 8000],
    ids=["empty", "text file", "garbage after the header"],
)
def test_start_refuses_an_empty_or_foreign_file_without_the_whole_file_check(tmp_path, content):
    path = tmp_path / "kiosk.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DatabaseError):
        check_database(path, thorough=False)
    with pytest.raises(DatabaseError):
        upgrade(path)
    assert path.read_bytes() == content


def test_a_clean_exit_leaves_no_wal_so_the_next_start_is_quick(tmp_path):
    from kiosk.app import close_services, load_demo, open_services
    from kiosk.config import default_paths

    paths = default_paths(tmp_path / "data")
    services = open_services(paths)
    load_demo(services)
    assert left_unclean(paths.database)  # while the kiosk runs
    close_services(services)
    assert not left_unclean(paths.database)
    assert not Path(f"{paths.database}-wal").exists()


def test_head_read_from_the_migration_files_is_alembics_head():
    assert scripted_head() == head_revision()


def test_opening_a_database_at_head_does_not_load_alembic(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    upgrade(path).dispose()
    code = (
        "import sys; from db import upgrade; "
        f"upgrade({str(path)!r}).dispose(); print('alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_starting_the_kiosk_loads_neither_alembic_nor_reportlabs_pdf_machinery():
    # Migrations and label PDFs are rare; their libraries cost ~0.6 s of every start.
    code = (
        "import sys, kiosk.app; "
        "print(sorted(m for m in ('alembic', 'reportlab.pdfgen', 'reportlab.graphics') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
