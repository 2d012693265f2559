"""The payment screen waits for the bank: "waiting for the transfer", then "received" with the
bank's reference, and the sale completes by itself; an underpaid transfer is shown, not taken."""

import os
import time

import pytest

from kiosk.core.sale.transfers import TransferStatus
from kiosk.ui.window import KioskView
from tests.bank_helpers import bank_hq, enrolled_sync, notify
from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, sign_in, wedge_scan

SHOTS = os.environ.get("OCOP_SCREENSHOTS")  # a folder: the flow's screenshots are saved there


@pytest.fixture
def hq(tmp_path):
    made = bank_hq(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    yield made
    made.close()


@pytest.fixture
def bank_window(qtbot, qapp, till, printer, language, hq):
    sync, _line = enrolled_sync(till, hq)
    view = KioskView(till, printer, sync=sync)
    qtbot.addWidget(view)
    view.resize(1024, 768)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.close()
    sync.close()


def _shot(window, name):
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, f"{name}.png"))


def _to_vietqr(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    click(qtbot, window.payment.method_buttons["vietqr"])
    pay = window.payment
    qtbot.waitUntil(lambda: pay.transfer_progress is not None)
    return pay


def test_sale_completes_by_itself_when_the_bank_reports_the_transfer(qtbot, bank_window, hq):
    window = bank_window
    pay = _to_vietqr(qtbot, window)
    assert pay.transfer_progress.status is TransferStatus.WAITING
    assert "Đang chờ" in pay.qr_status.text()
    qtbot.wait(300)  # the watch is registered and holds its long poll
    _shot(window, "1-waiting")
    seen = []
    pay.transfer_changed.connect(seen.append)
    sent = time.monotonic()
    notify(hq, 185_000, f"CK {pay.qr.purpose}", bank_reference="FT26123")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale, timeout=5000)
    assert time.monotonic() - sent < 2.0
    assert seen[-1].status is TransferStatus.RECEIVED and seen[-1].bank_reference == "FT26123"
    (payment,) = window.till.last_sale.payments
    assert (payment.confirmed_by, payment.bank_reference) == ("bank", "FT26123")
    _shot(window, "3-completed")


def test_underpaid_transfer_is_shown_and_the_sale_waits(qtbot, bank_window, hq):
    window = bank_window
    pay = _to_vietqr(qtbot, window)
    qtbot.wait(300)
    notify(hq, 100_000, pay.qr.purpose)
    qtbot.waitUntil(lambda: pay.transfer_progress.status is TransferStatus.UNDERPAID, timeout=5000)
    assert "100.000" in pay.qr_status.text() and "185.000" in pay.qr_status.text()
    _shot(window, "2-underpaid")
    qtbot.wait(300)
    assert window.stack.currentWidget() is window.payment and pay.draft.tenders == []


def test_back_office_lists_the_days_transfers_with_what_the_bank_said(qtbot, bank_window, hq):
    window = bank_window
    pay = _to_vietqr(qtbot, window)
    qtbot.wait(300)
    notify(hq, 185_000, pay.qr.purpose, bank_reference="FT777")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale, timeout=5000)
    notify(hq, 42_000, "khong co ma", bank_reference="FT778")
    from kiosk.ui.backoffice.transfers import TransfersSection

    section = TransfersSection(window.backoffice.ctx)
    qtbot.addWidget(section)
    qtbot.waitUntil(lambda: section.model.rowCount() == 2 and not section.note.text(), timeout=5000)
    rows = section.model.rows
    assert any("FT777" in r and window.till.last_sale.receipt_no in r for r in rows)
    assert any("FT778" in r for r in rows)
    section.resize(900, 500)
    _shot(section, "4-backoffice")
