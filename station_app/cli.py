"""Command line: `main.py [--data-dir DIR] [COMMAND]`. A thin shell over core; no Qt here.

The GUI is imported only when no command is given, so `init`, `report` and the rest
run on a machine without a display.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from sqlite_utils import Database

from station_app import __version__
from station_app.core.audit import Anchor
from station_app.core.errors import StationError
from station_app.paths import DATA_DIR_ENV, data_dir, database_path
from station_app.storage import StorageFailure, open_database
from station_app.storage.failures import describe as describe_storage_error

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2  # argparse's own code for bad arguments


class CommandFailed(Exception):
    """A command could not do its job; the message is printed as one line."""


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line too, so tools reading stderr get a single message."""

    def error(self, message: str) -> NoReturn:
        """Print `error: message (see --help)` and exit 2."""
        self.exit(EXIT_USAGE, f"error: {message} (see `{self.prog} --help`)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="main.py",
        description="Village station counter app (村级服务站收银). No command: open the GUI.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"folder holding station.db (default: ${DATA_DIR_ENV}, else the per-user data dir)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)

    init = commands.add_parser(
        "init",
        help="create or migrate the station database",
        description="Create or migrate DIR/station.db.",
    )
    init.add_argument(
        "--demo",
        action="store_true",
        help="seed the demo station (300+ products, 店主 PIN 8888, 店员 PIN 1234)",
    )
    init.add_argument(
        "--station-id",
        metavar="ID",
        help="link to the county hub: this station's id (with --hub, --secret)",
    )
    init.add_argument("--hub", metavar="URL", help="the county hub, https://…")
    init.add_argument(
        "--secret",
        metavar="S",
        help="the secret `county_hub add-station` printed; - reads it from stdin",
    )
    init.add_argument(
        "--ca-bundle",
        metavar="PATH",
        help="PEM file of the county's CA, if its hub certificate needs one",
    )

    sim = commands.add_parser(
        "simulate",
        help="generate realistic sales via the core services",
        description="Ring up N days of sales, deterministic for a seed.",
    )
    sim.add_argument("--days", type=int, required=True, metavar="N", help="number of days")
    sim.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    sim.add_argument(
        "--start",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="first day (default: N days before today, ending yesterday)",
    )

    report = commands.add_parser(
        "report",
        help="one day's sales figures",
        description="Sales count, gross, discounts, refunds, net and "
        "payment totals for one station-local day.",
    )
    report.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day (default: today in station time)",
    )
    report.add_argument("--json", action="store_true", help="print JSON with amounts in fen")

    imp = commands.add_parser(
        "import-catalog",
        help="import products from CSV or .xlsx",
        description="Validate every row, then import all or nothing. Idempotent on barcode.",
    )
    imp.add_argument("file", type=Path, metavar="FILE", help=".csv (UTF-8 or GB18030) or .xlsx")

    config = commands.add_parser(
        "settings",
        help="show or change station settings",
        description="Without NAME: list all settings. With NAME: show one. With NAME VALUE: "
        "validate and store it (audited), e.g. `settings language en`.",
    )
    config.add_argument("name", nargs="?", metavar="NAME", help="setting name")
    config.add_argument("value", nargs="?", metavar="VALUE", help="new value")

    sync = commands.add_parser(
        "sync",
        help="send queued events to the county hub and fetch its changes",
        description="The nightly job: upload everything queued, then download all pages of "
        "the hub's changes. Exit 0 all delivered and up to date; 2 done but some "
        "events rejected; 3 hub unreachable or timed out (nothing lost); 4 "
        "authentication refused; 1 anything else (e.g. another sync running).",
    )
    sync.add_argument(
        "--status",
        action="store_true",
        help="print queue length, last success and last error; no network",
    )
    sync.add_argument(
        "--lock-wait",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds to wait for a running sync to finish (default 30)",
    )
    sync.add_argument(
        "--retries", type=int, metavar="N", help="retries per request on network errors (default 4)"
    )

    paper = commands.add_parser(
        "print",
        help="a stored receipt or the test page: ESC/POS bytes, picture, or paper",
        description="Write the ESC/POS bytes (--out) and/or the preview picture (--png) of a "
        "stored sale or refund receipt, marked 重印 REPRINT (audited), or of the "
        "printer test page (--test-page). With neither --out nor --png, send it "
        "to the configured printer.",
    )
    paper.add_argument(
        "receipt_no",
        nargs="?",
        metavar="RECEIPT_NO",
        help="a sale's receipt no. (20250301-T1-00007) or a refund's (R…)",
    )
    paper.add_argument(
        "--test-page",
        action="store_true",
        help="the printer test page: width ruler, Chinese, barcode, QR code",
    )
    paper.add_argument("--out", type=Path, metavar="FILE.bin", help="write the ESC/POS bytes")
    paper.add_argument("--png", type=Path, metavar="FILE.png", help="write the preview picture")
    paper.add_argument(
        "--mode",
        choices=("gb18030", "gbk", "raster"),
        help="character mode (default: the printer_mode setting)",
    )

    agency = commands.add_parser(
        "agency-report",
        help="agency (代购) money of one day and what is still owed",
        description="Collected, spent on platforms, service fees, platform refunds and "
        "money paid back on one day, and every open order with what is owed "
        "to or by the villager or the platform, and its age.",
    )
    agency.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day (default: today in station time)",
    )
    agency.add_argument("--json", action="store_true", help="print JSON with amounts in fen")

    verify = commands.add_parser(
        "verify-audit",
        help="check the audit log's hash chain",
        description="Exit 0 if the audit log is intact, 1 naming the first altered or "
        "missing row. The chain must also still reach the row the county hub "
        "last confirmed, with the same hash (caught: a deleted tail, an edit "
        "whose hashes were recomputed).",
    )
    verify.add_argument(
        "--hub",
        action="store_true",
        help="also ask the hub which row it confirmed last (does not trust "
        "the copy kept in station.db)",
    )
    return parser


