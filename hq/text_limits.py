"""The limits both sides keep, without the wire schema's models.

Head office refuses what passes them (:mod:`hq.wire_types` builds its fields on them) and the
kiosk refuses the same when it is typed, so a record the kiosk accepted is never refused
upstream. Apart from :mod:`hq.protocol` so that the kiosk's screens and services can check what is
typed without importing pydantic at start (a fifth of a cold start): the models are loaded when
the terminal first syncs.
"""

# Text limits, in characters.
NAME_MAX = 200  # product and producer names, in every language
SKU_MAX = 40
BARCODE_MAX = 48
NUMBER_MAX = 40  # receipt, refund and statement numbers
DELIVERY_NOTE_MAX = 60  # a producer's delivery note number, as printed on it
REFERENCE_MAX = 80  # a card slip's or a bank transfer's reference
REASON_MAX = 200  # why a void, a refund, a pay-out or an adjustment
NOTE_MAX = 200
BATCH_NO_MAX = 40
# A receipt number as the checkout prints it (terminal code, business date, sequence): what a
# till may ask head office about when a receipt of another till is to be refunded.
RECEIPT_NO_PATTERN = r"^[A-Za-z0-9_.-]{1,16}-[0-9]{8}-[0-9]{1,12}$"
MAX_VND = 1_000_000_000_000
MAX_QUANTITY = 1_000_000_000


def text_refused(value: str, max_len: int, *, required: bool = False) -> str | None:
    """Why head office would refuse ``value`` as a text of at most ``max_len`` characters
    ("empty", "too_long", "nul"), or None when it fits. For the kiosk's own checks."""
    if required and not value:
        return "empty"
    if len(value) > max_len:
        return "too_long"
    if "\x00" in value:
        return "nul"
    return None


MAX_BATCH = 1000  # entries in one push
USER_ENTRY = "user"  # the outbox kind of a till user (hq.protocol_users.UserPayload)
