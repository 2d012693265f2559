"""The back office's bar chart, painted with QPainter: what it shows, checked on its pixels."""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from kiosk.ui.shared.bar_chart import BAR_COLOR, BarChartView, nice_step

ROOT = Path(__file__).resolve().parents[2]


def _painted(qtbot, bars, width=400, height=300) -> tuple[BarChartView, QImage]:
    chart = BarChartView()
    qtbot.addWidget(chart)
    chart.resize(width, height)
    chart.set_bars(bars, "Nghìn đồng")
    return chart, chart.grab().toImage()


def _bar_pixels_in_column(image: QImage, x: int) -> list[int]:
    return [y for y in range(image.height()) if image.pixelColor(x, y) == BAR_COLOR]


def test_bar_heights_are_proportional_to_the_values_when_painted(qtbot):
    chart, image = _painted(qtbot, [("01/07", 400), ("02/07", 100), ("03/07", 300)])
    heights = []
    for rect in chart.bar_rects():
        heights.append(len(_bar_pixels_in_column(image, int(rect.center().x()))))
    assert all(h > 0 for h in heights), heights
    assert abs(heights[0] / heights[1] - 4) < 0.15 and abs(heights[2] / heights[1] - 3) < 0.15


def test_a_negative_day_hangs_below_the_zero_line_when_refunds_exceed_sales(qtbot):
    chart, image = _painted(qtbot, [("01/07", 200), ("02/07", -100)])
    up, down = chart.bar_rects()
    up_pixels = _bar_pixels_in_column(image, int(up.center().x()))
    down_pixels = _bar_pixels_in_column(image, int(down.center().x()))
    assert max(up_pixels) < min(down_pixels)  # the negative bar starts where the positive ends
    assert abs(len(up_pixels) / len(down_pixels) - 2) < 0.15


def test_an_empty_chart_paints_without_bars_when_the_period_has_no_sales(qtbot):
    _chart, image = _painted(qtbot, [])
    assert not any(
        image.pixelColor(x, y) == BAR_COLOR
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )


def test_gridlines_fall_on_round_numbers_when_values_are_ragged():
    assert nice_step(515) == 200
    assert nice_step(1_234_567) == 500_000
    assert nice_step(0) == 1


def test_the_sales_chart_draws_without_qtcharts_when_pyside6_addons_is_absent():
    # A fresh interpreter: the test process may have loaded anything. Drawing the chart must not
    # import QtCharts, which is in PySide6-Addons (439 MB) that the kiosk no longer installs.
    code = """
import sys
from PySide6.QtWidgets import QApplication
from kiosk.core.reports.table import Column, ReportTable
from kiosk.ui.backoffice.reports import SalesChartView
app = QApplication([])
table = ReportTable("by_hour", "Sales by hour", (Column("hour", "Hour"),
                    Column("sales_vnd", "Sales", "money")), ((9, 125000), (10, 250000)))
chart = SalesChartView()
chart.resize(400, 300)
chart.draw(table)
chart.grab()
assert chart.points == [("09h", 125000), ("10h", 250000)], chart.points
assert "PySide6.QtCharts" not in sys.modules, "QtCharts imported"
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
