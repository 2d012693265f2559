"""The kiosk's sync service and settings editor, as the window and the CLI use them, against a
real head office on loopback. No Qt."""

import threading

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, OutboxEntry
from kiosk.core.errors import PermissionDenied
from kiosk.core.settings_editor import InvalidSetting
from kiosk.core.sync.errors import NotEnrolled, SyncRefused, SyncUnavailable
from kiosk.core.sync.service import (
    InvalidEnrolCode,
    InvalidHqAddress,
    check_enrol_code,
    check_hq_url,
)
from tests.sync_helpers import actor, sell, sync_for, wait_for


@pytest.fixture
def service(till):
    sync, editor = sync_for(till, interval_s=0.2)
    yield sync, editor
    sync.close()


def test_check_hq_url_when_typed_accepts_http_and_https_only():
    assert check_hq_url(" https://hq.example.vn:8443/ ") == "https://hq.example.vn:8443"
    assert check_hq_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    for bad, reason in [
        ("", "empty"),
        ("hq.example.vn", "scheme"),
        ("ftp://hq.example.vn", "scheme"),
        ("https://", "host"),
        ("https://hq:port", "host"),
        ("https://hq.example.vn/?x=1", "host"),
    ]:
        with pytest.raises(InvalidHqAddress) as err:
            check_hq_url(bad)
        assert err.value.data["reason"] == reason, bad


def test_check_enrol_code_when_typed_ignores_case_spaces_and_dashes():
    assert check_enrol_code("j6cr-x34j kgxg-MILN-UCMA-ZHJU") == "J6CRX34JKGXGMILNUCMAZHJU"
    for bad, reason in [("", "empty"), ("J6CR-X34J", "length"), ("J6CR-X34J-KGXG-MILN-UCMA-ZHJ0", "characters")]:  # fmt: skip
        with pytest.raises(InvalidEnrolCode) as err:
            check_enrol_code(bad)
        assert err.value.data["reason"] == reason


def test_status_when_not_enrolled_counts_the_backlog_and_knows_no_network(till, service):
    sync, _ = service
    sell(till, 2)
    status = sync.status()
    assert not sync.enrolled
    assert status.online is None and status.backlog >= 2
    with pytest.raises(NotEnrolled):
        sync.sync_once()
    assert sync.start() is False and not sync.running


def test_enrol_when_code_is_good_takes_head_offices_terminal_code(till, service, hq_server):
    sync, _ = service
    code = hq_server.add_terminal("DL-07")
    result = sync.enrol(hq_server.url + "/", code.lower(), by=actor(till, "Hà"))
    assert result.enrolment.terminal_code == "DL-07"
    assert result.previous_terminal_code == "K01" and result.foreign_sales == 0
    assert sync.enrolled and till.settings["terminal_code"] == "DL-07"
    assert till.settings["hq_url"] == hq_server.url
    # The new code is the sales' code: head office applies them.
    sell(till, 3)
    report = sync.sync_once()
    assert report.push.applied >= 3 and report.push.rejected == 0 and report.push.backlog == 0
    assert sync.status().online is True


def test_sales_made_before_enrolment_go_up_under_the_enrolled_terminal(till, service, hq_server):
    sync, _ = service
    sell(till, 2)
    result = sync.enrol_at_console(hq_server.url, hq_server.add_terminal("DL-08"))
    assert result.foreign_sales == 2 and result.previous_terminal_code == "K01"
    report = sync.sync_once()
    assert report.push.rejected == 0 and report.push.applied >= 2 and report.push.backlog == 0


def test_enrol_when_code_was_used_is_refused_and_changes_nothing(till, service, hq_server):
    sync, _ = service
    code = hq_server.add_terminal("DL-09")
    sync.enrol_at_console(hq_server.url, code)
    till.settings.set("terminal_code", "K01")
    with pytest.raises(SyncRefused):
        sync.enrol_at_console(hq_server.url, code)
    assert till.settings["terminal_code"] == "K01"


def test_enrol_when_head_office_is_down_is_unavailable(service, tmp_path):
    sync, _ = service
    from tests.hq.conftest import free_port

    with pytest.raises(SyncUnavailable):
        sync.enrol_at_console(f"http://127.0.0.1:{free_port()}", "A" * 24)
    assert not sync.enrolled


