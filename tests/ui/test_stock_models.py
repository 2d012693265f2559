"""The stock screens' item models pass Qt's model tester with real core views, empty and
full, and answer None (never raise) for cells they do not have."""

import datetime as dt

import pytest

from PySide6.QtCore import QModelIndex

from kiosk.ui.stock.models import (
    AdjustmentsModel,
    CountSheetModel,
    LowStockModel,
    ProducersModel,
    ReceiptLinesModel,
    ReceiptListModel,
)
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750
from tests.ui import stock_fixtures

ctx = stock_fixtures.ctx
manager_till = stock_fixtures.manager_till


@pytest.mark.parametrize(
    "model_class",
    [
        ReceiptLinesModel,
        ReceiptListModel,
        CountSheetModel,
        AdjustmentsModel,
        LowStockModel,
        ProducersModel,
    ],
)
def test_empty_stock_models_pass_the_model_tester(qtmodeltester, model_class):
    model = model_class()
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 0)) is None


def test_stock_models_with_real_views_pass_the_model_tester(qtmodeltester, ctx):
    s, by = ctx.stock, ctx.by()
    fish, fish750 = s.receipts.find(FISH_SAUCE), s.receipts.find(FISH_SAUCE_750)
    receipt = s.receipts.create(s.products.get(fish).producer_id, by=by, delivery_note_no="X1")
    expiry = dt.date.today() + dt.timedelta(days=200)
    s.receipts.add_line(receipt, fish, 5, 100_000, by=by, expiry_date=expiry)
    s.receipts.add_line(receipt, fish750, 2, None, by=by, consignment=True, commission_pct=15)
    count = s.counts.open("shop", by=by)
    s.counts.scan(count, FISH_SAUCE, by=by)
    s.adjustments.record(fish, 1, "damaged", by=by, note="vỡ")
    s.products.set_reorder_level(fish, 1000, by=by)
    views = {
        ReceiptLinesModel: s.receipts.get(receipt).lines,
        ReceiptListModel: s.receipts.list(),
        CountSheetModel: s.counts.sheet(count).lines,
        AdjustmentsModel: s.adjustments.list(),
        LowStockModel: s.products.low_stock(),
        ProducersModel: s.producers.list(),
    }
    for model_class, rows in views.items():
        model = model_class()
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
        assert model.rowCount() == len(rows) > 0, model_class
        assert all(model.data(model.index(0, c)) is not None for c in range(model.columnCount()))
        assert model.data(model.index(len(rows), 0)) is None
        assert model.data(QModelIndex()) is None
    lines = ReceiptLinesModel()
    lines.set_rows(views[ReceiptLinesModel])
    assert lines.data(lines.index(1, ReceiptLinesModel.TERMS)) == "Ký gửi 15%"
    assert lines.data(lines.index(1, ReceiptLinesModel.COST)) == "?"  # asked at confirmation
