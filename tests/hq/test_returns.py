"""Returns across terminals (issue 13): a receipt sold at K01 is refunded at K02 of the same shop,
looked up at a real head office. K02's drawer, shift, Z and shelf carry the refund; its copy of
K01's sale counts nowhere at K02; head office's figures are the sale less the refund; a second
refund of the same line at K01 is refused, at the kiosk by what head office reported and at head
office entry by entry; another shop's receipt is refused; offline gives its own answer."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from db.models import OutboxEntry, Product, Sale, StockLevel
from hq import figures, terminals
from hq.models import Refund as HqRefund
from hq.models import Sale as HqSale
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.cash.shifts import Shifts
from kiosk.core.errors import (
    NotInThisShop,
    ReceiptElsewhereOffline,
    RefundTooMuch,
    SaleHasRefunds,
    SaleOfAnotherTill,
)
from kiosk.core.people.users import Users
from kiosk.core.reports.period import Period
from kiosk.core.reports.sales import sales_by_day
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash
from kiosk.core.settings import Settings
from kiosk.core.sync.service import SyncService
from kiosk.core.sync.state import Enrolment, save_enrolment
from tests.factories import FAST_HASHER, make_product
from tests.hq.conftest import free_port


class Till:
    """A kiosk of the shop: its users, an open shift, its checkout and its refunds, which ask
    head office through the terminal's own sync service."""

    def __init__(self, kiosk, *, hq_url: str | None = None):
        self.kiosk, sf = kiosk, kiosk.session_factory
        self.sf = sf
        self.settings = Settings(sf)
        self.settings.set("terminal_code", kiosk.code)
        e = kiosk.enrolment
        save_enrolment(sf, Enrolment(hq_url or e.base_url, e.terminal_code, e.token))
        self.sync = SyncService(sf, self.settings)
        users = Users(sf, self.settings, hasher=FAST_HASHER)
        self.manager = users.create(f"Quản lý {kiosk.code}", "admin", "9999", by=None)
        self.shifts = Shifts(sf, self.settings)
        self.shifts.open(self.manager, 500_000)
        self.refunds = Refunds(sf, self.settings, head_office=self.sync)

    def stock(self, product_id) -> int:
        with self.sf() as s:
            return s.scalar(select(StockLevel.on_hand).where(StockLevel.product_id == product_id))

    def outbox_kinds(self) -> list[str]:
        with self.sf() as s:
            return list(s.scalars(select(OutboxEntry.kind)))

    def close_day(self):
        self.shifts.close(self.manager, {})
        return self.shifts.end_day(self.manager)


def same_product(item, till: Till, stock: int) -> None:
    """The product of head office's catalogue on another till, with ``stock`` on its shelf."""
    from db.models import Price, StockMovement

    with till.sf.begin() as s:
        s.add(Product(id=item.product_id, sku=item.sku, name_vi=item.name_vi, unit=item.unit,
                      vat_rate_pct=item.vat_rate_pct, group_code="food"))  # fmt: skip
        s.flush()
        s.add(Price(product_id=item.product_id, price_vnd=item.unit_price_vnd,
                    valid_from=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))  # fmt: skip
        s.add(StockMovement(product_id=item.product_id, kind="receipt", quantity=stock))
        s.add(StockLevel(product_id=item.product_id, on_hand=stock))


@pytest.fixture
def shop(hq, make_kiosk):
    """K01 and K02 of one shop; K01 sold three bottles of fish sauce and pushed the sale."""
    k1, k2 = Till(make_kiosk(hq, "K01")), Till(make_kiosk(hq, "K02"))
    fish = make_product(k1.sf, price_vnd=125_000, stock=20)
    same_product(fish, k2, stock=10)
    clerk = Users(k1.sf, k1.settings, hasher=FAST_HASHER).create(
        "Lan", "clerk", "1111", by=k1.manager
    )
    cart = Cart(clerk)
    cart.add(fish, 3)
    sale = Checkout(k1.sf, k1.settings).complete(cart, [Cash(400_000)])
    assert k1.kiosk.client.push_all().rejected == 0
    return hq, k1, k2, fish, sale


