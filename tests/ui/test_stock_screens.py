"""Goods receipts, stock counts and adjustments driven through their screens as a manager
would: each test checks what the manager would see and what the stock became."""

import datetime as dt

import pytest

from PySide6.QtCore import Qt

from kiosk.core import errors
from kiosk.ui.stock.adjustments import AdjustmentScreen
from kiosk.ui.stock.counts import StockCountScreen
from kiosk.ui.stock.models import CountSheetModel
from kiosk.ui.stock.receipts import GoodsReceiptScreen
from tests.demo_till import FISH_SAUCE
from tests.ui import stock_fixtures
from tests.ui.stock_fixtures import accept, on_hand

ctx = stock_fixtures.ctx
manager_till = stock_fixtures.manager_till

TODAY = dt.date.today()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def receipts(qtbot, ctx):
    screen = GoodsReceiptScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    return screen


def _draft_with_fish_sauce(qtbot, screen, ctx, *, expiry: dt.date) -> None:
    product = ctx.stock.products.get(ctx.stock.receipts.find(FISH_SAUCE))
    screen.producer.setCurrentIndex(screen.producer.findData(str(product.producer_id)))
    screen.note_no.setText("PGH-0042")
    click(qtbot, screen.new)
    assert screen.is_draft, ctx.notices.text
    screen.scan(FISH_SAUCE)
    screen.scan(FISH_SAUCE)
    assert screen.lines_model.rowCount() == 1
    assert screen.lines_model.data(screen.lines_model.index(0, 1)) == "2"
    screen.editor.quantity.setText("12")
    screen.editor.cost.setText("120.000")
    screen.editor.batch.setText("L-2026-07")
    screen.editor.expiry.set_value(expiry)
    assert screen.editor.save.isEnabled()
    click(qtbot, screen.editor.save)


def test_receive_a_delivery_when_confirmed_raises_the_stock(qtbot, receipts, ctx):
    before = on_hand(ctx)
    _draft_with_fish_sauce(qtbot, receipts, ctx, expiry=TODAY + dt.timedelta(days=300))
    assert "1.440.000" in receipts.total.text()
    assert on_hand(ctx) == before  # a draft moves no stock
    click(qtbot, receipts.confirm_button)
    accept(qtbot, receipts)
    assert on_hand(ctx) == before + 12
    assert receipts.receipt.status == "confirmed"
    assert not receipts.confirm_button.isVisible() and receipts.reverse.isVisible()
    assert ctx.notices.kind == "info"


def test_reverse_a_confirmed_receipt_when_confirmed_takes_the_goods_back(qtbot, receipts, ctx):
    before = on_hand(ctx)
    _draft_with_fish_sauce(qtbot, receipts, ctx, expiry=TODAY + dt.timedelta(days=300))
    click(qtbot, receipts.confirm_button)
    accept(qtbot, receipts)
    click(qtbot, receipts.reverse)
    accept(qtbot, receipts)
    assert on_hand(ctx) == before
    assert receipts.receipt.reverses_id is not None
    assert receipts.lines_model.data(receipts.lines_model.index(0, 1)).startswith("−")


def test_batch_near_expiry_when_saved_shows_the_warning(qtbot, receipts, ctx):
    _draft_with_fish_sauce(qtbot, receipts, ctx, expiry=TODAY + dt.timedelta(days=10))
    assert receipts.warnings.isVisible()
    assert "L-2026-07" in receipts.warnings.text()
    assert ctx.notices.kind == "warning"


def test_line_editor_when_expiry_is_past_or_quantity_zero_cannot_save(qtbot, receipts, ctx):
    _draft_with_fish_sauce(qtbot, receipts, ctx, expiry=TODAY + dt.timedelta(days=300))
    receipts.editor.expiry.set_value(TODAY - dt.timedelta(days=1))
    assert not receipts.editor.save.isEnabled()
    receipts.editor.expiry.set_value(TODAY + dt.timedelta(days=300))
    receipts.editor.quantity.setText("0")
    assert not receipts.editor.save.isEnabled()
    assert receipts.editor.quantity.property("invalid") is True


def test_confirm_without_expiry_for_food_when_pressed_shows_the_error_and_keeps_the_draft(
    qtbot, receipts, ctx
):
    before = on_hand(ctx)
    _draft_with_fish_sauce(qtbot, receipts, ctx, expiry=TODAY + dt.timedelta(days=300))
    receipts.editor.expiry.set_value(None)
    click(qtbot, receipts.editor.save)
    click(qtbot, receipts.confirm_button)
    click(qtbot, receipts.dialog.yes)
    assert "hạn sử dụng" in receipts.dialog.error.text()
    assert receipts.is_draft and on_hand(ctx) == before


