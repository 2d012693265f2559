"""Small display helpers shared by the screens: names, money and stars in the UI language."""

from kiosk.core.money import format_qty, format_vnd, format_weight
from kiosk.i18n import _, get_language


def group_label(group: str) -> str:
    labels = {
        "food": _("Food"),
        "beverage": _("Drinks"),
        "herbal": _("Herbal"),
        "handicraft": _("Crafts"),
        "ornamental": _("Ornamental"),
        "tourism": _("Tourism"),
    }
    return labels.get(group, group)


def money(amount_vnd: int | None) -> str:
    if amount_vnd is None:
        return "—"
    return format_vnd(amount_vnd, get_language())


def name_of(thing) -> str:
    """The product's name in the UI language (English when it has one)."""
    if get_language() == "en" and getattr(thing, "name_en", ""):
        return thing.name_en
    return thing.name_vi


def quantity(unit: str, value: int) -> str:
    if unit == "gram":
        return format_weight(value, get_language())
    return format_qty(value, get_language())


def unit_price(unit: str, price_vnd: int | None) -> str:
    return (
        f"{money(price_vnd)}/kg" if unit == "gram" and price_vnd is not None else money(price_vnd)
    )


def stars(count: int | None) -> str:
    return "★" * count if count else ""


def stock(unit: str, on_hand: int) -> str:
    return quantity(unit, on_hand) if on_hand >= 0 else "−" + quantity(unit, -on_hand)
