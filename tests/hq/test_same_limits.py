"""The kiosk never accepts what head office would refuse: names, codes, references and numbers
are checked at the kiosk against the limits of the wire schema (hq.protocol), so a sale or a
goods receipt made at the kiosk is never rejected upstream for its text."""

import pytest

from hq.protocol import NAME_MAX, REFERENCE_MAX, SKU_MAX
from kiosk.core import errors
from kiosk.core.cash.shifts import Shifts
from kiosk.core.catalogue.producers import Producers
from kiosk.core.catalogue.products import Products
from kiosk.core.people.users import Users
from kiosk.core.sale.cart import Cart, Item
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, VietQR
from kiosk.core.settings import Settings
from kiosk.core.stock.goods_receipts import GoodsReceipts
from tests.factories import FAST_HASHER


def _shop(kiosk):
    factory = kiosk.session_factory
    settings = Settings(factory)
    admin = Users(factory, settings, hasher=FAST_HASHER).create("Hà", "admin", "9999", by=None)
    return factory, settings, admin


def _product(factory, admin, **fields):
    record = Products(factory).add(
        by=admin, group="food", price_vnd=125_000, **{"name_vi": "Nước mắm", **fields}
    )
    return Item(record.product_id, record.sku, record.name_vi, record.name_en, record.unit,
                record.vat_rate_pct, 125_000)  # fmt: skip


def test_a_sale_at_every_limit_the_kiosk_allows_is_applied_at_head_office(hq_sqlite, make_kiosk):
    kiosk = make_kiosk(hq_sqlite)
    factory, settings, admin = _shop(kiosk)
    item = _product(factory, admin, sku="S" * SKU_MAX, name_vi="Ắ" * NAME_MAX,
                    name_en="E" * NAME_MAX)  # fmt: skip
    Shifts(factory, settings).open(admin, 0)
    cart = Cart(admin)
    cart.add(item, 2)
    Checkout(factory, settings).complete(
        cart, [Card(200_000, "C" * REFERENCE_MAX), VietQR(50_000, "Q" * REFERENCE_MAX)]
    )
    report = kiosk.client.push_all()
    assert report.rejected == 0, kiosk.client.rejected_entries()
    assert report.applied >= 3


@pytest.mark.parametrize(
    "fields",
    [{"name_en": "E" * (NAME_MAX + 1)}, {"name_vi": "Nước\x00mắm"}, {"sku": "S" * (SKU_MAX + 1)}],
    ids=["english-name-too-long", "nul-in-name", "code-too-long"],
)
def test_kiosk_refuses_a_product_head_office_would_refuse(hq_sqlite, make_kiosk, fields):
    factory, _, admin = _shop(make_kiosk(hq_sqlite))
    with pytest.raises(errors.InvalidProduct):
        _product(factory, admin, **fields)


def test_kiosk_refuses_a_producer_name_with_a_nul(hq_sqlite, make_kiosk):
    factory, _, admin = _shop(make_kiosk(hq_sqlite))
    with pytest.raises(errors.InvalidProducer):
        Producers(factory).add(by=admin, name="HTX\x00Chè", kind="cooperative")


@pytest.mark.parametrize(
    "tender",
    [lambda: Card(250_000, "C" * (REFERENCE_MAX + 1)), lambda: VietQR(250_000, "Q\x00")],
    ids=["card-reference-too-long", "nul-in-transfer-reference"],
)
def test_kiosk_refuses_a_payment_reference_head_office_would_refuse(hq_sqlite, make_kiosk, tender):
    kiosk = make_kiosk(hq_sqlite)
    factory, settings, admin = _shop(kiosk)
    item = _product(factory, admin)
    Shifts(factory, settings).open(admin, 0)
    cart = Cart(admin)
    cart.add(item, 2)
    with pytest.raises(errors.InvalidReference) as refused:
        Checkout(factory, settings).complete(cart, [tender()])
    assert refused.value.data["max_length"] == REFERENCE_MAX
    assert kiosk.client.push_all().rejected == 0  # nothing half-made went up


def test_kiosk_refuses_a_delivery_note_number_with_a_nul(hq_sqlite, make_kiosk):
    factory, _, admin = _shop(make_kiosk(hq_sqlite))
    producer = Producers(factory).add(by=admin, name="HTX Chè", kind="cooperative")
    with pytest.raises(errors.InvalidProduct):
        GoodsReceipts(factory).create(producer, by=admin, delivery_note_no="PN\x001")
