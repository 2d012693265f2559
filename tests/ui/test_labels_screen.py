"""The labels screen writes the PDF of the products chosen, off the GUI thread."""

from kiosk.ui.stock.labels import LabelsScreen
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750
from tests.ui import stock_fixtures

ctx = stock_fixtures.ctx
manager_till = stock_fixtures.manager_till


def test_labels_when_saved_write_a_pdf_of_the_chosen_products(qtbot, ctx, tmp_path):
    screen = LabelsScreen(ctx)
    qtbot.addWidget(screen)
    assert not screen.save.isEnabled()  # nothing chosen yet
    screen.scan(FISH_SAUCE)
    screen.scan(FISH_SAUCE_750)
    screen.layout_box.setCurrentIndex(screen.layout_box.findData("a4-4x10"))
    screen.copies.setText("3")
    assert screen.save.isEnabled()
    target = tmp_path / "labels.pdf"
    with qtbot.waitSignal(screen.pdf_saved, timeout=20_000):
        screen.write_pdf(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and b"/Type /Page" in data
    assert screen.open.isEnabled()
    assert "labels.pdf" in screen.status.text()


def test_labels_when_copies_is_not_a_number_cannot_be_saved(qtbot, ctx):
    screen = LabelsScreen(ctx)
    qtbot.addWidget(screen)
    screen.scan(FISH_SAUCE)
    screen.copies.setText("0")
    assert not screen.save.isEnabled()
    screen.copies.setText("2")
    assert screen.save.isEnabled()
