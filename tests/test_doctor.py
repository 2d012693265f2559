"""``ocop-kiosk doctor``: one green or red line per check, for the installer on site."""

import datetime as dt
import os
import shutil

import pytest

from db import make_session_factory, upgrade
from kiosk import doctor
from kiosk.__main__ import main
from kiosk.config import default_paths
from kiosk.core.settings import Settings

TOPICS = ["printer", "scanner", "disk", "clock", "database", "backup", "sync"]


def _set(data_dir, **values) -> None:
    data_dir.mkdir(exist_ok=True)
    engine = upgrade(data_dir / "kiosk.sqlite3")
    Settings(make_session_factory(engine)).set_many(values)
    engine.dispose()


def _lines(out: str) -> dict[str, str]:
    return {line.split()[1]: line for line in out.splitlines()}


@pytest.fixture
def pty_scanner():
    """A serial scanner's port: the slave side of a pty, held open by its master."""
    master, slave = os.openpty()
    yield os.ttyname(slave)
    os.close(slave)
    os.close(master)


@pytest.fixture
def installed(tmp_path, hq_server, pty_scanner, capsys):
    """A terminal set up as an installer leaves it: enrolled, synced, devices named, a backup."""
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "sync", "enrol", hq_server.url, hq_server.add_terminal("HN-01")]) == 0  # fmt: skip
    assert main(["--data-dir", str(data), "sync", "now"]) == 0
    printer = f"escpos+file://{tmp_path / 'lp0'}?create=1"
    _set(data, printer_url=printer, scanner_url=f"serial://{pty_scanner}")
    (data / "backups").mkdir(exist_ok=True)
    shutil.copy(data / "kiosk.sqlite3", data / "backups" / "kiosk-20261201-220000.sqlite3")
    capsys.readouterr()
    return data


def test_doctor_prints_every_line_green_and_exits_0_when_the_terminal_is_ready(installed, capsys):
    assert main(["--data-dir", str(installed), "doctor"]) == 0
    lines = _lines(capsys.readouterr().out)
    assert list(lines) == TOPICS
    assert all(line.startswith("OK") for line in lines.values()), lines
    assert "connected" in lines["scanner"]
    assert "behind head office" in lines["clock"] or "ahead of head office" in lines["clock"]
    assert "terminal HN-01" in lines["sync"] and "0 entries waiting" in lines["sync"]


def test_doctor_shows_the_clock_red_when_it_is_ten_minutes_ahead_of_head_office(installed):
    def fast():
        return dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)

    clock = {f.topic: f for f in doctor.examine(default_paths(installed), now=fast)}["clock"]
    assert not clock.ok
    assert clock.detail.startswith(("599 s ahead", "600 s ahead", "601 s ahead")), clock.detail


def test_doctor_shows_the_printer_red_and_exits_1_when_it_is_not_plugged_in(installed, capsys):
    _set(installed, printer_url="escpos+serial:///dev/ttyUSB-no-such-printer")
    assert main(["--data-dir", str(installed), "doctor"]) == 1
    lines = _lines(capsys.readouterr().out)
    assert lines["printer"].startswith("FAIL") and "ttyUSB-no-such-printer" in lines["printer"]
    assert lines["database"].startswith("OK")


def test_doctor_shows_the_scanner_red_when_its_port_is_gone(installed, capsys):
    _set(installed, scanner_url="serial:///dev/ttyACM-unplugged")
    findings = {f.topic: f for f in doctor.examine(default_paths(installed), limits=doctor.Limits(scanner_wait_s=0.5))}  # fmt: skip
    assert not findings["scanner"].ok and "not found" in findings["scanner"].detail


def test_doctor_shows_the_backup_red_when_the_newest_is_three_days_old(installed):
    [copy] = (installed / "backups").rglob("*.sqlite3")
    old = (dt.datetime.now() - dt.timedelta(days=3)).timestamp()
    os.utime(copy, (old, old))
    backup = {f.topic: f for f in doctor.examine(default_paths(installed))}["backup"]
    assert not backup.ok and backup.detail == f"{copy.name}, 3 days old"


def test_doctor_reports_a_corrupt_database_without_touching_it_when_the_file_is_damaged(
    tmp_path, capsys
):
    data = tmp_path / "data"
    data.mkdir()
    (data / "kiosk.sqlite3").write_bytes(b"not a database, the power went off" * 100)
    assert main(["--data-dir", str(data), "doctor"]) == 1
    lines = _lines(capsys.readouterr().out)
    assert list(lines) == TOPICS  # every line still printed
    assert lines["database"].startswith("FAIL") and "kiosk.sqlite3" in lines["database"]
    assert lines["disk"].startswith("OK")
    assert list((data / "backups").rglob("*.sqlite3")) == []  # no upgrade, so no backup of it
    assert (data / "kiosk.sqlite3").read_bytes().startswith(b"not a database")


def test_doctor_says_what_to_do_when_the_terminal_is_fresh(tmp_path, capsys):
    data = tmp_path / "data"
    _set(data)
    assert main(["--data-dir", str(data), "doctor"]) == 1
    lines = _lines(capsys.readouterr().out)
    assert "sync enrol URL CODE" in lines["sync"] and lines["sync"].startswith("FAIL")
    assert "not enrolled" in lines["clock"] and lines["clock"].startswith("FAIL")
    assert "fake printer" in lines["printer"]


def test_doctor_lines_are_green_or_red_on_a_terminal():
    text = doctor.render(
        [doctor.Finding("disk", True, "9 GB"), doctor.Finding("sync", False, "never")], colour=True
    )
    ok, fail = text.splitlines()
    assert ok.startswith(f"{doctor.GREEN}OK") and fail.startswith(f"{doctor.RED}FAIL")


def test_doctor_leaves_no_write_ahead_log_behind_so_the_next_start_is_quick(installed):
    """An open engine would keep kiosk.sqlite3-wal, and the next start reads that as a crash
    and runs the full integrity check."""
    doctor.examine(default_paths(installed))
    assert not (installed / "kiosk.sqlite3-wal").exists() or (
        (installed / "kiosk.sqlite3-wal").stat().st_size == 0
    )
