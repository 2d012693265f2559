"""Small display helpers shared by the screens: names, money and stars in the UI language."""

from functools import lru_cache

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
    return _money(amount_vnd, get_language())


@lru_cache(maxsize=8192)
def _money(amount_vnd: int, lang: str) -> str:
    # Babel takes ~0.1 ms per amount; a cart redraw formats every line's amounts again.
    return format_vnd(amount_vnd, lang)


def name_of(thing) -> str:
    """The product's name in the UI language (English when it has one)."""
    if get_language() == "en" and getattr(thing, "name_en", ""):
        return thing.name_en
    return thing.name_vi


def quantity(unit: str, value: int) -> str:
    return _quantity(unit, value, get_language())


@lru_cache(maxsize=8192)
def _quantity(unit: str, value: int, lang: str) -> str:
    return format_weight(value, lang) if unit == "gram" else format_qty(value, lang)


def unit_price(unit: str, price_vnd: int | None) -> str:
    return (
        f"{money(price_vnd)}/kg" if unit == "gram" and price_vnd is not None else money(price_vnd)
    )


def stars(count: int | None) -> str:
    return "★" * count if count else ""


def stock(unit: str, on_hand: int) -> str:
    return quantity(unit, on_hand) if on_hand >= 0 else "−" + quantity(unit, -on_hand)
