"""The manager's stock screens as back office sections: one factory per section, each taking
the back office's context (kiosk.ui.backoffice.screen.BackOfficeContext) and returning the screen.

The stock services are built on the back office's session factory; whoever answers for the
visit (the manager, or the manager whose PIN let a clerk in) is the ``by`` of every stock call.
"""

from typing import Any

from PySide6.QtWidgets import QWidget

from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.catalogue.product_table import ProductTable
from kiosk.core.services import StockServices
from kiosk.ui.stock.common import StockContext


def stock_context(ctx: Any) -> StockContext:
    office = ctx.office

    def actor():
        visit = ctx.visit()
        return visit.responsible if visit is not None else None

    return StockContext(
        StockServices.build(office.session_factory),
        Catalogue(office.session_factory, office.settings),
        ctx.notices,
        actor,
    )


def receipts(ctx: Any) -> QWidget:
    from kiosk.ui.stock.receipts import GoodsReceiptScreen

    return GoodsReceiptScreen(stock_context(ctx))


def counts(ctx: Any) -> QWidget:
    from kiosk.ui.stock.counts import StockCountScreen

    return StockCountScreen(stock_context(ctx))


def adjustments(ctx: Any) -> QWidget:
    from kiosk.ui.stock.adjustments import AdjustmentScreen

    return AdjustmentScreen(stock_context(ctx))


def products(ctx: Any) -> QWidget:
    from kiosk.ui.stock.products import ProductsScreen

    return ProductsScreen(stock_context(ctx), ProductTable(ctx.office.session_factory))


def low_stock(ctx: Any) -> QWidget:
    from kiosk.ui.stock.products import LowStockScreen

    return LowStockScreen(stock_context(ctx))


def producers(ctx: Any) -> QWidget:
    from kiosk.ui.stock.producers import ProducersScreen

    return ProducersScreen(stock_context(ctx))


def labels(ctx: Any) -> QWidget:
    from kiosk.ui.stock.labels import LabelsScreen

    return LabelsScreen(stock_context(ctx), ctx.ops)
