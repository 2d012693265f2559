"""The kiosk packages head office hands out: adding a .deb, and which one a terminal gets.

An operator gives head office a kiosk .deb (``ocop-hq package add FILE``). Its version is read
from the package's own control data (a .deb is an ``ar`` archive whose ``control.tar`` holds
``./control``), so what a terminal is told it gets is what dpkg will install. The file is copied
into head office's package folder, and its SHA-256 and size are kept: a terminal refuses a
download that does not match them.
"""

import functools
import hashlib
import io
import os
import shutil
import tarfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq import versions
from hq.errors import NotAKioskPackage, PackageExists
from hq.models import KioskPackage

PACKAGE_NAME = "ocop-kiosk"
_AR_MAGIC = b"!<arch>\n"
_CHUNK = 1 << 20


def default_folder() -> Path:
    """Where head office keeps the packages: $OCOP_HQ_PACKAGES, else ./ocop-hq-packages."""
    return Path(os.environ.get("OCOP_HQ_PACKAGES") or Path.cwd() / "ocop-hq-packages")


def _ar_member(path: Path, prefix: str) -> bytes:
    """The content of the first member of the ar archive at ``path`` whose name starts so."""
    with path.open("rb") as f:
        if f.read(len(_AR_MAGIC)) != _AR_MAGIC:
            raise NotAKioskPackage(path=str(path), reason="not a .deb (ar) file")
        while header := f.read(60):
            if len(header) < 60:
                break
            name = header[:16].decode("ascii", "replace").strip().rstrip("/")
            size = int(header[48:58].decode("ascii").strip() or 0)
            if name.startswith(prefix):
                return f.read(size)
            f.seek(size + size % 2, io.SEEK_CUR)  # members are padded to an even length
    raise NotAKioskPackage(path=str(path), reason=f"no {prefix} member")


def control_fields(path: Path) -> dict[str, str]:
    """The fields of the .deb's ``control`` file (Package, Version, ...)."""
    data = _ar_member(path, "control.tar")
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            member = tar.extractfile("./control")
            text = member.read().decode("utf-8") if member else ""
    except (tarfile.TarError, KeyError) as exc:
        raise NotAKioskPackage(path=str(path), reason=f"control data unreadable: {exc}") from exc
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line[0].isspace() and ":" in line:
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    return fields


def sha256_and_size(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def add_package(
    session: Session, source: Path, folder: Path, *, version: str | None = None
) -> KioskPackage:
    """Copy the .deb at ``source`` into ``folder`` and record it; ``version`` overrides the
    package's own only when its control data cannot be read (a zstd-compressed control)."""
    try:
        fields = control_fields(source)
    except NotAKioskPackage:
        if version is None:
            raise
        fields = {"Package": PACKAGE_NAME, "Version": version}
    if fields.get("Package") != PACKAGE_NAME:
        raise NotAKioskPackage(path=str(source), reason=f"package {fields.get('Package')!r}")
    found = fields.get("Version", "")
    if version is not None and found != version:
        raise NotAKioskPackage(path=str(source), reason=f"its version is {found}, not {version}")
    try:
        found = versions.check(found)
    except versions.InvalidVersion as exc:
        raise NotAKioskPackage(path=str(source), reason=f"version {found!r}") from exc
    if session.scalar(select(KioskPackage.id).where(KioskPackage.version == found)) is not None:
        raise PackageExists(version=found)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{PACKAGE_NAME}_{found}.deb"
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    sha256, size = sha256_and_size(partial)  # of the copy: what terminals will be sent
    partial.replace(target)
    package = KioskPackage(version=found, sha256=sha256, size_bytes=size, path=str(target))
    session.add(package)
    session.flush()
    return package


def list_packages(session: Session) -> list[KioskPackage]:
    """Every package, newest version first."""
    rows = list(session.scalars(select(KioskPackage)))
    key = functools.cmp_to_key(lambda a, b: versions.compare(a.version, b.version))
    return sorted(rows, key=key, reverse=True)


def newest_for(session: Session, running: str | None) -> KioskPackage | None:
    """The newest package newer than ``running`` (None: the terminal did not say: none)."""
    if not running:
        return None
    for package in list_packages(session):
        return package if versions.newer(package.version, running) else None
    return None


def package(session: Session, version: str) -> KioskPackage | None:
    return session.scalar(select(KioskPackage).where(KioskPackage.version == version))
