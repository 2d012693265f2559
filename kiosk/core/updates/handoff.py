"""The files in ``<data>/updates`` through which the kiosk and the root-side installer speak.

The kiosk runs as an unprivileged user and cannot install a package; the installer
(``/usr/lib/ocop-kiosk/ocop-kiosk-update``, started by ``ocop-kiosk-update.path``) runs as
root and reads no database. So they share a few small files, each written whole under a temporary
name and renamed, each one line of text a shell script reads without evaluating it:

``ocop-kiosk_<version>.deb``  the verified package (only once its SHA-256 and size matched)
``staged``       ``<version> <sha256> <size>``: the package above is complete and checked
``ready``        ``<version>``: install it now; written (and re-written every minute) only while
                 no shift is open and every closed shift is in a Z report; removed when a shift
                 opens. The installer ignores one older than ten minutes.
``signed-in``    ``<version>``: the version whose sign-in screen was shown last
``result``       written by the installer: ``installed <version>`` or
                 ``rolled-back <version> <reason>``
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "ocop-kiosk"
_VERSION = re.compile(r"^[A-Za-z0-9.+~:-]{1,64}$")


@dataclass(frozen=True)
class Staged:
    """A package downloaded and checked, waiting to be installed."""

    version: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class Result:
    """What the installer did last: ``outcome`` is "installed" or "rolled-back"."""

    outcome: str
    version: str
    reason: str = ""


def valid_version(version: str) -> bool:
    return bool(_VERSION.match(version))


@dataclass(frozen=True)
class UpdateFolder:
    """The ``updates`` folder of one data folder (``path``)."""

    path: Path

    @classmethod
    def of(cls, data_dir: Path) -> "UpdateFolder":
        return cls(Path(data_dir) / "updates")

    def package(self, version: str) -> Path:
        return self.path / f"{PACKAGE}_{version}.deb"

    # -- writing: whole files, renamed into place --------------------------------------------

    def _write(self, name: str, text: str) -> None:
        self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = self.path / f".{name}.tmp"
        with open(partial, "w", encoding="ascii") as f:
            f.write(text + "\n")
            f.flush()
            os.fsync(f.fileno())
        partial.replace(self.path / name)

    def _read(self, name: str) -> str | None:
        try:
            return (self.path / name).read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            return None

    def stage(self, staged: Staged) -> None:
        self._write("staged", f"{staged.version} {staged.sha256} {staged.size_bytes}")

    def staged(self) -> Staged | None:
        """The staged package, if the marker is there and its file has the size it names."""
        parts = (self._read("staged") or "").split()
        if len(parts) != 3 or not valid_version(parts[0]) or not parts[2].isdigit():
            return None
        staged = Staged(parts[0], parts[1], int(parts[2]))
        package = self.package(staged.version)
        if not package.is_file() or package.stat().st_size != staged.size_bytes:
            return None
        return staged

    def unstage(self) -> None:
        """Forget every staged or half-downloaded package, and the ``ready`` marker."""
        for name in ("ready", "staged"):
            (self.path / name).unlink(missing_ok=True)
        for old in self.path.glob(f"{PACKAGE}_*.deb*"):
            old.unlink(missing_ok=True)

    def mark_ready(self, version: str) -> None:
        self._write("ready", version)

    def ready(self) -> str | None:
        return self._read("ready")

    def withdraw_ready(self) -> None:
        (self.path / "ready").unlink(missing_ok=True)

    def note_sign_in(self, version: str) -> None:
        """The sign-in screen of ``version`` is up: the installer's proof that it works."""
        self._write("signed-in", version)

    def signed_in(self) -> str | None:
        return self._read("signed-in")

    def result(self) -> Result | None:
        parts = (self._read("result") or "").split(maxsplit=2)
        if len(parts) < 2 or parts[0] not in ("installed", "rolled-back"):
            return None
        return Result(parts[0], parts[1], parts[2] if len(parts) > 2 else "")
