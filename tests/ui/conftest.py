"""The kiosk window on a copy of the demo database, with a fake printer that renders receipts."""

import pytest

from hardware.fakes import FakePrinter
from kiosk import i18n
from kiosk.ui.application import make_application
from kiosk.ui.shared.printing import bold_font_path, font_path
from kiosk.ui.window import KioskView
from tests.demo_till import build_template, open_till


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("demo") / "template.sqlite3")


@pytest.fixture
def till(demo_template, tmp_path):
    return open_till(demo_template, tmp_path)


@pytest.fixture
def printer():
    return FakePrinter()


@pytest.fixture
def rendering_printer():
    return FakePrinter(font_path=font_path(), bold_font_path=bold_font_path())


@pytest.fixture
def language():
    """Vietnamese at the start of each test, and left so after it."""
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def window(qtbot, qapp, till, printer, language):
    make_application()
    view = KioskView(till, printer)
    qtbot.addWidget(view)
    view.resize(1024, 768)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.close()
