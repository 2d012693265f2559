"""A refund whose cash was rounded to the shop's step (500 đ) at head office: it arrives with its
``rounding_vnd``, is stored and shown on the receipt page; a refund whose payments do not add up
to its total plus its rounding is rejected on its own with the reason; the day's figures and
what head office reports as refunded of a line stay the goods' value. SQLite and PostgreSQL."""

import copy
import json
import uuid

import pytest
from sqlalchemy import select

from db import make_session_factory, upgrade
from hq import figures
from hq.models import Refund, RefundPayment, Sale
from hq.reports import sales
from hq.reports.table import Period
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.cash.shifts import Shifts
from kiosk.core.people.users import Users
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from kiosk.core.settings import Settings
from kiosk.core.sync.push import push_body, unsent_batch
from tests.factories import FAST_HASHER, make_product
from tests.hq.conftest import InProcessHq
from tests.hq.test_entry_checks import _push
from tests.hq.test_returns import Till, same_product
from tests.hq.test_security import sign_in

FISH_VND = 12_300  # paid 12.500 in cash when the shop rounds cash to 500 đ


def _sell_and_refund(sf, code: str = "K01"):
    """At a kiosk that rounds cash to 500 đ: a fish sauce of 12.300 sold for 20.000 in cash and
    refunded whole in cash. Returns the sale and the refund."""
    settings = Settings(sf)
    settings.set_many({"terminal_code": code, "cash_rounding_vnd": 500})
    admin = Users(sf, settings, hasher=FAST_HASHER).create("Hà", "admin", "9999", by=None)
    fish = make_product(sf, name_vi="Nước mắm Nam Ô", price_vnd=FISH_VND, stock=10)
    Shifts(sf, settings).open(admin, 500_000)
    cart = Cart(admin)
    cart.add(fish, 1)
    sale = Checkout(sf, settings).complete(cart, [Cash(20_000)])
    done = Refunds(sf, settings).refund(
        admin, sale.receipt_no, [RefundItem(1, 1)], reason="vỡ nắp", to="cash"
    )
    assert done.payments == (("cash", 12_500),) and done.rounding_vnd == 200
    return sale, done


def test_a_rounded_cash_refund_is_stored_reported_and_shown_at_head_office(hq, make_kiosk):
    kiosk = make_kiosk(hq, "DL-01")
    sale, done = _sell_and_refund(kiosk.session_factory, "DL-01")
    report = kiosk.client.push_all()
    assert report.rejected == 0, kiosk.client.rejected_entries()
    with hq.session_factory() as s:
        refund = s.get(Refund, done.id)
        assert (refund.total_vnd, refund.rounding_vnd) == (FISH_VND, 200)
        assert s.scalar(select(RefundPayment.amount_vnd)) == 12_500
        day = s.scalar(select(Sale.business_date))
        figures_of_day = figures.day_figures(s, day)
        # The sales figures stay the goods' value: sold 12.300, refunded 12.300.
        assert (figures_of_day.sales_vnd, figures_of_day.refunds_vnd) == (FISH_VND, FISH_VND)
        (by_day,) = sales.by_day(s, Period(day, day)).rows
        assert by_day[-1] == 0
        # The money by method: 12.500 taken in cash, 12.500 given back in cash.
        assert sales.by_payment(s, Period(day, day)).rows == (
            ("Tiền mặt / Cash", 12_500, 12_500, 0),
        )
    office = InProcessHq(hq.database_url)
    try:
        office.add_operator("lan")
        assert sign_in(office, "lan").status_code == 303
        page = office.client.get(f"/receipts/{sale.id}").text
    finally:
        office.close()
    cells = page[page.index(f"Trả hàng / Refund {done.refund_no}") :]
    assert "<th>Làm tròn / Rounding</th><th>Đã trả khách / Given back</th>" in cells
    assert "<td class='num'>200 ₫</td><td class='num'>12.500 ₫</td>" in cells


def test_a_refund_without_rounding_shows_no_rounding_on_the_receipt_page(app_hq, tmp_path):
    entries = _kiosk_entries(tmp_path, step=0)
    assert {r["status"] for r in _push(app_hq, entries)} == {"applied"}
    sale_id = next(e["payload"]["sale"]["id"] for e in entries if e["kind"] == "sale")
    app_hq.add_operator("lan")
    assert sign_in(app_hq, "lan").status_code == 303
    page = app_hq.client.get(f"/receipts/{sale_id}").text
    assert "Trả hàng / Refund" in page and "Đã trả khách / Given back" not in page


def _kiosk_entries(tmp_path, step: int = 500) -> list[dict]:
    """The outbox of a kiosk that sold a fish sauce and refunded it, as its push sends it."""
    engine = upgrade(tmp_path / "kiosk.sqlite3")
    sf = make_session_factory(engine=engine)
    try:
        if step:
            _sell_and_refund(sf)
        else:
            _sell_and_refund_unrounded(sf)
        with sf() as s:
            return json.loads(push_body(unsent_batch(s, 500), "K01", 0))["entries"]
    finally:
        engine.dispose()


