"""Request bodies: limited per route, refused before they are read, never echoed."""

import sys

import pytest

from kiosk.core.sync.client import enrol
from tests.hq.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import hq_flood


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("path", ["/login", "/api/v1/push", "/api/v1/catalogue/import",
                                  "/api/v1/enrol"])  # fmt: skip
def test_twenty_parallel_200mb_uploads_are_refused_without_growing_the_server(
    hq_sqlite, path, chunked
):
    got = hq_flood.flood(hq_sqlite.url, hq_sqlite.proc.pid, 20, 200, path, chunked)
    assert set(got["statuses"]) <= {"413", "401"}, got
    assert got["sent_mib"] < 1000, got  # not drained: the connection is closed on the answer
    growth = got["peak_rss_after_mib"] - got["peak_rss_before_mib"]
    assert growth < 20 and got["peak_rss_after_mib"] < 200, got


def test_enrolled_terminals_cannot_hold_more_than_the_body_budget(hq_sqlite):
    token = enrol(hq_sqlite.url, hq_sqlite.add_terminal("K01")).token
    got = hq_flood.flood(
        hq_sqlite.url, hq_sqlite.proc.pid, 20, 200, "/api/v1/push", True, token=token
    )
    assert set(got["statuses"]) <= {"413", "503"} and "503" in got["statuses"], got
    growth = got["peak_rss_after_mib"] - got["peak_rss_before_mib"]
    assert growth < 80 and got["peak_rss_after_mib"] < 200, got


def test_body_over_the_route_limit_gets_413_without_the_body_echoed(app_hq):
    big = b"name=" + b"A" * 5000 + b"&password=x"
    answer = app_hq.client.post(
        "/login", content=big, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 413
    assert b"AAAA" not in answer.content and "bytes" in answer.json()["detail"]
    # The same size is fine where larger bodies belong: a push is judged on what it says.
    bearer = {"Authorization": f"Bearer {app_hq.terminal_token()}"}
    pushed = app_hq.client.post("/api/v1/push", json={"entries": [], "pad": "x" * 5000},
                                headers=bearer)  # fmt: skip
    assert pushed.status_code == 200


def test_chunked_body_over_the_limit_is_refused_as_it_is_read(app_hq):
    def chunks():
        for _ in range(100):
            yield b"{" * 1024

    answer = app_hq.client.post("/api/v1/enrol", content=chunks(),
                                headers={"Content-Type": "application/json"})  # fmt: skip
    assert answer.status_code == 413