def _open(args: argparse.Namespace, *, must_exist: bool = True) -> Database:
    # Only `init` may create the file; every command refuses a file that is not a
    # station database without writing to it (storage.database.check_station_file).
    return open_database(database_path(data_dir(args.data_dir)), create=not must_exist)


def _cmd_init(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.demo import is_initialised, seed_demo_station

    db = _open(args, must_exist=False)
    path = database_path(data_dir(args.data_dir))
    if args.demo and is_initialised(db):
        print(f"{path}: station already set up; demo data not added again")
    elif args.demo:
        report = seed_demo_station(db, Clock())
        print(
            f"{path}: demo station ready, {report.created} products; "
            "owner 店主 PIN 8888, clerk 店员 PIN 1234"
        )
    else:
        print(f"{path}: database ready")
    if args.station_id or args.hub or args.secret or args.ca_bundle:
        _link_to_hub(db, args)
    return EXIT_OK


def _link_to_hub(db: Database, args: argparse.Namespace) -> None:
    from station_app.core.clock import Clock
    from station_app.sync.link import provision_link

    if not (args.station_id and args.hub and args.secret):
        raise CommandFailed("--station-id, --hub and --secret go together")
    # `--secret -` keeps the secret out of the shell history and the process list.
    secret = sys.stdin.readline().strip() if args.secret == "-" else args.secret
    settings = provision_link(
        db,
        station_id=args.station_id,
        hub_url=args.hub,
        secret=secret,
        ca_bundle=args.ca_bundle,
        at=Clock().stamp(),
    )
    print(
        f"linked to {settings.hub_url} as station {settings.station_id} (secret stored, not shown)"
    )


def _cmd_simulate(args: argparse.Namespace) -> int:
    from station_app.core.simulation import simulate

    db = _open(args)
    summary = simulate(db, args.days, args.seed, args.start)
    print(
        f"simulated {summary.days} days: {summary.sales} sales, {summary.refunds} refunds, "
        f"net {summary.net_fen / 100:.2f} yuan; {summary.agency_orders} agency orders, "
        f"{summary.parcels} parcels, {summary.repayments} repayments; {summary.lots} lots, "
        f"{summary.shipments} shipments, {summary.payouts} payouts"
    )
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.money import format_fen
    from station_app.core.reports import day_report
    from station_app.core.settings import load_settings

    db = _open(args)
    day = args.date or Clock(load_settings(db).tz_offset_min).today()
    report = day_report(db, day)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, sort_keys=True))
        return EXIT_OK
    print(f"日期 date        {report.date}")
    print(f"笔数 sales       {report.sales_count}")
    print(f"毛额 gross       {format_fen(report.gross_fen)}")
    print(f"优惠 discounts   {format_fen(report.discount_fen)}")
    print(f"抹零 rounding    {format_fen(report.rounding_fen)}")
    print(f"退款 refunds     {format_fen(report.refunds_fen)} ({report.refund_count})")
    print(f"净额 net         {format_fen(report.net_fen)}")
    for method, amount in report.payments_fen.items():
        print(f"  {method:<14} {format_fen(amount)}")
    return EXIT_OK


