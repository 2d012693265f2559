"""``ocop-hq``: run head office and administer it.

    ocop-hq [--database URL] serve [--host H] [--port P] [--certfile F --keyfile F] [--no-docs]
                                   [--workers N]
    ocop-hq [--database URL] migrate
    ocop-hq [--database URL] terminal add NAME | revoke NAME | list
    ocop-hq [--database URL] operator add NAME [--password-stdin]
    ocop-hq [--database URL] operator disable NAME | enable NAME | remove NAME | list
    ocop-hq [--database URL] catalogue import FILE.csv|FILE.xlsx
    ocop-hq [--database URL] package add FILE.deb [--version V] [--folder DIR] | list
    ocop-hq bank-simulate --amount N --content TEXT [--url URL] [--id N] [--account ACC]

The bank-notification service is configured by environment (docs/bank-transfers.md):
$OCOP_HQ_SEPAY_API_KEY (SePay's webhook key), $OCOP_HQ_BANK_ACCOUNT (the shop's account),
$OCOP_HQ_SEPAY_API_TOKEN (poll SePay's transactions API instead of, or as well as, the webhook).

The database defaults to $OCOP_HQ_DATABASE, else ``sqlite:///./ocop-hq.sqlite3``. Every command
upgrades the schema first.
"""

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from sqlalchemy import select

from hq import catalogue, operators, packages, store, terminals
from hq.errors import CatalogueImportFailed, HqError
from hq.models import Terminal

log = logging.getLogger("hq")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return number


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ocop-hq", description="OCOP head office server")
    p.add_argument(
        "--database",
        default=os.environ.get("OCOP_HQ_DATABASE") or store.default_url(),
        help="SQLAlchemy URL: sqlite:///file or postgresql+psycopg://user@host:port/db",
    )
    sub = p.add_subparsers(dest="command", required=True)
    # --database is accepted after the command too: `ocop-hq serve --database URL`.
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--database", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    _add_serve(sub, db)
    _add_people(sub, db)
    _add_supplies(sub, db)
    return p


def _add_serve(sub, db) -> None:
    serve = sub.add_parser("serve", parents=[db], help="run the HTTP API and the operator pages")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--certfile", help="TLS certificate (PEM); serve HTTPS when given")
    serve.add_argument("--keyfile", help="TLS private key (PEM)")
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="worker processes sharing the database (several need PostgreSQL to be worth it)",
    )
    serve.add_argument(
        "--no-docs", action="store_true", help="no /docs nor /openapi.json, even signed in"
    )

    sub.add_parser("migrate", parents=[db], help="bring the database to the newest schema")


def _add_people(sub, db) -> None:
    """Terminals and operators."""
    term = sub.add_parser("terminal", help="enrol and revoke terminals")
    tsub = term.add_subparsers(dest="action", required=True)
    tsub.add_parser("add", parents=[db], help="print a one-time enrolment code").add_argument(
        "name"
    )
    tsub.add_parser("revoke", parents=[db], help="refuse the terminal's token").add_argument("name")
    tsub.add_parser("list", parents=[db])

    op = sub.add_parser("operator", help="people who may sign in to the operator pages")
    osub = op.add_subparsers(dest="action", required=True)
    add = osub.add_parser("add", parents=[db])
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    for action, text in (
        ("disable", "refuse the operator's password and end their sessions now"),
        ("enable", "let a disabled operator sign in again"),
        ("remove", "delete the operator and their sessions"),
    ):
        osub.add_parser(action, parents=[db], help=text).add_argument("name")
    osub.add_parser("list", parents=[db])


def _add_supplies(sub, db) -> None:
    """The catalogue, the bank simulator and the kiosk packages."""
    cat = sub.add_parser("catalogue", help="the master catalogue")
    csub = cat.add_subparsers(dest="action", required=True)
    csub.add_parser(
        "import", parents=[db], help="apply a catalogue CSV or Excel workbook"
    ).add_argument("file", type=Path)
    sim = sub.add_parser("bank-simulate", help="send head office a simulated SePay notification")
    sim.add_argument("--url", default="http://127.0.0.1:8080", help="head office's address")
    sim.add_argument("--amount", type=int, required=True, help="đồng")
    sim.add_argument("--content", required=True, help="the transfer's content (its reference)")
    sim.add_argument("--id", type=int, help="SePay's transaction id (repeat one: a resend)")
    sim.add_argument("--account", default=os.environ.get("OCOP_HQ_BANK_ACCOUNT", "0123456789"))

    pkg = sub.add_parser("package", help="kiosk packages (.deb) that terminals update to")
    psub = pkg.add_subparsers(dest="action", required=True)
    padd = psub.add_parser("add", parents=[db], help="hand a kiosk .deb out to the terminals")
    padd.add_argument("file", type=Path)
    padd.add_argument("--version", help="the package's version, if its control data is zstd")
    padd.add_argument(
        "--folder",
        type=Path,
        default=packages.default_folder(),
        help="where head office keeps the packages (default: $OCOP_HQ_PACKAGES or "
        "./ocop-hq-packages)",
    )
    psub.add_parser("list", parents=[db])


