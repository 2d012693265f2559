"""The .deb, built, installed as root and run from its installed path (``make package-test``).

Slow (a virtualenv with Qt is built and packed) and it changes the machine (a package, a system
user, /var/lib/ocop-kiosk), so it runs only with OCOP_PACKAGE_TEST=1, as root: .ci/run does that.
"""

import os
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.packaging.conftest import run as _run

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
UNIT = Path("/lib/systemd/system/ocop-kiosk-session.service")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("OCOP_PACKAGE_TEST") != "1" or os.geteuid() != 0,
        reason="builds and installs the .deb: OCOP_PACKAGE_TEST=1 as root (make package-test)",
    ),
]


@pytest.fixture(scope="module")
def installed(built_deb):
    deb = built_deb
    # A fresh install: apt may leave an installed package of the same version as it is.
    _run("dpkg", "--purge", "ocop-kiosk", check=False)
    # apt-get, not bare dpkg -i: it fetches the dependencies (cage, the Qt libraries) first.
    _run("apt-get", "install", "-y", "-qq", "--no-install-recommends", str(deb),
         env={"DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
    yield deb
    _run("dpkg", "--purge", "ocop-kiosk", check=False)


def test_installed_version_runs_from_opt_when_started_outside_the_source_tree(installed):
    done = _run("/usr/bin/ocop-kiosk", "--version")
    assert done.stdout.strip() == f"ocop-kiosk {VERSION}"
    probe = _run("/opt/ocop-kiosk/venv/bin/python", "-c", "import kiosk, db; print(kiosk.__file__)")
    assert probe.stdout.startswith("/opt/ocop-kiosk/venv/lib/python3.11/site-packages/kiosk/")


def test_data_folder_is_private_to_the_kiosk_user_when_installed(installed):
    data = Path("/var/lib/ocop-kiosk")
    info = data.stat()
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert _run("id", "-nu", str(info.st_uid)).stdout.strip() == "ocop-kiosk"
    assert (data / "kiosk.sqlite3").stat().st_uid == info.st_uid  # upgraded by postinst


def test_db_check_as_root_runs_as_the_kiosk_user_when_installed(installed):
    done = _run("/usr/bin/ocop-kiosk", "db", "check")
    assert done.stdout.strip() == "database ok: /var/lib/ocop-kiosk/kiosk.sqlite3"
    root_owned = _run("find", "/var/lib/ocop-kiosk", "-user", "root").stdout.split()
    assert root_owned == []


def test_doctor_runs_from_the_installed_path_and_names_what_is_left_to_do(installed):
    done = _run("/usr/bin/ocop-kiosk", "doctor", check=False)
    lines = {line.split()[1]: line for line in done.stdout.splitlines()}
    assert done.returncode == 1, done.stderr  # a fresh terminal: not enrolled, fake printer
    assert list(lines) == ["printer", "scanner", "disk", "clock", "database", "backup", "sync"]
    assert lines["database"].startswith("OK")
    assert lines["sync"].startswith("FAIL") and "sync enrol" in lines["sync"]


def test_the_session_unit_and_udev_rules_are_installed_and_the_unit_verifies(installed):
    assert UNIT.exists() and Path("/lib/udev/rules.d/70-ocop-kiosk.rules").exists()
    assert shutil.which("cage")
    if not shutil.which("systemd-analyze"):
        pytest.skip("no systemd-analyze on this machine")
    done = _run("systemd-analyze", "verify", str(UNIT), check=False)
    assert done.returncode == 0, done.stderr


def test_the_kiosk_window_stays_up_when_started_as_the_unit_starts_it(installed):
    # The unit's user, command and clean environment, offscreen instead of in cage: the app must
    # reach its event loop and keep running (a crash at start would end it at once).
    env = {
        "HOME": "/var/lib/ocop-kiosk",
        "OCOP_KIOSK_DATA": "/var/lib/ocop-kiosk",
        "QT_QPA_PLATFORM": "offscreen",
        "OCOP_ALLOW_OFFSCREEN": "1",
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.Popen(
        ["runuser", "-u", "ocop-kiosk", "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
         "/opt/ocop-kiosk/venv/bin/ocop-kiosk"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd="/",
    )  # fmt: skip
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        still_up = True
    else:
        still_up = False
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=20)
    assert still_up, err
    assert "Traceback" not in err, err


def test_the_head_office_unit_verifies_when_pointed_at_an_installed_ocop_hq(installed, tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("no systemd-analyze on this machine")
    # The kiosk's venv has ocop-hq too (without its [hq] libraries): enough for the unit's syntax.
    text = (ROOT / "packaging/hq/ocop-hq.service").read_text()
    unit = tmp_path / "ocop-hq.service"
    unit.write_text(
        text.replace("/opt/ocop-hq/venv/bin/ocop-hq", "/opt/ocop-kiosk/venv/bin/ocop-hq")
    )
    done = _run("systemd-analyze", "verify", str(unit), check=False)
    assert done.returncode == 0, done.stderr


def test_purge_keeps_the_shops_data_when_the_package_is_removed(installed):
    _run("dpkg", "--purge", "ocop-kiosk")
    assert not Path("/opt/ocop-kiosk").exists() and not UNIT.exists()
    assert Path("/var/lib/ocop-kiosk/kiosk.sqlite3").exists()
