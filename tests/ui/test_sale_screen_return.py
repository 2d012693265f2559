"""What the till does on the GUI thread once a sale is paid: the clerk waits on it at every
sale (issue 18), so the screen comes back without reading what the sale cannot have changed."""

from kiosk.i18n import _
from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, sign_in, wedge_scan


def _to_sync(n: int) -> str:
    return _("To sync: %(n)d sales") % {"n": n}


def _count_reads(monkeypatch, till) -> list[str]:
    reads: list[str] = []
    shift, pending = till.open_shift, till.pending_sync
    monkeypatch.setattr(till, "open_shift", lambda: reads.append("shift") or shift())
    monkeypatch.setattr(till, "pending_sync", lambda: reads.append("outbox") or pending())
    return reads


def test_paid_sale_when_the_screen_returns_counts_it_without_reading_shift_or_outbox(
    qtbot, window, printer, monkeypatch
):
    sign_in(qtbot, window)
    status = window.status
    assert status.labels["sync"].text() == _to_sync(0)
    shift_label = status.labels["shift"].text()
    reads = _count_reads(monkeypatch, window.till)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    click(qtbot, window.payment.quick_buttons[3][1])
    click(qtbot, window.payment.take)
    qtbot.waitUntil(lambda: len(printer.documents) == 1)  # the printer's states came back too
    assert window.stack.currentWidget() is window.sale
    assert window.sale.last_change.text().endswith("315.000\xa0₫")
    assert status.labels["sync"].text() == _to_sync(1)
    assert status.labels["shift"].text() == shift_label
    assert not window.sale.shift_bar.isVisible()
    assert reads == []
    status.refresh()  # the regular redraw reads both, and agrees
    assert reads == ["shift", "outbox"]
    assert status.labels["sync"].text() == _to_sync(1)
    assert status.labels["shift"].text() == shift_label
