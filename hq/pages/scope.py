"""The rows an operator's scope lets them see, as SQL conditions (hq.access says the rules).

A shop manager sees what the terminals of their shop recorded; a producer the sales that carry
one of their products, and of those only their products' lines.
"""

from sqlalchemy import ColumnElement, exists, false, select, true

from hq import access
from hq.models import Operator, Product, Sale, SaleLine, Terminal


def shop_terminals(op: Operator):
    """The ids of the terminals of the operator's shop, as a subquery."""
    return select(Terminal.id).where(Terminal.shop_id == op.shop_id).scalar_subquery()


def terminal_visible(op: Operator, terminal_id_column) -> ColumnElement[bool]:
    """Whether a record of terminal ``terminal_id_column`` is the operator's to see."""
    if access.sees_every_shop(op):
        return true()
    if op.role == access.SHOP_MANAGER and op.shop_id is not None:
        return terminal_id_column.in_(shop_terminals(op))
    return false()


def producer_products(op: Operator):
    return select(Product.id).where(Product.producer_id == op.producer_id).scalar_subquery()


def line_visible(op: Operator) -> ColumnElement[bool]:
    """Whether a sale line is the operator's to see: a producer's own products only."""
    if op.role == access.PRODUCER:
        return SaleLine.product_id.in_(producer_products(op))
    return true()


def sale_visible(op: Operator) -> ColumnElement[bool]:
    """Whether a sale is the operator's to see."""
    if op.role == access.PRODUCER and op.producer_id is not None:
        return exists(
            select(SaleLine.id).where(
                SaleLine.sale_id == Sale.id, SaleLine.product_id.in_(producer_products(op))
            )
        )
    return terminal_visible(op, Sale.terminal_id)
