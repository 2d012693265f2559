"""The kiosk's updater without a network: head office is an httpx MockTransport.

A package is staged only when its checksum and size match; it is handed to the installer only
after the Z report, and taken back when a shift opens.
"""

import hashlib
import json

import httpx
import pytest

from kiosk.core.sync.service import SyncService
from kiosk.core.sync.state import Enrolment, save_enrolment
from kiosk.core.updates import UpdateFolder, Updater, UpdateRefused

PACKAGE = b"!<arch>\n" + b"the new kiosk " * 5000


class PackageHq:
    """Offers ``package`` as version 0.2.0 to any terminal older than that."""

    def __init__(self, package: bytes = PACKAGE, announced: bytes | None = None):
        self.package = package
        announced = package if announced is None else announced
        self.offer = {
            "version": "0.2.0",
            "sha256": hashlib.sha256(announced).hexdigest(),
            "size_bytes": len(announced),
            "download_path": "/updates/0.2.0/package",
        }
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.headers.get("Authorization") != "Bearer t0k":
            return httpx.Response(401)
        if request.url.path == "/api/v1/updates/latest":
            if request.headers.get("X-Ocop-Kiosk-Version") == "0.2.0":
                return httpx.Response(204)
            return httpx.Response(200, content=json.dumps(self.offer))
        if request.url.path == "/api/v1/updates/0.2.0/package":
            return httpx.Response(200, content=self.package)
        return httpx.Response(404)


@pytest.fixture
def folder(tmp_path):
    return UpdateFolder(tmp_path / "updates")


def updater_for(session_factory, settings, folder, hq: PackageHq, **kw) -> Updater:
    save_enrolment(session_factory, Enrolment("http://hq.test", "K07", "t0k"))
    http = httpx.Client(transport=httpx.MockTransport(hq))
    return Updater(session_factory, settings, folder, running="0.1.0", http=http, **kw)


def test_a_download_whose_checksum_differs_is_refused_and_nothing_is_staged(
    session_factory, settings, folder
):
    tampered = PACKAGE[:-1] + b"!"
    hq = PackageHq(package=tampered, announced=PACKAGE)
    updater = updater_for(session_factory, settings, folder, hq)
    with pytest.raises(UpdateRefused):
        updater.check()
    assert folder.staged() is None
    assert list(folder.path.iterdir()) == []  # the partial file went too
    assert updater.hand_over() is False and folder.ready() is None


def test_a_longer_download_than_announced_is_cut_and_refused(session_factory, settings, folder):
    hq = PackageHq(package=PACKAGE + b"more", announced=PACKAGE)
    with pytest.raises(UpdateRefused):
        updater_for(session_factory, settings, folder, hq).check()
    assert list(folder.path.iterdir()) == []


def test_a_checked_package_is_staged_but_not_handed_over_during_a_shift(
    session_factory, settings, folder, shifts, manager, shift
):
    hq = PackageHq()
    updater = updater_for(session_factory, settings, folder, hq)
    staged = updater.check()
    assert staged.version == "0.2.0" and folder.staged() == staged
    assert folder.package("0.2.0").read_bytes() == PACKAGE
    assert hq.seen[0].headers["X-Ocop-Kiosk-Version"] == "0.1.0"
    assert updater.state() == "staged 0.2.0"
    assert updater.hand_over() is False
    assert folder.ready() is None  # a shift is open: the installer is not told

    shifts.close(manager, {500_000: 2})
    assert updater.hand_over() is False  # closed, but not in a Z report yet
    shifts.end_day(manager)
    assert updater.hand_over() is True
    assert folder.ready() == "0.2.0"

    shifts.open(manager, 0)  # the next morning, before the installer came round
    assert updater.hand_over() is False
    assert folder.ready() is None


def test_a_version_that_was_rolled_back_is_not_downloaded_again(session_factory, settings, folder):
    folder.path.mkdir(parents=True)
    (folder.path / "result").write_text("rolled-back 0.2.0 did not reach the sign-in screen\n")
    hq = PackageHq()
    updater = updater_for(session_factory, settings, folder, hq)
    assert updater.check() is None
    assert [r.url.path for r in hq.seen] == ["/api/v1/updates/latest"]
    assert updater.state() == "failed 0.2.0: did not reach the sign-in screen"


def test_a_failed_check_is_logged_and_retried_without_reaching_the_till(
    session_factory, settings, folder, caplog
):
    hq = PackageHq()
    calls = {"n": 0}

    def flaky(request):
        calls["n"] += 1
        return httpx.Response(503) if calls["n"] == 1 else hq(request)

    save_enrolment(session_factory, Enrolment("http://hq.test", "K07", "t0k"))
    now = [0.0]
    updater = Updater(
        session_factory, settings, folder, running="0.1.0",
        http=httpx.Client(transport=httpx.MockTransport(flaky)), clock=lambda: now[0],
    )  # fmt: skip
    updater.step()  # 503: no exception, logged
    assert folder.staged() is None and "update check failed" in caplog.text
    updater.step()  # too soon for another try
    assert calls["n"] == 1
    now[0] += 15 * 60
    updater.step()  # retried, staged, and handed over (no shift was ever opened here)
    assert folder.staged().version == "0.2.0" and folder.ready() == "0.2.0"


def test_the_sync_client_says_the_running_version_and_the_update_state(
    session_factory, settings, folder
):
    seen: list[httpx.Request] = []

    def hq(request):
        seen.append(request)
        return httpx.Response(200, json={"since": 0, "version": 0})

    updater = updater_for(session_factory, settings, folder, PackageHq())
    updater.check()
    sync = SyncService(
        session_factory, settings, updater=updater,
        client_options={"http": httpx.Client(transport=httpx.MockTransport(hq))},
    )  # fmt: skip
    sync.sync_once()
    from kiosk import __version__

    assert seen[-1].headers["X-Ocop-Kiosk-Version"] == __version__
    assert seen[-1].headers["X-Ocop-Kiosk-Update"] == "staged 0.2.0"
