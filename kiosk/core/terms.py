"""Words that receipts, the sale screen and reports share, keyed so callers need not repeat the
English text. They are marked with N_ for extraction and translated per call, in the language
the caller names (a receipt's language is chosen per sale).
"""

from kiosk.i18n import N_, translations

TERMS: dict[str, str] = {
    "receipt": N_("Receipt"),
    "items": N_("Items"),
    "subtotal": N_("Subtotal"),
    "discount": N_("Discount"),
    "vat": N_("VAT"),
    "total": N_("Total"),
    "cash": N_("Cash"),
    "vietqr": N_("Bank transfer (VietQR)"),
    "card": N_("Card"),
    "change": N_("Change"),
    "rounding": N_("Cash rounding"),
    "paid": N_("Amount paid"),
    "thank_you": N_("Thank you"),
}


def term(key: str, lang: str) -> str:
    """The word for ``key`` in ``lang`` ("total", "vi" -> "Tổng cộng"). KeyError if unknown."""
    return translations(lang).gettext(TERMS[key])
