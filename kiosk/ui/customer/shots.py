"""Pictures of the customer display in each of its views, for the README and for checking by eye."""

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.core.sale.customer_view import CustomerView
from kiosk.ui.customer.view import CustomerDisplayView


def render(view: CustomerView, size: QSize, window: CustomerDisplayView | None = None):
    """``view`` drawn on a display of ``size``, as a QPixmap."""
    window = window or CustomerDisplayView()
    window.resize(size)
    window.show_view(view)
    window.show()
    for _i in range(3):  # layouts settle, then the rows that fit are laid out
        QApplication.processEvents()
    window.show_view(view)
    QApplication.processEvents()
    return window.grab()


def save_screenshots(
    views: Iterable[tuple[str, CustomerView]], out_dir: Path, size: QSize
) -> list[Path]:
    """Save each named view as ``out_dir/customer-<name>.png``; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    window = CustomerDisplayView()
    written = []
    for name, view in views:
        path = out_dir / f"customer-{name}.png"
        if not render(view, size, window).save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    window.close()
    window.deleteLater()
    return written
