"""``ocop-kiosk backup`` and ``ocop-kiosk restore FILE``: a checked backup now, and a backup put
back by one command (the current file is kept aside, never deleted)."""

import argparse
import sys
from pathlib import Path

from db.backup import restore
from db.engine import DatabaseError


def add_parsers(sub) -> None:
    sub.add_parser(
        "backup",
        help="back up the database now (checked), into the data folder and the second folder",
    )
    rp = sub.add_parser(
        "restore",
        help="put a backup in place of the database (stop the kiosk first); the current "
        "database is kept aside",
    )
    rp.add_argument("file", help="a backup file, e.g. <data folder>/backups/daily/kiosk-daily-…")


def backup_command(args: argparse.Namespace, services) -> int:
    result = services.backups.make()
    print(f"backed up to {result.path}")
    if result.second_path is not None:
        print(f"copy in {result.second_path}")
    if result.second_error is not None:
        print(f"warning: no copy in the second folder: {result.second_error}", file=sys.stderr)
        return 1
    return 0


def restore_command(args: argparse.Namespace, paths) -> int:
    """Runs without opening the database: the current one may be the damaged file."""
    try:
        aside = restore(Path(args.file).expanduser(), paths.database)
    except DatabaseError as exc:
        print(
            f"not restored, nothing was changed: {exc.path} cannot be used ({exc.reason})",
            file=sys.stderr,
        )
        return 3
    print(f"restored {paths.database} from {args.file}")
    if aside is not None:
        print(f"the previous database is kept as {aside}")
    return 0
