"""The item models pass Qt's model tester with real core data, and never raise from data()."""

from PySide6.QtCore import QModelIndex, Qt

from kiosk.ui.till.models import CartModel, ProductModel
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750


def test_cart_model_passes_the_model_tester_with_lines_and_discounts(qtmodeltester, till):
    till.sign_in("Lan", "1111")
    till.scan(FISH_SAUCE)
    line = till.scan(FISH_SAUCE_750).line
    till.discount_line(line.id, percent=5)
    model = CartModel()
    model.set_totals(till.totals())
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2
    assert model.data(model.index(1, CartModel.DISCOUNT)).startswith("−")
    assert model.data(model.index(5, 0)) is None
    assert model.data(QModelIndex()) is None


def test_product_model_passes_the_model_tester_with_search_results(qtmodeltester, till):
    model = ProductModel()
    model.set_products(till.catalogue.search("mam"))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() > 0
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[ProductModel.STARS].startswith("★")
    assert row[ProductModel.PRICE].endswith("₫")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Sản phẩm"


def test_empty_models_pass_the_model_tester(qtmodeltester):
    qtmodeltester.check(CartModel(), force_py=True)
    qtmodeltester.check(ProductModel(), force_py=True)


def test_cart_model_stays_consistent_when_lines_grow_change_and_go(qtmodeltester, till):
    till.sign_in("Lan", "1111")
    model = CartModel()
    qtmodeltester.check(model, force_py=True)  # the tester then watches every change below
    first = till.scan(FISH_SAUCE).line
    model.set_totals(till.totals())  # a row added
    till.scan(FISH_SAUCE)
    model.set_totals(till.totals())  # the same row changed
    assert model.data(model.index(0, CartModel.QTY)) == "2"
    till.scan(FISH_SAUCE_750)
    model.set_totals(till.totals())
    till.remove(first.id)
    model.set_totals(till.totals())  # a row gone: reset
    assert model.rowCount() == 1
    till.discount_cart(percent=5)
    model.set_totals(till.totals())
    assert model.data(model.index(0, CartModel.DISCOUNT)).startswith("−")
