import pytest

from kiosk.__main__ import main


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "db", "catalogue", "users"):
        assert command in out


def test_db_upgrade_creates_the_database(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "db", "upgrade"]) == 0
    assert (tmp_path / "kiosk.sqlite3").exists()
    assert main(["--data-dir", str(tmp_path), "db", "check"]) == 0


def test_corrupt_database_is_reported_and_left_alone(tmp_path, capsys):
    db = tmp_path / "kiosk.sqlite3"
    garbage = b"SQLite format 3\x00" + b"\xff" * 8000
    db.write_bytes(garbage)
    assert main(["--data-dir", str(tmp_path), "db", "upgrade"]) == 3
    err = capsys.readouterr().err
    assert "cannot be used" in err and str(db) in err
    assert db.read_bytes() == garbage
