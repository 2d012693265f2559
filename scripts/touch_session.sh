# Sourced by scripts/clerk_walk.sh and scripts/bank_flow.sh: the kiosk (scripts/screenshot_driver.py,
# demo data) under Xvfb with no window manager, and the verbs that drive it by touch.
# Expects ROOT, SIZE, OUT, DISPLAY_NO and WORK (with WORK/data prepared); sets APP_PID and XVFB_PID.
#   start_kiosk            Xvfb, then the kiosk; waits until it is ready
#   ask VERB [ARG]         asks the kiosk (where, where_row, screen, cart, text, qr, shot_screen…)
#   at X Y [PAUSE]         a tap at a point;  tap PATH [PAUSE]: a tap on a widget
#   tap_row PATH ROW       a tap on a row of a list;  scan CODE: the scanner's burst and Enter
#   shot NAME              the whole screen to $OUT/NAME.png
#   expect QUERY ANSWER WHAT   waits up to 5 s for the kiosk to answer ANSWER, else stops
BIN="${BIN:-$ROOT/.venv/bin}"
for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "needs $tool: run bash scripts/system-deps.sh all" >&2; exit 2; }
done
mkdir -p "$WORK/control" "$OUT"

stop_session() {
  for pid in ${APP_PID:-} ${HQ_PID:-} ${XVFB_PID:-}; do kill "$pid" 2>/dev/null || true; done
  if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap stop_session EXIT

start_kiosk() {
  Xvfb "$DISPLAY_NO" -screen 0 "${SIZE}x24" -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  export DISPLAY="$DISPLAY_NO"
  for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
  # No OCOP_KIOSK_WINDOWED: the kiosk takes the whole screen itself, as without a window manager.
  export QT_QPA_PLATFORM=xcb LANG=C.UTF-8
  "$BIN/python" "$ROOT/scripts/screenshot_driver.py" "$WORK/data" "$WORK/control" "$OUT" \
    >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 150); do [ -f "$WORK/control/ready" ] && break; sleep 0.1; done
  [ -f "$WORK/control/ready" ] || { cat "$WORK/app.log"; echo "the kiosk did not start" >&2; exit 1; }
  sleep 1
}

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
tap_row() { at $(ask where_row "$1" "$2") "${3:-0.5}"; }
scan() { xdotool type --delay 4 "$1"; xdotool key Return; sleep 0.5; }
shot() { ask shot_screen "$1" >/dev/null; }
expect() {
  local got
  for _ in $(seq 50); do got="$(ask "$1")"; [ "$got" = "$2" ] && return 0; sleep 0.1; done
  echo "after $3: $1 is '$got', not '$2'; banner: $(ask banner)" >&2; exit 1
}
quit_kiosk() { ask quit >/dev/null; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }
