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


def test_catalogue_import_reports_bad_rows_by_line_and_writes_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "sku,name_vi,group,price_vnd,unit,vat_rate_pct,barcodes\n"
        "X1,Mật ong rừng,food,120000,piece,8,8930000000002\n"
        "X2,Trà shan tuyết,beverage,-5,piece,8,\n"
        "X3,Nón lá,handicraft,50000,piece,10,8930000000003\n",
        encoding="utf-8",
    )
    assert main(["--data-dir", str(data), "catalogue", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 3: price_vnd" in err and "line 4: barcode 8930000000003" in err

    good = tmp_path / "good.csv"
    good.write_text(
        bad.read_text(encoding="utf-8").splitlines()[0] + "\n"
        "X1,Mật ong rừng,food,120000,piece,8,8930000000002\n",
        encoding="utf-8",
    )
    assert main(["--data-dir", str(data), "catalogue", "import", str(good)]) == 0
    assert "1 new products" in capsys.readouterr().out


def test_demo_loads_once_with_its_users(tmp_path, capsys):
    data = str(tmp_path)
    assert main(["--data-dir", data, "catalogue", "demo"]) == 0
    assert "demo loaded" in capsys.readouterr().out
    assert main(["--data-dir", data, "catalogue", "demo"]) == 0
    assert "nothing loaded" in capsys.readouterr().out
    assert main(["--data-dir", data, "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "clerk    Lan" in out and "manager  Minh" in out and "admin    Hà" in out


def test_report_writes_the_x_and_z_pdfs(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "catalogue", "demo"]) == 0  # opens the demo shift
    capsys.readouterr()
    assert main(["--data-dir", str(data), "report", "x"]) == 0
    x = capsys.readouterr().out.strip()
    assert x.endswith(".pdf") and (data / "reports").exists()
    assert main(["--data-dir", str(data), "report", "z"]) == 2  # no Z yet: one clear line
    assert "NothingToReport" in capsys.readouterr().err


def test_z_report_in_vietnamese_then_english_writes_two_files(tmp_path, capsys):
    from kiosk.app import open_services
    from kiosk.config import default_paths

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "catalogue", "demo"]) == 0  # opens the demo shift
    services = open_services(default_paths(data).ensure())
    manager = services.users.sign_in("Minh", "2222")
    services.shifts.close(manager, {})
    services.shifts.end_day(manager)
    services.session_factory.kw["bind"].dispose()
    capsys.readouterr()
    written = []
    for lang in ("vi", "en", "vi"):
        assert main(["--data-dir", str(data), "report", "z", "--lang", lang]) == 0
        written.append(capsys.readouterr().out.strip())
    vi, en, vi_again = written
    assert vi != en and vi == vi_again
    assert vi.endswith("-vi.pdf") and en.endswith("-en.pdf")
    with open(vi, "rb") as f_vi, open(en, "rb") as f_en:
        assert f_vi.read() != f_en.read()


def test_a_command_closes_the_database_cleanly_so_the_next_start_skips_the_full_check(tmp_path):
    from db.engine import left_unclean

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "db", "check"]) == 0
    assert not left_unclean(data / "kiosk.sqlite3")
