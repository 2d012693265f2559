"""Cash rounding, a shop setting (none, 500 đ, 1.000 đ): a weighed item of 192.500 đ is paid in
cash, the rounding is its own line on the receipt and the X/Z, the sale keeps it, and the shift
balances against what the drawer really holds."""

import pytest
from sqlalchemy import select

from db.models import OutboxEntry, Sale
from hardware.document import Columns
from hq.protocol import SalePayload
from kiosk.core.backoffice import BackOffice
from kiosk.core.errors import PaymentShort
from kiosk.core.reports.xz import DENOMINATIONS, denominations
from kiosk.core.reports.xz_print import document
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash, round_cash, settle
from kiosk.core.sale.receipt import receipt_for_sale
from kiosk.core.sale.tendering import PaymentDraft
from kiosk.core.settings_editor import InvalidSetting, SettingsEditor
from tests.factories import make_product


def _rows(doc) -> dict[str, str]:
    """A printed document's two-column rows, label to amount."""
    return {e.left.strip(): e.right for e in doc if isinstance(e, Columns)}


@pytest.fixture
def backoffice_for(session_factory, users, tmp_path):
    return lambda settings: BackOffice(session_factory, settings, users, documents_dir=tmp_path)


@pytest.mark.parametrize(
    ("amount", "step", "paid"),
    [
        (192_500, 0, 192_500),
        (192_500, 1_000, 192_000),  # a half step goes to the customer
        (192_501, 1_000, 193_000),
        (192_499, 1_000, 192_000),
        (192_300, 500, 192_500),
        (192_200, 500, 192_000),
        (192_250, 500, 192_000),
        (300, 1_000, 1_000),  # never rounded to nothing
    ],
)
def test_cash_is_rounded_to_the_nearest_step_when_the_shop_rounds(amount, step, paid):
    assert round_cash(amount, step) == paid


def test_cash_payment_records_the_rounded_amount_when_the_shop_rounds():
    [cash] = settle(192_500, [Cash(200_000)], 1_000)
    assert (cash.amount_vnd, cash.tendered_vnd, cash.change_vnd) == (192_000, 200_000, 8_000)
    # Without rounding the same sale needs the 500 đ.
    with pytest.raises(PaymentShort):
        settle(192_500, [Cash(192_000)], 0)
    # A card pays to the đồng; only the cash part of a split is rounded.
    card, cash = settle(192_500, [Card(100_000, "A1"), Cash(92_500)], 1_000)[::-1]
    assert (card.amount_vnd, cash.amount_vnd) == (100_000, 92_000)


def test_payment_draft_offers_the_rounded_cash_amount_and_settles_with_it():
    draft = PaymentDraft(192_500, rounding_step_vnd=1_000)
    assert (draft.due_vnd, draft.cash_owed_vnd, draft.cash_rounding_vnd) == (192_500, 192_000, -500)
    draft.add_cash(192_000)
    assert draft.settled and draft.change_vnd == 0
    draft.check()


def _weighed_sale(session_factory, settings, clerk, tendered):
    tea = make_product(session_factory, name_vi="Chè Thái Nguyên", price_vnd=385_000, unit="gram")
    cart = Cart(clerk)
    cart.add(tea, 500)  # 500 g at 385.000 đ/kg = 192.500 đ
    assert cart.totals().total_vnd == 192_500
    return Checkout(session_factory, settings).complete(cart, [Cash(tendered)])


def test_weighed_sale_of_192500_is_paid_in_cash_and_the_shift_balances_when_rounding_1000(
    session_factory, settings, shifts, manager, clerk, shift
):
    settings.set("cash_rounding_vnd", 1_000)
    sale = _weighed_sale(session_factory, settings, clerk, 200_000)
    assert (sale.rounding_vnd, sale.paid_vnd, sale.change_vnd) == (-500, 192_000, 8_000)
    with session_factory() as s:
        row = s.scalars(select(Sale)).one()
        assert (row.total_vnd, row.rounding_vnd) == (192_500, -500)
        payload = s.scalars(select(OutboxEntry.payload).where(OutboxEntry.kind == "sale")).one()
    # The outbox carries it, and head office's protocol accepts the sale with it.
    assert payload["sale"]["rounding_vnd"] == -500
    assert SalePayload.model_validate(payload).sale.rounding_vnd == -500

    receipt = _rows(receipt_for_sale(session_factory, settings, sale_id=sale.id, lang="en"))
    assert receipt["Total"] == "192,500 VND"
    assert receipt["Cash rounding"] == "-500 VND"
    assert receipt["Amount paid"] == "192,000 VND"

    x = shifts.x_report()
    assert (x.sales_vnd, x.rounding_vnd, x.cash_sales_vnd) == (192_500, -500, 192_000)
    assert _rows(document(x, shop_name="OCOP", lang="en"))["Cash rounding"] == "-500 VND"
    # The drawer: a 1.000.000 float and 192.000 taken, counted in notes the shop has.
    closed = shifts.close(manager, {500_000: 2, 100_000: 1, 50_000: 1, 20_000: 2, 2_000: 1})
    assert closed.expected_cash_vnd == 1_192_000 and closed.difference_vnd == 0


def test_count_has_a_500_row_and_balances_to_the_dong_when_cash_is_not_rounded(
    session_factory, settings, shifts, manager, clerk, shift, backoffice_for
):
    assert settings["cash_rounding_vnd"] == 0
    sale = _weighed_sale(session_factory, settings, clerk, 192_500)
    assert sale.rounding_vnd == 0
    assert 500 in backoffice_for(settings).denominations()
    closed = shifts.close(manager, {500_000: 2, 100_000: 1, 50_000: 1, 20_000: 2, 2_000: 1, 500: 1})
    assert closed.expected_cash_vnd == 1_192_500 and closed.difference_vnd == 0
    settings.set("cash_rounding_vnd", 500)
    assert 500 not in backoffice_for(settings).denominations()
    assert denominations(1_000) == DENOMINATIONS[:-1]


def test_admin_chooses_the_rounding_among_none_500_and_1000(settings, admin):
    editor = SettingsEditor(settings)
    assert editor.save({"cash_rounding_vnd": "1000"}, by=admin) == {"cash_rounding_vnd": 1_000}
    assert settings["cash_rounding_vnd"] == 1_000
    with pytest.raises(InvalidSetting):
        editor.check("cash_rounding_vnd", "200")
