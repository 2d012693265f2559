"""Every error the core can raise has its own translated message; nothing escapes a slot."""

import pytest

from kiosk.core import errors
from kiosk.core.errors import DomainError
from kiosk.ui.shared.messages import MESSAGES, message_for
from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import sign_in, wedge_scan


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_domain_error_has_a_message_of_its_own():

    missing = [cls.__name__ for cls in _subclasses(DomainError) if cls not in MESSAGES]
    assert missing == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_messages_are_translated_and_filled_in(lang, language):
    from kiosk import i18n

    i18n.set_language(lang)
    text = message_for(errors.WrongPin(name="Lan", attempts_left=2))
    assert "2" in text
    short = message_for(errors.PaymentShort(total_vnd=100_000, missing_vnd=15_000))
    assert ("15.000" if lang == "vi" else "15,000") in short
    if lang == "vi":
        assert text != "Wrong PIN. 2 tries left before the lock."


def test_unexpected_error_in_a_slot_leaves_window_and_cart(qtbot, window, monkeypatch):
    from kiosk.ui.application import install_excepthook

    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)

    def broken(*_args, **_kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(window.till, "scan", broken)
    import sys

    with qtbot.captureExceptions() as caught:
        window.wedge.scanned.emit("8939101000027")  # as a scan reaches the slot
    assert caught and isinstance(caught[0][1], RuntimeError)
    saved = sys.excepthook
    try:
        install_excepthook(window)
        sys.excepthook(*caught[0])
        qtbot.waitUntil(lambda: window.notices.kind == "warning")
    finally:
        sys.excepthook = saved
    assert window.isVisible()
    assert window.till.cart.lines[0].quantity == 1