def _cmd_import_catalog(args: argparse.Namespace) -> int:
    from station_app.core.catalog_import import CatalogImportRefused, import_catalog
    from station_app.core.clock import Clock

    db = _open(args)
    try:
        report = import_catalog(db, args.file, None, Clock())
    except CatalogImportRefused as refused:
        if not refused.problems:  # the file as a whole was refused
            raise
        for problem in refused.problems:
            print(
                f"{args.file}:{problem.line}: {problem.reason_zh} / {problem.reason_en}",
                file=sys.stderr,
            )
        raise CommandFailed(f"{len(refused.problems)} bad rows; nothing imported") from None
    print(
        f"{args.file}: {report.rows} rows, {report.created} new, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    return EXIT_OK


def _cmd_settings(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.settings import change_setting, load_settings, settings_as_text

    db = _open(args)
    if args.name == "hub_secret":
        return _hub_secret_setting(db, args.value)
    if args.value is not None:
        settings = change_setting(db, args.name, args.value, Clock().stamp())
    else:
        settings = load_settings(db)
    shown = settings_as_text(settings)
    if args.name is not None and args.name not in shown:
        raise CommandFailed(f"unknown setting {args.name!r}; known: {', '.join(shown)}")
    for name, value in shown.items():
        if args.name in (None, name):
            print(f"{name} = {value}")
    if args.name is None:
        _hub_secret_setting(db, None)
    return EXIT_OK


def _hub_secret_setting(db: Database, value: str | None) -> int:
    from station_app.core.clock import Clock
    from station_app.sync.link import SECRET_MASK, has_secret, store_secret

    # The secret is never printed: only whether one is stored.
    if value is not None:
        store_secret(db, value, Clock().stamp())
    print(f"hub_secret = {SECRET_MASK if has_secret(db) else '(not set)'}")
    return EXIT_OK


def _cmd_agency_report(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from station_app.core.agency import agency_day_totals, open_balances
    from station_app.core.clock import Clock, parse_iso
    from station_app.core.money import format_fen
    from station_app.core.settings import load_settings
    from station_app.core.statuses import status_name

    db = _open(args)
    clock = Clock(load_settings(db).tz_offset_min)
    day = args.date or clock.today()
    totals = agency_day_totals(db, day.isoformat())
    owing = [
        (o, (clock.today() - clock.local(parse_iso(o.created_at)).date()).days)
        for o in open_balances(db)
    ]
    open_orders = [
        {
            "order_no": o.order_no,
            "villager": o.villager_name,
            "status": o.status,
            "due_from_villager_fen": o.due_from_villager_fen,
            "owed_to_villager_fen": o.owed_to_villager_fen,
            "platform_owes_fen": o.platform_owes_fen,
            "age_days": age,
        }
        for o, age in owing
    ]
    if args.json:
        print(
            json.dumps(
                {**asdict(totals), "open_orders": open_orders}, ensure_ascii=False, sort_keys=True
            )
        )
        return EXIT_OK
    print(f"日期 date              {totals.date}")
    print(f"新单 orders            {totals.orders_created}")
    print(f"收款 collected         {format_fen(totals.collected_fen)}")
    print(f"平台支出 spent          {format_fen(totals.spent_fen)}")
    print(f"服务费 service fees     {format_fen(totals.service_fee_fen)}")
    print(f"平台退款 refunds in     {format_fen(totals.platform_refund_fen)}")
    print(f"退给村民 paid back      {format_fen(totals.paid_back_fen)}")
    print(f"未结清 open orders      {len(open_orders)}")
    for order, age in owing:
        print(
            f"  {order.order_no} {order.villager_name} {status_name(order.status)} "
            f"{age}天: 村民欠 {format_fen(order.due_from_villager_fen)}, "
            f"欠村民 {format_fen(order.owed_to_villager_fen)}, "
            f"平台欠 {format_fen(order.platform_owes_fen)}"
        )
    return EXIT_OK


def _cmd_verify_audit(args: argparse.Namespace) -> int:
    from station_app.core.audit import load_anchor, verify_audit

    db = _open(args)
    anchor = load_anchor(db)
    if args.hub:
        hub_anchor = _hub_anchor(db)
        if hub_anchor is not None and (anchor is None or hub_anchor.seq >= anchor.seq):
            anchor = hub_anchor
    verdict = verify_audit(db, anchor)
    if not verdict.ok:
        raise CommandFailed(
            f"audit log broken: {verdict.reason} ({verdict.rows_checked} rows intact before it)"
        )
    if verdict.anchor is None:
        print(
            f"audit log intact: {verdict.rows_checked} rows (no row confirmed by the hub "
            "yet: only the chain itself was checked)"
        )
    else:
        print(
            f"audit log intact: {verdict.rows_checked} rows; it reaches row "
            f"{verdict.anchor.seq}, confirmed by the hub at {verdict.anchor.confirmed_at}"
        )
    return EXIT_OK


def _hub_anchor(db: Database) -> Anchor | None:
    """The row the hub last confirmed for this terminal (`verify-audit --hub`)."""
    from station_app.core.settings import load_settings
    from station_app.sync.errors import HubError
    from station_app.sync.hub_client import HubClient, RetryPolicy
    from station_app.sync.link import load_link

    try:
        with HubClient(load_link(db), retry=RetryPolicy(retries=1)) as client:
            return client.fetch_anchor(load_settings(db).terminal_id)
    except HubError as error:
        raise CommandFailed(
            f"could not ask the hub which audit row it confirmed: {error}; "
            "run verify-audit without --hub to check against the copy kept "
            "here"
        ) from None


def _cmd_print(args: argparse.Namespace) -> int:
    from station_app.printing.print_command import print_paper

    if args.test_page == (args.receipt_no is not None):
        print(
            "error: give either RECEIPT_NO or --test-page (see `main.py print --help`)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    for line in print_paper(
        _open(args),
        None if args.test_page else args.receipt_no,
        out=args.out,
        png=args.png,
        mode=args.mode,
    ):
        print(line)
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    from station_app.ui.app import run_gui

    # run_gui refuses a missing, broken or unset station itself: started from an icon
    # there is no console, so it shows the reason in a message box too.
    return run_gui(database_path(data_dir(args.data_dir)))


def _cmd_sync(args: argparse.Namespace) -> int:
    from station_app.sync.sync_command import print_status, sync_command

    folder = data_dir(args.data_dir)
    if args.status:
        _open(args).close()  # refuses a missing or too-new database like other commands
        print_status(folder, sys.stdout)
        return EXIT_OK
    return sync_command(folder, lock_wait_s=args.lock_wait, retries=args.retries)


_COMMANDS = {
    "init": _cmd_init,
    "sync": _cmd_sync,
    "simulate": _cmd_simulate,
    "report": _cmd_report,
    "import-catalog": _cmd_import_catalog,
    "settings": _cmd_settings,
    "agency-report": _cmd_agency_report,
    "verify-audit": _cmd_verify_audit,
    "print": _cmd_print,
    None: _cmd_gui,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors become a one-line message and a non-zero exit code."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except CommandFailed as error:
        print(f"error: {error}", file=sys.stderr)
    except (StationError, StorageFailure) as error:
        print(f"error: {error.zh} / {error.en}", file=sys.stderr)
    except (sqlite3.Error, OSError) as error:
        print(f"error: {_storage_error_line(args, error)}", file=sys.stderr)
    return EXIT_FAILED


def _storage_error_line(args: argparse.Namespace, error: sqlite3.Error | OSError) -> str:
    """A disk full, a read-only folder, a damaged file… in words; else the OS's own."""
    failure = describe_storage_error(error, database_path(data_dir(args.data_dir)))
    if failure is not None:
        return f"{failure.zh} / {failure.en}"
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
    return str(error)
