"""What each ``ocop-kiosk`` command does. Errors reach the operator as one clear line."""

import argparse
import getpass
import logging
import sys

from db.engine import DatabaseError, DatabaseLocked
from kiosk.app import load_demo, open_services, setup_logging
from kiosk.config import default_paths
from kiosk.core.errors import DomainError, ImportFailed

log = logging.getLogger(__name__)


def dispatch(args: argparse.Namespace) -> int:
    paths = default_paths(args.data_dir).ensure()
    setup_logging(paths, verbose=args.verbose)
    try:
        services = open_services(paths)
    except DatabaseLocked as exc:
        print(f"The database is in use by another program: {exc.path}", file=sys.stderr)
        return 3
    except DatabaseError as exc:
        print(
            f"The database file cannot be used ({exc.reason}): {exc.path}\n"
            f"Backups are in {paths.backups}.",
            file=sys.stderr,
        )
        return 3
    try:
        return _COMMANDS.get(args.command or "run", _run)(args, services)
    except ImportFailed as exc:
        print("Nothing was imported; fix these rows and try again:", file=sys.stderr)
        for line, reason in exc.data["errors"]:
            print(f"  line {line}: {reason}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args, services) -> int:
    if args.demo:
        load_demo(services)
    from kiosk.app import run_kiosk

    return run_kiosk(services, demo=args.demo)


def _db(args, services) -> int:
    if args.db_command == "check":
        from db.engine import check_database

        check_database(services.data_dir / "kiosk.sqlite3")
    print(f"database ok: {services.data_dir / 'kiosk.sqlite3'}")
    return 0


def _catalogue(args, services) -> int:
    if args.catalogue_command == "demo":
        print("demo loaded" if load_demo(services) else "database not empty: nothing loaded")
        return 0
    from kiosk.core.importer import import_catalogue

    report = import_catalogue(services.session_factory, args.file)
    print(
        f"imported {args.file}: {report.created} new products, {report.updated} updated, "
        f"{report.producers_created} new producers"
    )
    return 0


def _users(args, services) -> int:
    if args.users_command == "list":
        for u in services.users.list():
            print(f"{u.role:8} {u.name}")
        return 0
    by = None
    if services.users.list():
        admin = input("Admin name: ")
        by = services.users.sign_in(admin, getpass.getpass("Admin PIN: "))
    pin = getpass.getpass(f"PIN for {args.name} (4-8 digits): ")
    if getpass.getpass("Again: ") != pin:
        print("The PINs differ; nothing was changed.", file=sys.stderr)
        return 2
    services.users.create(args.name, args.role, pin, by=by)
    print(f"added {args.role} {args.name}")
    return 0


def _hardware(args, services) -> int:
    from hardware.cli import run_hardware_test
    from hardware.errors import DeviceError
    from hardware.urls import open_scanner
    from kiosk.app import open_receipt_printer

    settings = services.settings
    printer = open_receipt_printer(
        args.printer or settings["printer_url"], settings["printer_profile"]
    )
    scanner_url = args.scanner or settings["scanner_url"]
    scanner = None
    if scanner_url.startswith("wedge:"):
        print("Keyboard-wedge scanner: scan into this terminal; each scan shows as a line.")
    else:
        try:
            scanner = open_scanner(scanner_url, lambda event: None)
        except DeviceError as exc:
            print(f"scanner {scanner_url}: {type(exc).__name__}: {exc}")
    result = run_hardware_test(printer, scanner, sys.stdout, args.seconds if scanner else 0)
    if scanner is None and scanner_url.startswith("wedge:"):
        _echo_typed_lines(args.seconds)
    return 0 if not result.errors else 1


def _echo_typed_lines(seconds: float) -> None:
    import select
    import time

    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([sys.stdin], [], [], left)
        if not ready:
            break
        line = sys.stdin.readline()
        if not line:
            break
        print(f"  scanned: {line.strip()!r}")


_COMMANDS = {
    "run": _run,
    "db": _db,
    "catalogue": _catalogue,
    "users": _users,
    "hardware": _hardware,
}
