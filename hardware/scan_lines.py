"""Cut a scanner's byte stream into codes: suffix handling, noise, AIM prefixes. No I/O.

A serial scanner sends ``code + suffix`` but the bytes arrive in arbitrary pieces, a cable being
plugged in adds line noise, and some scanners send empty lines. Codes are UTF-8 (QR codes may
carry Vietnamese), and GS1 codes keep their GS (0x1D) field separators, which is how FNC1 reaches
us: they are passed through intact for the GS1 parser upstream.

Noise without a line ending (a wrong baud rate, a cable being plugged) must not swallow the
next scan: a line longer than any code we read is dropped whole, with a warning, even when a
real code ends it. The clerk sees no beep and scans again, rather than getting a 5,000-character
"code".
"""

from __future__ import annotations

import logging
from enum import StrEnum

from hardware.aim import split_aim
from hardware.errors import ConfigurationError

# Control characters that belong to barcode data: GS1 group separator (FNC1), and the record
# separator and end-of-transmission of ISO/IEC 15434 envelopes in DataMatrix codes.
_DATA_CONTROLS = {"\x1d", "\x1e", "\x04"}
#: Bytes in the longest line that can be a code: a product barcode is at most 48 characters
#: (kiosk.core.catalogue.barcode.MAX_LENGTH), a VietQR payload a few hundred, an AIM prefix 3.
MAX_CODE_BYTES = 512
log = logging.getLogger(__name__)


class Suffix(StrEnum):
    CR = "CR"
    LF = "LF"
    CRLF = "CRLF"
    TAB = "TAB"

    @property
    def terminators(self) -> bytes:
        # CR, LF and CRLF scanners are all accepted whichever of them is configured: a scanner
        # reset to factory settings must not stop the till; the empty lines in between are dropped.
        return b"\t" if self is Suffix.TAB else b"\r\n"


def parse_suffix(value: str | Suffix) -> Suffix:
    try:
        return Suffix(str(value).upper())
    except ValueError:
        raise ConfigurationError(f"scanner suffix {value!r} is not CR, LF, CRLF or TAB") from None


class ScanLineDecoder:
    """Accumulates bytes and yields ``(code, symbology, aim_id)`` per complete, non-empty line.

    State: the bytes of the line not yet terminated, and how many bytes of it were already
    thrown away because the line outgrew ``max_length`` (then the whole line is noise).
    """

    def __init__(
        self,
        suffix: Suffix | str = Suffix.CR,
        *,
        aim: bool = True,
        max_length: int = MAX_CODE_BYTES,
    ) -> None:
        self.suffix = parse_suffix(suffix)
        self.aim = aim
        self.max_length = max_length
        self._pending = bytearray()
        self._discarded = 0

    def feed(self, data: bytes) -> list[tuple[str, str | None, str | None]]:
        results: list[tuple[str, str | None, str | None]] = []
        terminators = self.suffix.terminators
        start = 0
        for i, byte in enumerate(data):
            if byte in terminators:
                self._pending += data[start:i]
                start = i + 1
                line = self._take()
                if line is not None:
                    results.append(line)
        self._pending += data[start:]
        if len(self._pending) > self.max_length:
            # Already too long to be a code: keep only the count, do not grow without bound.
            self._discarded += len(self._pending)
            self._pending.clear()
        return results

    def reset(self) -> None:
        """Forget a partial line (after a disconnect its end will never come)."""
        self._pending.clear()
        self._discarded = 0

    def _take(self) -> tuple[str, str | None, str | None] | None:
        raw = bytes(self._pending)
        length = self._discarded + len(raw)
        self.reset()
        if length > self.max_length:
            log.warning(
                "scanner line of %d bytes dropped: longer than any code (%d), so noise",
                length,
                self.max_length,
            )
            return None
        text = clean(raw)
        if not text:
            return None
        if self.aim:
            code, symbology, aim_id = split_aim(text)
            return (code, symbology, aim_id) if code else None
        return text, None, None


def clean(raw: bytes) -> str:
    """Text of one line with line noise removed: invalid UTF-8, NULs and other controls."""
    text = raw.decode("utf-8", errors="replace")
    kept = "".join(
        c for c in text if c in _DATA_CONTROLS or (c.isprintable() and c != "\ufffd") or c == " "
    )
    return kept.strip(" ")
