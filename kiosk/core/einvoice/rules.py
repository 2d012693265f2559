"""What the rules ask of an invoice from a cash register, as checks the till makes offline.

Circular 78/2021/TT-BTC art. 4, as amended by Circular 32/2025/TT-BTC: the invoice form
("mẫu số") is one digit (1: VAT invoice, 2: sales invoice); the symbol ("ký hiệu") is six
characters: C (with the tax authority's code) or K (without), the year's last two digits, the
kind of invoice (M: generated from a cash register) and two letters the seller picks. The shop
configures the symbol once; the year in it is the sale's year, so January needs no visit.
"""

import re
from dataclasses import dataclass, replace

from stdnum.exceptions import ValidationError
from stdnum.vn import mst

from kiosk.core.errors import DomainError

FORMS = {"1": "vat", "2": "sales"}
_SYMBOL = re.compile(r"^[CK]\d{2}[A-Z][A-Z]{2}$")
_TEMPLATE = re.compile(r"^[1-2](/[0-9A-Z]{1,8})?$")
_PHONE = re.compile(r"^\+?\d{8,15}$")
_ID_NO = re.compile(r"^\d{9}(\d{3})?$")  # 9-digit ID card or 12-digit citizen ID (CCCD)


class InvalidInvoiceSetup(DomainError):
    """The shop's invoice settings cannot number an invoice (``field``, ``value``)."""


class InvalidBuyer(DomainError):
    """Buyer details an invoice cannot carry (``field``: tax_code, phone, id_no, name)."""


def check_symbol(symbol: str) -> str:
    """``symbol`` upper-cased if it is six characters of the form C25MAA, or InvalidInvoiceSetup."""
    cleaned = symbol.strip().upper()
    if not _SYMBOL.match(cleaned):
        raise InvalidInvoiceSetup(field="einvoice_symbol", value=symbol)
    return cleaned


def check_template(template: str) -> str:
    """The provider's template code: the form digit, optionally "/" and the provider's part."""
    cleaned = template.strip().upper()
    if not _TEMPLATE.match(cleaned):
        raise InvalidInvoiceSetup(field="einvoice_template", value=template)
    return cleaned


def symbol_for_year(symbol: str, year: int) -> str:
    """The configured symbol with the year of the sale in it (C25MAA in 2026 is C26MAA)."""
    cleaned = check_symbol(symbol)
    return f"{cleaned[0]}{year % 100:02d}{cleaned[3:]}"


def form_of(template: str) -> str:
    """ "vat" or "sales": which invoice the template makes (its first digit)."""
    return FORMS[check_template(template)[0]]


@dataclass(frozen=True)
class Buyer:
    """Who the invoice is for. All empty: a consumer who gave nothing ("người mua không lấy
    hóa đơn" is still invoiced, without a name)."""

    name: str = ""
    tax_code: str = ""
    id_no: str = ""
    phone: str = ""
    address: str = ""

    @property
    def is_empty(self) -> bool:
        return not any((self.name, self.tax_code, self.id_no, self.phone, self.address))


def check_buyer(buyer: Buyer) -> Buyer:
    """``buyer`` cleaned, or InvalidBuyer: a tax code must pass its check digit (10 digits, or
    13 with a branch: 0100109106-997), a company (with a tax code) needs its name."""
    clean = replace(
        buyer,
        name=" ".join(buyer.name.split())[:200],
        tax_code="".join(buyer.tax_code.split()),
        id_no="".join(buyer.id_no.split()),
        phone="".join(buyer.phone.split()).replace(".", "").replace("-", ""),
        address=" ".join(buyer.address.split())[:300],
    )
    if clean.tax_code:
        try:
            clean = replace(clean, tax_code=_format_mst(mst.validate(clean.tax_code)))
        except ValidationError as exc:
            raise InvalidBuyer(field="tax_code", value=buyer.tax_code) from exc
        if not clean.name:
            raise InvalidBuyer(field="name", value="")
    if clean.phone and not _PHONE.match(clean.phone):
        raise InvalidBuyer(field="phone", value=buyer.phone)
    if clean.id_no and not _ID_NO.match(clean.id_no):
        raise InvalidBuyer(field="id_no", value=buyer.id_no)
    return clean


def tax_code_of(text: str) -> str:
    """``text`` as a printed tax code if it is a valid one (check digit included), else ""."""
    try:
        return _format_mst(mst.validate("".join(text.split())))
    except ValidationError:
        return ""


def _format_mst(digits: str) -> str:
    """The tax code as printed: 0100109106 or 0100109106-997."""
    return digits if len(digits) == 10 else f"{digits[:10]}-{digits[10:]}"
