"""What the till needs of the catalogue, and the cart's view of a catalogue product."""

from typing import Any, Protocol

from kiosk.core.errors import NoPrice
from kiosk.core.sale.cart import Item


class ProductLike(Protocol):
    """What the till needs of a catalogue product (``kiosk.core.catalogue.lookup.ProductInfo``)."""

    product_id: Any
    sku: str
    name_vi: str
    name_en: str
    unit: str
    vat_rate_pct: int
    price_vnd: int | None


class CatalogueLike(Protocol):
    def lookup(self, code: str) -> Any: ...
    def search(self, text_: str, limit: int = 20, group: str | None = None) -> list[Any]: ...
    def favourites(self) -> list[Any]: ...
    def by_group(self, group: str, limit: int = 200, offset: int = 0) -> list[Any]: ...


def item_of(product: ProductLike) -> Item:
    """The cart's view of a catalogue product. A product without a price cannot be sold."""
    if product.price_vnd is None:
        raise NoPrice(product_id=product.product_id, sku=product.sku)
    return Item(
        product_id=product.product_id,
        sku=product.sku,
        name_vi=product.name_vi,
        name_en=product.name_en,
        unit=product.unit,
        vat_rate_pct=product.vat_rate_pct,
        unit_price_vnd=product.price_vnd,
    )
