#!/usr/bin/env bash
# Screenshots of the kiosk for the README, taken from the real app under Xvfb with the demo data:
# sign-in, sale, payment (cash and VietQR), the receipt preview, the back office (refund,
# reports, shift close, open shift) and the admin's settings screen, into docs/screenshots/.
# Keys are typed with xdotool (a scan is a fast burst ending in Enter, as a wedge scanner types it);
# buttons are clicked with xdotool at the place the app reports for them.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3)"
OUT="$ROOT/docs/screenshots"
SIZE="${SIZE:-1024x768}"
DISPLAY_NO="${DISPLAY_NO:-:97}"

missing=()
for tool in Xvfb xdotool; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y --no-install-recommends xvfb xauth xdotool libxkbcommon-x11-0 \
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
fi

WORK="$(mktemp -d)"
mkdir -p "$WORK/data" "$WORK/control" "$OUT"
cleanup() {
  if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK" >&2; cat "$WORK/app.log" >&2; fi
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  [ "${KEEP:-}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

Xvfb "$DISPLAY_NO" -screen 0 "${SIZE}x24" -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY="$DISPLAY_NO"
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

export QT_QPA_PLATFORM=xcb OCOP_KIOSK_WINDOWED=1 LANG=C.UTF-8
"$PY" "$ROOT/scripts/screenshot_driver.py" "$WORK/data" "$WORK/control" "$OUT" \
  >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 100); do [ -f "$WORK/control/ready" ] && break; sleep 0.1; done
[ -f "$WORK/control/ready" ] || { cat "$WORK/app.log"; echo "the kiosk did not start" >&2; exit 1; }

ask() {  # ask the app something; prints its reply
  rm -f "$WORK/control/reply"
  echo "$*" >"$WORK/control/cmd.tmp" && mv "$WORK/control/cmd.tmp" "$WORK/control/cmd"
  for _ in $(seq 100); do [ -f "$WORK/control/reply" ] && break; sleep 0.05; done
  local reply; reply="$(cat "$WORK/control/reply")"
  case "$reply" in ERROR*) echo "$*: $reply" >&2; exit 1 ;; esac
  echo "$reply"
}
click() { local xy; xy="$(ask where "$1")"; xdotool mousemove $xy click 1; sleep 0.4; }
scan() { xdotool type --delay 4 "$1"; xdotool key Return; sleep 0.5; }
settle() { sleep "${1:-0.6}"; }

WID="$(xdotool search --sync --name 'OCOP Kiosk' | head -1)"
xdotool windowfocus --sync "$WID" || true
settle 1

# Sign-in: pick Lan in the list, type the PIN on the keyboard.
xdotool mousemove $(ask where_person Lan) click 1; settle 0.3
xdotool type --delay 120 1111; settle 0.3
ask shot signin >/dev/null
xdotool key Return; settle 1
[ "$(ask screen)" = saleScreen ] || { echo "sign-in failed: $(ask banner)" >&2; exit 1; }

# Sale: scans typed by xdotool as a wedge scanner does, a search typed by a person, a tile.
scan 8939101000010
scan 8939101000027
[ "$(ask cart)" = 2 ] || { echo "the scans did not reach the cart: $(ask banner)" >&2; exit 1; }
click sale.plus; click sale.minus
click sale.catalogue.search
xdotool type --delay 150 "tra"; settle 1
ask shot sale-search >/dev/null
xdotool key ctrl+a BackSpace; settle 0.3
click sale.catalogue.group_buttons.handicraft; settle 0.6
xdotool mousemove $(ask where_tile TC-018) click 1; settle 0.6
ask shot sale >/dev/null

# Unknown barcode: a message, a flash; nothing added.
scan 8930000000002
ask shot sale-unknown-barcode >/dev/null
settle 1

# Payment by cash with a quick tender.
click sale.pay
click payment.quick_buttons.3; settle 0.5
ask shot payment-cash >/dev/null
click payment.method_buttons.vietqr; settle 0.6
ask shot payment-vietqr >/dev/null
click payment.method_buttons.cash
click payment.quick_buttons.3
click payment.take; settle 1
ask shot sale-paid >/dev/null

# The receipt preview of that sale.
click sale.receipt; settle 1
ask shot_dialog receipt >/dev/null
ask shot_paper receipt-paper >/dev/null

# The back office: the clerk enters with the manager's PIN (Minh, 2222).
ask close_dialog >/dev/null; settle 0.5
RECEIPT="$(ask last_receipt)"
click backoffice_button; settle 0.5
xdotool type --delay 120 2222; xdotool key Return; settle 1
[ "$(ask screen)" = backOfficeScreen ] || { echo "back office not shown: $(ask banner)" >&2; exit 1; }

# Refund: the receipt's barcode scanned, one line chosen, to cash, back on the shelf.
click backoffice.buttons.refunds; settle 0.8
scan "$RECEIPT"; settle 0.6
ask select_row backoffice.built.refunds.table 0 >/dev/null
click backoffice.built.refunds.plus
click backoffice.built.refunds.to_buttons.1
ask settext backoffice.built.refunds.reason "Khách đổi ý" >/dev/null; settle 0.4
ask shot refund >/dev/null

# Reports: this month's sales by day, with the chart; then the sellers by product.
click backoffice.buttons.reports; settle 2
ask shot reports >/dev/null

# Shift close: the drawer counted note by note, the difference large; then the close itself.
click backoffice.buttons.shift; settle 0.8
click backoffice.built.shift.close_button; settle 0.6
for pair in 500000:1 200000:2 100000:1 50000:1 20000:2 10000:1 5000:1; do
  ask settext "backoffice.built.shift.close_view.count.entries.${pair%%:*}" "${pair##*:}" >/dev/null
done
settle 0.6
ask shot shift-close >/dev/null
click backoffice.built.shift.close_view.close_button; settle 0.6
click dialog.yes; settle 1
ask shot shift-closed >/dev/null

# Back at the till with no shift: the sale screen offers to open one, the float counted in.
click backoffice.back; settle 0.8
click sale.open_shift; settle 0.6
for pair in 200000:2 100000:5 50000:4 10000:10; do
  ask settext "dialog.count.entries.${pair%%:*}" "${pair##*:}" >/dev/null
done
ask settext dialog.pin 2222 >/dev/null; settle 0.4
ask shot_dialog open-shift >/dev/null

# The admin's settings screen, with a tax code being typed (checked as it is typed).
xdotool key Escape; settle 0.5   # close the open-shift dialog
click sign_out_button; settle 0.6
xdotool mousemove $(ask where_person "Hà") click 1; settle 0.3
for digit in 9 9 9 9; do click signin.pad.buttons.$digit; done   # the PIN pad, by touch
click signin.pad.ok; settle 1
[ "$(ask screen)" = saleScreen ] || { echo "admin sign-in failed: $(ask screen) $(ask banner)" >&2; exit 1; }
click settings_button; settle 1
[ "$(ask screen)" = settingsScreen ] || { echo "settings did not open: $(ask banner)" >&2; exit 1; }
click settings.inputs.shop_tax_code
xdotool key ctrl+a BackSpace; xdotool type --delay 60 "58001234"; settle 0.6
click settings.inputs.hq_url
xdotool type --delay 20 "https://hq.ocop-lamdong.vn:8443"; settle 0.3
click settings.enrol_code
xdotool type --delay 20 "J6CR-X34J-KGXG"; settle 0.6
ask shot settings >/dev/null

ask quit >/dev/null
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
ls -1 "$OUT"
