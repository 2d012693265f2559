"""The till session: every action of the sale screen, without a window."""

import pytest

from kiosk.core.errors import (
    AuthorisationRequired,
    EmptyCart,
    MissingReference,
    Overpaid,
    PaymentShort,
    UnknownBarcode,
    UserLocked,
    WrongPin,
)
from kiosk.core.sale.till import NotSignedIn
from kiosk.core.sale.vietqr import crc_ok, parse_tlv
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750, PEPPER_ITEM, build_template, open_till


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("demo") / "template.sqlite3")


@pytest.fixture
def till(template, tmp_path):
    t = open_till(template, tmp_path)
    t.sign_in("Lan", "1111")
    return t


def test_scan_adds_a_line_and_a_second_scan_adds_to_it(till):
    till.scan(FISH_SAUCE)
    till.scan(FISH_SAUCE)
    totals = till.totals()
    assert [p.line.quantity for p in totals.lines] == [2]
    assert totals.total_vnd == 370_000


def test_unknown_barcode_adds_nothing(till):
    with pytest.raises(UnknownBarcode):
        till.scan("8930000000002")
    assert till.cart.is_empty


def test_weighed_product_without_weight_asks_for_it_when_found_by_item_code(till):
    result = till.scan(PEPPER_ITEM)
    assert result.line is None and result.needs_weight.unit == "gram"
    line = till.add(result.needs_weight, 250)
    assert line.gross_vnd == 95_000


def test_discount_above_limit_needs_a_manager_pin_when_clerk_sells(till):
    line = till.scan(FISH_SAUCE).line
    with pytest.raises(AuthorisationRequired):
        till.discount_line(line.id, percent=20)
    with pytest.raises(WrongPin):
        till.discount_line(line.id, percent=20, manager_pin="1111")  # the clerk's own PIN: counted
    till.discount_line(line.id, percent=20, manager_pin="2222")
    assert till.totals().total_vnd == 148_000
    till.discount_cart(amount_vnd=8_000)  # within the limit: no PIN
    assert till.totals().total_vnd == 140_000


def test_cash_sale_gives_change_and_a_fresh_cart_when_paid(till):
    till.scan(FISH_SAUCE)
    draft = till.begin_payment()
    draft.add_cash(200_000)
    assert draft.settled and draft.change_vnd == 15_000
    sale = till.complete(draft, receipt_lang="both")
    assert sale.change_vnd == 15_000
    assert till.cart.is_empty
    assert till.pending_sync() == 1
    doc = till.receipt()
    assert doc.opens_drawer
    assert not till.receipt(reprint=True).opens_drawer


def test_split_payment_card_then_vietqr_when_covering_the_total(till):
    till.scan(FISH_SAUCE)
    draft = till.begin_payment()
    with pytest.raises(MissingReference):
        draft.add_card(100_000, "")
    draft.add_card(100_000, "A123")
    with pytest.raises(Overpaid):
        draft.add_vietqr(100_000)
    qr = till.vietqr(draft.due_vnd, draft.reference)
    assert crc_ok(qr.payload) and parse_tlv(qr.payload)["54"] == "85000"
    draft.add_vietqr(85_000)
    sale = till.complete(draft)
    assert [p.method for p in sale.payments] == ["card", "vietqr"]


def test_complete_refuses_and_keeps_the_cart_when_payment_is_short(till):
    till.scan(FISH_SAUCE)
    draft = till.begin_payment()
    draft.add_cash(100_000)
    with pytest.raises(PaymentShort):
        till.complete(draft)
    assert not till.cart.is_empty


def test_park_and_recall_swap_carts(till):
    till.scan(FISH_SAUCE)
    parked = till.park()
    assert till.cart.is_empty
    till.scan(FISH_SAUCE_750)
    till.recall(parked.id)
    assert [p.line.item.sku for p in till.totals().lines] == ["TP-001"]
    assert [p.cart.lines[0].item.sku for p in till.parked()] == ["TP-002"]
    till.remove(till.cart.lines[0].id)
    with pytest.raises(EmptyCart):
        till.park()


def test_lock_keeps_the_cart_and_sign_out_parks_it(till):
    till.scan(FISH_SAUCE)
    till.lock()
    with pytest.raises(NotSignedIn):
        till.scan(FISH_SAUCE)
    with pytest.raises(WrongPin):
        till.sign_in("Lan", "0000")
    till.sign_in("Lan", "1111")
    assert len(till.cart.lines) == 1
    till.sign_out()
    assert len(till.parked()) == 1


def test_lock_out_after_too_many_wrong_pins(till):
    till.sign_out()
    for _ in range(4):
        with pytest.raises(WrongPin):
            till.sign_in("Lan", "0000")
    with pytest.raises(UserLocked):
        till.sign_in("Lan", "0000")
