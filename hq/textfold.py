"""Folding of Vietnamese text for search: the one place where diacritics are removed, for the
kiosk's search (through :mod:`kiosk.core.textfold`) and head office's catalogue and receipts alike.

A clerk types "nuoc mam" on a keyboard without a Vietnamese input method and expects to find
"Nước mắm Phú Quốc". The search index holds folded text and queries are folded the same way, so
both sides meet in plain lower-case ASCII.
"""

import re
import unicodedata

# đ/Đ are letters of their own, not d with a combining mark: NFD leaves them alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII with diacritics removed, đ -> d, everything but letters and digits
    turned into single spaces, no leading or trailing space.

    >>> fold("Nước mắm Phú Quốc — 40°N!")
    'nuoc mam phu quoc 40 n'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL).lower())
    # Drop combining marks only: any other non-ASCII character (°, –, 漢) separates words.
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.lower()).strip()


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    folded = fold(text)
    return folded.split(" ") if folded else []
