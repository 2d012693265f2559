"""The refund section's parts that hold no state: finding a sale by number, the reasons
offered, the two-way toggles, and the header that describes the sale on screen."""

from PySide6.QtWidgets import QButtonGroup

from kiosk.core.cash.refundable import SaleForRefund
from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.receipt import UnknownSale
from kiosk.i18n import _
from kiosk.ui.backoffice.widgets import method_name, touch_button
from kiosk.ui.shared import text


def look_up(office, number: str, visit) -> tuple[SaleForRefund | None, list]:
    """The sale of that exact number (this till's, or another till's from head office), else
    None and the sales of this till whose number contains it. May wait on the network."""
    try:
        return office.find_sale(number, visit), []
    except UnknownSale:
        found = office.refunds.search(number)
        if len(found) != 1:
            return None, found
    return office.find_sale(found[0].receipt_no, visit), []


def refund_reasons() -> tuple[str, ...]:
    return (
        _("Customer changed their mind"),
        _("Damaged or faulty"),
        _("Wrong item"),
        _("Wrong price"),
    )


def toggle(labels: tuple[str, ...], parent) -> tuple[QButtonGroup, list]:
    group = QButtonGroup(parent)
    buttons = []
    for i, name in enumerate(labels):
        b = touch_button(name, "choice", 48)
        b.setCheckable(True)
        group.addButton(b, i)
        buttons.append(b)
    buttons[0].setChecked(True)
    return group, buttons


def voidable_here(sale: SaleForRefund) -> bool:
    """Voided only at its own till, and never once refunded (here or at another till): the
    void would pay those goods back a second time."""
    return not (sale.sold_at or sale.refunds or sale.refunded_elsewhere_vnd)


def header_text(sale: SaleForRefund | None) -> str:
    """What the manager reads above the lines: the sale, how it was paid, and why it may not be
    voided or refunded (another till's, voided, refunded before)."""
    if sale is None:
        return _("Scan the receipt's barcode, type its number or pick a sale.")
    when = sale.created_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
    paid = ", ".join(f"{method_name(m)}: {text.money(v)}" for m, v in sale.payments)
    lines = [
        f"{sale.receipt_no} · {when} · {sale.clerk}",
        _("Total %(total)s · paid %(paid)s") % {"total": text.money(sale.total_vnd), "paid": paid},
    ]
    if sale.sold_at:
        lines.append(
            _("Sold at till %(till)s: the refund is made at this till.") % {"till": sale.sold_at}
        )
    if sale.status == "voided":
        lines.append(_("This sale was voided."))
    if sale.refunds:
        lines.append(_("Refunded before: %(list)s") % {"list": ", ".join(sale.refunds)})
    if sale.refunded_elsewhere_vnd:
        lines.append(
            _("Refunded at other tills: %(amount)s")
            % {"amount": text.money(sale.refunded_elsewhere_vnd)}
        )
    return "\n".join(lines)
