#!/usr/bin/env bash
# A VietQR sale confirmed by the bank, on screen: head office (ocop-hq, SQLite) with the SePay
# simulator, the kiosk enrolled at it, under Xvfb without a window manager, every action a tap.
# The customer first transfers too little (shown, not accepted), then the rest: the sale completes
# by itself. Screenshots: docs/screenshots/bank-*.png.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${BIN:-$ROOT/.venv/bin}"
SIZE="${SIZE:-1024x768}"
OUT="${OUT:-$ROOT/docs/screenshots}"
DISPLAY_NO="${DISPLAY_NO:-:95}"
PORT="${PORT:-18085}"
for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "needs $tool: run bash scripts/system-deps.sh all" >&2; exit 2; }
done

WORK="$(mktemp -d)"
mkdir -p "$WORK/data" "$WORK/control" "$OUT"
cleanup() {
  for pid in ${APP_PID:-} ${HQ_PID:-} ${XVFB_PID:-}; do kill "$pid" 2>/dev/null || true; done
  if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

export OCOP_HQ_DATABASE="sqlite:///$WORK/hq.sqlite3"
export OCOP_HQ_SEPAY_API_KEY="demo-sepay-key" OCOP_HQ_BANK_ACCOUNT="1023456789"
"$BIN/ocop-hq" serve --port "$PORT" >"$WORK/hq.log" 2>&1 &
HQ_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
CODE="$("$BIN/ocop-hq" terminal add K01 | grep -oE '[A-Z0-9]{4}(-[A-Z0-9]{4}){5}' | head -1)"
"$BIN/ocop-kiosk" --data-dir "$WORK/data" sync enrol "http://127.0.0.1:$PORT" "$CODE" >/dev/null

Xvfb "$DISPLAY_NO" -screen 0 "${SIZE}x24" -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY="$DISPLAY_NO" QT_QPA_PLATFORM=xcb LANG=C.UTF-8
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
"$BIN/python" "$ROOT/scripts/screenshot_driver.py" "$WORK/data" "$WORK/control" "$OUT" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 150); do [ -f "$WORK/control/ready" ] && break; sleep 0.1; done
[ -f "$WORK/control/ready" ] || { cat "$WORK/app.log"; echo "the kiosk did not start" >&2; exit 1; }

ask() {
  rm -f "$WORK/control/reply"
  echo "$*" >"$WORK/control/cmd.tmp" && mv "$WORK/control/cmd.tmp" "$WORK/control/cmd"
  for _ in $(seq 100); do [ -f "$WORK/control/reply" ] && break; sleep 0.05; done
  local reply; reply="$(cat "$WORK/control/reply")"
  case "$reply" in ERROR*) echo "$*: $reply" >&2; exit 1 ;; esac
  echo "$reply"
}
at() { xdotool mousemove $1 $2 click 1; sleep "${3:-0.35}"; }
tap() { at $(ask where "$1") "${2:-0.35}"; }
scan() { xdotool type --delay 4 "$1"; xdotool key Return; sleep 0.5; }
shot() { ask shot_screen "$1" >/dev/null; }
expect() {  # waits up to 5 s
  local got
  for _ in $(seq 50); do got="$(ask "$1")"; [ "$got" = "$2" ] && return 0; sleep 0.1; done
  echo "after $3: $1 is '$got', not '$2'; banner: $(ask banner)" >&2; exit 1
}
bank() { "$BIN/ocop-hq" bank-simulate --url "http://127.0.0.1:$PORT" --amount "$1" --content "$2" >/dev/null; }

sleep 1
at $(ask where_person Lan)
for d in 1 1 1 1; do tap signin.pad.buttons.$d 0.15; done
tap signin.pad.ok 1
expect screen saleScreen "sign-in"
scan 8939101000010
scan 8939101000027
tap sale.pay 0.8
tap payment.method_buttons.vietqr 1.5
read -r REF AMOUNT <<<"$(ask qr)"
shot bank-waiting
# The customer's bank app sends 50.000 đ too little, with the reference in the content.
bank $((AMOUNT - 50000)) "MBVCB.123456.$REF.Thanh toan"
sleep 1.5
shot bank-underpaid
expect screen paymentScreen "an underpaid transfer (it must not complete the sale)"
# Then the rest: the sale completes by itself, no tap.
bank 50000 "$REF chuyen them"   # returns once head office has stored the notification
START=$(date +%s%N)
expect screen saleScreen "the rest of the transfer"
echo "completed within $(( ($(date +%s%N) - START) / 1000000 )) ms of head office storing the notification"
sleep 0.5
shot bank-received
ask quit >/dev/null
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
