"""Work around PySide6 6.12 on Python 3.11: every call of a Qt method that returns void takes a
reference to ``None`` that it never gave (shiboken6 6.12 treats None as immortal, which it only
is from Python 3.12 on). After a few thousand such calls (a few minutes of repainting) the
interpreter aborts with "none_dealloc: deallocating None".

None is a static object that is never freed, so giving it a huge reference count is what 3.12
does; we do it once at start-up. Remove this module when the project requires Python 3.12 or a
PySide6 release that is fixed.
"""

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_HEADROOM = 1 << 48  # ~2.8e14 void calls: centuries of repainting


def make_none_immortal() -> None:
    """Also True and False, which methods returning bool lose references to the same way."""
    if sys.version_info >= (3, 12):
        return  # immortal already
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM
    log.debug("None, True and False made immortal (PySide6 6.12 refcount bug on Python 3.11)")
