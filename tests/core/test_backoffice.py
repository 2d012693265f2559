"""The back office without a window: who enters, a clerk's shift opened with a manager's PIN,
actions of a clerk's visit authorised by the manager who let them in, documents saved."""

import datetime as dt

import pytest

from kiosk.core.backoffice import BackOffice, Visit, may_enter
from kiosk.core.errors import AuthorisationRequired, InvalidCashCount, WrongPin


@pytest.fixture
def office(session_factory, settings, users, tmp_path):
    return BackOffice(session_factory, settings, users, documents_dir=tmp_path / "docs")


def test_manager_enters_alone_and_a_clerk_only_with_a_manager_pin(office, manager, clerk, admin):
    assert may_enter(manager) and may_enter(admin) and not may_enter(clerk)
    assert office.enter(manager) == Visit(manager)
    with pytest.raises(AuthorisationRequired):
        office.enter(clerk)
    with pytest.raises(WrongPin):
        office.enter(clerk, "1111")  # her own PIN: wrong, and counted
    visit = office.enter(clerk, "2222")
    assert visit.actor == clerk and visit.manager.name == "Minh"
    assert visit.responsible == visit.manager


def test_clerk_opens_a_shift_with_the_float_counted_when_a_manager_gives_a_pin(
    office, clerk, manager
):
    notes = {500_000: 1, 100_000: 2, 10_000: 5}
    with pytest.raises(AuthorisationRequired):
        office.open_shift(clerk, notes)
    assert office.current_shift() is None
    shift = office.open_shift(clerk, notes, manager_pin="2222")
    assert shift.float_vnd == 750_000 and office.current_shift().id == shift.id


def test_a_count_with_an_unknown_note_opens_nothing(office, manager):
    with pytest.raises(InvalidCashCount):
        office.open_shift(manager, {300_000: 1})
    assert office.current_shift() is None


def test_clerk_visit_closes_a_shift_and_ends_the_day_under_the_manager(office, clerk, manager):
    office.open_shift(manager, {100_000: 5})
    visit = office.enter(clerk, "2222")
    office.pay_out(visit, 20_000, "Mua đá")
    assert office.x_report().expected_cash_vnd == 480_000
    closed = office.close_shift(visit, {100_000: 4, 50_000: 1, 20_000: 1})
    assert closed.difference_vnd == -10_000
    assert office.z_pending()
    z = office.end_day(visit)
    assert z.z_no == 1 and not office.z_pending()
    pdf = office.save_cash_pdf(z, "vi")
    assert pdf.name.startswith("z0001-") and pdf.read_bytes().startswith(b"%PDF")


def test_report_exports_csv_with_a_bom_for_spreadsheets(office, manager):
    today = dt.date(2026, 11, 30)
    table = office.report(Visit(manager), "by_day", today, today, "vi")
    path = office.export_csv(table, today, today, "vi")
    assert path.name == "by_day-20261130-20261130-vi.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfNg")
