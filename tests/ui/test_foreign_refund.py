"""The refund section finds a receipt sold at another till of the shop at head office (asked
off the GUI thread), refunds it here and prints the slip; offline and unknown receipts get
their own message. Head office is faked at the HTTP client's boundary (httpx.MockTransport):
the sync service, its client and the wire schema are the real ones."""

import datetime as dt
import threading
import uuid

import httpx
import pytest
from sqlalchemy import select

from db.ids import new_id
from db.models import Barcode, Product, Sale, StockLevel
from kiosk.core.backoffice import BackOffice
from kiosk.core.cash.refunds import Refunds
from kiosk.core.sync.service import SyncService
from kiosk.core.sync.state import Enrolment, save_enrolment
from kiosk.ui.window import KioskView
from tests.demo_till import FISH_SAUCE
from tests.sync_helpers import sell
from tests.ui.helpers import click, sign_in

RECEIPT = "K03-20261206-0007"


def foreign_sale(product: Product) -> dict:
    """Two bottles sold at K03 for 370.000 ₫ in cash, as head office answers it."""
    rate = product.vat_rate_pct
    vat = (2 * 370_000 * rate + 100 + rate) // (2 * (100 + rate))
    return {
        "id": str(new_id()), "receipt_no": RECEIPT, "terminal_code": "K03",
        "business_date": "2026-12-06", "status": "completed", "user_id": str(uuid.uuid4()),
        "clerk": "Thu (K03)", "subtotal_vnd": 370_000, "discount_vnd": 0,
        "total_vnd": 370_000, "vat_vnd": vat, "receipt_lang": "vi",
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "lines": [{"id": str(new_id()), "line_no": 1, "product_id": str(product.id),
                   "name_vi": product.name_vi, "unit": "piece", "quantity": 2,
                   "unit_price_vnd": 185_000, "gross_vnd": 370_000, "line_discount_vnd": 0,
                   "cart_discount_vnd": 0, "amount_vnd": 370_000, "vat_rate_pct": rate}],
        "vat": [{"rate_pct": rate, "gross_vnd": 370_000, "vat_vnd": vat}],
        "payments": [{"id": str(new_id()), "method": "cash", "amount_vnd": 370_000,
                      "tendered_vnd": 400_000, "change_vnd": 30_000}],
    }  # fmt: skip


@pytest.fixture
def hq_answer():
    """What the fake head office does: a callable of the request (mutable by the test)."""
    return {"handle": None}


@pytest.fixture
def view(qtbot, qapp, till, printer, language, tmp_path, hq_answer):
    from kiosk.ui.application import make_application

    make_application()
    sf, settings = till.session_factory, till.settings
    save_enrolment(sf, Enrolment("http://hq.test", "K01", "token"))
    http = httpx.Client(transport=httpx.MockTransport(lambda r: hq_answer["handle"](r)))
    sync = SyncService(sf, settings, client_options={"http": http})
    office = BackOffice(sf, settings, till.users, documents_dir=tmp_path / "documents")
    office.refunds = Refunds(sf, settings, proofs=till.users.proofs, head_office=sync)
    w = KioskView(till, printer, office=office)
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    http.close()


def _refunds_section(qtbot, w: KioskView):
    sign_in(qtbot, w, "Minh", "2222")
    click(qtbot, w.backoffice_button)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.backoffice)
    return w.backoffice.show_section("refunds")


def _find(qtbot, section, number: str) -> None:
    section.receipt.setText(number)
    click(qtbot, section.find_button)
    qtbot.waitUntil(lambda: section.find_button.isEnabled())


def _stock(till, product_id) -> int:
    with till.session_factory() as s:
        return s.scalar(select(StockLevel.on_hand).where(StockLevel.product_id == product_id))


