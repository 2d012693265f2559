#!/bin/sh
# ocop-kiosk as installed by the package: the data folder is /var/lib/ocop-kiosk, and a command
# run as root runs as the ocop-kiosk user, so that no file in that folder ends up owned by root
# (the kiosk session could not open it any more).
set -e
[ -r /etc/default/ocop-kiosk ] && . /etc/default/ocop-kiosk
: "${OCOP_KIOSK_DATA:=/var/lib/ocop-kiosk}"
export OCOP_KIOSK_DATA
if [ "$(id -u)" = 0 ] && [ "${OCOP_KIOSK_AS_ROOT:-0}" != 1 ]; then
    # Root's environment may name folders the user cannot write (TMPDIR, ESCPOS_*): not passed on.
    exec runuser -u ocop-kiosk -- env -i PATH=/usr/bin:/bin LANG="${LANG:-C.UTF-8}" \
        TERM="${TERM:-dumb}" HOME=/var/lib/ocop-kiosk OCOP_KIOSK_DATA="$OCOP_KIOSK_DATA" \
        /opt/ocop-kiosk/venv/bin/ocop-kiosk "$@"
fi
exec /opt/ocop-kiosk/venv/bin/ocop-kiosk "$@"
