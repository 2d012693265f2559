"""The settings an admin edits at the kiosk: shop details, VietQR bank, devices, receipt
language, e-invoices and head office's address, each checked as it is typed and saved together;
and the e-invoice provider's login, kept apart from the settings (never shown back).

Checks live here, not in the screen, so the command line and tests get the same answers and a
screen cannot store a value the till would choke on later (a BIN that makes no VietQR code, a
printer URL no driver opens).
"""

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from hardware.profiles import PROFILES
from kiosk.core.einvoice import rules as einvoice_rules
from kiosk.core.einvoice.credentials import load_credentials, put_credentials
from kiosk.core.einvoice.provider import Credentials
from kiosk.core.einvoice.providers import SCHEMES as EINVOICE_SCHEMES
from kiosk.core.einvoice.providers import check_url as check_einvoice_url
from kiosk.core.errors import DomainError
from kiosk.core.people.permissions import Permission, require
from kiosk.core.records import audit
from kiosk.core.sale.customer_view import SCREEN_CHOICES
from kiosk.core.sale.oversell import OVERSELL_MODES
from kiosk.core.sale.payments import ROUNDING_STEPS_VND
from kiosk.core.sale.receipt import RECEIPT_LANGS
from kiosk.core.settings import Settings
from kiosk.core.sync.service import InvalidHqAddress, SyncService, check_hq_url

# The fields of the settings screen, in its order.
FIELDS = (
    "shop_name",
    "shop_address",
    "shop_tax_code",
    "vietqr_bank_bin",
    "vietqr_account",
    "vietqr_account_name",
    "printer_url",
    "printer_profile",
    "scanner_url",
    "receipt_lang",
    "customer_display",
    "cash_rounding_vnd",
    "oversell",
    "einvoice_enabled",
    "einvoice_url",
    "einvoice_template",
    "einvoice_symbol",
    "einvoice_buyer_days",
    "hq_url",
)
# Opened once at start by the composition root: a change takes effect at the next start.
DEVICE_FIELDS = frozenset({"printer_url", "printer_profile", "scanner_url"})

PRINTER_SCHEMES = ("fake", "escpos+usb", "escpos+serial", "escpos+tcp", "escpos+file")
SCANNER_SCHEMES = ("wedge", "serial", "fake")
MAX_LENGTH = {"shop_name": 80, "shop_address": 200, "vietqr_account_name": 50}
# A buyer may ask for the invoice of a sale up to this many days back (0: the day of the sale).
BUYER_DAYS_MAX = 31
_ON_OFF = {"on": True, "off": False}

# Vietnamese tax code (mã số thuế): 10 digits, a branch's 10-3, or since 2025 a household
# business's 12-digit personal identification number.
_TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?|[0-9]{12}")
_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_NAME_ON_ACCOUNT = re.compile(r"[A-Za-z0-9 .,\-]*")


class InvalidSetting(DomainError):
    """A settings value that cannot be stored (``field``, ``reason``). Reasons: required,
    too_long, tax_code, bank_bin, account, account_name, printer_url, scanner_url, profile,
    language, customer_display, rounding, oversell, on_off, einvoice_url, einvoice_template,
    einvoice_symbol, buyer_days, hq_url, login (the provider's user name or password)."""


