"""The print queue as the clerk meets it: one copy per receipt, no late drawer, retries on a
timer, 'sent, not confirmed' for printers that cannot say, reprints by number after a restart."""

import datetime as dt

import pytest
from sqlalchemy import event, select

from db.models import AuditEvent, PrintJob
from hardware.errors import PaperOut
from hardware.fakes import FakePrinter
from hardware.interfaces import PrinterStatus
from kiosk.core.errors import AuthorisationRequired
from kiosk.core.people.permissions import Permission
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.drawer import open_drawer
from kiosk.core.sale.payments import Cash
from kiosk.core.sale.print_history import documents_of_day, jobs_of_day, reprint
from kiosk.core.sale.print_queue import PrintQueue, retry_delay
from kiosk.core.sale.receipt import UnknownSale
from tests.factories import make_product

pytestmark = pytest.mark.usefixtures("shift")  # a sale needs an open shift

T0 = dt.datetime(2025, 9, 2, 3, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def sell(session_factory, settings, clerk, clock):
    item = make_product(session_factory, price_vnd=50_000, stock=1_000)
    checkout = Checkout(session_factory, settings, clock=clock)

    def sell(*, print_receipt: bool = True):
        cart = Cart(clerk)
        cart.add(item)
        return checkout.complete(cart, [Cash(100_000)], print_receipt=print_receipt)

    return sell


def test_sale_and_its_print_job_are_written_in_one_commit(session_factory, sell, engine):
    engine.dispose()  # new connections, so that each one reports what it runs
    statements: list[str] = []

    @event.listens_for(engine, "connect")
    def trace(dbapi_connection, _record):
        dbapi_connection.set_trace_callback(statements.append)

    sale = sell()
    assert sum(s.strip().upper() == "COMMIT" for s in statements) == 1
    with session_factory() as s:
        job = s.scalar(select(PrintJob).where(PrintJob.sale_id == sale.id))
    assert job.id == sale.print_job_id and job.status == "queued" and job.open_drawer


def test_reprint_of_a_failed_cash_receipt_prints_one_copy_and_no_late_drawer(
    session_factory, settings, sell, clock
):
    printer = FakePrinter()
    queue = PrintQueue(session_factory, settings, printer, clock=clock)
    sale = sell()
    printer.fail_next(PaperOut("paper out", device="fake://"))
    assert queue.process() == 0
    # The clerk loads paper and presses Reprint: the waiting job goes, not a second one.
    assert queue.enqueue_receipt(sale.id, reprint=True) == sale.print_job_id
    assert queue.process() == 1
    assert len(printer.documents) == 1
    assert printer.drawer_kicks == 0 and not printer.documents[0].opens_drawer
    assert queue.pending() == []


def test_a_drawer_kick_is_dropped_for_jobs_stuck_behind_a_fault(
    session_factory, settings, sell, clock
):
    printer = FakePrinter()
    queue = PrintQueue(session_factory, settings, printer, clock=clock)
    sell(), sell()  # two cash sales while the printer is off
    printer.state = PrinterStatus.OFFLINE
    assert queue.process() == 0
    printer.state = PrinterStatus.READY  # back an hour later: both receipts, no drawer
    clock.advance(3600)
    assert queue.process() == 2
    assert printer.drawer_kicks == 0
    assert not any(d.opens_drawer for d in printer.documents)


def test_a_drawer_kick_is_dropped_for_jobs_left_before_a_restart(session_factory, settings, sell):
    sell()  # the kiosk stopped before the receipt was printed
    printer = FakePrinter()
    assert PrintQueue(session_factory, settings, printer).process() == 1
    assert printer.drawer_kicks == 0


def test_failed_job_is_retried_on_its_own_once_due_backing_off(
    session_factory, settings, sell, clock
):
    printer = FakePrinter()
    queue = PrintQueue(session_factory, settings, printer, clock=clock)
    sell()
    printer.fail_next(PaperOut("paper out", device="fake://"))
    queue.process()
    printer.fail_next(PaperOut("still out", device="fake://"))
    clock.advance(1)
    assert queue.process() == 0 and queue.pending()[0].attempts == 1  # not due: not tried
    clock.advance(retry_delay(1).total_seconds())
    assert queue.process() == 0 and queue.pending()[0].attempts == 2
    assert queue.next_attempt_at() == clock.now + dt.timedelta(seconds=10)
    clock.advance(9)
    assert queue.process() == 0 and len(printer.documents) == 0
    clock.advance(1)
    assert queue.process() == 1 and len(printer.documents) == 1
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 10)] == [5, 10, 20, 300]


def test_once_a_receipt_prints_the_jobs_backing_off_follow(session_factory, settings, sell, clock):
    printer = FakePrinter()
    queue = PrintQueue(session_factory, settings, printer, clock=clock)
    sell()
    printer.fail_next(PaperOut("paper out", device="fake://"))
    queue.process()
    sell()  # paper loaded; the next sale prints, and the waiting receipt with it
    assert queue.process() == 2 and queue.pending() == []


def test_printer_that_cannot_confirm_leaves_the_job_sent_not_printed(
    session_factory, settings, sell
):
    queue = PrintQueue(session_factory, settings, FakePrinter("generic-58"))
    sale = sell()
    result = queue.run()
    assert (result.printed, result.sent) == (0, 1)
    [job] = jobs_of_day(queue, sale.created_at.date())
    assert job.status == "sent" and queue.pending() == []


def test_day_list_and_reprint_by_number_survive_a_restart(session_factory, settings, sell, clock):
    first = PrintQueue(session_factory, settings, FakePrinter(), clock=clock)
    a = sell()
    clock.advance(60)
    b = sell()
    first.process()
    printer = FakePrinter()
    restarted = PrintQueue(session_factory, settings, printer, clock=clock)
    day = dt.date(2025, 9, 2)
    numbers = [d.number for d in documents_of_day(restarted, day)]
    assert numbers == [b.receipt_no, a.receipt_no]
    assert [j.status for j in jobs_of_day(restarted, day)] == ["printed", "printed"]
    reprint(restarted, a.receipt_no)
    restarted.process()
    assert len(printer.documents) == 1 and printer.drawer_kicks == 0
    with pytest.raises(UnknownSale):
        reprint(restarted, "K01-20250902-9999")


def test_opening_the_drawer_needs_a_manager_and_is_audited(session_factory, users, clerk, manager):
    printer = FakePrinter()
    with pytest.raises(AuthorisationRequired):
        open_drawer(session_factory, printer, clerk)
    with pytest.raises(AuthorisationRequired):  # a manager's Actor is no authorisation
        open_drawer(session_factory, printer, clerk, authorised_by=manager, proofs=users.proofs)
    assert printer.drawer_kicks == 0
    proof = users.authorise(Permission.OPEN_DRAWER, "2222", for_actor=clerk)
    open_drawer(
        session_factory, printer, clerk, authorised_by=proof, proofs=users.proofs, reason="change"
    )
    assert printer.drawer_kicks == 1
    with session_factory() as s:
        [ev] = s.scalars(select(AuditEvent).where(AuditEvent.kind == "drawer_opened")).all()
    assert ev.user_id == clerk.id and ev.authorised_by == manager.id
