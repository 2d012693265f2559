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

    def ensure(self) -> "Paths":
        for d in (self.data_dir, self.backups, self.logs):
            d.mkdir(parents=True, exist_ok=True)
        return self


def default_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    chosen = data_dir or os.environ.get("OCOP_KIOSK_DATA") or platformdirs.user_data_dir(APP_NAME)
    return Paths(Path(chosen).expanduser().resolve())
