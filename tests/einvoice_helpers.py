"""E-invoices in tests: a demo till with the feature on, and the local provider server."""

from kiosk.core.einvoice.credentials import save_credentials
from kiosk.core.einvoice.provider import Credentials
from kiosk.core.einvoice.queue import InvoiceQueue
from kiosk.core.sale.till import Till
from tests.demo_till import FISH_SAUCE, PEPPER_ITEM

SHOP_TAX_CODE = "0100109106"


def invoicing(till: Till, url: str = "local://test", **settings) -> InvoiceQueue:
    """Turn e-invoices on at ``till`` with the provider at ``url``; its queue."""
    till.settings.set_many(
        {
            "einvoice_enabled": True,
            "einvoice_url": url,
            "shop_tax_code": SHOP_TAX_CODE,
            "shop_address": "1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
            **settings,
        }
    )
    save_credentials(till._sf, Credentials(SHOP_TAX_CODE, "secret"))
    return InvoiceQueue(till._sf, till.settings)


def sell(till: Till, *, buyer=None, weighed: bool = False):
    """A cash sale of fish sauce (and pepper by weight), by Lan."""
    if not till.signed_in:
        till.sign_in("Lan", "1111")
    till.scan(FISH_SAUCE)
    if weighed:  # 250 g of pepper at 8 % beside the fish sauce
        till.add(till.scan(PEPPER_ITEM).needs_weight, 250)
    draft = till.begin_payment()
    draft.add_cash(draft.due_vnd)
    return till.complete(draft, buyer=buyer)
