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
from typing import TYPE_CHECKING, NoReturn

from station_app import __version__
from station_app.core.audit import Anchor
from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.paths import DATA_DIR_ENV, data_dir, database_path
from station_app.storage import StorageFailure, open_database
from station_app.storage.failures import describe as describe_storage_error
from station_app.storage.sqlite_wrapper import Database, wrap_connection

if TYPE_CHECKING:
    from station_app.core.operators import Operator
    from station_app.core.settings import StationSettings
    from station_app.core.shifts import ShiftFigures

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
    init.add_argument(
        "--provisioning-code",
        metavar="CODE",
        help="the code `county_hub add-station --hub-url` printed, instead of "
        "--station-id, --hub and --secret; - reads it from stdin",
    )
    real = init.add_argument_group(
        "a real station",
        "Set up a new station with its owner (and a clerk). A - for a PIN, the secret or "
        "the code reads it from stdin, one line each, in this order: owner PIN, clerk PIN, "
        "secret or provisioning code.",
    )
    real.add_argument("--station-name", metavar="NAME", help="e.g. 张庄村服务站")
    real.add_argument("--station-phone", metavar="P", default="", help="printed on receipts")
    real.add_argument("--owner-name", metavar="NAME", help="the owner (店主)")
    real.add_argument("--owner-pin", metavar="PIN", help="4-8 digits, not easy to guess; - stdin")
    real.add_argument("--clerk-name", metavar="NAME", help="optionally a clerk (店员)")
    real.add_argument("--clerk-pin", metavar="PIN", help="the clerk's PIN; - reads stdin")

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
        help="a day's or a period's figures; export to .xlsx or .csv",
        description="Sales count, gross, discounts, refunds, net and "
        "payment totals for one station-local day; with --from and --to, the report of a "
        "period (every day, hours, categories, top products, margin, credit ageing, "
        "agency, consignment, shifts), printed, as JSON, or exported with --format and --out.",
    )
    report.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day (default: today in station time)",
    )
    report.add_argument("--json", action="store_true", help="print JSON with amounts in fen")
    report.add_argument(
        "--from",
        dest="first",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="first day of a period (with --to)",
    )
    report.add_argument(
        "--to",
        dest="last",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="last day of the period, inclusive (with --from)",
    )
    report.add_argument(
        "--format",
        choices=("xlsx", "csv"),
        help="export the period as xlsx (a sheet per section) or csv (UTF-8 with BOM)",
    )
    report.add_argument("--out", type=Path, metavar="FILE", help="the file --format writes")

    imp = commands.add_parser(
        "import-catalog",
        help="import products from CSV or .xlsx",
        description="Validate every row, then import all or nothing. Idempotent on barcode.",
    )
    imp.add_argument("file", type=Path, metavar="FILE", help=".csv (UTF-8 or GB18030) or .xlsx")

    stock = commands.add_parser(
        "stock",
        help="stock on hand, low stock, goods expiring",
        description="Every active product's stock, reorder level, cost and batches on the shelf.",
    )
    stock.add_argument(
        "--low", action="store_true", help="only stock at or below its reorder level"
    )
    stock.add_argument(
        "--expiring",
        type=int,
        metavar="DAYS",
        help="only goods with a batch expiring within DAYS days (expired ones too)",
    )
    stock.add_argument("--json", action="store_true", help="print JSON with amounts in fen")

    receive = commands.add_parser(
        "receive",
        help="receive a delivery note (CSV)",
        description="Header barcode,quantity,cost,expiry (条码,数量,进价,保质期至); cost in yuan "
        "per unit, or per kg for weighed goods with quantity in grams; all lines or none.",
    )
    receive.add_argument("file", type=Path, metavar="FILE", help=".csv (UTF-8 or GB18030)")
    receive.add_argument("--supplier", default="", metavar="NAME", help="the supplier's name")

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

    backup = commands.add_parser(
        "backup",
        help="make a backup of the station database now and print its path",
        description="A consistent copy (SQLite online backup) into DIR/backups/ (kept: the "
        "latest 14 days, then one a month for 12 months), also copied to the backup_dir "
        "setting's folder when set (a missing one is a warning).",
    )
    backup.add_argument(
        "--to", type=Path, metavar="DIR", help="write it into DIR instead of DIR/backups/"
    )
    listing = commands.add_parser(
        "backups",
        help="list the backups with date, size, schema version and integrity",
        description="Every backup in DIR/backups/, oldest first, each checked with "
        "PRAGMA integrity_check.",
    )
    listing.add_argument(
        "--json",
        action="store_true",
        help="print JSON: path, taken_at, size_bytes, schema_version, intact",
    )
    restore = commands.add_parser(
        "restore",
        help="put a backup in place of the station database",
        description="Check FILE (integrity, audit chain, schema not newer than this app), "
        "keep the database it replaces as station.db.replaced-YYYYMMDD-HHMMSS, and put "
        "FILE in its place. Refused while the counter app or a sync holds the station.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup file")
    recover = commands.add_parser(
        "recover",
        help="rebuild this station from the county hub into an empty folder",
        description="Download every event this station sent to the hub and rebuild the "
        "sales, refunds, villagers and their credit, operators (each sets a new PIN at "
        "first sign-in) and counters from them; then sync once (nothing old is sent) to "
        "bring back the catalog and settlements and anchor the new audit chain. Refuses "
        "a folder that already holds a station.db. See README 'Recovery from the hub'.",
    )
    recover.add_argument("--station-id", required=True, metavar="ID", help="the station id")
    recover.add_argument("--hub", required=True, metavar="URL", help="the county hub's URL")
    recover.add_argument(
        "--secret", required=True, metavar="S", help="the station's secret; '-' reads it from stdin"
    )
    shift = commands.add_parser(
        "shift",
        help="the open shift (X figures), or open / close a shift",
        description="Without an action: the open shift's figures so far. The command line "
        "acts as the station's owner.",
    )
    shift.add_argument("--json", action="store_true", help="print JSON with amounts in fen")
    shift_actions = shift.add_subparsers(
        dest="shift_action", metavar="ACTION", parser_class=_OneLineParser
    )
    shift_open = shift_actions.add_parser("open", help="open a shift with its float")
    shift_open.add_argument("--float", required=True, metavar="YUAN", dest="float_yuan")
    shift_close = shift_actions.add_parser("close", help="close the shift with the counted cash")
    shift_close.add_argument("--counted", required=True, metavar="YUAN")
    shift_close.add_argument("--note", default="", metavar="T")
    for name, text in (("pay-in", "put cash into the drawer"), ("pay-out", "take cash out")):
        move = shift_actions.add_parser(name, help=f"{text} of the open shift, with a reason")
        move.add_argument("--amount", required=True, metavar="YUAN")
        move.add_argument("--reason", required=True, metavar="T")
    shift_report = commands.add_parser(
        "shift-report",
        help="every shift of one day with its cash parts and over/short",
        description="Each shift opened on the day: float, cash in and out by kind, expected, "
        "counted, over/short (counted - expected) and the non-cash totals per method.",
    )
    shift_report.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day (default: today in station time)",
    )
    shift_report.add_argument("--json", action="store_true", help="print JSON with amounts in fen")
    _add_operators_parser(commands)
    _add_update_parser(commands)
    return parser


