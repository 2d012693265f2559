"""``ocop-kiosk sync enrol|now|status`` against a real head office on loopback."""

import pytest
from sqlalchemy import func, select

from db import make_session_factory, upgrade
from hq.models import Sale as HqSale
from kiosk.__main__ import main
from tests.hq.conftest import free_port
from tests.hq.sales import queue_entry, queue_sales


def _kiosk_db(data_dir):
    engine = upgrade(data_dir / "kiosk.sqlite3")
    return engine, make_session_factory(engine)


def test_sync_status_when_not_enrolled_says_so_and_now_fails_clearly(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "not enrolled" in out and "backlog: 0 entries" in out and "last sync: never" in out
    assert main(["--data-dir", data, "sync", "now"]) == 2
    assert "sync enrol URL CODE" in capsys.readouterr().err


def test_sync_enrol_now_and_status_when_head_office_is_up(tmp_path, capsys, hq_server):
    data = tmp_path / "data"
    code = hq_server.add_terminal("HN-01")
    assert main(["--data-dir", str(data), "sync", "enrol", hq_server.url, code]) == 0
    out = capsys.readouterr().out
    assert f"enrolled at {hq_server.url} as terminal HN-01" in out
    assert "now carry HN-01 (was K01)" in out

    engine, sf = _kiosk_db(data)
    queue_sales(sf, "HN-01", 7)
    queue_entry(sf, "sale", {"sale": {"terminal_code": "HN-01"}})  # malformed: rejected
    engine.dispose()
    assert main(["--data-dir", str(data), "sync", "status"]) == 0
    assert "backlog: 8 entries" in capsys.readouterr().out

    assert main(["--data-dir", str(data), "sync", "now"]) == 1  # one entry rejected
    out = capsys.readouterr().out
    assert "pushed 8 entries: 7 applied, 0 duplicate, 1 rejected; backlog 0" in out
    assert "catalogue 0 -> 0: 0 products" in out
    with hq_server.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(HqSale)) == 7

    assert main(["--data-dir", str(data), "sync", "now"]) == 0
    assert "pushed 0 entries" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "backlog: 0 entries" in out and "rejected by head office: 1" in out
    assert "last sync: never" not in out


def test_sync_now_when_catalogue_changed_at_head_office_prints_the_changes(
    tmp_path, capsys, hq_server
):
    from hq import catalogue as hq_catalogue

    csv_file = tmp_path / "catalogue.csv"
    csv_file.write_text(
        "sku,name_vi,vat_rate_pct,group_code,price_vnd,barcodes\n"
        "HQ-1,Mật ong bạc hà,8,food,150000,8930000000019\n"
        "HQ-2,Trà shan tuyết,8,beverage,90000,\n",
        encoding="utf-8",
    )
    with hq_server.session_factory.begin() as s:
        hq_catalogue.import_csv(s, csv_file)
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "sync", "enrol", hq_server.url, hq_server.add_terminal("HN-02")]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--data-dir", data, "sync", "now"]) == 0
    out = capsys.readouterr().out
    assert "2 products, 2 prices, 1 barcodes" in out


def test_sync_enrol_when_code_is_wrong_or_server_down_explains(tmp_path, capsys, hq_server):
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "sync", "enrol", hq_server.url, "A" * 24]) == 5
    assert "refused this terminal" in capsys.readouterr().err
    assert main(["--data-dir", data, "sync", "enrol", "hq.example.vn", "A" * 24]) == 2
    assert "not a head-office address" in capsys.readouterr().err
    assert main(["--data-dir", data, "sync", "enrol", hq_server.url, "ABC"]) == 2
    assert "not an enrolment code" in capsys.readouterr().err
    down = f"http://127.0.0.1:{free_port()}"
    assert main(["--data-dir", data, "sync", "enrol", down, "A" * 24]) == 4
    assert "cannot be reached" in capsys.readouterr().err
    assert main(["--data-dir", data, "sync", "status"]) == 0
    assert "not enrolled" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["enrol", "now", "status"])
def test_sync_help_lists_each_action(command, capsys):
    with pytest.raises(SystemExit):
        main(["sync", "--help"])
    assert command in capsys.readouterr().out
