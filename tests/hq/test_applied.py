"""A kiosk's whole day reaches head office applied: voids and refunds change the day's figures
as they do on the kiosk, stock per product equals the kiosk's, and shifts, cash, Z reports,
settlements, receipts, counts and adjustments are in head office's own tables."""

import datetime as dt

from sqlalchemy import func, select

from db.models import OutboxEntry, StockLevel
from hq import figures
from hq.models import (
    CashMovement,
    CatalogueEdit,
    Entry,
    GoodsReceiptLine,
    KioskUser,
    Refund,
    RefundLine,
    Sale,
    SaleVoid,
    Settlement,
    Shift,
    ShiftClose,
    StockAdjustment,
    StockCount,
    ZReport,
)
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.cash.settlement import Settlements
from kiosk.core.cash.shifts import Shifts
from kiosk.core.catalogue.producers import Producers
from kiosk.core.people.users import Users
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash
from kiosk.core.settings import Settings
from kiosk.core.stock.adjustments import Adjustments
from kiosk.core.stock.counts import StockCounts
from kiosk.core.stock.goods_receipts import GoodsReceipts
from tests.factories import FAST_HASHER, make_product

LATER = dt.date.today() + dt.timedelta(days=365)


def _kiosk_day(kiosk):
    """A day at the kiosk: goods received, five sales, one voided, one partly refunded (one
    piece back on the shelf, one damaged), a pay-out, an adjustment, a count, the shift closed
    with its cash counted, the Z report and a producer's settlement. Returns the Z report."""
    factory = kiosk.session_factory
    settings = Settings(factory)
    users = Users(factory, settings, hasher=FAST_HASHER)
    admin = users.create("Hà", "admin", "9999", by=None)
    clerk = users.create("Lan", "clerk", "1111", by=admin)
    fish = make_product(factory, price_vnd=125_000, stock=0)
    tea = make_product(factory, name_vi="Chè", price_vnd=400_000, unit="gram", stock=0)
    coffee = make_product(factory, name_vi="Cà phê", price_vnd=180_000, vat_rate_pct=10, stock=0)
    producer = Producers(factory).add(by=admin, name="HTX Phú Quốc", kind="cooperative")
    receipts = GoodsReceipts(factory)
    receipt = receipts.create(producer, by=admin, delivery_note_no="PN-" + "7" * 50)
    for item, qty in ((fish, 40), (tea, 5_000), (coffee, 30)):
        receipts.add_line(receipt, item.product_id, qty, 50_000, by=admin, consignment=True,
                          commission_pct=20, batch_no="L1", expiry_date=LATER)  # fmt: skip
    receipts.confirm(receipt, by=admin)
    shifts = Shifts(factory, settings)
    shifts.open(admin, 500_000)
    checkout = Checkout(factory, settings)
    done = []
    for n in range(5):
        cart = Cart(clerk)
        cart.add(fish, n + 1)
        cart.add(tea, 250)
        if n % 2:
            cart.add(coffee, 2)
        total = cart.totals().total_vnd
        tender = [Cash(total + 20_000)] if n != 3 else [Card(total, "VISA-1234")]
        done.append(checkout.complete(cart, tender))
    refunds = Refunds(factory, settings)
    refunds.void_sale(admin, done[1].receipt_no, "khách đổi ý")
    refunds.refund(
        admin, done[2].receipt_no, [RefundItem(1, 2, "shelf"), RefundItem(1, 1, "damaged")],
        reason="hàng lỗi",
    )  # fmt: skip
    shifts.pay_out(admin, 30_000, "đá lạnh")
    Adjustments(factory).record(coffee.product_id, 1, "damaged", by=admin, note="rơi vỡ")
    counts = StockCounts(factory)
    count = counts.open("shop", by=admin)
    counts.set_counted(count, tea.product_id, 3_900, by=admin)
    counts.apply(count, by=admin)
    shifts.close(admin, {500_000: 20})
    z = shifts.end_day(admin)
    settlements = Settlements(factory, settings)
    settlements.settle(admin, settlements.statement(admin, producer))
    return z


