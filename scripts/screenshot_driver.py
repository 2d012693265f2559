"""The kiosk with the demo data, remote-controlled by scripts/screenshots.sh through a file.

The shell script types and clicks for real with xdotool (keys go through X11 and the kiosk's
wedge filter like a scanner's); this side only answers where a widget is on the screen, which
screen is showing, and saves screenshots of the window or of the dialog on top of it.

    python scripts/screenshot_driver.py DATA_DIR CONTROL_DIR OUT_DIR
"""

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.app import load_demo, open_services  # noqa: E402
from kiosk.config import default_paths  # noqa: E402
from kiosk.ui.application import open_window  # noqa: E402

log = logging.getLogger("screenshots")


class Driver:
    def __init__(self, window, control: Path, out: Path):
        self.window, self.control, self.out = window, control, out
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        command_file = self.control / "cmd"
        if not command_file.exists():
            return
        line = command_file.read_text(encoding="utf-8").strip()
        command_file.unlink()
        try:
            reply = self.run(*line.split(" ", 1))
        except Exception as exc:  # report to the script, which stops with the message
            reply = f"ERROR {exc!r}"
        (self.control / "reply.tmp").write_text(reply, encoding="utf-8")
        (self.control / "reply.tmp").rename(self.control / "reply")

    def run(self, verb: str, arg: str = "") -> str:
        """Answer ``verb``: where a widget is (``where*``), or what the kiosk shows or does."""
        if verb.startswith("where"):
            return self.where(verb, arg)
        return self.act(verb, arg)

    def where(self, verb: str, arg: str) -> str:
        """The screen point of a widget, a list's row, a combo box's arrow or choice, a tile."""
        w = self.window
        if verb == "where":
            return self._centre(self._widget(arg))
        if verb == "where_person":
            people = w.signin.people
            for row in range(people.count()):
                item = people.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == arg:
                    rect = people.visualItemRect(item)
                    point = people.viewport().mapToGlobal(rect.center())
                    return f"{point.x()} {point.y()}"
            raise LookupError(arg)
        if verb == "where_row":  # "path row": a row of a list or table view, on screen
            path, row = arg.rsplit(" ", 1)
            view = self._widget(path)
            column = view.modelColumn() if hasattr(view, "modelColumn") else 0
            rect = view.visualRect(view.model().index(int(row), column))
            point = view.viewport().mapToGlobal(rect.center())
            return f"{point.x()} {point.y()}"
        if verb == "where_choice":  # "path row": a row of an open combo box's list
            path, row = arg.rsplit(" ", 1)
            view = self._widget(path).view()
            rect = view.visualRect(view.model().index(int(row), 0))
            point = view.viewport().mapToGlobal(rect.center())
            return f"{point.x()} {point.y()}"
        if verb == "where_arrow":  # the drop-down arrow of a combo box
            box = self._widget(arg)
            point = box.mapToGlobal(QPoint(box.width() - 16, box.height() // 2))
            return f"{point.x()} {point.y()}"
        if verb == "where_tile":
            return self._centre(w.sale.catalogue.tile_for(arg))
        raise ValueError(verb)

    def act(self, verb: str, arg: str) -> str:
        w = self.window
        if verb == "qr":  # the VietQR code on the payment screen: "reference amount"
            qr = w.payment.qr
            return f"{qr.purpose} {qr.amount_vnd}" if qr is not None else ""
        if verb == "text":  # what a label or a field shows
            return self._widget(arg).text()
        if verb == "screen":
            return w.stack.currentWidget().objectName()
        if verb == "dialog":
            return type(w.dialog or w.sale.dialog).__name__
        if verb == "shot":
            w.grab().save(str(self.out / f"{arg}.png"))
            return "ok"
        if verb == "shot_screen":  # the whole screen as a customer sees it, dialogs included
            QApplication.primaryScreen().grabWindow(0).save(str(self.out / f"{arg}.png"))
            return "ok"
        if verb == "shot_dialog":
            dialog = w.dialog or w.sale.dialog
            dialog.grab().save(str(self.out / f"{arg}.png"))
            return "ok"
        if verb == "shot_paper":  # the whole receipt as the printer gets it
            png = w.printing.preview_png(w.till.receipt(reprint=True))
            (self.out / f"{arg}.png").write_bytes(png)
            return "ok"
        if verb == "settext":  # "path value": a count, a reason typed in
            path, value = arg.split(" ", 1)
            widget = self._widget(path)
            if hasattr(widget, "setEditText"):
                widget.setEditText(value)
            else:
                widget.setText(value)
            return "ok"
        if verb == "select_row":  # "path row" of a table view
            path, row = arg.split(" ", 1)
            self._widget(path).selectRow(int(row))
            return "ok"
        if verb == "close_dialog":
            (w.dialog or w.sale.dialog).accept()
            return "ok"
        if verb == "last_receipt":
            return w.till.last_sale.receipt_no
        if verb == "banner":
            return w.banner.text() if w.banner.isVisible() else ""
        if verb == "cart":
            return str(w.sale.model.rowCount())
        if verb == "quit":
            QTimer.singleShot(100, QApplication.quit)
            return "bye"
        raise ValueError(verb)

    def _widget(self, path: str) -> QWidget:
        obj = self.window
        for part in path.split("."):
            if isinstance(obj, dict):
                obj = obj[int(part)] if part.isdigit() and int(part) in obj else obj[part]
            elif part.isdigit():
                obj = obj[int(part)]
            else:
                obj = getattr(obj, part)
        if isinstance(obj, tuple):  # (amount, button) of the quick tenders
            obj = obj[1]
        return obj

    @staticmethod
    def _centre(widget: QWidget) -> str:
        point = widget.mapToGlobal(QPoint(widget.width() // 2, widget.height() // 2))
        return f"{point.x()} {point.y()}"


def main() -> int:
    data_dir, control, out = (Path(a) for a in sys.argv[1:4])
    logging.basicConfig(level=logging.INFO)
    paths = default_paths(data_dir).ensure()
    services = open_services(paths)
    load_demo(services)
    settings = services.settings
    settings.set("shop_name", "OCOP Showroom Đà Lạt")
    settings.set("shop_address", "12 Trần Phú, Phường Xuân Hương - Đà Lạt, Lâm Đồng")
    settings.set("vietqr_account", "1023456789")
    settings.set("vietqr_account_name", "CUA HANG OCOP DA LAT")
    app, window = open_window(services, demo=True)
    window.setGeometry(QApplication.primaryScreen().geometry())
    driver = Driver(window, control, out)  # noqa: F841 - kept alive while the app runs
    (control / "ready").write_text("ready", encoding="utf-8")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
