"""Command line of the kiosk: ``ocop-kiosk`` opens the window; sub-commands do the rest."""

import argparse
import os
import sys

import platformdirs

from kiosk import __version__
from kiosk.cli_backup import add_parsers as add_backup_parsers
from kiosk.display import headless_refusal


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ocop-kiosk",
        description="OCOP Kiosk: point of sale for OCOP showrooms. Without a command, opens the "
        "kiosk window.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--data-dir", help="data folder (default: OCOP_KIOSK_DATA or the user data dir)")
    p.add_argument(
        "--demo",
        action="store_true",
        help="load the demo catalogue and users into an empty database, use fake devices",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    p.add_argument(
        "--offscreen",
        action="store_true",
        help="open the window on no screen (tests, screenshots): Qt's offscreen platform",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("run", help="open the kiosk window (the default)")
    _add_db(sub)
    _add_catalogue(sub)
    _add_hardware(sub)
    _add_sync(sub)
    _add_report(sub)
    _add_users(sub)
    add_backup_parsers(sub)
    sub.add_parser("doctor", help="check devices, disk, clock, database, backup, sync (installers)")
    return p


def _add_db(sub) -> None:
    """``db upgrade`` and ``db check``."""
    dbp = sub.add_parser("db", help="database maintenance")
    dbsub = dbp.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dbsub.add_parser("upgrade", help="back up and upgrade the database to the newest schema")
    dbsub.add_parser("check", help="check the database file's integrity")


def _add_catalogue(sub) -> None:
    """``catalogue import FILE`` and ``catalogue demo``."""
    cat = sub.add_parser("catalogue", help="catalogue maintenance")
    catsub = cat.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    imp = catsub.add_parser(
        "import", help="import products from a CSV file or Excel workbook (all rows or none)"
    )
    imp.add_argument(
        "file", help="CSV file (UTF-8) or .xlsx workbook (first sheet), with a header row"
    )
    catsub.add_parser("demo", help="load the demo catalogue and demo users into an empty database")


def _add_hardware(sub) -> None:
    """``hardware test``, for installers."""
    hw = sub.add_parser("hardware", help="devices of this terminal")
    hwsub = hw.add_subparsers(dest="hardware_command", metavar="ACTION", required=True)
    hwt = hwsub.add_parser(
        "test", help="print a test page, open the drawer and echo scans (for installers)"
    )
    hwt.add_argument("--seconds", type=float, default=30, help="how long to echo scans")
    hwt.add_argument("--printer", help="printer URL (default: the settings' printer_url)")
    hwt.add_argument("--scanner", help="scanner URL (default: the settings' scanner_url)")


def _add_sync(sub) -> None:
    """``sync enrol URL CODE``, ``sync now`` and ``sync status``."""
    sync = sub.add_parser("sync", help="head office: enrol this terminal, sync now, status")
    ssub = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    enrol = ssub.add_parser(
        "enrol", help="enrol at head office with the code `ocop-hq terminal add` printed"
    )
    enrol.add_argument("url", help="head office's address, e.g. https://hq.example.vn:8443")
    enrol.add_argument("code", help="the one-time enrolment code")
    ssub.add_parser("now", help="send every unsent sale now, then fetch catalogue changes")
    ssub.add_parser("status", help="enrolment, entries waiting, last sync, rejected entries")


def _add_report(sub) -> None:
    """``report x|z``, written as a PDF."""
    rep = sub.add_parser("report", help="write the X or Z report of this terminal as a PDF")
    rep.add_argument("kind", choices=["x", "z"], help="x: the open shift so far; z: a day's Z")
    rep.add_argument("--date", help="z: the business day, YYYY-MM-DD (default: the latest Z)")
    rep.add_argument("--lang", choices=["vi", "en"], default="vi")
    rep.add_argument("--out", help="folder for the PDF (default: <data folder>/reports)")


def _add_users(sub) -> None:
    """``users list`` and ``users add NAME ROLE``."""
    users = sub.add_parser("users", help="users of this terminal")
    usub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    usub.add_parser("list", help="list users")
    add = usub.add_parser("add", help="add a user (asks for the PIN)")
    add.add_argument("name")
    add.add_argument("role", choices=["clerk", "manager", "admin"])


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in (None, "run"):
        if args.offscreen:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        refusal = headless_refusal(os.environ, offscreen_flag=args.offscreen)
        if refusal is not None:
            print(refusal, file=sys.stderr)
            return 2
    # python-escpos keeps a capabilities cache in a new temporary folder at every import unless
    # told where: keep one in the user's cache folder.
    os.environ.setdefault(
        "ESCPOS_CAPABILITIES_PICKLE_DIR", platformdirs.user_cache_dir("ocop-kiosk")
    )
    from kiosk import cli

    try:
        return cli.dispatch(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
