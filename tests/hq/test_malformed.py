"""Malformed input gets a 4xx that says what is wrong, never a 500 and never the input echoed."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from hq.models import RejectedEntry
from tests.hq.conftest import ROOT

ENTRY_ID = "01930000-0000-7000-8000-00000000aaaa"


def entry(**fields) -> dict:
    return {"id": ENTRY_ID, "seq": 1, "kind": "note", "terminal_code": "K01",
            "created_at": "2026-01-02T03:04:05+07:00", "payload": {}, **fields}  # fmt: skip


def test_catalogue_cursor_past_64_bits_is_refused_with_a_reason(app_hq):
    bearer = {"Authorization": f"Bearer {app_hq.terminal_token()}"}
    answer = app_hq.client.get(f"/api/v1/catalogue?since={2**63}", headers=bearer)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "since"]
    assert app_hq.client.get("/api/v1/catalogue?since=-1", headers=bearer).status_code == 422
    assert (
        app_hq.client.get(f"/api/v1/catalogue?since={2**63 - 1}", headers=bearer).status_code == 200
    )


@pytest.mark.parametrize(
    "body",
    [
        b'{"entries": [{"kind": "note", "payload": {"text": "\xff\xfe"}}]}',  # invalid UTF-8
        b"\xff\xfe\x00",
        b'{"entries": [], "backlog": 99999999999999999999999}',
        b'{"entries": "',
    ],
    ids=["invalid-utf8-in-entry", "not-json", "backlog-past-64-bits", "truncated"],
)
def test_malformed_push_is_refused_whole_with_a_reason(app_hq, body):
    bearer = {"Authorization": f"Bearer {app_hq.terminal_token()}"}
    answer = app_hq.client.post("/api/v1/push", content=body, headers=bearer)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]  # a reason
    assert b"\xff" not in answer.content and "99999999999999999999999" not in answer.text


@pytest.mark.parametrize(
    "bad",
    [
        {"seq": 2**70},
        {"created_at": "0001-01-01T00:00:00+07:00"},
        {"created_at": "9999-12-31T23:00:00-05:00"},
    ],
    ids=["seq-past-64-bits", "time-before-year-1-in-utc", "time-after-9999-in-utc"],
)
def test_entry_out_of_range_is_rejected_on_its_own_and_the_batch_goes_on(app_hq, bad):
    bearer = {"Authorization": f"Bearer {app_hq.terminal_token()}"}
    good = entry(id="01930000-0000-7000-8000-00000000bbbb", seq=2)
    answer = app_hq.client.post(
        "/api/v1/push", json={"entries": [entry(**bad), good]}, headers=bearer
    )
    assert answer.status_code == 200, answer.text
    first, second = answer.json()["results"]
    assert first["status"] == "rejected" and first["reason"]
    assert second["status"] == "applied"


def test_entry_with_a_nul_character_is_rejected_on_its_own_and_the_batch_goes_on(app_hq):
    bearer = {"Authorization": f"Bearer {app_hq.terminal_token()}"}
    nul = entry(payload={"name_vi": "Nước mắm\x00"})
    good = entry(id="01930000-0000-7000-8000-00000000bbbb", seq=2)
    answer = app_hq.client.post("/api/v1/push", json={"entries": [nul, good]}, headers=bearer)
    assert answer.status_code == 200, answer.text
    first, second = answer.json()["results"]
    assert first["status"] == "rejected" and "U+0000" in first["reason"]
    assert second["status"] == "applied"
    # Kept for an operator, with the character replaced (PostgreSQL stores no U+0000).
    with app_hq.session_factory() as s:
        kept = s.scalar(select(RejectedEntry))
        assert kept.raw["payload"]["name_vi"] == "Nước mắm\ufffd"


def test_validation_errors_do_not_echo_the_input(app_hq):
    secret = "x" * 3000  # under the 4 KiB limit: judged, not refused for its size
    answer = app_hq.client.post("/api/v1/enrol", json={"code": secret})
    assert answer.status_code == 422
    assert secret not in answer.text and len(answer.content) < 1000
    surrogate = app_hq.client.post(
        "/api/v1/enrol", content=b'{"code": "\\ud800ABCD"}',
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert surrogate.status_code == 422


def test_names_with_nul_are_wrong_names_not_server_errors(app_hq):
    app_hq.add_operator()
    url = "/api/v1/catalogue/import"
    assert app_hq.client.post(url, content=b"x", auth=("l\x00an", "pw")).status_code == 401
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    signed = app_hq.client.post(
        "/login", content=b"name=l%00an&password=x", headers=form, follow_redirects=False
    )
    assert signed.status_code < 500


CSV_HEAD = "sku,name_vi,vat_rate_pct,group_code,price_vnd,price_valid_from,province_code\n"


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        (CSV_HEAD.encode() + "A,Cà phê,8,food,1000,,\n".encode("cp1252"), 2, "not UTF-8"),
        (CSV_HEAD.encode() + b"A,C\x00,8,food,1000,,\n", 2, "NUL"),
        ((CSV_HEAD + "A,x,8,food,1000,0001-01-01T00:00:00+07:00,\n").encode(), 2, "out of range"),
        ((CSV_HEAD + f"A,x,8,food,1000,,{10**30}\n").encode(), 2, "province_code"),
        ((CSV_HEAD + "A," + "x" * 300 + ",8,food,1000,,\n").encode(), 2, "name_vi"),
        ((CSV_HEAD + 'A,"' + "x" * 200_000 + '",8,food,1000,,\n').encode(), 2, "CSV"),
    ],
    ids=["cp1252", "nul", "time-out-of-range", "huge-province", "long-name", "huge-field"],
)
def test_catalogue_import_refuses_a_bad_file_naming_line_and_reason(app_hq, body, line, reason):
    app_hq.add_operator()
    answer = app_hq.client.post(
        "/api/v1/catalogue/import", content=body, auth=("lan", app_hq.PASSWORD),
        headers={"Content-Type": "text/csv", "Origin": "http://testserver"},
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["detail"]["errors"]
    assert error["line"] == line and reason in error["reason"]


def test_cli_says_a_file_is_not_utf8_without_a_traceback(tmp_path, sqlite_database):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(CSV_HEAD.encode() + "A,Cà phê,8,food,1000,,\n".encode("cp1252"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "hq", "--database", sqlite_database, "catalogue", "import",
             *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    done = run(str(path))
    assert done.returncode == 1
    assert f"{path}:2: the file is not UTF-8 (byte 0xe0): save it as UTF-8" in done.stderr
    assert "Traceback" not in done.stderr
    missing = run(str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "No such file" in missing.stderr