def test_a_receipt_sold_at_k01_is_refunded_at_k02_and_counted_there_only(shop):
    hq, k1, k2, fish, sale = shop
    found = k2.refunds.find(sale.receipt_no, actor=k2.manager)
    assert (found.sold_at, found.clerk, found.lines[0].left) == ("K01", "Lan", 3)
    done = k2.refunds.refund(
        k2.manager, sale.receipt_no, [RefundItem(1, 1)], reason="khách đổi ý", to="cash"
    )
    assert done.total_vnd == 125_000 and done.payments == (("cash", 125_000),)
    # THIS shelf, THIS drawer; the copy of K01's sale is none of K02's sales.
    assert k2.stock(fish.product_id) == 11 and k1.stock(fish.product_id) == 17
    assert k2.outbox_kinds().count("sale") == 0 and "refund" in k2.outbox_kinds()
    today = sale.created_at.date()
    with k2.sf() as s:
        by_day = sales_by_day(s, Period(today - dt.timedelta(days=1), today + dt.timedelta(1)))
        assert [(r[1], r[2], r[3]) for r in by_day.rows] == [(0, 0, 125_000)]
        assert s.scalar(select(func.count()).select_from(Sale)) == 1  # the copy
    with pytest.raises(SaleOfAnotherTill):
        k2.refunds.void_sale(k2.manager, sale.receipt_no, "nhầm")
    z2, z1 = k2.close_day(), k1.close_day()
    assert (z2.sales_count, z2.sales_vnd, z2.refunds_vnd) == (0, 0, 125_000)
    assert z2.expected_cash_vnd == 500_000 - 125_000
    assert (z1.sales_count, z1.sales_vnd, z1.refunds_vnd) == (1, sale.totals.total_vnd, 0)
    for till in (k1, k2):
        report = till.kiosk.client.push_all()
        assert report.rejected == 0, till.kiosk.client.rejected_entries()
    with hq.session_factory() as s:
        day = figures.day_figures(s, z2.business_date)
        assert (day.sales_vnd, day.refunds_vnd) == (375_000, 125_000)
        assert day.net_vnd == sale.totals.total_vnd - done.total_vnd
        assert figures.day_figures(s, z2.business_date, "K02").net_vnd == z2.net_vnd
        assert figures.day_figures(s, z2.business_date, "K01").net_vnd == z1.net_vnd
        # The goods came back at K02, not K01 (the tests' opening stock never went up).
        assert figures.stock_levels(s, "K02")[fish.product_id] == +1
        assert figures.stock_levels(s, "K01")[fish.product_id] == -3


def test_a_second_refund_of_the_line_at_k01_is_refused_at_the_kiosk_and_at_head_office(shop):
    hq, k1, k2, _fish, sale = shop
    k2.refunds.find(sale.receipt_no, actor=k2.manager)
    k2.refunds.refund(k2.manager, sale.receipt_no, [RefundItem(1, 2)], reason="hỏng")
    assert k2.kiosk.client.push_all().rejected == 0
    # K01 offline at look-up time refunds two more: head office refuses that entry alone.
    offline = Refunds(k1.sf, k1.settings)
    assert offline.find(sale.receipt_no).lines[0].left == 3
    offline.refund(k1.manager, sale.receipt_no, [RefundItem(1, 2)], reason="hỏng")
    report = k1.kiosk.client.push_all()
    assert report.rejected == 1 and report.applied >= 1
    (reason,) = k1.kiosk.client.rejected_entries().values()
    assert "2 more of 3 sold, 2 refunded already" in reason
    # K01 online: head office says two went back at K02; with its own two, nothing is left.
    assert k1.refunds.find(sale.receipt_no).lines[0].left == 0
    with pytest.raises(RefundTooMuch):
        k1.refunds.refund(k1.manager, sale.receipt_no, [RefundItem(1, 1)], reason="hỏng")
    with hq.session_factory() as s:
        assert s.scalar(select(func.sum(HqRefund.total_vnd))) == 250_000