def _add_update_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    update = commands.add_parser(
        "update",
        help="check the county hub for a new version, download it, install it",
        description="Without flags: check the hub's update repository and download a newer "
        "version (signed metadata and archive verified with the keys this app shipped "
        "with). --check only says what is offered; --apply also installs the downloaded "
        "version: it starts, on trial, the next time the counter app is opened, and the "
        "previous version is started instead if it does not reach its sign-in screen. "
        "The running app and its data are not touched. Exit 0 done or nothing to do; 1 "
        "refused (tampered, expired or rolled-back, older version) or hub unreachable.",
    )
    update.add_argument(
        "--check", action="store_true", help="only say what the hub offers; download nothing"
    )
    update.add_argument(
        "--apply",
        action="store_true",
        help="install the downloaded version (downloading it first if needed)",
    )


def _add_operators_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    people = commands.add_parser(
        "operators",
        help="list, add or disable operators, reset a PIN",
        description="Without an action: list operators (name, role, active, created_at). "
        "Each change is audited and sent to the hub (names and roles, never PINs).",
    )
    people.add_argument("--json", action="store_true", help="print a JSON list of objects")
    actions = people.add_subparsers(
        dest="operators_action", metavar="ACTION", parser_class=_OneLineParser
    )
    add = actions.add_parser("add", help="add an owner or a clerk")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=("owner", "clerk"), required=True)
    add.add_argument("--pin", metavar="PIN", required=True, help="4-8 digits; - reads stdin")
    disable = actions.add_parser("disable", help="stop an operator signing in")
    disable.add_argument("name", metavar="NAME")
    reset = actions.add_parser("reset-pin", help="give an operator a new PIN")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--pin", metavar="PIN", required=True, help="4-8 digits; - reads stdin")


