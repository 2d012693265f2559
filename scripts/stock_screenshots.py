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
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    from kiosk.app import load_demo, open_services
    from kiosk.config import default_paths
    from kiosk.core.catalogue.product_table import ProductTable
    from kiosk.ui.application import make_application
    from kiosk.ui.shared.notices import Notices
    from kiosk.ui.stock.adjustments import AdjustmentScreen
    from kiosk.ui.stock.common import StockContext
    from kiosk.ui.stock.counts import StockCountScreen
    from kiosk.ui.stock.labels import LabelsScreen
    from kiosk.ui.stock.products import LowStockScreen, ProductsScreen
    from kiosk.ui.stock.receipts import GoodsReceiptScreen

    services = open_services(default_paths(work).ensure())
    load_demo(services)
    app = make_application([])
    manager = next(a for a in services.users.list() if a.role == "manager")

    def context() -> StockContext:  # one banner a window
        return StockContext(services.stock, services.catalogue, Notices(), lambda: manager)

    ctx = context()
    out.mkdir(parents=True, exist_ok=True)

    def host(screen: QWidget) -> QWidget:
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
        settle()
        return window

    def settle(ms: int = 300) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def shot(window: QWidget, name: str) -> None:
        settle()
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    def click(button) -> None:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        settle(150)

    today = dt.date.today()

    # Goods receipt: a delivery of fish sauce, one batch near its expiry.
    receipts = GoodsReceiptScreen(ctx)
    window = host(receipts)
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
    shot(window, "stock-receipt")
    click(receipts.confirm_button)
    settle()
    receipts.dialog.grab().save(str(out / "stock-receipt-confirm.png"))
    click(receipts.dialog.yes)
    window.close()

    # Stock count of the food group: a few scans, a typed quantity, products not counted.
    ctx = context()
    counts = StockCountScreen(ctx)
    window = host(counts)
    counts.scope.setCurrentIndex(counts.scope.findData("group"))
    counts.group.setCurrentIndex(counts.group.findData("food"))
    click(counts.start)
    for _ in range(3):
        counts.scan(FISH_SAUCE_750)
    counts.scan(FISH_SAUCE)
    counts.table.selectRow(0)
    counts.quantity.setText("23")
    click(counts.set)
    shot(window, "stock-count")
    window.close()

    # Adjustment: two bottles broken.
    ctx = context()
    adjust = AdjustmentScreen(ctx)
    window = host(adjust)
    services.stock.adjustments.record(fish.product_id, 1, "sample", by=manager, note="Nếm thử")
    adjust.refresh()
    adjust.scan(FISH_SAUCE_750)
    adjust.quantity.setText("2")
    click(adjust.reason_buttons["damaged"])
    adjust.note.setText("Chai vỡ khi dỡ hàng")
    shot(window, "stock-adjustment")
    window.close()

    # Products: the table filtered, then the form of one product.
    ctx = context()
    services.stock.products.set_reorder_level(fish.product_id, 60, by=manager)
    products = ProductsScreen(ctx, ProductTable(services.session_factory))
    window = host(products)
    shot(window, "products-table")
    products.filter.setText("mam")
    products.apply_filter()
    products.table.selectRow(0)
    products.edit(0)
    settle()
    form = products.dialog
    form.price.setText("189.000")
    settle()
    form.grab().save(str(out / "products-form.png"))
    print(out / "products-form.png")
    form.reject()
    window.close()

    low = LowStockScreen(ctx)
    window = host(low)
    shot(window, "stock-low")
    window.close()

    labels = LabelsScreen(ctx)
    window = host(labels)
    labels.scan(FISH_SAUCE)
    labels.scan(FISH_SAUCE_750)
    shot(window, "stock-labels")
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
