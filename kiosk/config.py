"""Where the kiosk keeps its data, and the few start-up options that are not in the database.

The data folder comes from platformdirs (``~/.local/share/ocop-kiosk`` on Linux) unless
``OCOP_KIOSK_DATA`` or ``--data-dir`` names another one.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ocop-kiosk"


@dataclass(frozen=True)
class Paths:
    """The folders and files of one kiosk installation."""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "kiosk.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def daily_backups(self) -> Path:
        return self.backups / "daily"

    def ensure(self) -> "Paths":
        """Create the folders, private to the kiosk's user (0700)."""
        for d in (self.data_dir, self.backups, self.daily_backups, self.logs):
            d.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.secure()
        return self

    def secure(self) -> None:
        """Folders 0700 and files 0600, for a data folder made by an older version or copied
        in: the database holds the head-office token, every sale and the PIN hashes."""
        for d in (self.data_dir, self.backups, self.daily_backups, self.logs):
            if d.is_dir():
                d.chmod(0o700)
        for folder in (self.data_dir, self.backups, self.daily_backups, self.logs):
            for path in folder.glob("*"):
                if path.is_file():
                    path.chmod(0o600)


def default_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    chosen = data_dir or os.environ.get("OCOP_KIOSK_DATA") or platformdirs.user_data_dir(APP_NAME)
    return Paths(Path(chosen).expanduser().resolve())
