#!/usr/bin/env bash
# Build dist/ocop-kiosk_<version>_<arch>.deb: the app in its own virtualenv under /opt/ocop-kiosk,
# the kiosk-session unit, udev rules and the maintainer scripts. See docs/packaging.md.
#   packaging/deb/build.sh [OUT_DIR]      (VERSION=... overrides the version from pyproject)
# Needs: Debian/Ubuntu with /usr/bin/python3.11 and python3-venv (the target's Python), dpkg-deb.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/dist}" && cd "${1:-$ROOT/dist}" && pwd)"
PYTHON=/usr/bin/python3.11          # the venv links to the system Python of Debian 12
APP=/opt/ocop-kiosk
VERSION="${VERSION:-$("$PYTHON" -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$ROOT/pyproject.toml")}"
ARCH="$(dpkg --print-architecture)"
WORK="$(mktemp -d /tmp/ocop-deb.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/root"

# The wheel, built from a copy (setuptools leaves build/ in the tree it builds from).
mkdir -p "$WORK/src" "$WORK/wheel"
tar -C "$ROOT" --exclude=.venv --exclude=.git --exclude=dist --exclude=build \
    --exclude='*.egg-info' --exclude=__pycache__ -cf - . | tar -C "$WORK/src" -xf -
# The app says the package's version (`ocop-kiosk --version`, and to head office, which compares
# it as dpkg does): VERSION=0.1.1 makes a build that knows itself as 0.1.1.
sed -i "s/^__version__ = .*/__version__ = \"$VERSION\"/" "$WORK/src/kiosk/__init__.py"
"$PYTHON" -m venv "$WORK/buildenv"
"$WORK/buildenv/bin/pip" wheel -q --no-deps -w "$WORK/wheel" "$WORK/src"

# The venv is made where it will live ($APP) inside the staging root, then its absolute paths
# (script shebangs, activate) are rewritten from the staging path to $APP.
"$PYTHON" -m venv "$STAGE$APP/venv"
"$STAGE$APP/venv/bin/pip" install -q --no-compile "$WORK"/wheel/ocop_kiosk-*.whl
"$STAGE$APP/venv/bin/pip" uninstall -q -y pip setuptools 2>/dev/null || true
grep -rlI --null "$STAGE$APP" "$STAGE$APP/venv/bin" | xargs -0 -r sed -i "s#$STAGE$APP#$APP#g"
sed -i "s#$STAGE$APP#$APP#g" "$STAGE$APP/venv/pyvenv.cfg"
find "$STAGE$APP" -name __pycache__ -prune -exec rm -rf {} +

P="$ROOT/packaging/deb"
install -Dm755 "$P/ocop-kiosk.sh" "$STAGE/usr/bin/ocop-kiosk"
install -Dm644 "$P/ocop-kiosk-session.service" "$STAGE/lib/systemd/system/ocop-kiosk-session.service"
install -Dm644 "$P/70-ocop-kiosk.rules" "$STAGE/lib/udev/rules.d/70-ocop-kiosk.rules"
install -Dm644 "$P/ocop-kiosk.default" "$STAGE/etc/default/ocop-kiosk"
install -Dm644 "$P/ocop-kiosk-update.path" "$STAGE/lib/systemd/system/ocop-kiosk-update.path"
install -Dm644 "$P/ocop-kiosk-update.service" "$STAGE/lib/systemd/system/ocop-kiosk-update.service"
install -Dm755 "$P/ocop-kiosk-update" "$STAGE/usr/lib/ocop-kiosk/ocop-kiosk-update"
install -Dm644 "$ROOT/docs/packaging.md" "$STAGE/usr/share/doc/ocop-kiosk/packaging.md"

mkdir -p "$STAGE/DEBIAN"
for s in postinst prerm postrm; do install -m755 "$P/$s" "$STAGE/DEBIAN/$s"; done
echo /etc/default/ocop-kiosk > "$STAGE/DEBIAN/conffiles"
SIZE="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" \
    "$P/control.in" > "$STAGE/DEBIAN/control"

DEB="$OUT/ocop-kiosk_${VERSION}_${ARCH}.deb"
# gzip -6: xz would save a third of the size and take minutes more on a small build machine.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
