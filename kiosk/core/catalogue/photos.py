"""Product photos for the till's tiles: one file per product in a folder of the data dir,
named after the product's SKU (``TP-001.jpg``), so a manager adds or replaces a photo by
copying a file, and a photo never travels through the database, the outbox or a backup.

This module only finds the file; the screen scales it once to the tile's size and keeps the
scaled copy (kiosk.ui.till.tiles), since decoding a camera photo for every redraw would be slow.
"""

import re
from pathlib import Path

EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
_SAFE = re.compile(r"[^0-9A-Za-z._-]")


class ProductPhotos:
    """State: the folder that holds the photos (it need not exist: then no product has one)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path_for(self, sku: str) -> Path | None:
        """The photo file of the product ``sku``, or None when it has none."""
        stem = _SAFE.sub("_", sku)  # a SKU is data: never let it name a path outside the folder
        for ext in EXTENSIONS:
            for candidate in (self.folder / f"{stem}{ext}", self.folder / f"{stem}{ext.upper()}"):
                if candidate.is_file():
                    return candidate
        return None
