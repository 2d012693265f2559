"""Product photos for the till's tiles: one file per product in a folder of the data dir,
named after the product's SKU (``TP-001.jpg``), so a manager adds or replaces a photo by
copying a file, and a photo never travels through the database, the outbox or a backup.

This module only finds the file; the screen scales it once to the tile's size and keeps the
scaled copy (kiosk.ui.till.tiles), since decoding a camera photo for every redraw would be slow.
"""

import os
import re
from pathlib import Path

EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
_SAFE = re.compile(r"[^0-9A-Za-z._-]")


class ProductPhotos:
    """State: the folder that holds the photos (it need not exist: then no product has one) and
    its listing, read again only when the folder changes (a file added, replaced or removed), so
    finding the photos of a screen of tiles costs one look at the folder, not eight per tile."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._listed: tuple[int, dict[str, Path]] | None = None

    def path_for(self, sku: str) -> Path | None:
        """The photo file of the product ``sku``, or None when it has none."""
        stem = _SAFE.sub("_", sku)  # a SKU is data: never let it name a path outside the folder
        return self._listing().get(stem)

    def _listing(self) -> dict[str, Path]:
        try:
            changed = self.folder.stat().st_mtime_ns
        except OSError:
            return {}
        if self._listed is None or self._listed[0] != changed:
            self._listed = (changed, self._read())
        return self._listed[1]

    def _read(self) -> dict[str, Path]:
        found: dict[str, tuple[int, Path]] = {}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                stem, dot, ext = entry.name.rpartition(".")
                rank = (
                    EXTENSIONS.index(f".{ext.lower()}") if f".{ext.lower()}" in EXTENSIONS else -1
                )
                if not dot or rank < 0 or not entry.is_file():
                    continue
                # the first extension in EXTENSIONS wins when a product has two files
                if stem not in found or rank < found[stem][0]:
                    found[stem] = (rank, Path(entry.path))
        return {stem: path for stem, (_rank, path) in found.items()}
