"""Updates from head office: the newer kiosk package downloaded, checked and staged in the
background (:mod:`.downloader`), and the files through which the kiosk and the root-side
installer (``ocop-kiosk-update``, docs/packaging.md "Updates") speak (:mod:`.handoff`)."""

from kiosk.core.updates.downloader import Updater, UpdateRefused
from kiosk.core.updates.handoff import UpdateFolder

__all__ = ["UpdateFolder", "UpdateRefused", "Updater"]
