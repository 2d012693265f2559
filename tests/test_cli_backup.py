"""Backups that exist and restore by one command; an empty database file is refused; the data
folder is private to the kiosk's user."""

import datetime as dt
import os
import sqlite3
import stat

import pytest

from kiosk.__main__ import main
from kiosk.app import open_services
from kiosk.config import Paths
from kiosk.core.backups import Backups


def users_count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM users").fetchone()[0]
    finally:
        con.close()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def data(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "catalogue", "demo"]) == 0
    capsys.readouterr()
    return tmp_path


def test_backup_command_writes_a_checked_copy_in_the_data_folder(data, capsys):
    assert main(["--data-dir", str(data), "backup"]) == 0
    made = list((data / "backups" / "daily").glob("kiosk-daily-*.sqlite3"))
    assert len(made) == 1 and str(made[0]) in capsys.readouterr().out
    assert users_count(made[0]) == 3  # the demo's three users are in it
    assert mode(made[0]) == 0o600


def test_restore_puts_the_backup_back_and_keeps_the_current_file_aside(data, capsys):
    assert main(["--data-dir", str(data), "backup"]) == 0
    backup = next((data / "backups" / "daily").glob("kiosk-daily-*.sqlite3"))
    damaged = b"SQLite format 3\x00" + b"\xff" * 8000  # the damage to undo
    (data / "kiosk.sqlite3").write_bytes(damaged)
    for side in data.glob("kiosk.sqlite3-*"):
        side.unlink()
    assert main(["--data-dir", str(data), "users", "list"]) == 3
    assert main(["--data-dir", str(data), "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert users_count(data / "kiosk.sqlite3") == 3
    aside = list(data.glob("kiosk-replaced-*.sqlite3"))
    assert len(aside) == 1 and str(aside[0]) in out and aside[0].read_bytes() == damaged
    assert main(["--data-dir", str(data), "users", "list"]) == 0
    assert "Minh" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\xff" * 8000, b"hello"])
def test_restore_refuses_a_damaged_or_empty_file_and_changes_nothing(data, capsys, content):
    bad = data / "bad.sqlite3"
    bad.write_bytes(content)
    before = (data / "kiosk.sqlite3").read_bytes()
    assert main(["--data-dir", str(data), "restore", str(bad)]) == 3
    assert "not restored" in capsys.readouterr().err
    assert (data / "kiosk.sqlite3").read_bytes() == before
    assert not list(data.glob("kiosk-replaced-*"))


def test_an_empty_database_file_is_refused_not_replaced(tmp_path, capsys):
    db = tmp_path / "kiosk.sqlite3"
    db.write_bytes(b"")
    assert main(["--data-dir", str(tmp_path), "users", "list"]) == 3
    err = capsys.readouterr().err
    assert "empty" in err and "ocop-kiosk restore" in err
    assert db.stat().st_size == 0


def test_daily_backup_is_due_after_a_day_keeps_n_and_copies_to_a_second_folder(data):
    services = open_services(Paths(data))
    services.settings.set_many(
        {"backup_keep": 2, "backup_second_dir": str(data / "usb"), "backup_interval_hours": 24}
    )
    now = [dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)]
    backups = Backups(
        data / "kiosk.sqlite3", data / "daily", services.settings, clock=lambda: now[0]
    )
    assert backups.due()
    first = backups.make()
    assert first.second_error is not None  # the stick is not in: said, and the first copy made
    assert first.path.exists() and not backups.due()
    (data / "usb").mkdir()
    for day in (2, 3, 4):
        now[0] = dt.datetime(2026, 12, day, 20, 0, tzinfo=dt.UTC)
        os.utime(backups.latest(), (now[0].timestamp() - 86_400,) * 2)
        assert backups.due()
        result = backups.run_if_due()
        assert result is not None and result.second_path is not None
    names = sorted(p.name for p in (data / "daily").iterdir())
    assert names == ["kiosk-daily-20261203-200000.sqlite3", "kiosk-daily-20261204-200000.sqlite3"]
    assert len(list((data / "usb").iterdir())) == 2
    assert users_count(result.second_path) == 3


def test_data_folder_and_its_files_are_private(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "kiosk.log.old").write_text("x")
    os.chmod(data / "kiosk.log.old", 0o644)
    old = os.umask(0o022)
    try:
        assert main(["--data-dir", str(data), "db", "upgrade"]) == 0
    finally:
        os.umask(old)
    assert mode(data) == 0o700
    assert mode(data / "backups") == 0o700 and mode(data / "logs") == 0o700
    assert mode(data / "kiosk.sqlite3") == 0o600  # holds the head-office token
    assert mode(data / "kiosk.log.old") == 0o600
    assert mode(data / "logs" / "kiosk.log") == 0o600


def test_the_app_makes_the_daily_backup_on_its_own_when_none_exists(data):
    from kiosk.app import start_backups

    services = open_services(Paths(data))
    stop = start_backups(services, every_s=0.05, first_after_s=0)
    try:
        deadline = dt.datetime.now() + dt.timedelta(seconds=20)
        while services.backups.latest() is None and dt.datetime.now() < deadline:
            stop.wait(0.05)
    finally:
        stop.set()
    assert services.backups.latest() is not None
    assert users_count(services.backups.latest()) == 3


def test_a_backup_cut_short_leaves_no_file_behind_once_the_next_backup_runs(data):
    """A kiosk stopped mid-copy (its session ended, the power cut) left its temporary file,
    hundreds of MB at a large shop, every time; the next backup deletes those that stopped
    changing for an hour, never one another backup is still writing."""
    services = open_services(Paths(data))
    folder = data / "backups" / "daily"
    folder.mkdir(parents=True, exist_ok=True)
    cut = folder / "kiosk-daily-20261201-200000.sqlite3.partial"
    cut_journal = folder / "kiosk-daily-20261201-200000.sqlite3.partial-journal"
    writing = folder / "kiosk-daily-20261202-200000.sqlite3.partial"
    writing_journal = folder / "kiosk-daily-20261202-200000.sqlite3.partial-journal"
    for path in (cut, cut_journal, writing, writing_journal):
        path.write_bytes(b"\0" * 4096)
    two_hours_ago = dt.datetime.now().timestamp() - 7200
    for path in (cut, cut_journal, writing_journal):
        os.utime(path, (two_hours_ago, two_hours_ago))
    made = services.backups.make()
    assert made.path.exists() and users_count(made.path) == 3
    assert not cut.exists() and not cut_journal.exists()
    # Its copy changed a moment ago: another backup may be writing it, journal and all.
    assert writing.exists() and writing_journal.exists()
