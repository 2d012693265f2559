"""The manager's producer service: add and edit the makers the shop buys from or sells for.

A producer's bank account is what the consignment settlement pays into, so it is checked as a
VietQR transfer needs it (a six-digit bank BIN from resources/banks.tsv and an account number
of digits). Each write is one transaction with its audit event and a ``producer`` outbox
entry for head office.
"""

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import PRODUCER_KINDS, Producer, Province
from hq.text_limits import NAME_MAX, text_refused
from kiosk.core import errors
from kiosk.core.people.permissions import Permission, require
from kiosk.core.records import audit, enqueue
from kiosk.core.textfold import fold

FIELDS = (
    "name",
    "kind",
    "province_code",
    "address",
    "phone",
    "tax_code",
    "bank_bin",
    "bank_account",
)
_PHONE = re.compile(r"\+?[0-9][0-9 .\-]{6,38}")
_TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?")  # enterprise code, or a branch's 10-3 form
_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{4,19}")


@dataclass(frozen=True)
class ProducerInfo:
    id: uuid.UUID
    name: str
    kind: str
    province_code: int | None
    province: str
    address: str
    phone: str
    tax_code: str
    bank_bin: str
    bank_account: str


def check_producer(s: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` cleaned (text trimmed), or InvalidProducer naming the first bad one."""
    out = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    name = out.get("name", "")
    if not isinstance(name, str) or text_refused(name, NAME_MAX, required=True):
        raise errors.InvalidProducer(field="name", value=name)
    if out.get("kind") not in PRODUCER_KINDS:
        raise errors.InvalidProducer(field="kind", value=out.get("kind"))
    code = out.get("province_code")
    if code is not None and s.get(Province, code) is None:
        raise errors.InvalidProducer(field="province_code", value=code)
    if len(out.get("address", "")) > 300:
        raise errors.InvalidProducer(field="address", reason="too_long")
    for field, pattern in (
        ("phone", _PHONE),
        ("tax_code", _TAX_CODE),
        ("bank_bin", _BIN),
        ("bank_account", _ACCOUNT),
    ):
        value = out.get(field, "")
        if not isinstance(value, str) or (value and not pattern.fullmatch(value)):
            raise errors.InvalidProducer(field=field, value=value)
    if bool(out.get("bank_bin")) != bool(out.get("bank_account")):
        raise errors.InvalidProducer(field="bank_account", reason="bin_and_account_together")
    return out


class Producers:
    """Producers through ``session_factory``."""

    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    def add(self, *, by: Any, name: str, kind: str, **fields: Any) -> uuid.UUID:
        """A new producer; ``fields`` among province_code, address, phone, tax_code, bank_bin,
        bank_account."""
        require(by, Permission.MANAGE_CATALOGUE)
        _known(fields)
        with self._sf.begin() as s:
            clean = check_producer(s, {"name": name, "kind": kind, **fields})
            if s.scalar(select(Producer.id).where(Producer.name == clean["name"])):
                raise errors.InvalidProducer(field="name", value=clean["name"], reason="exists")
            producer = Producer(**clean)
            s.add(producer)
            s.flush()
            self._recorded(s, by, "producer_added", producer, {})
            return producer.id

    def update(self, producer_id: uuid.UUID, *, by: Any, **changes: Any) -> ProducerInfo:
        require(by, Permission.MANAGE_CATALOGUE)
        _known(changes)
        with self._sf.begin() as s:
            producer = s.get(Producer, producer_id)
            if producer is None:
                raise errors.UnknownProducer(producer_id=producer_id)
            before = {k: getattr(producer, k) for k in FIELDS}
            clean = check_producer(s, {**before, **changes})
            if clean["name"] != before["name"] and s.scalar(
                select(Producer.id).where(Producer.name == clean["name"])
            ):
                raise errors.InvalidProducer(field="name", value=clean["name"], reason="exists")
            for key, value in clean.items():
                setattr(producer, key, value)
            s.flush()
            changed = {k: [before[k], clean[k]] for k in FIELDS if before[k] != clean[k]}
            return self._recorded(s, by, "producer_changed", producer, changed)

    def get(self, producer_id: uuid.UUID) -> ProducerInfo:
        with self._sf() as s:
            producer = s.get(Producer, producer_id)
            if producer is None:
                raise errors.UnknownProducer(producer_id=producer_id)
            return _info(producer)

    def list(self, text: str = "") -> list[ProducerInfo]:
        """Producers whose folded name contains every folded word of ``text``, by name."""
        wanted = fold(text).split()
        with self._sf() as s:
            rows = [_info(p) for p in s.scalars(select(Producer))]
        rows = [p for p in rows if all(w in fold(p.name) for w in wanted)]
        return sorted(rows, key=lambda p: (fold(p.name), p.name))

    @staticmethod
    def _recorded(s: Session, by: Any, kind: str, producer: Producer, changed) -> ProducerInfo:
        info = _info(producer)
        audit(s, kind, user_id=by.id, subject_id=str(producer.id), changed=changed)
        enqueue(s, "producer", {k: v for k, v in info.__dict__.items() if k != "province"})
        return info


def _known(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise errors.InvalidProducer(field=sorted(unknown)[0], reason="unknown_field")


def _info(p: Producer) -> ProducerInfo:
    return ProducerInfo(
        id=p.id,
        name=p.name,
        kind=p.kind,
        province_code=p.province_code,
        province=p.province.name if p.province else "",
        address=p.address,
        phone=p.phone,
        tax_code=p.tax_code,
        bank_bin=p.bank_bin,
        bank_account=p.bank_account,
    )
