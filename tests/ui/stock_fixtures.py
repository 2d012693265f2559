"""The manager's screens on the demo shop: Minh (manager) signed in at the till, the stock
services on the till's database, the banner's notices.

Imported by the stock screen tests (``from tests.ui.stock_fixtures import *`` would hide what
they use, so each test module names the fixtures it imports).
"""

import pytest

from PySide6.QtCore import Qt

from kiosk.core.catalogue.product_table import ProductTable
from kiosk.core.services import StockServices
from kiosk.ui.shared.notices import Notices
from kiosk.ui.stock.common import StockContext
from tests.demo_till import FISH_SAUCE


@pytest.fixture
def manager_till(till):
    till.sign_in("Minh", "2222")
    return till


@pytest.fixture
def ctx(qapp, manager_till, language):
    stock = StockServices.build(manager_till.session_factory)
    return StockContext(stock, manager_till.catalogue, Notices(), lambda: manager_till.actor)


@pytest.fixture
def product_table(manager_till):
    return ProductTable(manager_till.session_factory)


def on_hand(ctx: StockContext, code: str = FISH_SAUCE) -> int:
    product_id = ctx.stock.receipts.find(code)
    return ctx.stock.products.get(product_id).on_hand


def accept(qtbot, screen) -> None:
    """Press Yes in the confirmation the screen has open."""
    dialog = screen.dialog
    assert dialog is not None, "no confirmation was asked"
    qtbot.mouseClick(dialog.yes, Qt.MouseButton.LeftButton)
