"""Opening the cash drawer without a sale: the clerk's button for a drawer kick that was
dropped (its receipt did not print at the time of the sale) or for change.

An open drawer is cash within reach, so it needs a manager (alone, or authorising a clerk with
their PIN) and leaves an audit event, written before the drawer is kicked: a kick that fails
still shows that it was asked for.
"""

from sqlalchemy.orm import Session, sessionmaker

from hardware.interfaces import ReceiptPrinter
from kiosk.core.people.permissions import Permission, require_or_authorised
from kiosk.core.records import audit


def open_drawer(
    session_factory: sessionmaker[Session],
    printer: ReceiptPrinter,
    actor,
    *,
    authorised_by=None,
    proofs=None,
    reason: str = "",
) -> None:
    """Audit, then kick the drawer. A clerk needs ``authorised_by``, a manager's proof from
    ``Users.authorise`` that ``proofs`` spends. Raises :class:`AuthorisationRequired` for a clerk
    without a valid proof, and the printer's DeviceError if the kick cannot be sent."""
    manager_id = require_or_authorised(actor, Permission.OPEN_DRAWER, authorised_by, proofs)
    with session_factory.begin() as s:
        audit(
            s,
            "drawer_opened",
            user_id=actor.id,
            authorised_by=manager_id,
            reason=reason,
            printer=printer.name,
        )
    printer.open_drawer()