def test_another_shops_receipt_is_refused_and_offline_says_so(shop, make_kiosk):
    hq, _k1, k2, _fish, sale = shop
    with hq.session_factory.begin() as s:
        other = terminals.add_shop(s, "HN", "Cửa hàng Hà Nội")
        s.flush()
        code = terminals.add_terminal(s, "H01", shop_id=other.id)
    h1 = Till(make_kiosk_enrolled(make_kiosk, hq, "H01", code))
    with pytest.raises(NotInThisShop):
        h1.refunds.find(sale.receipt_no, actor=h1.manager)
    with pytest.raises(NotInThisShop):
        k2.refunds.find("K01-20990101-0001", actor=k2.manager)
    away = Till(make_kiosk(hq, "K03"), hq_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ReceiptElsewhereOffline):
        away.refunds.find(sale.receipt_no, actor=away.manager)
    with away.sf() as s:  # nothing kept of it
        assert s.scalar(select(func.count()).select_from(Sale)) == 0


def make_kiosk_enrolled(make_kiosk, hq, code: str, enrol_code: str):
    """A kiosk enrolled with a code issued for a terminal of another shop."""
    original = hq.add_terminal
    hq.add_terminal = lambda _code: enrol_code
    try:
        return make_kiosk(hq, code)
    finally:
        hq.add_terminal = original


def test_a_sale_refunded_at_another_till_is_not_voided_twice_nor_paid_back_twice_on_the_card(
    hq, make_kiosk
):
    """Three bottles paid 250.000 ₫ by card and 125.000 ₫ in cash at K01; K02 gives two back
    (to the card, card first). K01 must not void the sale (the two would be paid back again):
    refused once head office has said so; and K01's refund of the third bottle goes back in cash, not a second time on a card
    that has had all its money back."""
    k1, k2 = Till(make_kiosk(hq, "K01")), Till(make_kiosk(hq, "K02"))
    fish = make_product(k1.sf, price_vnd=125_000, stock=20)
    same_product(fish, k2, stock=10)
    cart = Cart(k1.manager)
    cart.add(fish, 3)
    sale = Checkout(k1.sf, k1.settings).complete(cart, [Card(250_000, "AUTH1"), Cash(125_000)])
    assert k1.kiosk.client.push_all().rejected == 0
    k2.refunds.find(sale.receipt_no, actor=k2.manager)
    back = k2.refunds.refund(k2.manager, sale.receipt_no, [RefundItem(1, 2)], reason="hỏng")
    assert back.payments == (("card", 250_000),)
    assert k2.kiosk.client.push_all().rejected == 0

    k1.refunds.find(sale.receipt_no, actor=k1.manager)  # online: head office names K02's refund
    with pytest.raises(SaleHasRefunds):
        k1.refunds.void_sale(k1.manager, sale.receipt_no, "khách đổi ý")
    third = k1.refunds.refund(k1.manager, sale.receipt_no, [RefundItem(1, 1)], reason="hỏng")
    assert third.payments == (("cash", 125_000),)


def test_head_office_refuses_a_void_of_a_sale_another_till_refunded(hq, make_kiosk):
    k1, k2 = Till(make_kiosk(hq, "K01")), Till(make_kiosk(hq, "K02"))
    fish = make_product(k1.sf, price_vnd=125_000, stock=20)
    same_product(fish, k2, stock=10)
    cart = Cart(k1.manager)
    cart.add(fish, 2)
    sale = Checkout(k1.sf, k1.settings).complete(cart, [Cash(250_000)])
    assert k1.kiosk.client.push_all().rejected == 0
    k2.refunds.find(sale.receipt_no, actor=k2.manager)
    k2.refunds.refund(k2.manager, sale.receipt_no, [RefundItem(1, 1)], reason="hỏng")
    assert k2.kiosk.client.push_all().rejected == 0
    # K01 never heard of it (offline look-up) and voids the sale in its shift.
    Refunds(k1.sf, k1.settings).void_sale(k1.manager, sale.receipt_no, "khách đổi ý")
    report = k1.kiosk.client.push_all()
    assert report.rejected == 1
    (reason,) = k1.kiosk.client.rejected_entries().values()
    assert "refunded: not voidable" in reason
    with hq.session_factory() as s:
        assert s.scalar(select(HqSale.status).where(HqSale.id == sale.id)) == "completed"
