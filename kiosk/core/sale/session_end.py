"""The end of a till session (SIGTERM, the window closed): nothing on the till is lost and the
database is left as a clean stop leaves it.

- A cart with goods is parked (on disk): the next start offers it for recall.
- A payment in progress is not a sale: a sale is on disk the moment it is shown as paid, and
  until then nothing of it was written. Its cart is parked like any other, so the clerk can
  recall it and take the payment again; the tenders entered so far are logged as a warning,
  because a card or transfer the customer already made must be matched by hand.
- The WAL is checkpointed into the database file and truncated, and the engine disposed: the
  next start sees a clean stop (db.engine.left_unclean) and a backup copy of the file alone is
  whole.
"""

import logging
from dataclasses import dataclass

from kiosk.core.sale.tendering import PaymentDraft
from kiosk.core.sale.till import Till

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionEnd:
    """What ending the session did: lines parked (0: the till was empty), whether a payment was
    interrupted, and whether the WAL was checkpointed whole."""

    parked_lines: int
    payment_interrupted: bool
    checkpointed: bool


def end_session(till: Till, *, payment: PaymentDraft | None = None, reason: str = "") -> SessionEnd:
    """Park the till's cart, sign its clerk out, checkpoint the WAL and close the database.
    ``payment``: the draft of a payment the screen was taking, if any."""
    cart = till.cart
    lines = len(cart.lines) if cart is not None else 0
    interrupted = payment is not None and bool(payment.tenders) and lines > 0
    if interrupted:
        assert payment is not None
        log.warning(
            "payment interrupted by the end of the session, not recorded: %s; the cart is "
            "parked for recall",
            ", ".join(_tender(t) for t in payment.tenders),
        )
    till.sign_out()  # parks a cart with lines
    checkpointed = checkpoint(till)
    log.info(
        "session ended%s: %s, %s",
        f" ({reason})" if reason else "",
        f"cart parked ({lines} line{'s' if lines > 1 else ''})" if lines else "no cart to park",
        "WAL checkpointed" if checkpointed else "WAL checkpoint incomplete",
    )
    return SessionEnd(lines, interrupted, checkpointed)


def checkpoint(till: Till) -> bool:
    """Copy the WAL into the database file, truncate it, and close every connection."""
    sf = till.session_factory
    if sf is None:
        return False
    engine = sf.kw["bind"]
    with engine.connect() as con:
        busy, _log_frames, _moved = con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    engine.dispose()
    return busy == 0


def _tender(tender) -> str:
    amount = getattr(tender, "amount_vnd", None) or getattr(tender, "tendered_vnd", 0)
    reference = getattr(tender, "reference", "")
    return f"{type(tender).__name__.lower()} {amount} VND" + (
        f" ref {reference}" if reference else ""
    )