def _open(args: argparse.Namespace, *, must_exist: bool = True) -> Database:
    # Only `init` may create the file; every command refuses a file that is not a
    # station database without writing to it (storage.database.check_station_file).
    return open_database(database_path(data_dir(args.data_dir)), create=not must_exist)


def _stdin_line(value: str | None) -> str | None:
    # `-` keeps a PIN or the secret out of the shell history and the process list.
    return sys.stdin.readline().strip() if value == "-" else value


def _cmd_init(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.demo import seed_demo_station
    from station_app.core.operators import is_initialised

    owner_flags = args.owner_name or args.owner_pin or args.station_name
    clerk_flags = args.clerk_name or args.clerk_pin
    if args.demo and (owner_flags or clerk_flags):
        raise CommandFailed("--demo seeds its own operators: leave out the owner and clerk flags")
    if clerk_flags and not owner_flags:
        raise CommandFailed("--clerk-name and --clerk-pin set up a new station with its owner")
    if owner_flags and not (args.station_name and args.owner_name and args.owner_pin):
        raise CommandFailed("--station-name, --owner-name and --owner-pin go together")
    path = database_path(data_dir(args.data_dir))
    if not (args.demo or owner_flags or path.exists()):
        # Refused before the file exists: a station nobody can sign in to is no use.
        raise CommandFailed(_NO_OWNER)
    owner_pin, clerk_pin = _stdin_line(args.owner_pin), _stdin_line(args.clerk_pin)
    if owner_flags:
        _refuse_weak_pins_first(owner_pin or "", clerk_pin)
    db = _open(args, must_exist=False)
    if args.demo and is_initialised(db):
        print(f"{path}: station already set up; demo data not added again")
    elif args.demo:
        # The demo's PINs 8888/1234 are public on purpose; seeding skips the strength rule.
        report = seed_demo_station(db, Clock())
        print(
            f"{path}: demo station ready, {report.created} products; "
            "owner 店主 PIN 8888, clerk 店员 PIN 1234"
        )
    elif owner_flags:
        _set_up_real_station(db, args, owner_pin or "", clerk_pin)
        print(f"{path}: station {args.station_name} ready; owner {args.owner_name.strip()}")
    elif not is_initialised(db):
        raise CommandFailed(_NO_OWNER)
    else:
        print(f"{path}: database ready")
    if args.station_id or args.hub or args.secret or args.ca_bundle or args.provisioning_code:
        _link_to_hub(db, args)
    return EXIT_OK


_NO_OWNER = (
    "this station has no operators yet: pass --station-name NAME --owner-name NAME "
    "--owner-pin PIN to set up a real station (or --demo for the demo)"
)


def _refuse_weak_pins_first(owner_pin: str, clerk_pin: str | None) -> None:
    # Before the file is created, so a refused set-up leaves no empty station behind.
    from station_app.core.operators import check_pin_strength

    check_pin_strength(owner_pin)
    if clerk_pin:
        check_pin_strength(clerk_pin)


def _set_up_real_station(
    db: Database, args: argparse.Namespace, owner_pin: str, clerk_pin: str | None
) -> None:
    from station_app.core.clock import Clock
    from station_app.core.station_setup import set_up_station

    set_up_station(
        db,
        Clock(),
        station_name=args.station_name,
        station_phone=args.station_phone,
        owner_name=args.owner_name,
        owner_pin=owner_pin,
        clerk_name=args.clerk_name,
        clerk_pin=clerk_pin,
    )


def _link_to_hub(db: Database, args: argparse.Namespace) -> None:
    from station_app.core.clock import Clock
    from station_app.sync.link import provision_link
    from village_protocol.provisioning import ProvisioningCodeRefused, read_provisioning_code

    if args.provisioning_code:
        if args.station_id or args.hub or args.secret:
            raise CommandFailed("--provisioning-code replaces --station-id, --hub and --secret")
        try:
            code = read_provisioning_code(_stdin_line(args.provisioning_code) or "")
        except ProvisioningCodeRefused as refused:
            raise CommandFailed(str(refused)) from None
        station_id, hub_url, secret = code.station_id, code.hub_url, code.secret
    elif not (args.station_id and args.hub and args.secret):
        raise CommandFailed("--station-id, --hub and --secret go together")
    else:
        station_id, hub_url = args.station_id, args.hub
        secret = _stdin_line(args.secret) or ""
    settings = provision_link(
        db,
        station_id=station_id,
        hub_url=hub_url,
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
        f"{summary.shipments} shipments, {summary.payouts} payouts; {summary.shifts} shifts "
        f"({summary.hand_overs} hand-overs), {summary.drawer_moves} pay-ins/outs"
    )
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.money import format_fen
    from station_app.core.reports import day_report
    from station_app.core.settings import load_settings

    misuse = _report_misuse(args)
    if misuse:
        print(f"error: {misuse} (see `main.py report --help`)", file=sys.stderr)
        return EXIT_USAGE
    if args.first is not None:
        return _report_period(args)
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


def _report_misuse(args: argparse.Namespace) -> str | None:
    """What is wrong with the combination of `report` flags, or None."""
    period = args.first is not None or args.last is not None
    if period and args.date is not None:
        return "give either --date or --from and --to"
    if (args.first is None) != (args.last is None):
        return "--from and --to go together"
    if (args.format is None) != (args.out is None):
        return "--format and --out go together"
    if args.format is not None and not period:
        return "--format exports a period: give --from and --to"
    if args.format is not None and args.json:
        return "give either --json or --format"
    return None


def _report_period(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.money import format_fen
    from station_app.core.period_report import build_period_report, check_period
    from station_app.core.report_export import export_report
    from station_app.core.settings import load_settings

    check_period(args.first, args.last)  # before the file is opened: a typo costs nothing
    db = _open(args)
    report = build_period_report(db, args.first, args.last, Clock(load_settings(db).tz_offset_min))
    if args.format:
        export_report(report, args.out, args.format)
        print(f"{args.out}: {args.format}, {args.first}..{args.last}")
        return EXIT_OK
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, sort_keys=True))
        return EXIT_OK
    summary = report.summary
    print(f"日期 period      {args.first}..{args.last} ({len(report.days)} 天 days)")
    print(f"笔数 sales       {summary.sales_count}")
    print(f"毛额 gross       {format_fen(summary.gross_fen)}")
    print(f"优惠 discounts   {format_fen(summary.discount_fen)}")
    print(f"抹零 rounding    {format_fen(summary.rounding_fen)}")
    print(f"退款 refunds     {format_fen(summary.refunds_fen)} ({summary.refund_count})")
    print(f"净额 net         {format_fen(summary.net_fen)}")
    for method, amount in summary.payments_fen.items():
        print(f"  {method:<14} {format_fen(amount)}")
    print(f"赊账 owed        {format_fen(report.credit.owed_fen)} ({report.credit.as_of})")
    print(f"长短款 over/short {format_fen(report.shifts.over_short_fen)}")
    for day in report.days:
        print(f"  {day.date}  {day.sales_count:>5}  {format_fen(day.net_fen):>12}")
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


