#!/usr/bin/env bash
# The clerk's whole walk by touch, as issue 12 asks: the real app under Xvfb without a window
# manager, every action a tap (xdotool click at the place the app reports for a widget) and no key
# pressed except the scanner's bursts. Sign in on the PIN pad, scan, search with the letters on
# screen, cash by keypad, VietQR, a split payment, park and recall, and a refund in the back office.
# Screenshots go to docs/screenshots/walk-<size>/. SIZE=1920x1080 for the big screen.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZE="${SIZE:-1024x768}"
OUT="${OUT:-$ROOT/docs/screenshots/walk-$SIZE}"
DISPLAY_NO="${DISPLAY_NO:-:96}"
WORK="$(mktemp -d)"
mkdir -p "$WORK/data"
source "$ROOT/scripts/touch_session.sh"
start_kiosk

# 1. Sign in: Lan in the list, her PIN on the pad.
at $(ask where_person Lan)
for d in 1 1 1 1; do tap signin.pad.buttons.$d 0.15; done
shot 01-signin
tap signin.pad.ok 1
expect screen saleScreen "sign-in"

# 2. Scan two products; the second twice.
scan 8939101000010
scan 8939101000027
scan 8939101000027
expect cart 2 "three scans"
shot 02-scanned

# 3. Search by touch: the letters on screen, then the result.
tap sale.catalogue.show_letters
for k in t r a; do tap sale.catalogue.letters.buttons.$k 0.2; done
sleep 0.5
shot 03-search
tap_row sale.catalogue.results 0
expect cart 3 "picking a search result"

# 4. Park the cart and recall it.
tap sale.park 0.6
expect cart 0 "parking"
tap sale.recall 0.6
tap_row sale.dialog.list 0
tap sale.dialog.recall 0.6
expect cart 3 "recalling"

# 5. Pay: part by VietQR, the rest in cash typed on the keypad.
tap sale.pay 0.8
tap payment.method_buttons.vietqr 0.6
shot 04-vietqr
tap payment.method_buttons.cash 0.4
for d in 1 0 0 000; do tap payment.cash_page.pad.buttons.$d 0.15; done
shot 05-cash-keypad
tap payment.take 0.6
tap payment.method_buttons.vietqr 0.6
shot 06-split-vietqr
tap payment.qr_received 0.6      # no head office here: confirmed by hand, with a reason
at $(ask where_arrow payment.dialog.reason) 0.6
at $(ask where_choice payment.dialog.reason 0) 0.5
shot 06b-confirm-by-hand
tap payment.dialog.ok 1
expect screen saleScreen "the split payment"
shot 07-paid
RECEIPT="$(ask last_receipt)"

# 6. A cash sale of an odd amount, by keypad, with the suggested note.
scan 8939101000010
tap sale.pay 0.8
tap payment.suggest_buttons.0 0.4
shot 08-cash-suggested
tap payment.take 1
expect screen saleScreen "the cash sale"

# 7. Refund in the back office: the manager's PIN on the pad, the receipt scanned.
tap backoffice_button 0.8
for d in 2 2 2 2; do tap dialog.pad.buttons.$d 0.15; done
tap dialog.pad.ok 1
expect screen backOfficeScreen "the manager's PIN"
tap backoffice.buttons.refunds 1
scan "$RECEIPT"
expect "text backoffice.built.refunds.receipt" "$RECEIPT" "scanning the receipt"
tap_row backoffice.built.refunds.table 0
tap backoffice.built.refunds.plus
tap backoffice.built.refunds.to_buttons.1
at $(ask where_arrow backoffice.built.refunds.reason) 0.6
at $(ask where_choice backoffice.built.refunds.reason 0) 0.5
shot 09-refund
tap backoffice.built.refunds.refund_button 0.8
tap dialog.yes 1
shot 10-refunded

quit_kiosk
ls -1 "$OUT"
