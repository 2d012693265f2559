"""What each ``ocop-kiosk`` command does. Errors reach the operator as one clear line."""

import argparse
import getpass
import logging
import sys

from db.engine import DatabaseError, DatabaseLocked
from kiosk.app import close_services, load_demo, open_services, setup_logging
from kiosk.cli_backup import backup_command, restore_command
from kiosk.config import default_paths
from kiosk.core.errors import DomainError, ImportFailed
from kiosk.core.sync.errors import NotEnrolled, SyncRefused, SyncUnavailable
from kiosk.core.sync.service import InvalidEnrolCode, InvalidHqAddress

log = logging.getLogger(__name__)


def dispatch(args: argparse.Namespace) -> int:
    paths = default_paths(args.data_dir).ensure()
    setup_logging(paths, verbose=args.verbose)
    if args.command == "restore":
        return restore_command(args, paths)
    if args.command == "doctor":  # before open_services: it must not upgrade or back up
        return _doctor(paths)
    try:
        services = open_services(paths)
    except DatabaseLocked as exc:
        print(f"The database is in use by another program: {exc.path}", file=sys.stderr)
        return 3
    except DatabaseError as exc:
        print(
            f"The database file cannot be used ({exc.reason}): {exc.path}\n"
            f"Backups are in {paths.backups}; `ocop-kiosk restore FILE` puts one back.",
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
    except InvalidHqAddress as exc:
        print(
            f"not a head-office address (http:// or https://): {exc.data['url']!r}", file=sys.stderr
        )
        return 2
    except InvalidEnrolCode:
        print(
            "not an enrolment code: 24 letters and digits as `ocop-hq terminal add` printed it",
            file=sys.stderr,
        )
        return 2
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except NotEnrolled:
        print("not enrolled at head office: run `ocop-kiosk sync enrol URL CODE`", file=sys.stderr)
        return 2
    except SyncRefused as exc:
        print(
            f"head office refused this terminal ({exc.data.get('status', '?')}): the code is "
            "wrong or used, or the terminal was revoked; ask head office for a new code",
            file=sys.stderr,
        )
        return 5
    except SyncUnavailable as exc:
        detail = exc.data.get("reason") or f"HTTP {exc.data.get('status')}"
        print(f"head office cannot be reached: {detail}; nothing was lost", file=sys.stderr)
        return 4
    finally:
        if services.sync is not None:
            services.sync.close()
        close_services(services)


def _run(args, services) -> int:
    if args.demo:
        load_demo(services)
    from kiosk.app import run_kiosk

    return run_kiosk(services, demo=args.demo)


def _doctor(paths) -> int:
    from kiosk import doctor

    findings = doctor.examine(paths)
    print(doctor.render(findings, colour=sys.stdout.isatty()))
    return 0 if all(f.ok for f in findings) else 1


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
    from kiosk.core.catalogue.csv_import import import_catalogue

    report = import_catalogue(services.session_factory, args.file)
    print(
        f"imported {args.file}: {report.created} new products, {report.updated} updated, "
        f"{report.producers_created} new producers"
    )
    return 0


def _sync(args, services) -> int:
    sync = services.sync
    if args.sync_command == "enrol":
        result = sync.enrol_at_console(args.url, args.code)
        enrolment = result.enrolment
        print(f"enrolled at {enrolment.base_url} as terminal {enrolment.terminal_code}")
        if result.previous_terminal_code != enrolment.terminal_code:
            print(
                f"this terminal's sales now carry {enrolment.terminal_code} "
                f"(was {result.previous_terminal_code})"
            )
        if result.foreign_sales:
            print(
                f"{result.foreign_sales} unsent sales were made as "
                f"{result.previous_terminal_code}; they go to head office as sales of "
                f"{enrolment.terminal_code}"
            )
        return 0
    if args.sync_command == "now":
        result = sync.sync_once()
        push, pull = result.push, result.pull
        print(
            f"pushed {push.sent} entries: {push.applied} applied, {push.duplicate} duplicate, "
            f"{push.rejected} rejected; backlog {push.backlog}"
        )
        print(
            f"catalogue {pull.since} -> {pull.version}: {pull.products} products, "
            f"{pull.prices} prices, {pull.barcodes} barcodes, {pull.producers} producers, "
            f"{pull.removed} removed"
        )
        return 0 if push.rejected == 0 else 1
    enrolment = sync.enrolment()
    status = sync.status()
    if enrolment is None:
        print("not enrolled at head office")
    else:
        print(f"enrolled at {enrolment.base_url} as terminal {enrolment.terminal_code}")
    last = status.last_success.isoformat(timespec="seconds") if status.last_success else "never"
    print(f"backlog: {status.backlog} entries")
    print(f"last sync: {last}")
    print(f"rejected by head office: {status.rejected}")
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


def _report(args, services) -> int:
    import datetime as dt
    from pathlib import Path

    from kiosk.core.errors import NothingToReport
    from kiosk.core.reports.documents import cash_report_pdf

    shifts, terminal = services.shifts, services.settings["terminal_code"]
    if args.kind == "x":
        report = shifts.x_report()
        name = f"X-{terminal}-{report.made_at:%Y%m%d-%H%M%S}"
    else:
        day = dt.date.fromisoformat(args.date) if args.date else None
        found = [z for z in shifts.z_reports(limit=1000) if day is None or z[2] == day]
        if not found:
            raise NothingToReport(terminal_code=terminal, business_date=args.date)
        report = shifts.z_report(found[0][0])
        name = f"Z-{terminal}-{report.z_no:04d}-{report.business_date:%Y%m%d}"
    out = Path(args.out) if args.out else services.data_dir / "reports"
    # The language is in the name: the English copy for the accountant must not overwrite the
    # Vietnamese one.
    path = cash_report_pdf(
        report, out / f"{name}-{args.lang}.pdf", settings=services.settings, lang=args.lang
    )
    print(path)
    return 0


_COMMANDS = {
    "run": _run,
    "db": _db,
    "catalogue": _catalogue,
    "sync": _sync,
    "users": _users,
    "hardware": _hardware,
    "report": _report,
    "backup": backup_command,
}
