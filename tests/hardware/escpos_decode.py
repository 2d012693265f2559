"""A small ESC/POS interpreter for tests: turns the bytes we send back into what would print.

It understands exactly the commands our renderer emits (python-escpos's ``GS v 0`` raster
images, feeds, cuts, drawer kicks, the text-mode settings) and fails loudly on anything else, so
a change in what we send cannot slip past the tests unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ESC, GS, DLE = 0x1B, 0x1D, 0x10
# Commands with one parameter byte that only change settings.
_ESC_ONE = {ord(c) for c in "!E-Ma{tdJ2"} | {0x33}
_GS_ONE = {ord(c) for c in "!Bb"}


@dataclass
class Decoded:
    bands: list[Image.Image] = field(default_factory=list)  # each GS v 0 image, in order
    events: list[tuple] = field(default_factory=list)  # ("image", h) ("feed", n) ("cut", m) ...
    text: bytearray = field(default_factory=bytearray)

    def image(self) -> Image.Image:
        """All raster bands stacked, as a mode "1" image (black = ink)."""
        width = max(b.width for b in self.bands)
        out = Image.new("1", (width, sum(b.height for b in self.bands)), 1)
        y = 0
        for band in self.bands:
            out.paste(band, (0, y))
            y += band.height
        return out

    def kinds(self) -> list[str]:
        return [e[0] for e in self.events]


def decode(data: bytes) -> Decoded:
    out = Decoded()
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b == ESC:
            cmd = data[i + 1]
            if cmd == ord("@"):
                out.events.append(("init",))
                i += 2
            elif cmd == ord("p"):
                out.events.append(("drawer", data[i + 2], data[i + 3], data[i + 4]))
                i += 5
            elif cmd in _ESC_ONE:
                if cmd == ord("d"):
                    out.events.append(("feed", data[i + 2]))
                elif cmd == ord("t"):
                    out.events.append(("codepage", data[i + 2]))
                i += 3
            else:
                raise AssertionError(f"unexpected ESC {cmd:#x} at {i}")
        elif b == GS:
            cmd = data[i + 1]
            if cmd == ord("v") and data[i + 2] == ord("0"):
                width_bytes = data[i + 4] | data[i + 5] << 8
                height = data[i + 6] | data[i + 7] << 8
                start = i + 8
                raw = data[start : start + width_bytes * height]
                assert len(raw) == width_bytes * height, "truncated raster image"
                # In GS v 0 a set bit is a printed dot; in PIL's "1" mode 0 is black.
                band = Image.frombytes("1", (width_bytes * 8, height), bytes(x ^ 0xFF for x in raw))
                out.bands.append(band)
                out.events.append(("image", height))
                i = start + len(raw)
            elif cmd == ord("V"):
                mode = data[i + 2]
                out.events.append(("cut", mode))
                i += 4 if mode in (65, 66) else 3
            elif cmd in _GS_ONE:
                i += 3
            else:
                raise AssertionError(f"unexpected GS {cmd:#x} at {i}")
        elif b == DLE and i + 2 < n and data[i + 1] == 0x04:
            out.events.append(("status", data[i + 2]))
            i += 3
        else:
            out.text.append(b)
            i += 1
    return out