def _sell_and_refund_unrounded(sf) -> None:
    settings = Settings(sf)
    settings.set("terminal_code", "K01")
    admin = Users(sf, settings, hasher=FAST_HASHER).create("Hà", "admin", "9999", by=None)
    fish = make_product(sf, price_vnd=FISH_VND, stock=10)
    Shifts(sf, settings).open(admin, 500_000)
    cart = Cart(admin)
    cart.add(fish, 1)
    sale = Checkout(sf, settings).complete(cart, [Cash(FISH_VND)])
    done = Refunds(sf, settings).refund(admin, sale.receipt_no, [RefundItem(1, 1)], reason="vỡ")
    assert done.rounding_vnd == 0


def _no_rounding(p):
    p["refund"]["rounding_vnd"] = 0  # 12.500 paid back for 12.300 with nothing to say why


def _old_kiosk_shape(p):
    del p["refund"]["rounding_vnd"]  # as an older kiosk sends it: 0


def _too_much(p):
    p["refund"]["rounding_vnd"] = 1_001
    p["payments"][0]["amount_vnd"] = FISH_VND + 1_001


def _card(p):
    p["payments"][0]["method"] = "card"  # a card is paid back to the đồng: never rounded


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (_no_rounding, "payments add up to 12500, total_vnd + rounding_vnd is 12300"),
        (_old_kiosk_shape, "payments add up to 12500, total_vnd + rounding_vnd is 12300"),
        (_too_much, "payload.refund.rounding_vnd: Input should be less than or equal to 1000"),
        (_card, "rounding_vnd above 0 without a cash payment"),
    ],
    ids=["rounding-missing", "rounding-absent", "rounding-too-large", "card-rounded"],
)
def test_a_refund_whose_payments_are_not_total_plus_rounding_is_rejected_alone(
    app_hq, tmp_path, spoil, reason
):
    entries = _kiosk_entries(tmp_path)
    (refund,) = [e for e in entries if e["kind"] == "refund"]
    bad = copy.deepcopy(refund)
    bad.update(id=str(uuid.uuid4()), seq=max(e["seq"] for e in entries) + 1)
    spoil(bad["payload"])
    results = _push(app_hq, [*entries, bad])
    assert results[-1]["status"] == "rejected" and reason in results[-1]["reason"], results[-1]
    assert {r["status"] for r in results[:-1]} == {"applied"}  # the good refund among them
    with app_hq.session_factory() as s:
        assert s.scalars(select(Refund.rounding_vnd)).all() == [200]


def test_a_rounded_refund_at_another_till_reports_the_goods_value_as_refunded(hq, make_kiosk):
    """K01 sold two fish sauces of 12.300 (24.600, paid 24.500 in cash at 500 đ); K02 gives one
    back in cash: 12.500. Head office says 12.300 of the line was refunded, and K01 gives the
    second back in cash rounded on its own."""
    k1, k2 = Till(make_kiosk(hq, "K01")), Till(make_kiosk(hq, "K02"))
    for till in (k1, k2):
        till.settings.set("cash_rounding_vnd", 500)
    fish = make_product(k1.sf, name_vi="Nước mắm Nam Ô", price_vnd=FISH_VND, stock=10)
    same_product(fish, k2, stock=10)
    cart = Cart(k1.manager)
    cart.add(fish, 2)
    sale = Checkout(k1.sf, k1.settings).complete(cart, [Cash(50_000)])
    assert sale.rounding_vnd == -100
    assert k1.kiosk.client.push_all().rejected == 0
    k2.refunds.find(sale.receipt_no, actor=k2.manager)
    back = k2.refunds.refund(k2.manager, sale.receipt_no, [RefundItem(1, 1)], reason="vỡ")
    assert (back.payments, back.rounding_vnd) == ((("cash", 12_500),), 200)
    assert k2.kiosk.client.push_all().rejected == 0
    line = k1.refunds.find(sale.receipt_no).lines[0]  # head office's word on the line
    assert (line.left, line.refunded_vnd) == (1, FISH_VND)
    last = k1.refunds.refund(k1.manager, sale.receipt_no, [RefundItem(1, 1)], reason="vỡ")
    assert (last.payments, last.rounding_vnd) == ((("cash", 12_500),), 200)
    z2 = k2.close_day()
    assert (z2.refunds_vnd, z2.rounding_vnd, z2.expected_cash_vnd) == (
        FISH_VND, -200, 500_000 - 12_500
    )  # fmt: skip
    assert k1.kiosk.client.push_all().rejected == 0
    with hq.session_factory() as s:
        rows = s.execute(select(Refund.total_vnd, Refund.rounding_vnd)).all()
        assert sorted(rows) == [(FISH_VND, 200), (FISH_VND, 200)]
