"""Head office's exceptions. They carry data; the CLI and the HTTP layer turn them into text."""


class HqError(Exception):
    """Base of every error head office raises on purpose. Nothing was changed when raised."""

    def __init__(self, **data: object):
        self.data = data
        detail = ", ".join(f"{k}={v!r}" for k, v in data.items())
        super().__init__(f"{type(self).__name__}({detail})")


class TerminalExists(HqError):
    """A terminal with that code is already enrolled or waiting for enrolment."""


class UnknownTerminal(HqError):
    """No terminal with that code."""


class InvalidTerminalCode(HqError):
    """Not a usable terminal code (1 to 16 letters, digits, ``-``, ``_`` or ``.``)."""


class EnrolmentRefused(HqError):
    """The enrolment code is unknown, used already, expired, or its terminal was revoked."""


class OperatorExists(HqError):
    """An operator with that name exists."""


class UnknownOperator(HqError):
    """No operator with that name."""


class WeakPassword(HqError):
    """An operator password shorter than ``min_length``."""


class CatalogueImportFailed(HqError):
    """A catalogue file had bad rows; ``errors`` lists (line, reason). Nothing was written."""


class NotAKioskPackage(HqError):
    """The file is not a readable ocop-kiosk .deb (``path``, ``reason``)."""


class PackageExists(HqError):
    """Head office has that version of the kiosk package already (``version``)."""


class ShopExists(HqError):
    """A shop with that code exists."""


class UnknownShop(HqError):
    """No shop with that code (or id)."""


class InvalidShop(HqError):
    """A shop's ``field`` is not usable (code: 1 to 16 letters, digits, ``-``, ``_``, ``.``;
    name: 1 to 200 characters)."""


class InvalidOperator(HqError):
    """An operator's ``field`` is not usable: the name, the role, or the scope the role needs
    (a shop for a shop manager, a producer for a producer)."""


class UnknownProducer(HqError):
    """No producer with that id."""
