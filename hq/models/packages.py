"""Kiosk packages head office hands out to terminals (the .deb files an operator gave it)."""

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base, utcnow


class KioskPackage(Base):
    """One version of the kiosk's .deb: its Debian version, where head office keeps the file,
    and the SHA-256 and size a terminal checks before it installs it."""

    __tablename__ = "kiosk_packages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    path: Mapped[str] = mapped_column(String(1000))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
