"""Each stock section is built from the back office's context and calls the core as the
manager who answers for the visit."""

from types import SimpleNamespace

import pytest

from kiosk.ui import stock_sections
from kiosk.ui.background import BackgroundOps
from kiosk.ui.notices import Notices
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
    office = SimpleNamespace(session_factory=till._sf, settings=till.settings)
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

