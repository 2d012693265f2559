"""A QR code as a QPixmap, drawn crisp at the size asked for (the customer scans it off the screen)."""

import qrcode
import qrcode.constants

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap


def qr_pixmap(payload: str, size_px: int, *, border_modules: int = 3) -> QPixmap:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    modules = len(matrix) + 2 * border_modules
    scale = max(1, -(-size_px // modules))  # whole pixels per module (no blur), at least size_px
    pixmap = QPixmap(modules * scale, modules * scale)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(
                    QRectF((x + border_modules) * scale, (y + border_modules) * scale, scale, scale)
                )
    painter.end()
    return pixmap