def _cmd_stock(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from station_app.core.clock import Clock
    from station_app.core.settings import load_settings
    from station_app.core.stock import stock_rows

    db = _open(args)
    expiring_by = None
    if args.expiring is not None:
        if args.expiring < 0:
            raise CommandFailed("--expiring DAYS must be 0 or more")
        expiring_by = Clock(load_settings(db).tz_offset_min).today() + timedelta(args.expiring)
    rows = stock_rows(db, low=args.low, expiring_by=expiring_by)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        unit = "g" if r.is_weighed else r.unit
        shelf = ", ".join(f"{b.quantity}@{b.expiry}" for b in r.batches if b.expiry)
        print(f"{r.barcode or '-'}\t{r.name}\t{r.stock} {unit}\t{r.reorder_level}\t{shelf}")
    return EXIT_OK


def _cmd_receive(args: argparse.Namespace) -> int:
    from station_app.core.catalog_import import CatalogImportRefused
    from station_app.core.clock import Clock
    from station_app.core.receiving_import import receive_file
    from station_app.core.settings import load_settings

    db = _open(args)
    clock = Clock(load_settings(db).tz_offset_min)
    try:
        received = receive_file(db, args.file, None, clock, supplier=args.supplier)
    except CatalogImportRefused as refused:
        if not refused.problems:
            raise
        for problem in refused.problems:
            print(
                f"{args.file}:{problem.line}: {problem.reason_zh} / {problem.reason_en}",
                file=sys.stderr,
            )
        raise CommandFailed(f"{len(refused.problems)} bad rows; nothing received") from None
    for warning in received.report.warnings:
        print(f"warning: {warning.zh} / {warning.en}", file=sys.stderr)
    print(f"{args.file}: {received.rows} lines received")
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
    from station_app.sync.http_policy import RetryPolicy
    from station_app.sync.hub_client import HubClient
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


def _cmd_backup(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.settings import load_settings
    from station_app.storage.backups import make_backup

    folder = data_dir(args.data_dir)
    db = _open(args)
    try:
        settings = load_settings(db)
    finally:
        db.close()
    info = make_backup(
        database_path(folder),
        folder,
        Clock(settings.tz_offset_min),
        reason="manual",
        second_dir=settings.backup_dir or None,
        to=args.to,
    )
    for warning in info.warnings:
        print(f"warning: {warning.zh} / {warning.en}", file=sys.stderr)
    print(info.path)
    return EXIT_OK


def _cmd_backups(args: argparse.Namespace) -> int:
    from station_app.storage.backups import list_backups

    found = list_backups(data_dir(args.data_dir))
    if args.json:
        print(json.dumps([b.as_json() for b in found], ensure_ascii=False))
        return EXIT_OK
    if not found:
        print("no backups yet (没有备份); `main.py backup` makes one")
    for b in found:
        state = {True: "intact 完好", False: "DAMAGED 已损坏", None: "?"}[b.intact]
        print(
            f"{b.taken_at:%Y-%m-%d %H:%M}  {b.reason:<13} {b.size:>11} bytes  "
            f"schema {b.schema_version if b.schema_version is not None else '?'}  {state}  "
            f"{b.path}"
        )
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from station_app.core.audit import verify_audit
    from station_app.storage.backups import restore_backup

    folder = data_dir(args.data_dir)
    result = restore_backup(
        folder, args.file, audit_check=verify_audit, clock=_station_clock(folder)
    )
    kept = f"; the replaced database is kept as {result.replaced}" if result.replaced else ""
    print(f"restored {result.restored_from} into {result.database}{kept}")
    return EXIT_OK


def _station_clock(folder: Path) -> Clock:
    """The station's clock if its database can be read, else China time (the default)."""
    from station_app.core.settings import load_settings

    path = database_path(folder)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return Clock(load_settings(wrap_connection(conn)).tz_offset_min)
        finally:
            conn.close()
    except sqlite3.Error:
        return Clock()


def _daily_backup_before_sync(folder: Path) -> None:
    """The nightly job takes the day's backup if the counter did not (left open overnight)."""
    from station_app.core.clock import Clock
    from station_app.core.settings import load_settings
    from station_app.storage.backups import daily_backup_if_due

    path = database_path(folder)
    try:
        db = open_database(path, create=False)
        try:
            settings = load_settings(db)
        finally:
            db.close()
    except (StorageFailure, sqlite3.Error, OSError):
        return  # the sync itself says why it cannot open the database, in one line
    try:
        info = daily_backup_if_due(
            path, folder, Clock(settings.tz_offset_min), second_dir=settings.backup_dir or None
        )
    except (sqlite3.Error, OSError) as error:
        # The sync still runs: a backup problem must not keep sales from the hub.
        print(f"warning: daily backup not made: {error}", file=sys.stderr)
        return
    for warning in info.warnings if info else ():
        print(f"warning: {warning.zh} / {warning.en}", file=sys.stderr)


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
    _daily_backup_before_sync(folder)
    return sync_command(folder, lock_wait_s=args.lock_wait, retries=args.retries)


def _cmd_recover(args: argparse.Namespace) -> int:
    from station_app.sync.errors import HubError
    from station_app.sync.recovery import recover

    secret = sys.stdin.readline().strip() if args.secret == "-" else args.secret
    try:
        result = recover(
            data_dir(args.data_dir), station_id=args.station_id, hub_url=args.hub, secret=secret
        )
    except HubError as error:
        raise CommandFailed(f"recovery from the hub failed, nothing written: {error}") from None
    rebuilt = ", ".join(f"{kind} {n}" for kind, n in sorted(result.rebuilt.items()))
    print(f"recovered {result.events} events up to seq {result.up_to_seq}: {rebuilt}")
    if result.not_rebuilt:
        left = ", ".join(f"{kind} {n}" for kind, n in sorted(result.not_rebuilt.items()))
        print(f"not rebuilt (see README 'Recovery from the hub'): {left}")
    if result.sync is not None:
        print(
            f"sync: {result.sync.sent} events sent, {result.sync.changes_applied} changes applied"
        )
    return EXIT_OK


def _cmd_operators(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.operators import (
        Role,
        add_operator,
        disable_operator,
        list_operators,
        reset_pin,
    )
    from station_app.core.settings import load_settings

    db = _open(args)
    clock = Clock(load_settings(db).tz_offset_min)
    action = args.operators_action
    # Whoever runs the command line holds the PC (by=None): like the owner, and may reset
    # an owner's PIN, which the screen leaves to that owner.
    if action == "add":
        role = Role(args.role)
        add_operator(db, args.name, role, _stdin_line(args.pin) or "", clock, by=None)
        print(f"operator {args.name.strip()} added ({role.value})")
    elif action == "disable":
        disable_operator(db, args.name, clock, by=None)
        print(f"operator {args.name.strip()} disabled")
    elif action == "reset-pin":
        reset_pin(db, args.name, _stdin_line(args.pin) or "", clock, by=None)
        print(f"PIN of {args.name.strip()} reset (not shown)")
    else:
        rows = [
            {
                "name": info.name,
                "role": info.role.value,
                "active": info.active,
                "created_at": info.created_at,
            }
            for info in list_operators(db)
        ]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                state = "active" if row["active"] else "disabled"
                print(f"{row['name']}\t{row['role']}\t{state}\t{row['created_at']}")
    return EXIT_OK


def _cli_owner(db: Database) -> Operator:
    """Whoever runs the command line holds the PC: it acts as the station's first owner."""
    from station_app.core.operators import get_operator

    row = db.execute(
        "SELECT id FROM operators WHERE role = 'owner' AND active = 1 ORDER BY created_at, id"
    ).fetchone()
    if row is None:
        raise CommandFailed("this station has no owner yet: run init first")
    return get_operator(db, row[0])


def _print_shift(figures: ShiftFigures) -> None:
    from station_app.core.money import format_fen

    print(f"班次 shift          {figures.shift_id} ({figures.terminal_id})")
    print(f"开班 opened         {figures.opened_at} {figures.opened_by}")
    print(f"结班 closed         {figures.closed_at or '-'} {figures.closed_by or ''}".rstrip())
    parts = [
        ("备用金 float", figures.float_fen),
        ("现金销售 cash sales", figures.cash_sales_fen),
        ("现金退款 cash refunds", -figures.cash_refunds_fen),
        ("代购收现 agency in", figures.agency_cash_in_fen),
        ("代购退现 agency out", -figures.agency_cash_out_fen),
        ("现金还款 repayments", figures.credit_repayments_cash_fen),
        ("农户结算 payouts", -figures.payouts_cash_fen),
        ("存入 pay-ins", figures.pay_in_fen),
        ("取出 pay-outs", -figures.pay_out_fen),
        ("应有现金 expected", figures.expected_cash_fen),
    ]
    for label, fen in parts:
        print(f"  {label:<22} {format_fen(fen)}")
    if figures.counted_cash_fen is not None and figures.over_short_fen is not None:
        print(f"  {'实点 counted':<22} {format_fen(figures.counted_cash_fen)}")
        print(f"  {'长短款 over/short':<22} {format_fen(figures.over_short_fen)}")
        if figures.note:
            print(f"  {'备注 note':<22} {figures.note}")
    counts = [
        ("小票 receipts", figures.receipts_count, figures.gross_fen),
        ("优惠 discounts", figures.discount_count, -figures.discount_fen),
        ("抹零 rounding", figures.rounding_count, -figures.rounding_fen),
        ("退款 refunds", figures.refunds_count, -figures.refunds_fen),
    ]
    for label, count, fen in counts:
        print(f"  {label:<22} {count:>4}  {format_fen(fen)}")
    print(f"  {'删行 voided lines':<22} {figures.voided_lines_count:>4}")
    print(f"  {'净额 net':<22} {format_fen(figures.net_fen)}")
    for method, fen in figures.payments_fen.items():
        print(f"  {method:<22} {format_fen(fen)}")


def _cmd_shift(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.money import parse_yuan
    from station_app.core.settings import load_settings
    from station_app.core.shifts import close_shift, current_shift, open_shift, pay_in, pay_out

    db = _open(args)
    settings = load_settings(db)
    clock = Clock(settings.tz_offset_min)
    if args.shift_action in ("pay-in", "pay-out"):
        fen = parse_yuan(args.amount, field=("金额", "Amount"))
        move = pay_in if args.shift_action == "pay-in" else pay_out
        move(db, fen, args.reason, _cli_owner(db), settings, clock)
        print(f"{args.shift_action} {fen / 100:.2f} recorded: {args.reason.strip()}")
        return EXIT_OK
    if args.shift_action == "open":
        fen = parse_yuan(args.float_yuan, field=("备用金", "Float"))
        figures = open_shift(db, fen, _cli_owner(db), settings, clock)
        print(f"shift {figures.shift_id} opened on {figures.terminal_id}, float {fen / 100:.2f}")
        return EXIT_OK
    if args.shift_action == "close":
        fen = parse_yuan(args.counted, field=("点钞金额", "Counted cash"))
        figures = close_shift(db, _cli_owner(db), settings, clock, counted_fen=fen, note=args.note)
        _print_shift(figures)
        db.close()
        _backup_after_close(args, settings, clock)
        return EXIT_OK
    open_now = current_shift(db, settings, clock)
    if open_now is None:
        raise CommandFailed(
            f"terminal {settings.terminal_id} has no open shift: run 'shift open --float YUAN'"
        )
    if args.json:
        print(json.dumps(open_now.as_json(), ensure_ascii=False, sort_keys=True))
    else:
        _print_shift(open_now)
    return EXIT_OK


def _backup_after_close(args: argparse.Namespace, settings: StationSettings, clock: Clock) -> None:
    """The day's backup, taken at the close so it holds the day's last sale.

    The close is stored whatever happens here: a failed copy is a warning, not an error.
    """
    from station_app.storage.backups import make_backup

    folder = data_dir(args.data_dir)
    try:
        info = make_backup(
            database_path(folder),
            folder,
            clock,
            reason="daily",
            second_dir=settings.backup_dir or None,
        )
    except (OSError, sqlite3.Error) as error:
        print(
            f"warning: 结班已保存，但备份失败（{error}），请检查磁盘后运行 backup / "
            f"the shift is closed but the backup failed ({error}): check the disk, run backup",
            file=sys.stderr,
        )
        return
    for warning in info.warnings:
        print(f"warning: {warning.zh} / {warning.en}", file=sys.stderr)
    print(f"backup {info.path}")


def _cmd_shift_report(args: argparse.Namespace) -> int:
    from station_app.core.clock import Clock
    from station_app.core.settings import load_settings
    from station_app.core.shifts import shifts_of_day

    db = _open(args)
    clock = Clock(load_settings(db).tz_offset_min)
    day = args.date or clock.today()
    shifts = shifts_of_day(db, day, clock)
    if args.json:
        print(json.dumps([s.as_json() for s in shifts], ensure_ascii=False, sort_keys=True))
        return EXIT_OK
    print(f"日期 date {day.isoformat()}: {len(shifts)} 班次 shifts")
    for figures in shifts:
        _print_shift(figures)
    return EXIT_OK


def _cmd_update(args: argparse.Namespace) -> int:
    from station_app.paths import resource_path
    from station_app.sync.errors import HubError
    from station_app.sync.link import load_link
    from station_app.sync.update_check import SHIPPED_ROOT
    from station_app.update.fetch import check_update, download_update, repository_url
    from station_app.update.folders import UpdateFolders
    from station_app.update.install import install_update

    if args.check and args.apply:
        raise CommandFailed("give either --check or --apply")
    folder = data_dir(args.data_dir)
    db = _open(args)
    try:
        link = load_link(db)
    except HubError as error:
        raise CommandFailed(str(error)) from None
    finally:
        db.close()
    folders = UpdateFolders.of(folder)
    fetch = check_update if args.check else download_update
    check = fetch(
        folders,
        repository_url(link.hub_url),
        installed=__version__,
        shipped_root=resource_path(SHIPPED_ROOT),
        ca_bundle=link.ca_bundle,
    )
    if not check.available:
        print(f"up to date: {__version__} (the hub offers {check.offered or 'nothing yet'})")
        return EXIT_OK
    if args.check:
        ready = " (already downloaded)" if check.ready else ""
        print(
            f"installed {__version__}; the hub offers {check.offered}, "
            f"{check.size_bytes / 1e6:.1f} MB{ready}"
        )
        return EXIT_OK
    print(f"{check.ready} downloaded and verified")
    if args.apply:
        version = install_update(folders, __version__)
        print(f"{version} installed: it starts the next time the counter app is opened")
    else:
        print("`update --apply` installs it (or it installs itself after the shift is closed)")
    return EXIT_OK


_COMMANDS = {
    "update": _cmd_update,
    "shift": _cmd_shift,
    "shift-report": _cmd_shift_report,
    "recover": _cmd_recover,
    "init": _cmd_init,
    "operators": _cmd_operators,
    "sync": _cmd_sync,
    "simulate": _cmd_simulate,
    "report": _cmd_report,
    "import-catalog": _cmd_import_catalog,
    "stock": _cmd_stock,
    "receive": _cmd_receive,
    "settings": _cmd_settings,
    "agency-report": _cmd_agency_report,
    "verify-audit": _cmd_verify_audit,
    "print": _cmd_print,
    "backup": _cmd_backup,
    "backups": _cmd_backups,
    "restore": _cmd_restore,
    None: _cmd_gui,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors become a one-line message and a non-zero exit code."""
    from station_app.update.launcher import launch_if_frozen

    # A frozen build first hands over to a newer version an update installed, if any.
    launched = launch_if_frozen(sys.argv[1:] if argv is None else list(argv))
    if launched is not None:
        return launched
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