def test_a_kiosk_day_with_a_void_and_a_refund_gives_head_office_the_kiosks_z_figures(
    hq, make_kiosk
):
    kiosk = make_kiosk(hq, "DL-01")
    z = _kiosk_day(kiosk)
    report = kiosk.client.push_all()
    assert report.rejected == 0, kiosk.client.rejected_entries()
    assert report.backlog == 0 and report.applied > 20
    with hq.session_factory() as s:
        day = figures.day_figures(s, z.business_date, "DL-01")
        assert (
            (day.sales_count, day.sales_vnd) == (z.sales_count, z.sales_vnd) == (4, day.sales_vnd)
        )
        assert (day.voids_count, day.voids_vnd) == (z.voids_count, z.voids_vnd) == (1, z.voids_vnd)
        assert (day.refunds_count, day.refunds_vnd) == (z.refunds_count, z.refunds_vnd)
        assert day.net_vnd == z.net_vnd and z.refunds_vnd > 0
        # The voided sale shows as such; the Z report came as the kiosk printed it.
        assert s.scalar(select(func.count()).where(Sale.status == "voided")) == 1
        hq_z = s.scalars(select(ZReport)).one()
        assert (hq_z.net_vnd, hq_z.sales_count) == (z.net_vnd, z.sales_count)
        # The refund's lines, with where the goods went.
        assert sorted(s.scalars(select(RefundLine.restock))) == ["damaged", "shelf"]
        assert s.scalar(select(Refund.total_vnd)) == z.refunds_vnd


def test_stock_at_head_office_equals_the_kiosks_after_receipts_sales_voids_refunds_counts(
    hq, make_kiosk
):
    kiosk = make_kiosk(hq, "DL-02")
    _kiosk_day(kiosk)
    assert kiosk.client.push_all().rejected == 0
    with kiosk.session_factory() as s:
        on_kiosk = {p: n for p, n in s.execute(select(StockLevel.product_id, StockLevel.on_hand))}
    with hq.session_factory() as s:
        at_hq = figures.stock_levels(s, "DL-02")
    assert at_hq == on_kiosk
    assert sorted(on_kiosk.values()) != [0, 0, 0]


def test_every_kind_of_entry_lands_in_its_own_table_once_even_when_pushed_again(
    hq_sqlite, make_kiosk
):
    kiosk = make_kiosk(hq_sqlite, "DL-03")
    z = _kiosk_day(kiosk)
    assert kiosk.client.push_all().rejected == 0
    tables = (SaleVoid, Refund, Shift, ShiftClose, CashMovement, ZReport, Settlement,
              GoodsReceiptLine, StockCount, StockAdjustment, CatalogueEdit)  # fmt: skip
    with hq_sqlite.session_factory() as s:
        counted = {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in tables}
        # Kept as they came, and recorded in their own tables beside the entry: the tills'
        # users (hq.kiosk_users) and e-invoice states (hq.einvoices).
        kept = s.scalars(select(Entry.kind).where(Entry.applied.is_(False))).all()
        assert set(kept) <= {"user", "einvoice"}, kept
        assert s.scalar(select(func.count()).select_from(KioskUser)) >= kept.count("user")
        close = s.scalars(select(ShiftClose)).one()
        assert (close.counted_cash_vnd, close.notes) == (10_000_000, {"500000": 20})
        assert close.difference_vnd == close.counted_cash_vnd - close.expected_cash_vnd
    # refund's damaged piece and the coffee written off are both adjustments
    assert counted == {
        "sale_voids": 1, "refunds": 1, "shifts": 1, "shift_closes": 1, "cash_movements": 1,
        "z_reports": 1, "settlements": 1, "goods_receipt_lines": 3, "stock_counts": 1,
        "stock_adjustments": 2, "catalogue_edits": 1,
    }  # fmt: skip
    # The same entries again (a retry after a lost answer): nothing more is written.
    with kiosk.session_factory.begin() as s:
        s.execute(OutboxEntry.__table__.update().values(sent_at=None))
    again = kiosk.client.push_all()
    assert again.applied == 0 and again.duplicate > 20
    with hq_sqlite.session_factory() as s:
        assert counted == {
            t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in tables
        }
        assert figures.day_figures(s, z.business_date).net_vnd == z.net_vnd
