"""Translations for every text the kiosk shows or prints, Vietnamese first and English complete.

Receipts are written by Qt-free core code in the language chosen for that sale, so core never
reads a global language: it asks for a catalogue by name,

    tr = translations(sale.language)
    tr.gettext("Total")

The UI layer alone has a "current language" (set_language/get_language, and listeners that
redraw when it changes); its ``_`` uses it.

Catalogues are the .po files in resources/locale/<lang>/LC_MESSAGES/ocop.po, compiled on first
use: there is no .mo file to build or to forget to rebuild. The compiled catalogue is kept in the
user's cache folder under a name made of the .po file's path, size and time, so a start reads it
(a few ms) instead of parsing the .po (~30 ms); a changed .po gets a new name and is compiled
again, and a cache that cannot be read or written is only skipped. scripts/i18n.py extracts,
merges and checks them.
"""

import hashlib
import io
import logging
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import babel
import platformdirs
from babel.support import Translations

import resources

DOMAIN = "ocop"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

log = logging.getLogger(__name__)


def check_language(lang: str) -> str:
    """``lang`` itself when we ship it; ValueError otherwise (a bug, not a user mistake)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}")
    return lang


def catalogue_path(lang: str) -> Path:
    """Where the .po file for ``lang`` is shipped."""
    return resources.path("locale", check_language(lang), "LC_MESSAGES", f"{DOMAIN}.po")


@cache
def translations(lang: str) -> Translations:
    """The catalogue for ``lang``, with .gettext/.ngettext/.pgettext. Missing or fuzzy entries
    fall back to the English source text. Cached: the .po files do not change while we run."""
    po = catalogue_path(lang)
    kept = _compiled_path(lang, po)
    try:
        return Translations(io.BytesIO(kept.read_bytes()), domain=DOMAIN)
    except Exception:  # not compiled yet, or unreadable: compiled from the .po below
        pass
    compiled = compile_catalogue(po, lang)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        for old in kept.parent.glob(f"{DOMAIN}-{lang}-*.mo"):
            old.unlink(missing_ok=True)
        partial = kept.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(compiled)
        partial.replace(kept)
    except OSError as exc:
        log.debug("compiled catalogue not kept at %s: %s", kept, exc)
    return Translations(io.BytesIO(compiled), domain=DOMAIN)


def compile_catalogue(po: Path, lang: str) -> bytes:
    """``po`` as .mo bytes; fuzzy entries are left out: better English than a wrong guess."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    log.debug("compiled %d messages for %s", len(catalog), lang)
    return buffer.getvalue()


def _compiled_path(lang: str, po: Path) -> Path:
    """Where the compiled catalogue of ``po`` is kept: named by the file's path, size and time
    (and Babel's version), so that any change to it makes a new name."""
    try:
        stat = po.stat()
        stamp = f"{po.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{babel.__version__}"
    except OSError:
        stamp = f"{po}:missing"
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    # The cache folder python-escpos's capabilities go to as well (kiosk.__main__).
    return Path(platformdirs.user_cache_dir("ocop-kiosk")) / f"{DOMAIN}-{lang}-{digest}.mo"


translator = translations


def N_(message: str) -> str:  # the gettext name that extraction looks for
    """Mark a string for extraction without translating it now (tables of labels)."""
    return message


# --- the UI's current language. Core code must not use anything below this line. ---

_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def get_language() -> str:
    return _current


def set_language(lang: str) -> None:
    """Switch the UI language and tell every listener (screens redraw their text)."""
    global _current
    check_language(lang)
    if lang == _current:
        return
    _current = lang
    for listener in list(_listeners):
        listener(lang)


def add_language_listener(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _(message: str) -> str:
    """``message`` in the UI's current language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the UI's current language."""
    return translations(_current).ngettext(singular, plural, n)
