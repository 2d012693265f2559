"""Whether the kiosk window would be seen: refuse to open it on no screen at all.

Qt falls back to nothing visible when there is no display: with ``QT_QPA_PLATFORM=offscreen``
(which test set-ups export) the app would run, take scans from nobody and print nothing on any
screen. A shop that starts it so by mistake (a service unit without its compositor, ``make run``
over ssh) should be told at once, not left wondering. Tests and screenshot scripts that mean it
say so with ``OCOP_ALLOW_OFFSCREEN=1`` or ``ocop-kiosk --offscreen``.
"""

from collections.abc import Mapping

ALLOW_ENV = "OCOP_ALLOW_OFFSCREEN"

NO_DISPLAY_MESSAGE = (
    "ocop-kiosk: no display to show the kiosk window on (neither DISPLAY nor WAYLAND_DISPLAY is "
    "set{platform}).\nStart it from a graphical session or a kiosk compositor (cage); to run it "
    "offscreen on purpose (tests, screenshots), pass --offscreen or set {env}=1."
)


def headless_refusal(environ: Mapping[str, str], *, offscreen_flag: bool = False) -> str | None:
    """Why the window must not open in ``environ`` (a message for the terminal), or None."""
    if offscreen_flag or environ.get(ALLOW_ENV, "") not in ("", "0"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform and platform not in ("offscreen", "minimal"):
        # An explicit device platform (eglfs, linuxfb, vnc) draws with no display server.
        return None
    shown = f" and QT_QPA_PLATFORM is {platform}" if platform else ""
    return NO_DISPLAY_MESSAGE.format(platform=shown, env=ALLOW_ENV)
