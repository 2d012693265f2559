"""``ocop-hq`` works from a plain (non-editable) install: the wheel carries its migrations."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_installed_wheel_migrates_a_head_office_database(tmp_path):
    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        cwd=tmp_path,
    )
    [wheel] = out.glob("ocop_kiosk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"hq/migrations/env.py", "hq/migrations/versions/0001_initial.py"} <= names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hq",
            "--database",
            f"sqlite:///{tmp_path / 'hq.sqlite3'}",
            "migrate",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "revision 0001" in done.stdout
