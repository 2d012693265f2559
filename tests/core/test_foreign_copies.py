"""A copy of another till's sale, kept so that a refund of it here has what it references
(issue 13), is none of this till's sales: not in its reports, its Z, its producer statements,
its reprints, its list of recent sales, its stock or its outbox; and it cannot be voided here."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select, update

from db.ids import new_id
from db.models import OutboxEntry, Product, StockLevel
from hardware.fakes import FakePrinter
from hq.protocol_returns import SaleForReturn
from kiosk.core.cash.foreign_sales import keep_copy
from kiosk.core.cash.refunds import Refunds
from kiosk.core.cash.settlement import Settlements
from kiosk.core.catalogue.producers import Producers
from kiosk.core.errors import SaleOfAnotherTill
from kiosk.core.reports.period import Reports
from kiosk.core.sale.print_history import documents_of_day
from kiosk.core.sale.print_queue import PrintQueue
from kiosk.core.sale.receipt import UnknownSale
from tests.factories import make_product


def copy_of_k03_sale(product_id: uuid.UUID, today: dt.date) -> SaleForReturn:
    return SaleForReturn.model_validate(
        {
            "id": str(new_id()), "receipt_no": f"K03-{today:%Y%m%d}-0001",
            "terminal_code": "K03", "business_date": today.isoformat(), "status": "completed",
            "user_id": str(uuid.uuid4()), "clerk": "Thu", "subtotal_vnd": 250_000,
            "discount_vnd": 0, "total_vnd": 250_000, "vat_vnd": 18_519,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "lines": [{"id": str(new_id()), "line_no": 1, "product_id": str(product_id),
                       "name_vi": "Nước mắm", "unit": "piece", "quantity": 2,
                       "unit_price_vnd": 125_000, "gross_vnd": 250_000,
                       "line_discount_vnd": 0, "cart_discount_vnd": 0, "amount_vnd": 250_000,
                       "vat_rate_pct": 8, "refunded_quantity": 1, "refunded_vnd": 125_000}],
            "vat": [{"rate_pct": 8, "gross_vnd": 250_000, "vat_vnd": 18_519}],
            "payments": [{"id": str(new_id()), "method": "cash", "amount_vnd": 250_000}],
        }
    )  # fmt: skip


def test_a_copy_of_another_tills_sale_counts_nowhere_at_this_till(
    session_factory, settings, admin, shifts, shift
):
    producer = Producers(session_factory).add(by=admin, name="HTX Phú Quốc", kind="cooperative")
    fish = make_product(session_factory, price_vnd=125_000, stock=10)
    with session_factory.begin() as s:
        s.execute(
            update(Product)
            .where(Product.id == fish.product_id)
            .values(producer_id=producer, consignment=True, commission_pct=20)
        )
    today = dt.datetime.now(dt.UTC).date()
    record = copy_of_k03_sale(fish.product_id, today)
    with session_factory.begin() as s:
        outbox_before = s.scalar(select(func.count()).select_from(OutboxEntry))
        keep_copy(s, record, stand_in=admin.id, now=dt.datetime.now(dt.UTC))
    refunds = Refunds(session_factory, settings)
    found = refunds.find(record.receipt_no)
    # Head office said one went back at another till: one is left to refund here.
    assert (found.sold_at, found.clerk, found.lines[0].left) == ("K03", "Thu", 1)
    assert found.refunded_elsewhere_vnd == 125_000  # the refund screen's header says so
    assert refunds.search() == [] and refunds.search("K03") == []
    with pytest.raises(SaleOfAnotherTill):
        refunds.void_sale(admin, record.receipt_no, "nhầm")
    week = (today - dt.timedelta(days=7), today + dt.timedelta(days=1))
    by_day = Reports(session_factory, settings).table(admin, "by_day", *week, lang="vi")
    assert by_day.rows == [] or all(row[1] == 0 for row in by_day.rows)
    x = shifts.x_report()
    assert (x.sales_count, x.sales_vnd) == (0, 0)
    statement = Settlements(session_factory, settings).statement(admin, producer)
    assert sum(line.sold_vnd for line in statement.lines) == 0
    queue = PrintQueue(session_factory, settings, FakePrinter())
    with pytest.raises(UnknownSale):
        queue.reprint_last()
    assert documents_of_day(queue, record.business_date) == []
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == outbox_before
        assert (
            s.scalar(select(StockLevel.on_hand).where(StockLevel.product_id == fish.product_id))
            == 10
        )