class SettingsEditor:
    """State: the settings it edits and the sync service that follows a new head-office address."""

    def __init__(self, settings: Settings, sync: SyncService | None = None):
        self.settings = settings
        self.sync = sync

    def values(self) -> dict[str, str]:
        """The current value of every field, as the screen shows it."""
        return {f: _shown(self.settings[f]) for f in FIELDS}

    @staticmethod
    def profiles() -> list[str]:
        return sorted(PROFILES)

    @staticmethod
    def receipt_languages() -> tuple[str, ...]:
        return RECEIPT_LANGS

    @staticmethod
    def oversell_modes() -> tuple[str, ...]:
        return OVERSELL_MODES

    @staticmethod
    def customer_display_choices() -> tuple[str, ...]:
        return SCREEN_CHOICES

    @staticmethod
    def rounding_steps() -> tuple[int, ...]:
        return ROUNDING_STEPS_VND

    def check(self, field: str, value: str) -> Any:
        """``value`` as it would be stored, or InvalidSetting naming the field and the reason."""
        if field not in FIELDS:
            raise KeyError(field)
        value = " ".join(value.split()) if field in MAX_LENGTH else value.strip()

        def bad(reason: str, **data) -> InvalidSetting:
            return InvalidSetting(field=field, reason=reason, value=value, **data)

        if field in MAX_LENGTH and len(value) > MAX_LENGTH[field]:
            raise bad("too_long", max_length=MAX_LENGTH[field])
        if field == "shop_name" and not value:
            raise bad("required")
        if field == "shop_tax_code" and value and not _TAX_CODE.fullmatch(value):
            raise bad("tax_code")
        if field == "vietqr_bank_bin" and not _BIN.fullmatch(value):
            raise bad("bank_bin")
        if field == "vietqr_account" and not _ACCOUNT.fullmatch(value):
            raise bad("account")
        if field == "vietqr_account_name":
            value = value.upper()
            if not _NAME_ON_ACCOUNT.fullmatch(value):
                raise bad("account_name")
        if field == "printer_url" and not _url_with_scheme(value, PRINTER_SCHEMES):
            raise bad("printer_url", schemes=PRINTER_SCHEMES)
        if field == "scanner_url" and not _url_with_scheme(value, SCANNER_SCHEMES):
            raise bad("scanner_url", schemes=SCANNER_SCHEMES)
        if field == "printer_profile" and value not in PROFILES:
            raise bad("profile")
        if field == "receipt_lang" and value not in RECEIPT_LANGS:
            raise bad("language")
        if field == "customer_display" and value not in SCREEN_CHOICES:
            raise bad("customer_display")
        if field == "cash_rounding_vnd":
            if value not in {str(step) for step in ROUNDING_STEPS_VND}:
                raise bad("rounding", steps=ROUNDING_STEPS_VND)
            return int(value)
        if field == "oversell" and value not in OVERSELL_MODES:
            raise bad("oversell", modes=OVERSELL_MODES)
        if field.startswith("einvoice_"):
            return self._check_einvoice(field, value, bad)
        if field == "hq_url" and value:
            try:
                value = check_hq_url(value)
            except InvalidHqAddress as exc:
                raise bad("hq_url", detail=exc.data.get("reason")) from exc
        return value

    @staticmethod
    def _check_einvoice(field: str, value: str, bad) -> Any:
        """The e-invoice fields, with the rules the queue and the provider apply later."""
        if field == "einvoice_enabled":
            if value not in _ON_OFF:
                raise bad("on_off")
            return _ON_OFF[value]
        if field == "einvoice_buyer_days":
            if not value.isdigit() or int(value) > BUYER_DAYS_MAX:
                raise bad("buyer_days", max_days=BUYER_DAYS_MAX)
            return int(value)
        check = {
            "einvoice_url": check_einvoice_url,
            "einvoice_template": einvoice_rules.check_template,
            "einvoice_symbol": einvoice_rules.check_symbol,
        }[field]
        try:
            return check(value)
        except einvoice_rules.InvalidInvoiceSetup as exc:
            raise bad(field, schemes=EINVOICE_SCHEMES) from exc

    def problems(self, values: Mapping[str, str]) -> dict[str, InvalidSetting]:
        """Every field of ``values`` that does not pass :meth:`check`, with its error."""
        found = {}
        for field, value in values.items():
            try:
                self.check(field, value)
            except InvalidSetting as exc:
                found[field] = exc
        return found

    def changes(self, values: Mapping[str, str]) -> dict[str, Any]:
        """The checked values of ``values`` that differ from what is stored."""
        current = self.values()
        checked = {f: self.check(f, v) for f, v in values.items()}
        return {f: v for f, v in checked.items() if _shown(v) != current[f]}

    def save(self, values: Mapping[str, str], *, by) -> dict[str, Any]:
        """Check every value, then store the changed ones together (audited). Returns them.

        Raises PermissionDenied unless ``by`` may change settings, and the first field's
        InvalidSetting if any is wrong; then nothing is stored. A new head-office address for
        an enrolled terminal moves its token there (the same head office at a new address).
        """
        require(by, Permission.SETTINGS)
        problems = self.problems(values)
        if problems:
            raise next(iter(problems.values()))
        changed = self.changes(values)
        self.settings.set_many(changed, user_id=by.id)
        if "hq_url" in changed and changed["hq_url"] and self.sync is not None:
            self.sync.move(changed["hq_url"])
        return changed

    # -- the e-invoice provider's login ---------------------------------------------------------

    def provider_login(self) -> str:
        """The user name of the stored login, "" when none is; the password is never given."""
        credentials = load_credentials(self.settings.session_factory)
        return credentials.username if credentials.password else ""

    def save_provider_login(self, username: str, password: str, *, by) -> None:
        """Store the provider's login (audited without it). Raises PermissionDenied, or
        InvalidSetting (field ``einvoice_login``, reason ``login``) when either part is empty."""
        require(by, Permission.SETTINGS)
        username = username.strip()
        if not username or not password:
            raise InvalidSetting(field="einvoice_login", reason="login")
        with self.settings.session_factory.begin() as s:
            put_credentials(s, Credentials(username, password))
            audit(s, "einvoice_login_changed", user_id=by.id)


def _shown(value: Any) -> str:
    """A stored value as the screen shows it: on/off for a switch, "" for nothing."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return "" if value is None else str(value)


def _url_with_scheme(url: str, schemes: tuple[str, ...]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and "://" in url and " " not in url