def _bank_simulate(args) -> int:
    import httpx

    from hq.bank import simulator

    key = os.environ.get("OCOP_HQ_SEPAY_API_KEY", "")
    body = simulator.webhook_body(
        args.amount, args.content, provider_id=args.id, account=args.account
    )
    try:
        response = simulator.send(args.url, key, body)
    except (OSError, httpx.HTTPError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{response.status_code} {response.text}")
    return 0 if response.status_code == 200 else 1


def _serve(args, engine, session_factory) -> int:
    import uvicorn

    from hq import asgi

    if bool(args.certfile) != bool(args.keyfile):
        print("--certfile and --keyfile go together", file=sys.stderr)
        return 2
    options = {
        "host": args.host,
        "port": args.port,
        "ssl_certfile": args.certfile,
        "ssl_keyfile": args.keyfile,
        "log_level": args.log_level,
        "access_log": False,
    }
    if args.workers > 1:  # each worker process builds its app from the environment
        os.environ[asgi.DATABASE_ENV] = args.database
        os.environ[asgi.DOCS_ENV] = "0" if args.no_docs else "1"
        engine.dispose()  # migrated: the workers open their own
        uvicorn.run("hq.asgi:app_from_env", factory=True, workers=args.workers, **options)
        return 0
    uvicorn.run(asgi.build_app(engine, session_factory, docs=not args.no_docs), **options)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.command == "bank-simulate":
        return _bank_simulate(args)
    engine, session_factory = store.open_database(args.database)
    try:
        if args.command == "serve":
            return _serve(args, engine, session_factory)
        if args.command == "migrate":
            print(f"database at revision {store.current_revision(engine)}")
            return 0
        if args.command == "terminal":
            return _terminal(args, session_factory)
        if args.command == "operator":
            return _operator(args, session_factory)
        if args.command == "package":
            return _package(args, session_factory)
        if args.command == "catalogue":
            with session_factory.begin() as session:
                summary = catalogue.import_csv(session, args.file)
            print(
                f"catalogue version {summary.version}: {summary.products_added} products added, "
                f"{summary.products_changed} changed, {summary.products_removed} removed, "
                f"{summary.prices_added} prices, {summary.barcodes_changed} barcodes, "
                f"{summary.producers_added} producers added"
            )
            return 0
    except CatalogueImportFailed as exc:
        for line, reason in exc.data["errors"]:
            print(f"{args.file}:{line}: {reason}", file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return 1
    except HqError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the catalogue file cannot be read
        print(f"error: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 2


def _terminal(args, session_factory) -> int:
    if args.action == "add":
        with session_factory.begin() as session:
            code = terminals.add_terminal(session, args.name)
        print(f"Enrolment code for {args.name} (valid 7 days, once):")
        print(code)
    elif args.action == "revoke":
        with session_factory.begin() as session:
            terminals.revoke(session, args.name)
        print(f"terminal {args.name} revoked")
    else:
        with session_factory() as session:
            for t in session.scalars(select(Terminal).order_by(Terminal.code)):
                state = "revoked" if t.revoked_at else ("enrolled" if t.token_hash else "waiting")
                print(f"{t.code}\t{state}\tlast push {t.last_push_at or '-'}\tbacklog {t.backlog}")
    return 0


def _package(args, session_factory) -> int:
    if args.action == "list":
        with session_factory() as session:
            for p in packages.list_packages(session):
                print(f"{p.version}\t{p.size_bytes}\t{p.sha256}\t{p.path}")
        return 0
    with session_factory.begin() as session:
        added = packages.add_package(session, args.file, args.folder, version=args.version)
        print(f"package {added.version} added ({added.size_bytes} bytes, sha256 {added.sha256})")
    return 0


def _operator(args, session_factory) -> int:
    if args.action == "list":
        with session_factory() as session:
            for o in operators.list_operators(session):
                print(f"{o.name}\t{'active' if o.active else 'disabled'}")
        return 0
    if args.action in ("disable", "enable", "remove"):
        with session_factory.begin() as session:
            if args.action == "remove":
                operators.remove_operator(session, args.name)
            else:
                operators.set_active(session, args.name, args.action == "enable")
        print(f"operator {args.name} {args.action}d")
        return 0
    password = (
        sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    )
    if not args.password_stdin and getpass.getpass("Again: ") != password:
        print("the passwords differ", file=sys.stderr)
        return 1
    with session_factory.begin() as session:
        operators.add_operator(session, args.name, password)
    print(f"operator {args.name} added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
