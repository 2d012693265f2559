"""Kiosk packages at head office: an operator adds a .deb, a terminal asks for the newest one
newer than its own and downloads it, and the terminals page shows each terminal's version."""

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from hq import operators
from kiosk.core.sync.client import SyncClient
from tests.hq.test_server import cli

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")


def make_deb(folder: Path, version: str, package: str = "ocop-kiosk") -> Path:
    """A small .deb with the kiosk's name and ``version`` (its payload: one file)."""
    root = folder / f"{package}-{version}"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "opt" / "x").mkdir(parents=True)
    (root / "opt" / "x" / "VERSION").write_text(version * 50)
    (root / "DEBIAN" / "control").write_text(
        f"Package: {package}\nVersion: {version}\nArchitecture: all\n"
        "Maintainer: t <t@t.invalid>\nDescription: test\n"
    )
    # dpkg-deb wants the control folder 0755-0775: the kiosk's code in this process may have
    # set a private umask (the data folder is 0700)
    (root / "DEBIAN").chmod(0o755)
    deb = folder / f"{package}_{version}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root), str(deb)],
        check=True, capture_output=True,
    )  # fmt: skip
    return deb


def test_terminal_gets_the_newest_newer_package_and_downloads_it_whole(hq, tmp_path, make_kiosk):
    store = tmp_path / "packages"
    for version in ("0.1.9", "0.1.10", "0.1.2"):
        added = cli(hq.database_url, "package", "add", str(make_deb(tmp_path, version)),
                    "--folder", str(store))  # fmt: skip
        assert added.returncode == 0, added.stderr
    again = cli(hq.database_url, "package", "add", str(make_deb(tmp_path / "b", "0.1.9")))
    assert again.returncode == 1 and "PackageExists" in again.stderr
    kiosk = make_kiosk(hq, "HN-01")
    auth = {"Authorization": f"Bearer {kiosk.enrolment.token}"}
    with httpx.Client(base_url=f"{hq.url}/api/v1", headers=auth) as terminal:
        offer = terminal.get("/updates/latest", headers={"X-Ocop-Kiosk-Version": "0.1.3"})
        assert offer.status_code == 200
        body = offer.json()
        assert body["version"] == "0.1.10"  # dpkg's order, not the alphabet's
        download = terminal.get(body["download_path"].removeprefix("/"))
        assert download.status_code == 200
        assert len(download.content) == body["size_bytes"]
        assert hashlib.sha256(download.content).hexdigest() == body["sha256"]
        assert download.content == (store / "ocop-kiosk_0.1.10.deb").read_bytes()
        newest = {"X-Ocop-Kiosk-Version": "0.1.10"}
        assert terminal.get("/updates/latest", headers=newest).status_code == 204
        assert terminal.get("/updates/latest").status_code == 204  # version unknown: nothing
        assert terminal.get("/updates/9.9/package").status_code == 404
    assert httpx.get(f"{hq.url}/api/v1/updates/latest").status_code == 401
    listed = cli(hq.database_url, "package", "list").stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == ["0.1.10", "0.1.9", "0.1.2"]


def test_a_package_that_is_not_the_kiosk_is_refused(hq_sqlite, tmp_path):
    other = make_deb(tmp_path, "1.0", package="cowsay")
    refused = cli(hq_sqlite.database_url, "package", "add", str(other),
                  "--folder", str(tmp_path / "p"))  # fmt: skip
    assert refused.returncode == 1 and "NotAKioskPackage" in refused.stderr
    text = tmp_path / "notes.deb"
    text.write_text("hello")
    assert cli(hq_sqlite.database_url, "package", "add", str(text)).returncode == 1
    assert not (tmp_path / "p").exists() or not any((tmp_path / "p").iterdir())


def test_terminals_page_shows_the_version_each_terminal_runs_and_updates_to(
    hq_sqlite, tmp_path, make_kiosk
):
    cli(hq_sqlite.database_url, "package", "add", str(make_deb(tmp_path, "9.0.0")),
        "--folder", str(tmp_path / "p"))  # fmt: skip
    kiosk = make_kiosk(hq_sqlite, "DN-07")
    kiosk.client.close()
    client = SyncClient(
        kiosk.session_factory, hq_sqlite.url, kiosk.enrolment.token, "DN-07",
        update_state=lambda: "staged 9.0.0",
    )  # fmt: skip
    client.sync_once()  # says its version and its update with each request
    auth = {"Authorization": f"Bearer {kiosk.enrolment.token}"}
    httpx.get(f"{hq_sqlite.url}/api/v1/updates/9.0.0/package", headers=auth)
    client.close()
    with hq_sqlite.session_factory.begin() as s:
        operators.add_operator(s, "lan", "a long enough password")
        token = operators.sign_in(s, "lan", "a long enough password")
    page = httpx.get(f"{hq_sqlite.url}/", cookies={"ocop_hq_session": token}).text
    row = re.search(r"<tr><td>DN-07</td>.*?</tr>", page)[0]
    from kiosk import __version__

    assert f"{__version__} → 9.0.0 (staged 9.0.0)" in row
