"""AIM symbology identifiers (ISO/IEC 15424): the ``]Cm`` prefix a scanner can put before a code.

Scanners set up to send it tell us what they read (``]E0`` EAN-13, ``]C1`` GS1-128, ``]d2`` GS1
DataMatrix, ``]Q1`` QR); the rest of the app wants the code without it and the symbology beside.
"""

from __future__ import annotations

import re

_AIM = re.compile(r"^\](?P<code>[A-Za-z])(?P<mod>[0-9A-Za-z])")

_SYMBOLOGY = {
    "A": "code39",
    "C": "code128",
    "E": "ean-upc",
    "F": "codabar",
    "G": "code93",
    "I": "itf",
    "L": "pdf417",
    "Q": "qr",
    "d": "datamatrix",
    "e": "gs1-databar",
    "z": "aztec",
}
_EXACT = {
    "E0": "ean13",  # also UPC-A, sent as 13 digits with a leading 0
    "E4": "ean8",
    "C1": "gs1-128",
    "d2": "gs1-datamatrix",
    "Q3": "gs1-qr",
}


def split_aim(data: str) -> tuple[str, str | None, str | None]:
    """``(code, symbology, aim_id)``; data without a prefix comes back unchanged, with Nones."""
    match = _AIM.match(data)
    if not match:
        return data, None, None
    aim_id = match.group(0)[1:]
    symbology = _EXACT.get(aim_id) or _SYMBOLOGY.get(match.group("code"), f"aim-{aim_id}")
    return data[match.end() :], symbology, "]" + aim_id
