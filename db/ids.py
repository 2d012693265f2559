"""Identifiers made on a terminal: UUIDv7, sortable by time and unique across terminals."""

import uuid

import uuid6


def new_id() -> uuid.UUID:
    """A fresh UUIDv7 as a standard ``uuid.UUID``."""
    return uuid.UUID(bytes=uuid6.uuid7().bytes)
