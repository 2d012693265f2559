"""The products table, the product form, the low-stock list and producers, as a manager
uses them; the lazy product model under Qt's model tester."""

import pytest

from PySide6.QtCore import QModelIndex, QPoint, Qt

from kiosk.core.catalogue.product_table import ProductQuery
from kiosk.ui.stock.producers import ProducersScreen
from kiosk.ui.stock.product_model import ProductTableModel
from kiosk.ui.stock.products import LowStockScreen, ProductsScreen
from tests.demo_till import FISH_SAUCE
from tests.ui import stock_fixtures
from tests.ui.stock_fixtures import accept, on_hand

ctx = stock_fixtures.ctx
manager_till = stock_fixtures.manager_till
product_table = stock_fixtures.product_table


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def products(qtbot, ctx, product_table):
    screen = ProductsScreen(ctx, product_table)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    return screen


def test_products_table_when_filtered_by_words_or_code_shows_the_matches(products):
    everything = products.model.rowCount()
    assert everything > 10
    products.filter.setText("nuoc mam")
    products.apply_filter()
    names = [products.model.product(r).name_vi for r in range(products.model.rowCount())]
    assert names and all("mắm" in n.lower() for n in names)
    assert products.count.text().endswith(("sản phẩm", "products"))
    products.filter.setText(FISH_SAUCE)
    products.apply_filter()
    assert products.model.rowCount() == 1
    assert products.model.product(0).sku == "TP-001"


def test_products_table_when_a_header_is_clicked_sorts_by_that_column(qtbot, products):
    header = products.table.horizontalHeader()
    click_at = header.sectionViewportPosition(ProductTableModel.SKU) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(click_at, 10))
    assert products.model.query.sort == "sku"
    skus = [products.model.product(r).sku for r in range(products.model.rowCount())]
    assert skus == sorted(skus) or skus == sorted(skus, reverse=True)


def _edit_fish_sauce(products):
    products.filter.setText("TP-001")
    products.apply_filter()
    products.table.selectRow(0)
    products.edit(0)
    return products.dialog


def test_edit_price_when_set_by_head_office_needs_the_admin(qtbot, products, ctx, manager_till):
    form = _edit_fish_sauce(products)
    assert form.price_note.text()  # says head office set it
    form.price.setText("199.000")
    click(qtbot, form.save)
    assert form.isVisible() and form.error.text()  # the manager may not
    product_id = ctx.stock.receipts.find(FISH_SAUCE)
    assert ctx.catalogue.product(product_id).price_vnd == 185_000
    manager_till.sign_in("Hà", "9999")  # the admin
    click(qtbot, form.save)
    assert not form.isVisible()
    assert ctx.catalogue.product(product_id).price_vnd == 199_000
    row = products.model.data(products.model.index(0, ProductTableModel.PRICE))
    assert row.startswith("199.000")


def test_product_form_when_a_field_is_wrong_cannot_be_saved(products):
    form = _edit_fish_sauce(products)
    form.name_vi.setText("")
    assert not form.save.isEnabled() and form.error.text()
    assert form.name_vi.property("invalid") is True
    form.name_vi.setText("Nước mắm Phú Quốc")
    form.new_code.setText("8930000000001")  # wrong check digit
    assert not form.save.isEnabled()
    form.new_code.setText("8930000000002")
    assert form.save.isEnabled()


def test_give_an_instore_barcode_when_confirmed_adds_a_2x_ean13(qtbot, products, ctx):
    products.filter.setText("TP-001")
    products.apply_filter()
    products.table.selectRow(0)
    click(qtbot, products.give_code)
    accept(qtbot, products)
    codes = ctx.stock.products.get(ctx.stock.receipts.find(FISH_SAUCE)).barcodes
    assert any(code.startswith("2") and kind == "instore" for code, kind in codes)


def test_new_product_when_saved_appears_in_the_table(qtbot, products, ctx):
    products.add()
    form = products.dialog
    form.name_vi.setText("Mật ong hoa nhãn Hưng Yên")
    form.price.setText("150000")
    form.group.setCurrentIndex(form.group.findData("food"))
    form.reorder.setText("5")
    assert form.province.count() == 35  # none, and the 34 provinces since July 2025
    form.province.setCurrentIndex(5)
    assert form.province.currentText()
    click(qtbot, form.save)
    assert not form.isVisible(), form.error.text()
    products.filter.setText("mat ong hoa nhan")
    products.apply_filter()
    assert products.model.product(0).name_vi == "Mật ong hoa nhãn Hưng Yên"
    assert products.model.product(0).on_hand == 0
    assert products.model.product(0).province == form.province.currentText()


def test_low_stock_list_when_below_the_reorder_level_shows_what_to_order(qtbot, ctx):
    product_id = ctx.stock.receipts.find(FISH_SAUCE)
    level = on_hand(ctx) + 5
    ctx.stock.products.set_reorder_level(product_id, level, by=ctx.by())
    screen = LowStockScreen(ctx)
    qtbot.addWidget(screen)
    rows = [screen.model.item(r) for r in range(screen.model.rowCount())]
    fish = next(i for i in rows if i.product_id == product_id)
    assert fish.shortfall == 5
    row = rows.index(fish)
    assert screen.model.data(screen.model.index(row, 4)) == "5"
    screen.producer.setCurrentIndex(screen.producer.findData(str(fish.producer_id)))
    assert all(
        screen.model.item(r).producer_id == fish.producer_id for r in range(screen.model.rowCount())
    )


def test_producers_when_added_appear_in_the_list(qtbot, ctx):
    screen = ProducersScreen(ctx)
    qtbot.addWidget(screen)
    screen.edit(None)
    form = screen.dialog
    form.name.setText("HTX Ong mật Sóc Sơn Thử")
    form.bank_bin.setText("97040")
    assert not form.save.isEnabled()  # a BIN has six digits, and goes with an account
    form.bank_bin.setText("970436")
    form.bank_account.setText("0123456789")
    click(qtbot, form.save)
    screen.filter.setText("soc son thu")
    assert screen.model.rowCount() == 1


def test_lazy_product_model_fetches_a_page_at_a_time(qtmodeltester, product_table):
    model = ProductTableModel(product_table.page, page_size=5)
    model.set_query(ProductQuery())
    assert model.rowCount() == 5 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 10
    total = product_table.count(ProductQuery())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == total
    model.sort(ProductTableModel.STOCK, Qt.SortOrder.DescendingOrder)
    stock = [model.product(r).on_hand for r in range(model.rowCount())]
    assert stock == sorted(stock, reverse=True)
    assert model.data(model.index(999, 0)) is None
    model.set_query(ProductQuery(sort="name"))
    qtmodeltester.check(model, force_py=True)  # fetches the rest as a view would


def test_empty_lazy_product_model_passes_the_model_tester(qtmodeltester, product_table):
    model = ProductTableModel(product_table.page)
    model.set_query(ProductQuery(text="xyzxyz"))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())
