"""Screenshots of the manager's stock screens for the README, under Xvfb with the demo data.

    python scripts/stock_screenshots.py [OUT_DIR]

Starts Xvfb when no display is set, opens each screen at 1024x768 in the kiosk's style with a
manager signed in, works it through its Qt slots as a manager would (scans, typed values,
confirmations), and saves the window as docs/screenshots/stock-*.png and products-*.png.
"""

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FISH_SAUCE, FISH_SAUCE_750 = "8939101000010", "8939101000027"


def _display() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    xvfb = subprocess.Popen(
        ["Xvfb", ":96", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["DISPLAY"] = ":96"
    time.sleep(1)
    return xvfb


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    xvfb = _display()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    work = Path(tempfile.mkdtemp())
    try:
        return _shoot(out, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if xvfb is not None:
            xvfb.terminate()


def _shoot(out: Path, work: Path) -> int:
    """Work each stock screen through as a manager would, saving the screenshots in ``out``."""
    from PySide6.QtWidgets import QApplication

    shooter = _Shooter(out, work)
    ctx = shooter.context()
    out.mkdir(parents=True, exist_ok=True)
    fish = _goods_receipt(shooter, ctx)
    _stock_count(shooter, shooter.context())
    _adjustment(shooter, shooter.context(), fish)
    ctx = shooter.context()
    _products(shooter, ctx, fish)
    _low_stock_and_labels(shooter, ctx)
    QApplication.processEvents()
    return 0


class _Shooter:
    """The demo shop with a manager, the application, and the steps every screenshot takes."""

    def __init__(self, out: Path, work: Path) -> None:
        from kiosk.app import load_demo, open_services
        from kiosk.config import default_paths
        from kiosk.ui.application import make_application

        self.out = out
        self.services = open_services(default_paths(work).ensure())
        load_demo(self.services)
        self.app = make_application([])
        self.manager = next(a for a in self.services.users.list() if a.role == "manager")

    def context(self):
        """A new stock context signed in as the manager: one banner a window."""
        from kiosk.ui.shared.notices import Notices
        from kiosk.ui.stock.common import StockContext

        services = self.services
        return StockContext(services.stock, services.catalogue, Notices(), lambda: self.manager)

    def host(self, screen):
        """``screen`` in a 1024x768 kiosk window under the banner of its notices, shown."""
        from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

        window = QWidget()
        window.setObjectName("kiosk")
        window.setWindowTitle("OCOP Kiosk")
        banner = QLabel()
        banner.setObjectName("banner")
        banner.setWordWrap(True)
        banner.hide()

        def show(text: str, kind: str) -> None:
            banner.setText(text)
            banner.setProperty("kind", kind)
            banner.style().unpolish(banner)
            banner.style().polish(banner)
            banner.show()

        screen.notices.shown.connect(show)
        screen.notices.cleared.connect(banner.hide)
        layout = QVBoxLayout(window)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(banner)
        layout.addWidget(screen, 1)
        window.resize(1024, 768)
        window.show()
        self.settle()
        return window

    def settle(self, ms: int = 300) -> None:
        """Let Qt process events for ``ms`` milliseconds."""
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.02)

    def shot(self, window, name: str) -> None:
        """Save ``window`` as ``name``.png once it has settled."""
        self.settle()
        window.grab().save(str(self.out / f"{name}.png"))
        print(self.out / f"{name}.png")

    def click(self, button) -> None:
        """Click ``button`` with the mouse and let the screen settle."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        self.settle(150)


def _goods_receipt(shooter: _Shooter, ctx):
    """Goods receipt: a delivery of fish sauce, one batch near its expiry; the fish sauce."""
    from kiosk.ui.stock.receipts import GoodsReceiptScreen

    services, click = shooter.services, shooter.click
    today = dt.date.today()
    receipts = GoodsReceiptScreen(ctx)
    window = shooter.host(receipts)
    fish = services.stock.products.get(services.stock.receipts.find(FISH_SAUCE))
    receipts.producer.setCurrentIndex(receipts.producer.findData(str(fish.producer_id)))
    receipts.note_no.setText("PGH-2026-0117")
    click(receipts.new)
    for code, n, cost, batch, days in (
        (FISH_SAUCE, 24, "120.000", "L2607", 420),
        (FISH_SAUCE_750, 12, "95.000", "L2541", 20),
    ):
        for _ in range(n // 12):
            receipts.scan(code)
        editor = receipts.editor
        editor.quantity.setText(str(n))
        editor.cost.setText(cost)
        editor.batch.setText(batch)
        editor.expiry.set_value(today + dt.timedelta(days=days))
        click(editor.save)
    receipts.lines.selectRow(0)
    shooter.shot(window, "stock-receipt")
    click(receipts.confirm_button)
    shooter.settle()
    receipts.dialog.grab().save(str(shooter.out / "stock-receipt-confirm.png"))
    click(receipts.dialog.yes)
    window.close()
    return fish


def _stock_count(shooter: _Shooter, ctx) -> None:
    """Stock count of the food group: a few scans, a typed quantity, products not counted."""
    from kiosk.ui.stock.counts import StockCountScreen

    counts = StockCountScreen(ctx)
    window = shooter.host(counts)
    counts.scope.setCurrentIndex(counts.scope.findData("group"))
    counts.group.setCurrentIndex(counts.group.findData("food"))
    shooter.click(counts.start)
    for _ in range(3):
        counts.scan(FISH_SAUCE_750)
    counts.scan(FISH_SAUCE)
    counts.table.selectRow(0)
    counts.quantity.setText("23")
    shooter.click(counts.set)
    shooter.shot(window, "stock-count")
    window.close()


def _adjustment(shooter: _Shooter, ctx, fish) -> None:
    """Adjustment: two bottles broken (after a sample taken earlier)."""
    from kiosk.ui.stock.adjustments import AdjustmentScreen

    adjust = AdjustmentScreen(ctx)
    window = shooter.host(adjust)
    shooter.services.stock.adjustments.record(
        fish.product_id, 1, "sample", by=shooter.manager, note="Nếm thử"
    )
    adjust.refresh()
    adjust.scan(FISH_SAUCE_750)
    adjust.quantity.setText("2")
    shooter.click(adjust.reason_buttons["damaged"])
    adjust.note.setText("Chai vỡ khi dỡ hàng")
    shooter.shot(window, "stock-adjustment")
    window.close()


def _products(shooter: _Shooter, ctx, fish) -> None:
    """Products: the table filtered, then the form of one product."""
    from kiosk.core.catalogue.product_table import ProductTable
    from kiosk.ui.stock.products import ProductsScreen

    services = shooter.services
    services.stock.products.set_reorder_level(fish.product_id, 60, by=shooter.manager)
    products = ProductsScreen(ctx, ProductTable(services.session_factory))
    window = shooter.host(products)
    shooter.shot(window, "products-table")
    products.filter.setText("mam")
    products.apply_filter()
    products.table.selectRow(0)
    products.edit(0)
    shooter.settle()
    form = products.dialog
    form.price.setText("189.000")
    shooter.settle()
    form.grab().save(str(shooter.out / "products-form.png"))
    print(shooter.out / "products-form.png")
    form.reject()
    window.close()


def _low_stock_and_labels(shooter: _Shooter, ctx) -> None:
    """Low stock, then labels for two scanned products."""
    from kiosk.ui.stock.labels import LabelsScreen
    from kiosk.ui.stock.products import LowStockScreen

    low = LowStockScreen(ctx)
    window = shooter.host(low)
    shooter.shot(window, "stock-low")
    window.close()

    labels = LabelsScreen(ctx)
    window = shooter.host(labels)
    labels.scan(FISH_SAUCE)
    labels.scan(FISH_SAUCE_750)
    shooter.shot(window, "stock-labels")
    window.close()


if __name__ == "__main__":
    sys.exit(main())
