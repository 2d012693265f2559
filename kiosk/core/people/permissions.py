"""Who may do what. Checked in core, so a screen that forgets a check still cannot do harm."""

from enum import StrEnum

from kiosk.core.errors import AuthorisationRequired, PermissionDenied


class Permission(StrEnum):
    SELL = "sell"
    DISCOUNT_OVER_LIMIT = "discount_over_limit"
    VOID_SALE = "void_sale"
    REFUND = "refund"
    MANAGE_STOCK = "manage_stock"
    MANAGE_CATALOGUE = "manage_catalogue"
    CHANGE_PRICE = "change_price"
    OVERRIDE_HQ_PRICE = "override_hq_price"
    MANAGE_SHIFT = "manage_shift"
    VIEW_REPORTS = "view_reports"
    SETTLE_PRODUCERS = "settle_producers"
    MANAGE_USERS = "manage_users"
    SETTINGS = "settings"
    SYNC_NOW = "sync_now"
    OPEN_DRAWER = "open_drawer"
    UNLOCK_USER = "unlock_user"


_CLERK = {Permission.SELL}
_MANAGER = _CLERK | {
    Permission.DISCOUNT_OVER_LIMIT,
    Permission.VOID_SALE,
    Permission.REFUND,
    Permission.MANAGE_STOCK,
    Permission.MANAGE_CATALOGUE,
    Permission.CHANGE_PRICE,
    Permission.MANAGE_SHIFT,
    Permission.SYNC_NOW,
    Permission.VIEW_REPORTS,
    Permission.SETTLE_PRODUCERS,
    Permission.OPEN_DRAWER,
    Permission.UNLOCK_USER,
}
_ADMIN = _MANAGER | {Permission.OVERRIDE_HQ_PRICE, Permission.MANAGE_USERS, Permission.SETTINGS}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "clerk": frozenset(_CLERK),
    "manager": frozenset(_MANAGER),
    "admin": frozenset(_ADMIN),
}


def allows(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def require(actor, permission: Permission) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` (anything with ``role``) may do it."""
    if not allows(actor.role, permission):
        raise PermissionDenied(permission=str(permission), role=actor.role)


def require_or_authorised(actor, permission: Permission, authorised_by=None, proofs=None):
    """Who authorised ``actor`` to do what needs ``permission``: None when the actor may do it
    alone, else the manager's id from ``authorised_by``, a proof from ``Users.authorise`` that
    ``proofs`` (the issuing :class:`~kiosk.core.people.proofs.Proofs`) spends. Raises
    :class:`AuthorisationRequired` when a clerk comes without a valid proof: none, a manager's
    Actor instead of a proof, a forged, expired, spent or other action's proof."""
    if allows(actor.role, permission):
        return None
    if authorised_by is None or proofs is None:
        raise AuthorisationRequired(permission=str(permission))
    return proofs.redeem(authorised_by, permission, actor)
