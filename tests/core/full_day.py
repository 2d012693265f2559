"""A full day at the demo shop, shared by the report, settlement and PDF tests.

08:00 the manager opens the shift with 1.000.000 ₫; the clerk sells five times (cash, VietQR,
card and cash, a 10 % cart discount, a sale voided at once), refunds part of a sale to its
methods and a damaged bowl in cash, pays 50.000 ₫ out for ice; 18:00 the manager counts the
drawer 12.000 ₫ short and ends the day.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from db.models import Price, Product
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.cash.settlement import Settlements
from kiosk.core.cash.shifts import Shifts
from kiosk.core.catalogue.demo import load_demo
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission
from kiosk.core.people.users import Users
from kiosk.core.reports.xz import CashReport
from kiosk.core.sale.cart import Cart, Item
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash, VietQR
from tests.factories import FAST_HASHER

DAY = dt.date(2026, 11, 30)


class Clock:
    def __init__(self):
        self.now = dt.datetime.combine(DAY, dt.time(8, 0), VIETNAM).astimezone(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, hh: int, mm: int = 0) -> None:
        self.now = dt.datetime.combine(DAY, dt.time(hh, mm), VIETNAM).astimezone(dt.UTC)


def item(sf, sku: str) -> Item:
    with sf() as s:
        p, price = s.execute(
            select(Product, Price.price_vnd).join(Price).where(Product.sku == sku)
        ).one()
        return Item(p.id, p.sku, p.name_vi, p.name_en, p.unit, p.vat_rate_pct, price)


@dataclass
class Day:
    clock: Clock
    shifts: Shifts
    refunds: Refunds
    settlements: Settlements
    receipts: list[str]
    x: CashReport
    closed: CashReport
    z: CashReport
    shift_id: object
    refund_nos: list[str]


def run_day(sf, settings, *, manager, clerk) -> Day:
    settings.set("shop_name", "Điểm giới thiệu và bán sản phẩm OCOP Quảng Ninh")
    settings.set("shop_address", "Trạm dừng nghỉ Km 89, cao tốc Hạ Long – Vân Đồn")
    settings.set("terminal_code", "QN01")
    load_demo(sf)
    clock = Clock()
    users = Users(sf, settings, hasher=FAST_HASHER, clock=clock)
    shifts = Shifts(sf, settings, clock=clock, proofs=users.proofs)
    checkout = Checkout(sf, settings, clock=clock)
    refunds = Refunds(sf, settings, clock=clock, proofs=users.proofs)

    def pin(permission):  # the manager types their PIN (2222, see tests/core/conftest.py)
        return users.authorise(permission, "2222", for_actor=clerk, manager=manager.name)

    settlements = Settlements(sf, settings, clock=clock)
    vase, tea_set, bowl = item(sf, "TC-016"), item(sf, "TC-017"), item(sf, "TC-018")
    fish, pepper, scarf = item(sf, "TP-001"), item(sf, "TP-003"), item(sf, "TC-019")

    opened = shifts.open(manager, 1_000_000)
    receipts = []

    def sell(hh, mm, lines, tenders, discount=None):
        clock.at(hh, mm)
        cart = Cart(clerk, proofs=users.proofs)
        for it, qty in lines:
            cart.add(it, qty)
        if discount:
            cart.set_cart_discount(
                percent=discount, authorised_by=pin(Permission.DISCOUNT_OVER_LIMIT)
            )
        done = checkout.complete(cart, tenders)
        receipts.append(done.receipt_no)
        return done

    # 1: two bowls, a fish sauce and 250 g of pepper in cash (45.000×2 + 185.000 + 95.000).
    sell(8, 20, [(bowl, 2), (fish, 1), (pepper, 250)], [Cash(400_000)])
    # 2: a vase by VietQR.
    sell(9, 5, [(vase, 1)], [VietQR(450_000)])
    # 3: a tea set and a silk scarf, card and cash.
    sell(10, 40, [(tea_set, 1), (scarf, 1)], [Card(700_000, "VCB-001234"), Cash(400_000)])
    # 4: three bowls and a vase, 10 % off (a manager allows it): 585.000 − 58.500.
    sell(11, 15, [(bowl, 3), (vase, 1)], [Cash(530_000)], discount=10)
    # 5: a fish sauce rung up by mistake, voided at once with the manager's PIN.
    sell(11, 30, [(fish, 2)], [Cash(400_000)])
    clock.at(11, 31)
    refunds.void_sale(clerk, receipts[4], "Khách đổi ý", authorised_by=pin(Permission.VOID_SALE))

    clock.at(14, 0)
    r1 = refunds.refund(
        manager, receipts[2], [RefundItem(2, 1)], reason="Khăn bị lỗi dệt", to="original"
    )
    clock.at(15, 10)
    r2 = refunds.refund(
        manager,
        receipts[3],
        [RefundItem(1, 1, restock="damaged")],
        reason="Chén bị nứt",
        to="cash",
    )
    clock.at(16, 0)
    shifts.pay_out(clerk, 50_000, "Mua đá cho tủ lạnh", authorised_by=pin(Permission.MANAGE_SHIFT))
    clock.at(17, 0)
    x = shifts.x_report()
    clock.at(18, 0)
    counted_target = x.expected_cash_vnd - 12_000
    notes = _notes_for(counted_target)
    closed = shifts.close(manager, notes)
    clock.at(18, 5)
    z = shifts.end_day(manager)
    return Day(
        clock, shifts, refunds, settlements, receipts, x, closed, z, opened.id,
        [r1.refund_no, r2.refund_no],
    )  # fmt: skip


def _notes_for(amount: int) -> dict[int, int]:
    from kiosk.core.reports.xz import DENOMINATIONS

    notes = {}
    for d in DENOMINATIONS:
        notes[d], amount = divmod(amount, d)
    assert amount == 0
    return notes
