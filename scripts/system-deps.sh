#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the kiosk needs, only those missing.
#   system-deps.sh test   libraries for Qt's offscreen platform (tests), and on Debian the
#                         chromium that tests/hq/test_browser.py drives with Playwright
#   system-deps.sh ci     test's, plus nginx for tests/packaging/test_hq_deploy.py (CI only: on a
#                         machine with systemd, installing nginx starts it on port 80), and Xvfb
#                         with the X11 libraries for tests/ui/test_fullscreen_x11.py
#   system-deps.sh run    plus what a real window needs (X11/xcb), and Xvfb tools for screenshots
# Uses sudo when not root. Does nothing on a machine that already has everything.
set -euo pipefail
mode=${1:-test}

pkgs=(python3-venv libglib2.0-0 libgl1 libegl1 libx11-6 libxkbcommon0 libfontconfig1
      libfreetype6 libdbus-1-3 fonts-dejavu-core poppler-utils libusb-1.0-0)
# Debian's chromium for the browser test (Playwright's own browser download is not used). On
# Ubuntu "chromium" is a transitional package that installs a snap, which a container or CI
# runner often cannot run: left out there, and the browser test skips saying why.
distro=$( (. /etc/os-release 2>/dev/null && echo "${ID:-}") || true)
if [ "$mode" = ci ]; then
  pkgs+=(nginx openssl xvfb)
fi
if [ "$mode" = test ] || [ "$mode" = ci ] || [ "$mode" = all ]; then
  if [ "$distro" = debian ]; then
    pkgs+=(chromium)
  elif ! command -v chromium >/dev/null; then
    echo "No chromium installed on ${distro:-this system}: tests/hq/test_browser.py will skip." >&2
  fi
fi
if [ "$mode" = run ] || [ "$mode" = all ] || [ "$mode" = ci ]; then
  pkgs+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
         libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0)
fi
if [ "$mode" = all ]; then
  pkgs+=(xvfb xauth xdotool)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Missing system packages (${missing[*]}) and no apt-get: install them by hand." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
