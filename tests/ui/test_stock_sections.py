"""Each stock section is built from the back office's context and calls the core as the
manager who answers for the visit."""

import datetime as dt
from types import SimpleNamespace

import pytest

from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.notices import Notices
from kiosk.ui.stock import sections as stock_sections
from tests.demo_till import FISH_SAUCE

FACTORIES = [
    stock_sections.receipts,
    stock_sections.counts,
    stock_sections.adjustments,
    stock_sections.products,
    stock_sections.low_stock,
    stock_sections.producers,
    stock_sections.labels,
]


@pytest.fixture
def office_ctx(qapp, till, language):
    manager = till.sign_in("Minh", "2222")
    visit = SimpleNamespace(actor=manager, manager=None, responsible=manager)
    office = SimpleNamespace(session_factory=till.session_factory, settings=till.settings)
    return SimpleNamespace(
        office=office, visit=lambda: visit, notices=Notices(), ops=BackgroundOps()
    )


@pytest.mark.parametrize("factory", FACTORIES)
def test_section_when_built_from_the_back_office_context_shows_its_screen(
    qtbot, office_ctx, factory
):
    widget = factory(office_ctx)
    qtbot.addWidget(widget)
    assert widget.title.text()
    if hasattr(widget, "refresh"):
        widget.refresh()
    assert office_ctx.notices.kind != "error", office_ctx.notices.text


def test_section_when_nobody_answers_for_the_visit_refuses_to_act(qtbot, office_ctx):
    office_ctx.visit = lambda: None
    screen = stock_sections.counts(office_ctx)
    qtbot.addWidget(screen)
    screen.start_count()
    assert office_ctx.notices.kind == "error"
    assert screen.sheet is None


def test_count_section_when_scanned_counts_as_the_visit_s_manager(qtbot, office_ctx):
    screen = stock_sections.counts(office_ctx)
    qtbot.addWidget(screen)
    screen.scope.setCurrentIndex(screen.scope.findData("shop"))
    screen.start_count()
    screen.scan(FISH_SAUCE)
    assert screen.sheet.lines[0].counted == 1


@pytest.fixture
def view(qtbot, qapp, till, printer, language, tmp_path):
    from kiosk.core.backoffice import BackOffice
    from kiosk.ui.application import make_application
    from kiosk.ui.window import KioskView

    make_application()
    office = BackOffice(till.session_factory, till.settings, till.users, documents_dir=tmp_path)
    w = KioskView(till, printer, office=office)
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_back_office_when_a_delivery_is_scanned_receives_it_into_stock(qtbot, view):
    from tests.ui.helpers import click, sign_in, wedge_scan

    sign_in(qtbot, view, "Minh", "2222")
    click(qtbot, view.backoffice_button)
    assert view.stack.currentWidget() is view.backoffice
    screen = view.backoffice.show_section("receipts")
    fish = screen.ctx.stock.receipts.find(FISH_SAUCE)
    before = screen.ctx.stock.products.get(fish).on_hand
    producer = screen.ctx.stock.products.get(fish).producer_id
    screen.producer.setCurrentIndex(screen.producer.findData(str(producer)))
    click(qtbot, screen.new)
    wedge_scan(view, FISH_SAUCE)  # through the window's scanner path to the section shown
    wedge_scan(view, FISH_SAUCE)
    assert screen.receipt.lines[0].quantity == 2
    screen.editor.cost.setText("100000")
    screen.editor.expiry.set_value(dt.date.today() + dt.timedelta(days=365))
    click(qtbot, screen.editor.save)
    click(qtbot, screen.confirm_button)
    click(qtbot, screen.dialog.yes)
    assert screen.ctx.stock.products.get(fish).on_hand == before + 2
    assert view.backoffice.buttons["labels"].text() == "In tem"


def test_scan_while_the_product_form_is_open_goes_into_its_barcode_field(qtbot, view):
    from tests.ui.helpers import click, sign_in, wedge_scan

    sign_in(qtbot, view, "Minh", "2222")
    click(qtbot, view.backoffice_button)
    screen = view.backoffice.show_section("products")
    screen.filter.setText("")
    screen.add()
    form = screen.dialog
    form.name_vi.setFocus()  # the clerk is typing the name when the product's code is scanned
    wedge_scan(view, "8930000000422")
    assert form.new_code.text() == "8930000000422"
    assert form.name_vi.text() == ""
    assert screen.filter.text() == ""  # not the products list behind the form


def test_scan_while_a_dialog_without_a_barcode_field_is_open_adds_nothing(qtbot, view):
    from tests.ui.helpers import click, sign_in, wedge_scan

    sign_in(qtbot, view, "Lan", "1111")
    click(qtbot, view.backoffice_button)  # a clerk: the manager's PIN prompt opens
    assert view.dialog is not None
    wedge_scan(view, FISH_SAUCE)
    assert view.till.cart.is_empty
    assert view.dialog.entry.text() == ""
