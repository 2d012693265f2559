"""The back office's print queue: jobs with their state and error, reprint by number or from
the day's list, retries on the timer, and the audited open-drawer button."""

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from hardware.errors import PaperOut
from hardware.fakes import FakePrinter
from kiosk.core.sale.print_queue import PrintQueue
from kiosk.ui.backoffice.print_queue import RowsModel
from kiosk.ui.window import KioskView
from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, sign_in, wedge_scan


@pytest.fixture
def rig(qtbot, till, language):
    printer = FakePrinter()
    queue = PrintQueue(till._sf, till.settings, printer)
    view = KioskView(till, printer, queue=queue)
    view.printing.retry_timer.setInterval(50)
    qtbot.addWidget(view)
    view.resize(1024, 768)
    view.show()
    yield view, queue, printer
    view.close()


def _pay_cash(qtbot, view) -> str:
    wedge_scan(view, FISH_SAUCE)
    click(qtbot, view.sale.pay)
    click(qtbot, view.payment.exact)
    click(qtbot, view.payment.take)
    return view.till.last_sale.receipt_no


def test_failed_receipt_is_printed_by_the_timer_once_the_printer_is_back(qtbot, rig):
    view, queue, printer = rig
    sign_in(qtbot, view)
    printer.fail_next(PaperOut("out", device="fake://"))
    _pay_cash(qtbot, view)
    qtbot.waitUntil(lambda: view.notices.kind == "warning")
    with queue._sf.begin() as s:  # its back-off is over: due now
        from db.models import PrintJob

        for job in s.scalars(select(PrintJob)):
            job.next_attempt_at = None
    qtbot.waitUntil(lambda: queue.pending_count() == 0, timeout=3000)
    assert len(printer.documents) == 1 and printer.drawer_kicks == 0


def test_print_queue_section_lists_jobs_and_reprints_by_number_and_from_the_list(
    qtbot, rig, qtmodeltester
):
    view, queue, printer = rig
    sign_in(qtbot, view, "Minh", "2222")
    printer.fail_next(PaperOut("out of paper", device="fake://"))
    first = _pay_cash(qtbot, view)
    qtbot.waitUntil(lambda: view.notices.kind == "warning")
    click(qtbot, view.backoffice_button)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    section = view.backoffice.show_section("print_queue")
    qtmodeltester.check(section.jobs, force_py=True)
    qtmodeltester.check(section.documents, force_py=True)
    [row] = section.jobs.rows
    assert row[1] == first and "PaperOut" in row[4] and row[2] == "thất bại, sẽ thử lại"
    section.number.setText(first)
    click(qtbot, section.reprint_button)
    qtbot.waitUntil(lambda: queue.pending_count() == 0)
    assert len(printer.documents) == 1  # the waiting job, once
    section.refresh()
    assert section.jobs.rows[0][2] == "đã in"
    section.documents_view.selectRow(0)
    click(qtbot, section.reprint_selected)
    qtbot.waitUntil(lambda: len(printer.documents) == 2)
    assert not printer.documents[-1].opens_drawer


def test_open_drawer_button_kicks_the_drawer_and_leaves_an_audit_event(qtbot, rig):
    view, queue, printer = rig
    sign_in(qtbot, view, "Minh", "2222")
    click(qtbot, view.backoffice_button)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    section = view.backoffice.show_section("print_queue")
    click(qtbot, section.drawer_button)
    qtbot.waitUntil(lambda: printer.drawer_kicks == 1)
    with queue._sf() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.kind == "drawer_opened")).first()


def test_rows_model_shows_a_placeholder_when_empty(qtmodeltester):
    model = RowsModel(lambda: ("A", "B"))
    model.set_rows([], [], "Nothing")
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 1 and model.data(model.index(0, 0)) == "Nothing"


def test_print_queue_without_a_queue_says_so_and_shows_no_dead_buttons(qtbot, till, language):
    view = KioskView(till, FakePrinter())  # no queue: a kiosk set up without one
    qtbot.addWidget(view)
    view.resize(1024, 768)
    view.show()
    sign_in(qtbot, view, "Minh", "2222")
    click(qtbot, view.backoffice_button)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    section = view.backoffice.show_section("print_queue")
    assert section.jobs.data(section.jobs.index(0, 0)) == "Máy bán hàng này không có hàng đợi in."
    visible = [b for b in section._buttons() if b.isVisible()]
    assert not visible and not section.documents_view.isVisible()
    view.close()