def test_discard_a_draft_when_confirmed_leaves_the_list(qtbot, receipts, ctx):
    _draft_with_fish_sauce(qtbot, receipts, ctx, expiry=TODAY + dt.timedelta(days=300))
    click(qtbot, receipts.discard)
    accept(qtbot, receipts)
    assert receipts.pages.currentIndex() == 0
    assert all(r.status != "draft" for r in receipts.list_model._items)


@pytest.fixture
def counts(qtbot, ctx):
    screen = StockCountScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_count_with_a_variance_when_applied_sets_the_stock_to_the_shelf(qtbot, counts, ctx):
    before = on_hand(ctx)
    counts.scope.setCurrentIndex(counts.scope.findData("shelf"))
    assert not counts.start.isEnabled()  # a shelf count needs the shelf's name
    counts.shelf.setText("A3")
    click(qtbot, counts.start)
    for _ in range(3):
        counts.scan(FISH_SAUCE)
    model = counts.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, CountSheetModel.COUNTED)) == "3"
    assert counts.sheet.lines[0].variance == 3 - before
    assert model.data(model.index(0, CountSheetModel.VALUE))
    click(qtbot, counts.apply_button)
    assert "hai lần" in counts.dialog.question.text()  # applied once only
    accept(qtbot, counts)
    assert on_hand(ctx) == 3
    assert counts.sheet.status == "applied" and not counts.apply_button.isEnabled()


def test_count_typed_quantity_when_set_replaces_what_was_scanned(qtbot, counts, ctx):
    counts.scope.setCurrentIndex(counts.scope.findData("shop"))
    click(qtbot, counts.start)
    counts.scan(FISH_SAUCE)
    counts.table.selectRow(0)
    counts.quantity.setText("40")
    click(qtbot, counts.set)
    assert counts.sheet.lines[0].counted == 40
    counts.quantity.setText("2")
    click(qtbot, counts.add)
    assert counts.sheet.lines[0].counted == 42


def test_count_cancelled_when_confirmed_changes_nothing(qtbot, counts, ctx):
    before = on_hand(ctx)
    click(qtbot, counts.start)  # the shelf name is missing: nothing starts
    assert counts.sheet is None
    counts.scope.setCurrentIndex(counts.scope.findData("shop"))
    click(qtbot, counts.start)
    counts.scan(FISH_SAUCE)
    click(qtbot, counts.cancel_button)
    accept(qtbot, counts)
    assert counts.sheet is None and on_hand(ctx) == before


@pytest.fixture
def adjustments(qtbot, ctx):
    screen = AdjustmentScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_adjustment_when_no_reason_is_chosen_cannot_be_recorded(qtbot, adjustments, ctx):
    adjustments.scan(FISH_SAUCE)
    adjustments.quantity.setText("2")
    assert not adjustments.record_button.isEnabled()
    assert adjustments.problem.text() == "Chọn lý do."
    product_id = ctx.stock.receipts.find(FISH_SAUCE)
    with pytest.raises(errors.InvalidAdjustment):  # the core refuses it too
        ctx.stock.adjustments.record(product_id, 2, "", by=ctx.by())


def test_adjustment_with_a_reason_when_confirmed_lowers_the_stock(qtbot, adjustments, ctx):
    before = on_hand(ctx)
    adjustments.scan(FISH_SAUCE)
    adjustments.quantity.setText("2")
    click(qtbot, adjustments.reason_buttons["damaged"])
    adjustments.note.setText("Chai vỡ khi dỡ hàng")
    assert adjustments.record_button.isEnabled()
    click(qtbot, adjustments.record_button)
    accept(qtbot, adjustments)
    assert on_hand(ctx) == before - 2
    assert adjustments.model.rowCount() == 1
    assert adjustments.model.data(adjustments.model.index(0, 3)) == "Hàng hỏng"


def test_language_when_switched_redraws_the_stock_screens_in_english(qtbot, ctx):
    from kiosk import i18n

    screens = [GoodsReceiptScreen(ctx), StockCountScreen(ctx), AdjustmentScreen(ctx)]
    for screen in screens:
        qtbot.addWidget(screen)
    i18n.set_language("en")
    for screen in screens:
        screen.retranslate()
    assert [s.title.text() for s in screens] == [
        "Goods receipts",
        "Stock count",
        "Stock adjustment",
    ]
    assert screens[2].reason_buttons["returned"].text() == "Returned to producer"
    assert screens[0].list_model.headerData(1, Qt.Orientation.Horizontal) == "Producer"


def test_scan_when_a_confirmation_is_open_adds_nothing(qtbot, receipts, ctx):
    _draft_with_fish_sauce(qtbot, receipts, ctx, expiry=TODAY + dt.timedelta(days=300))
    click(qtbot, receipts.confirm_button)
    receipts.scan(FISH_SAUCE)
    assert receipts.receipt.lines[0].quantity == 12
    assert ctx.notices.kind == "warning"
