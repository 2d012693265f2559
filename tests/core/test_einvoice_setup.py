"""The e-invoice settings and the provider's login as the settings editor stores them: checked
like the queue will use them, the login only for an admin, and a login fixed after a refusal
taken by the running queue without a restart."""

import pytest
from sqlalchemy import select

from db.models import EInvoice
from kiosk.core.einvoice.queue import InvoiceQueue
from kiosk.core.einvoice.server import ProviderServer
from kiosk.core.errors import PermissionDenied
from kiosk.core.settings_editor import InvalidSetting, SettingsEditor
from tests.einvoice_helpers import SHOP_TAX_CODE, sell


def _admin(till):
    till.sign_in("Hà", "9999")
    return till.actor


def test_einvoice_fields_are_checked_as_the_queue_uses_them(till):
    editor = SettingsEditor(till.settings)
    assert editor.values()["einvoice_enabled"] == "off"
    assert editor.check("einvoice_symbol", " c26mab ") == "C26MAB"
    assert editor.check("einvoice_template", "2/001") == "2/001"
    assert editor.check("einvoice_url", "viettel://api-vinvoice.viettel.vn")
    assert editor.check("einvoice_buyer_days", "0") == 0
    for field, bad in (
        ("einvoice_enabled", "yes"),
        ("einvoice_symbol", "C2025M"),
        ("einvoice_template", "01/001"),
        ("einvoice_url", "viettel://"),  # no host
        ("einvoice_url", "vnpt://x"),  # no client for it
        ("einvoice_buyer_days", "-1"),
        ("einvoice_buyer_days", "32"),
    ):
        with pytest.raises(InvalidSetting) as caught:
            editor.check(field, bad)
        assert caught.value.data["field"] == field
    saved = editor.save({"einvoice_enabled": "on", "einvoice_buyer_days": "3"}, by=_admin(till))
    assert saved == {"einvoice_enabled": True, "einvoice_buyer_days": 3}
    assert editor.changes({"einvoice_enabled": "on"}) == {}


def test_provider_login_only_by_an_admin_and_never_given_back(till):
    editor = SettingsEditor(till.settings)
    till.sign_in("Minh", "2222")
    with pytest.raises(PermissionDenied):
        editor.save_provider_login("user", "pw", by=till.actor)
    admin = _admin(till)
    with pytest.raises(InvalidSetting):
        editor.save_provider_login("user", "", by=admin)
    assert editor.provider_login() == ""
    editor.save_provider_login(" user ", "pw", by=admin)
    assert editor.provider_login() == "user"


def test_login_fixed_after_a_refusal_is_taken_by_the_running_queue(till):
    server = ProviderServer(username=SHOP_TAX_CODE, password="right").start()
    try:
        editor = SettingsEditor(till.settings)
        admin = _admin(till)
        editor.save(
            {"einvoice_enabled": "on", "einvoice_url": server.url, "shop_tax_code": SHOP_TAX_CODE},
            by=admin,
        )
        editor.save_provider_login(SHOP_TAX_CODE, "wrong", by=admin)
        queue = InvoiceQueue(till._sf, till.settings)
        sell(till)
        assert queue.send_due().failed == 1
        assert "AUTH" in queue.status().last_error
        editor.save_provider_login(SHOP_TAX_CODE, "right", by=admin)
        queue.retry(_failed_id(till), by=admin)
        assert queue.send_due().issued == 1
        assert len(server.book.invoices) == 1
    finally:
        server.stop()


def _failed_id(till):
    with till._sf() as s:
        return s.scalar(select(EInvoice.id).where(EInvoice.status == "failed"))
