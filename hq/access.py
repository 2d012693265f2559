"""Who may see and change what at head office: operators' roles and scopes.

- ``admin``: everything, and the only one who manages shops and operators.
- ``chain_manager``: every shop's receipts and shifts; issues and revokes terminals.
- ``shop_manager``: the receipts, shifts and terminals of their own shop (``shop_id``), read only.
- ``read_only``: every shop's receipts, shifts, shops and terminals; changes nothing.
- ``producer``: only receipts that carry their own products (``producer_id``), and of those only
  their own lines; no payments, shifts, shops, terminals or operators.

Pages ask these functions; the query filters of a scope are in :mod:`hq.pages.scope`.
"""

from hq.models import Operator

ADMIN = "admin"
CHAIN_MANAGER = "chain_manager"
SHOP_MANAGER = "shop_manager"
READ_ONLY = "read_only"
PRODUCER = "producer"
ROLES = (ADMIN, CHAIN_MANAGER, SHOP_MANAGER, READ_ONLY, PRODUCER)
ROLE_NAMES = {
    ADMIN: "Quản trị / Admin",
    CHAIN_MANAGER: "Quản lý chuỗi / Chain manager",
    SHOP_MANAGER: "Quản lý cửa hàng / Shop manager",
    READ_ONLY: "Chỉ xem / Read only",
    PRODUCER: "Nhà sản xuất / Producer",
}


def sees_every_shop(op: Operator) -> bool:
    return op.role in (ADMIN, CHAIN_MANAGER, READ_ONLY)


def sees_shops(op: Operator) -> bool:
    """Shops, terminals and shift closes: everyone but a producer (a shop manager their own)."""
    return op.role != PRODUCER


def sees_payments(op: Operator) -> bool:
    """A receipt's payments, discounts, voids, refunds and audit trail: not a producer."""
    return op.role != PRODUCER


def sees_producers(op: Operator) -> bool:
    """The producers' view (/producer): a producer its own; who sees every shop, any producer's."""
    return op.role == PRODUCER or sees_every_shop(op)


def manages_shops(op: Operator) -> bool:
    return op.role == ADMIN


def manages_operators(op: Operator) -> bool:
    return op.role == ADMIN


def manages_terminals(op: Operator) -> bool:
    return op.role in (ADMIN, CHAIN_MANAGER)


def sees_catalogue(op: Operator) -> bool:
    """The master catalogue's pages: those who see every shop."""
    return op.role in (ADMIN, CHAIN_MANAGER, READ_ONLY)


def manages_catalogue(op: Operator) -> bool:
    """Editing products and importing catalogue files."""
    return op.role in (ADMIN, CHAIN_MANAGER)


def manages_kiosk_users(op: Operator) -> bool:
    """The tills' users: an admin for every shop, a shop manager for their own shop."""
    return op.role == ADMIN or (op.role == SHOP_MANAGER and op.shop_id is not None)