def test_a_receipt_of_another_till_is_found_at_head_office_and_refunded_here(
    qtbot, view, till, printer, hq_answer
):
    w = view
    with till.session_factory() as s:
        product = s.scalars(select(Product).join(Barcode).where(Barcode.code == FISH_SAUCE)).one()
        s.expunge(product)
    asked = []

    def head_office(request: httpx.Request) -> httpx.Response:
        asked.append(dict(request.url.params))
        if request.url.params.get("receipt_no") == RECEIPT:
            return httpx.Response(200, json=foreign_sale(product))
        return httpx.Response(404, json={"detail": "no such receipt"})

    hq_answer["handle"] = head_office
    before = _stock(till, product.id)
    section = _refunds_section(qtbot, w)
    _find(qtbot, section, RECEIPT)
    assert section.sale is not None and section.sale.sold_at == "K03", w.notices.text
    assert asked[0] == {"receipt_no": RECEIPT}
    assert "K03" in section.header.text() and "Thu (K03)" in section.header.text()
    assert not section.void_button.isEnabled() and section.refund_button.isEnabled()
    section.table.selectRow(0)
    click(qtbot, section.plus)
    section.reason.setEditText("Khách đổi ý")
    click(qtbot, section.refund_button)
    click(qtbot, w.dialog.yes)
    done = section.last_refund
    assert done is not None and done.total_vnd == 185_000, w.notices.text
    assert done.payments == (("cash", 185_000),)
    assert _stock(till, product.id) == before + 1  # back on this till's shelf
    qtbot.waitUntil(lambda: len(printer.documents) == 1)  # the refund slip
    assert section.sale.lines[0].left == 1


def test_offline_and_unknown_receipts_of_other_tills_say_why(qtbot, view, hq_answer):
    w = view

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route to host", request=request)

    hq_answer["handle"] = unreachable
    section = _refunds_section(qtbot, w)
    _find(qtbot, section, RECEIPT)
    assert section.sale is None
    assert w.notices.text == (
        "Phiếu của quầy khác; không kết nối được trụ sở — hãy thử lại khi có mạng."
    )
    hq_answer["handle"] = lambda r: httpx.Response(404, json={"detail": "no such receipt"})
    _find(qtbot, section, RECEIPT)
    assert w.notices.text == "Không có phiếu này trong cửa hàng."


def _local_sales(till, n: int) -> list[str]:
    sell(till, n)
    till.sign_out()
    with till.session_factory() as s:
        return list(s.scalars(select(Sale.receipt_no).order_by(Sale.created_at)))


def test_a_late_answer_from_head_office_never_replaces_the_sale_chosen_after_it(
    qtbot, view, till, hq_answer
):
    """A receipt of another till is asked at head office, which is slow; meanwhile the manager
    picks one of this till's sales. Head office's late answer is dropped, not shown over it."""
    w = view
    [local] = _local_sales(till, 1)
    with till.session_factory() as s:
        product = s.scalars(select(Product).join(Barcode).where(Barcode.code == FISH_SAUCE)).one()
        s.expunge(product)
    release = threading.Event()

    def slow_head_office(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("receipt_no") == RECEIPT:
            release.wait(10)
            return httpx.Response(200, json=foreign_sale(product))
        return httpx.Response(404, json={"detail": "no such receipt"})

    hq_answer["handle"] = slow_head_office
    section = _refunds_section(qtbot, w)
    section.receipt.setText(RECEIPT)
    click(qtbot, section.find_button)  # head office takes its time
    section.find(local)  # a recent sale picked from the list meanwhile
    qtbot.waitUntil(lambda: section.sale is not None and section.sale.receipt_no == local)
    release.set()
    qtbot.waitUntil(lambda: not w.backoffice.ctx.ops.busy)
    assert section.sale.receipt_no == local and section.find_button.isEnabled()


def test_a_confirmed_void_acts_only_on_the_sale_the_dialog_named(qtbot, view, till, hq_answer):
    w = view
    first, second = _local_sales(till, 2)
    hq_answer["handle"] = lambda r: httpx.Response(404, json={"detail": "no such receipt"})
    section = _refunds_section(qtbot, w)
    section.show_sale(w.office.stored_sale(first))
    section.reason.setEditText("Khách đổi ý")
    click(qtbot, section.void_button)  # "Void sale <first>?"
    section.show_sale(w.office.stored_sale(second))  # another sale came on screen meanwhile
    click(qtbot, w.dialog.yes)
    assert w.office.stored_sale(first).status == "completed"
    assert w.office.stored_sale(second).status == "completed"
    assert second in w.notices.text and first in w.notices.text  # what happened, in words


def test_a_refunded_sale_cannot_be_voided_and_says_why(qtbot, view, till, hq_answer):
    w = view
    [local] = _local_sales(till, 1)
    hq_answer["handle"] = lambda r: httpx.Response(404, json={"detail": "no such receipt"})
    section = _refunds_section(qtbot, w)
    section.show_sale(w.office.stored_sale(local))
    assert section.void_button.isEnabled()
    section.choose_all()
    section.reason.setEditText("Khách đổi ý")
    click(qtbot, section.refund_button)
    click(qtbot, w.dialog.yes)
    assert section.last_refund is not None, w.notices.text
    assert not section.void_button.isEnabled()
    assert section.last_refund.refund_no in section.header.text()
