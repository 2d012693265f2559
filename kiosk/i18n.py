"""Translations for every text the kiosk shows or prints, Vietnamese first and English complete.

Receipts are written by Qt-free core code in the language chosen for that sale, so core never
reads a global language: it asks for a catalogue by name,

    tr = translations(sale.language)
    tr.gettext("Total")

The UI layer alone has a "current language" (set_language/get_language, and listeners that
redraw when it changes); its ``_`` uses it.

Catalogues are the .po files in resources/locale/<lang>/LC_MESSAGES/ocop.po, compiled in memory
on first use: there is no .mo file to build or to forget to rebuild. scripts/i18n.py extracts,
merges and checks them.
"""

import io
import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
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
    with catalogue_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out: better English than a wrong guess
    buffer.seek(0)
    log.debug("loaded %d messages for %s", len(catalog), lang)
    return Translations(buffer, domain=DOMAIN)


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
