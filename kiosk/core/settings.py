"""Terminal settings kept in the ``settings`` table, with typed defaults.

Only keys listed in :data:`DEFAULTS` exist; reading one that was never stored gives its default.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Setting
from kiosk.core.records import audit

DEFAULTS: dict[str, Any] = {
    "terminal_code": "K01",
    "shop_name": "Cửa hàng OCOP",
    "shop_address": "",
    "shop_tax_code": "",
    "vietqr_bank_bin": "970436",
    "vietqr_account": "0000000000",
    "vietqr_account_name": "",
    # A clerk may give up to this share of an amount as discount without a manager.
    "clerk_discount_limit_pct": 10,
    "pin_max_attempts": 5,
    "pin_lock_minutes": 5,
    # A clerk let into the back office by a manager's PIN is let out after this long.
    "backoffice_visit_minutes": 15,
    # Daily online backups of the database (see docs/security.md): how often, how many to keep,
    # and a second folder (a USB stick, a network share) that gets a copy of each.
    "backup_interval_hours": 24,
    "backup_keep": 14,
    "backup_second_dir": "",
    # Outbox entries head office confirmed keep their payload this long, then only their ids.
    "outbox_keep_days": 30,
    "receipt_lang": "vi",
    # Selling more than is on hand: "warn" (the line is added, the clerk is told) or "refuse".
    "oversell": "warn",
    # The customer display (kiosk.core.sale.customer_view): off, auto (a second screen when
    # there is one) or a screen's number from 1.
    "customer_display": "auto",
    # Cash paid is rounded to this many đồng (0, 500 or 1000; see kiosk.core.sale.payments).
    "cash_rounding_vnd": 0,
    # Devices, by URL (see docs/hardware.md): fake:// needs no hardware.
    "printer_url": "fake://",
    "printer_profile": "generic-80",
    "scanner_url": "wedge://",
    # Head office (see docs/hq.md): the address the terminal enrolled at, and a CA file to trust
    # when head office's certificate is its own. The token lives in sync_state, not here.
    "hq_url": "",
    "hq_ca_file": "",
    # E-invoices from the till (see docs/einvoice.md): on or off, the provider by URL (local://
    # needs no network), the template and symbol the provider registered (the symbol's year is
    # the sale's), and how many days back a buyer may still ask. The account is in sync_state.
    "einvoice_enabled": False,
    "einvoice_url": "local://",
    "einvoice_template": "1/001",
    "einvoice_symbol": "C25MAA",
    "einvoice_buyer_days": 7,
    # Variable-measure EAN-13 (prefix 20-29): what the embedded value means, per prefix.
    "scale_layout": {
        **{str(p): {"kind": "price", "item_digits": 5, "value_digits": 5} for p in range(20, 25)},
        **{str(p): {"kind": "weight", "item_digits": 5, "value_digits": 5} for p in range(25, 30)},
    },
}


class Settings(Mapping[str, Any]):
    """A read-mostly view of the settings table; values are cached after the first read."""

    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory
        self._cache: dict[str, Any] | None = None

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """The database the settings live in (the settings editor keeps the provider's login
        beside them, in sync_state)."""
        return self._sf

    def _load(self) -> dict[str, Any]:
        if self._cache is None:
            with self._sf() as s:
                stored = {k: v for k, v in s.execute(select(Setting.key, Setting.value))}
            self._cache = {**DEFAULTS, **{k: v for k, v in stored.items() if k in DEFAULTS}}
        return self._cache

    def __getitem__(self, key: str) -> Any:
        return self._load()[key]

    def __iter__(self):
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def set(self, key: str, value: Any) -> None:
        self.set_many({key: value})

    def set_many(self, values: Mapping[str, Any], *, user_id=None) -> None:
        """Store ``values`` in one transaction; with ``user_id``, audit the change (key names
        only) in the same transaction, so head office learns who changed the shop's details."""
        unknown = [k for k in values if k not in DEFAULTS]
        if unknown:
            raise KeyError(unknown[0])
        with self._sf.begin() as s:
            for key, value in values.items():
                s.merge(Setting(key=key, value=value))
            if user_id is not None and values:
                audit(s, "settings_changed", user_id=user_id, keys=sorted(values))
        self._cache = None