def test_enrol_and_sync_now_when_clerk_asks_are_denied(till, service, hq_server):
    sync, _ = service
    with pytest.raises(PermissionDenied):
        sync.enrol(hq_server.url, hq_server.add_terminal("DL-10"), by=actor(till, "Minh"))
    with pytest.raises(PermissionDenied):
        sync.sync_now(by=actor(till, "Lan"))


def test_worker_when_enrolled_later_starts_sends_sales_and_stops_on_close(till, service, hq_server):
    sync, _ = service
    assert sync.start() is False  # not enrolled yet: waits
    sync.enrol_at_console(hq_server.url, hq_server.add_terminal("DL-11"))
    assert sync.running
    sell(till, 4)
    sync.request_sync()
    wait_for(lambda: sync.status().backlog == 0)
    assert sync.status().online is True
    thread = sync._thread
    sync.close()
    assert not sync.running and not thread.is_alive()
    assert all(t.name != thread.name for t in threading.enumerate())


def test_move_when_head_office_changes_address_keeps_the_token(till, service, hq_server):
    sync, editor = service
    sync.enrol_at_console(hq_server.url, hq_server.add_terminal("DL-12"))
    values = editor.values() | {"hq_url": hq_server.url.replace("127.0.0.1", "localhost")}
    changed = editor.save(values, by=actor(till, "Hà"))
    assert changed == {"hq_url": values["hq_url"]}
    assert sync.enrolment().base_url == values["hq_url"]
    assert sync.sync_once().pull.version >= 0  # the token still works at the new address


def test_settings_check_when_typed_names_the_field_and_reason(service):
    _, editor = service
    cases = {
        ("shop_name", "  "): "required",
        ("shop_name", "x" * 81): "too_long",
        ("shop_tax_code", "12345"): "tax_code",
        ("vietqr_bank_bin", "97043"): "bank_bin",
        ("vietqr_account", "0123 456"): "account",
        ("vietqr_account_name", "Cửa hàng"): "account_name",
        ("printer_url", "usb://04b8:0202"): "printer_url",
        ("scanner_url", "/dev/ttyACM0"): "scanner_url",
        ("printer_profile", "no-such"): "profile",
        ("receipt_lang", "fr"): "language",
        ("hq_url", "hq.example.vn"): "hq_url",
    }
    for (field, value), reason in cases.items():
        with pytest.raises(InvalidSetting) as err:
            editor.check(field, value)
        assert (err.value.data["field"], err.value.data["reason"]) == (field, reason)
    assert editor.check("shop_tax_code", "0101234567-001") == "0101234567-001"
    assert editor.check("shop_tax_code", "") == ""
    assert editor.check("vietqr_account_name", "cua hang ocop") == "CUA HANG OCOP"
    assert editor.check("printer_url", "escpos+tcp://10.0.0.9:9100") == "escpos+tcp://10.0.0.9:9100"
    assert editor.check("hq_url", "") == ""


def test_settings_save_when_admin_stores_changes_together_and_audits(till, service):
    _, editor = service
    values = editor.values() | {"shop_name": "OCOP Đà Lạt", "shop_tax_code": "5800123456"}
    with pytest.raises(PermissionDenied):
        editor.save(values, by=actor(till, "Minh"))
    bad = values | {"vietqr_account": ""}
    with pytest.raises(InvalidSetting):
        editor.save(bad, by=actor(till, "Hà"))
    assert till.settings["shop_name"] != "OCOP Đà Lạt"  # nothing stored from the bad form
    changed = editor.save(values, by=actor(till, "Hà"))
    assert changed == {"shop_name": "OCOP Đà Lạt", "shop_tax_code": "5800123456"}
    assert till.settings["shop_name"] == "OCOP Đà Lạt"
    with till._sf() as s:
        audited = s.scalars(select(AuditEvent).where(AuditEvent.kind == "settings_changed")).all()
        queued = s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.kind == "audit")
        )
    assert [a.data["keys"] for a in audited] == [["shop_name", "shop_tax_code"]]
    assert queued >= 1
    assert editor.save(values, by=actor(till, "Hà")) == {}  # nothing changed, nothing written
