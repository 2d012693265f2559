"""Debian package versions, compared as dpkg compares them (``dpkg --compare-versions``).

Head office offers a terminal the newest kiosk package newer than the one it runs; "newer" must
mean what it means to dpkg on the terminal, which installs it: ``0.1.10 > 0.1.9``,
``0.2~rc1 < 0.2``, ``1:0.1 > 2.0`` (the epoch), ``0.1.0+u1 > 0.1.0``.
"""

import re

_VERSION = re.compile(r"^(?:(\d+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$")
MAX_LENGTH = 64


class InvalidVersion(ValueError):
    """Not a Debian version string."""


def check(version: str) -> str:
    """``version`` if it is a Debian version (and short enough to store), else InvalidVersion."""
    if len(version) > MAX_LENGTH or not _VERSION.match(version):
        raise InvalidVersion(version)
    return version


def _order(char: str) -> int:
    """dpkg's order of one character of the non-digit part: ~ first, then the end, letters,
    then the rest."""
    if char == "~":
        return -1
    if char.isalpha():
        return ord(char)
    return ord(char) + 256


def _compare_part(a: str, b: str) -> int:
    """dpkg's verrevcmp: alternating runs of non-digits (by _order) and digits (by value)."""
    i = j = 0
    while i < len(a) or j < len(b):
        first_diff = 0
        while (i < len(a) and not a[i].isdigit()) or (j < len(b) and not b[j].isdigit()):
            ac = _order(a[i]) if i < len(a) and not a[i].isdigit() else 0
            bc = _order(b[j]) if j < len(b) and not b[j].isdigit() else 0
            if ac != bc:
                return -1 if ac < bc else 1
            i, j = i + 1, j + 1
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        while i < len(a) and a[i].isdigit() and j < len(b) and b[j].isdigit():
            if not first_diff:
                first_diff = ord(a[i]) - ord(b[j])
            i, j = i + 1, j + 1
        if i < len(a) and a[i].isdigit():
            return 1
        if j < len(b) and b[j].isdigit():
            return -1
        if first_diff:
            return -1 if first_diff < 0 else 1
    return 0


def _split(version: str) -> tuple[int, str, str]:
    epoch, rest = version.split(":", 1) if ":" in version else ("0", version)
    upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "")
    return int(epoch or 0), upstream, revision


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` is older than, the same as or newer than ``b``."""
    ea, ua, ra = _split(a)
    eb, ub, rb = _split(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _compare_part(ua, ub) or _compare_part(ra, rb)


def newer(a: str, b: str) -> bool:
    return compare(a, b) > 0
