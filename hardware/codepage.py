"""Text for a printer's own code page, with no character lost on the way.

Code-page mode sends receipts as characters in the printer's Vietnamese code page
(Windows-1258). Python's codec would turn anything outside it into "?", silently: a "★ OCOP"
line would print as "? OCOP" and a "−50.000 ₫" discount as "?50.000 ₫". Here every character
that can reach paper either encodes as it is, or has the replacement stated in
:data:`REPLACEMENTS`; a character with neither (an emoji or a Chinese name typed into a product)
makes :func:`unprintable` report it, and the renderer prints that whole job as a raster image.

Windows-1258 has the Vietnamese letters with circumflex, breve and horn (â, ơ, ư...) but not the
tone marks on them: "ớ" goes as "ơ" + combining acute, so each letter is split into its shape
and its tone first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Vietnamese tone marks, sent as combining characters after the base letter in Windows-1258.
TONE_MARKS = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})

#: Characters outside Windows-1258 and what prints in their place. Every replacement is itself
#: plain ASCII, so it prints on any code page.
REPLACEMENTS: dict[str, str] = {
    "\u2605": "*",  # ★ black star (OCOP rating)
    "\u2606": "*",  # ☆ white star
    "\u2212": "-",  # − minus sign (discounts, refunds, negative stock)
    "\u2010": "-",  # ‐ hyphen
    "\u2011": "-",  # ‑ non-breaking hyphen
    "\u2012": "-",  # ‒ figure dash
    "\u2015": "-",  # ― horizontal bar
    "\u2032": "'",  # ′ prime
    "\u2033": '"',  # ″ double prime
    "\u2264": "<=",  # ≤
    "\u2265": ">=",  # ≥
    "\u2192": "->",  # →
    "\u2190": "<-",  # ←
    "\u2713": "v",  # ✓ check mark
    "\u2714": "v",  # ✔ heavy check mark
    "\u2717": "x",  # ✗ ballot x
    "\u2116": "No.",  # № numero sign
    "\u00a0": " ",  # no-break space (money): many printer fonts have no glyph for it
    "\u2007": " ",  # figure space
    "\u2009": " ",  # thin space
    "\u202f": " ",  # narrow no-break space (Babel puts it in some formats)
    "\u200b": "",  # zero-width space
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte-order mark / zero-width no-break space
}


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _split_tone(char: str) -> str:
    """``char`` as its base letter (NFC) followed by its Vietnamese tone mark, if it has one."""
    parts = unicodedata.normalize("NFD", char)
    tones = [c for c in parts if c in TONE_MARKS]
    if not tones:
        return char
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
    return base + "".join(tones)


def _printable_char(char: str, codec: str) -> str | None:
    """What prints for ``char`` (possibly empty), or None when it has no stated replacement."""
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    if _encodable(char, codec):
        return char
    if codec == "cp1258":
        split = _split_tone(char)
        if split != char and _encodable(split, codec):
            return char  # encoded by encode_codepage as letter + tone
    return None


def printable(text: str, codec: str = "cp1258") -> str:
    """``text`` with the stated replacements made (NFC, still one string character per column).

    Raises ValueError naming the characters that have no replacement; :func:`unprintable` asks
    first."""
    out: list[str] = []
    missing: set[str] = set()
    for char in unicodedata.normalize("NFC", text):
        replacement = _printable_char(char, codec)
        if replacement is None:
            missing.add(char)
        else:
            out.append(replacement)
    if missing:
        raise ValueError(f"no {codec} replacement for {''.join(sorted(missing))!r}")
    return "".join(out)


def unprintable(texts: Iterable[str], codec: str = "cp1258") -> set[str]:
    """The characters of ``texts`` that neither encode in ``codec`` nor have a replacement."""
    return {
        char
        for text in texts
        for char in unicodedata.normalize("NFC", text)
        if _printable_char(char, codec) is None
    }


def encode_codepage(text: str, codec: str = "cp1258") -> bytes:
    """``text`` as bytes of ``codec``, replacements made and tones split (see module doc).

    Raises ValueError for a character with no replacement: never a silent "?"."""
    text = printable(text, codec)
    if codec == "cp1258":
        text = "".join(_split_tone(char) for char in text)
    return text.encode(codec)
