#!/usr/bin/env bash
# A VietQR sale confirmed by the bank, on screen: head office (ocop-hq, SQLite) with the SePay
# simulator, the kiosk enrolled at it, under Xvfb without a window manager, every action a tap.
# The customer first transfers too little (shown, not accepted), then the rest: the sale completes
# by itself. Screenshots: docs/screenshots/bank-*.png.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZE="${SIZE:-1024x768}"
OUT="${OUT:-$ROOT/docs/screenshots}"
DISPLAY_NO="${DISPLAY_NO:-:95}"
PORT="${PORT:-18085}"
WORK="$(mktemp -d)"
mkdir -p "$WORK/data"
source "$ROOT/scripts/touch_session.sh"

export OCOP_HQ_DATABASE="sqlite:///$WORK/hq.sqlite3"
export OCOP_HQ_SEPAY_API_KEY="demo-sepay-key" OCOP_HQ_BANK_ACCOUNT="1023456789"
"$BIN/ocop-hq" serve --port "$PORT" >"$WORK/hq.log" 2>&1 &
HQ_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
CODE="$("$BIN/ocop-hq" terminal add K01 | grep -oE '[A-Z0-9]{4}(-[A-Z0-9]{4}){5}' | head -1)"
"$BIN/ocop-kiosk" --data-dir "$WORK/data" sync enrol "http://127.0.0.1:$PORT" "$CODE" >/dev/null

start_kiosk
bank() { "$BIN/ocop-hq" bank-simulate --url "http://127.0.0.1:$PORT" --amount "$1" --content "$2" >/dev/null; }

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
quit_kiosk
