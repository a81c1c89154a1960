"""`python -m county_hub COMMAND`: run the hub and administer it. A thin shell over the library.

Commands, flags, exit codes and JSON keys are stable: station tests and county scripts
rely on them. Exit 0 on success, 1 with one `error:` line on stderr when the command
fails, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from county_hub.console.passwords import MAX_PASSWORD, MIN_PASSWORD
from county_hub.console.roles import Role
from county_hub.protocol import is_station_id
from county_hub.storage import DB_ENV, HubStore, StoreError, default_db_url, open_store
from village_protocol.carriers import CARRIERS
from village_protocol.changes import SETTLEMENT_OUTCOMES
from village_protocol.limits import PROTOCOL_VERSION
from village_protocol.money import format_fen

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
MAX_NAME = 100
MAX_USER_NAME = 32
USER_NAME = re.compile(rf"[\w.-]{{1,{MAX_USER_NAME}}}")
# Who the audit log names for changes made with these commands on the hub's machine.
CLI_OPERATOR = "(命令行)"


class CommandFailed(Exception):
    """A command could not do its job; the message is printed as one line."""


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line, so tools reading stderr get a single message."""

    def error(self, message: str) -> NoReturn:
        """Print `error: message (see --help)` and exit 2."""
        self.exit(EXIT_USAGE, f"error: {message} (see `{self.prog} --help`)\n")


def _station_id(text: str) -> str:
    if not is_station_id(text):
        raise argparse.ArgumentTypeError(f"station id '{text}' must be 1-32 letters, digits or '-'")
    return text


def _user_name(text: str) -> str:
    if not USER_NAME.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"user name '{text}' must be 1-{MAX_USER_NAME} letters, digits, '.', '_' or '-'"
        )
    return text


def _whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must not be negative")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="python -m county_hub",
        description="The county hub (县级服务中心) that stations sync with.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s (protocol {PROTOCOL_VERSION})"
    )
    common = _OneLineParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help=f"sqlite:///PATH or postgresql://user@host:port/dbname "
        f"(default: ${DB_ENV}, else sqlite:///hub.db in the current folder)",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_OneLineParser
    )

    def command(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=description, parents=[common])

    serve = command(
        "serve", "run the HTTP API", "Serve the sync API (with /openapi.json) until Ctrl+C."
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8700, help="TCP port (default 8700)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (default 1; the database keeps them consistent)",
    )
    serve.add_argument(
        "--trusted-proxy",
        metavar="ADDR",
        action="append",
        default=None,
        help="address of the TLS-terminating reverse proxy whose X-Forwarded-Proto and "
        "X-Forwarded-For are believed (repeatable; default 127.0.0.1; '' trusts none)",
    )

    add = command(
        "add-station",
        "provision a station and print its secret once",
        "Create a station; its secret is printed once on stdout, keep it safe.",
    )
    add.add_argument(
        "station_id",
        metavar="ID",
        type=_station_id,
        help="letters, digits and '-', at most 32, e.g. HN-ZZ-0001",
    )
    add.add_argument("--name", required=True, help="the station's name, e.g. 张庄村服务站")
    add.add_argument(
        "--hub-url",
        metavar="URL",
        help="this hub's address as stations reach it (https://…): also print a "
        "provisioning code carrying URL, id and secret, as text and as a QR code",
    )
    add.add_argument(
        "--qr-png",
        metavar="FILE",
        type=Path,
        help="with --hub-url: also write the QR code to FILE (.png); it holds the secret",
    )

    for name, help_text in (
        ("disable-station", "refuse every request from a station"),
        ("enable-station", "accept a disabled station's requests again"),
    ):
        toggle = command(name, help_text, help_text[0].upper() + help_text[1:] + ".")
        toggle.add_argument("station_id", metavar="ID", type=_station_id, help="the station")

    command("stations", "list the stations", "List stations: id, active, created, name.")

    add_user = command(
        "add-user",
        "create a county operator's account for the web console",
        "Create an account for the county console (/login); the password is read "
        "from stdin (--password -), never from the command line.",
    )
    add_user.add_argument("name", metavar="NAME", type=_user_name, help="the sign-in name")
    add_user.add_argument(
        "--role",
        required=True,
        choices=[role.value for role in Role],
        help="admin: stations and users; clerk: lots, parcels, catalog, notices; viewer: read only",
    )
    add_user.add_argument(
        "--password",
        required=True,
        choices=["-"],
        help=f"'-': read it from stdin (first line), {MIN_PASSWORD}-{MAX_PASSWORD} characters",
    )
    users = command(
        "users",
        "list the county console's accounts",
        "List console accounts: name, role, active or disabled, created, locked until.",
    )
    users.add_argument("--json", action="store_true", help='print JSON: {"users": [...]}')
    disable_user = command(
        "disable-user",
        "disable a console account and end its sessions",
        "Disable a county console account: it can no longer sign in, and its open "
        "sessions end at once.",
    )
    disable_user.add_argument("name", metavar="NAME", type=_user_name, help="the account")

    anchors = command(
        "anchors",
        "the audit-chain head each terminal last had confirmed",
        "Per station and terminal (counter PC): the audit row the hub last "
        "confirmed (seq, hash, when), and every anchor it refused, with why.",
    )
    anchors.add_argument(
        "--station", metavar="ID", type=_station_id, help="one station (default: all)"
    )
    anchors.add_argument(
        "--json", action="store_true", help='print JSON: {"anchors": [...], "refused": [...]}'
    )

    stats = command(
        "stats",
        "events received and money totals, to reconcile with stations",
        "Events received per kind and the money totals computed from them, "
        "with the keys of the station's `report --json`; the closed shifts' cash counts; "
        "plus credit, agency, parcel and consignment totals over all days.",
    )
    stats.add_argument(
        "--station", metavar="ID", type=_station_id, help="one station (default: all)"
    )
    stats.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="money totals and shifts of one station-local day (default: all days)",
    )
    stats.add_argument("--json", action="store_true", help="print JSON with amounts in fen")

    publish = command(
        "publish-catalog",
        "queue catalog and price changes for stations",
        "Queue product.upsert / price.change changes from a catalog CSV "
        "(header barcode,name,unit,price,category,weighed,plu; price in yuan).",
    )
    publish.add_argument("file", metavar="FILE", type=Path, help="the catalog .csv")
    publish.add_argument(
        "--station",
        metavar="ID",
        type=_station_id,
        help="only this station (default: all stations)",
    )
    publish.add_argument(
        "--force", action="store_true", help="queue every row, even rows already sent unchanged"
    )

    notice = command(
        "notice",
        "post a notice to stations",
        "Queue a notice (title and body) for all stations or one.",
    )
    notice.add_argument("--title", required=True, help="short title")
    notice.add_argument("--body", required=True, help="the text")
    notice.add_argument(
        "--station",
        metavar="ID",
        type=_station_id,
        help="only this station (default: all stations)",
    )

    parcel = command(
        "parcel-arrived",
        "announce a parcel waiting for a station",
        "Queue a parcel.arrived change: the station registers the parcel for "
        "pickup as if the keeper had scanned it.",
    )
    parcel.add_argument(
        "--station",
        metavar="ID",
        type=_station_id,
        required=True,
        help="the station the parcel goes to",
    )
    parcel.add_argument(
        "--tracking", metavar="NO", required=True, help="tracking number, 8-30 letters or digits"
    )
    parcel.add_argument(
        "--carrier",
        metavar="NAME",
        help=f"one of {' '.join(CARRIERS)} (default: the station tells it from the number)",
    )
    parcel.add_argument("--name", metavar="NAME", default="", help="the recipient's name")
    parcel.add_argument(
        "--phone", metavar="PHONE", default="", help="the recipient's mainland mobile number"
    )

    settle = command(
        "settle-lot",
        "settle a station's consigned lot and print the settlement id",
        "Queue a lot.settled change for a lot the station sent (known from its "
        "lot.received and shipment.sent events); due to the farmer = sale - hub "
        "fees - commission. Prints the new settlement id.",
    )
    settle.add_argument(
        "--station",
        metavar="ID",
        type=_station_id,
        required=True,
        help="the station that took the lot in",
    )
    settle.add_argument(
        "--lot",
        metavar="LOT_CODE",
        required=True,
        help="the code on the lot's label, e.g. HN-ZZ-0001-T1-261126-01",
    )
    settle.add_argument(
        "--outcome",
        choices=SETTLEMENT_OUTCOMES,
        required=True,
        help="sold (closes the lot), partial (more may follow) or rejected",
    )
    settle.add_argument(
        "--sold-g", metavar="G", type=_whole, required=True, help="grams sold (0 when rejected)"
    )
    settle.add_argument(
        "--sale-fen",
        metavar="F",
        type=_whole,
        required=True,
        help="what the buyers paid, in fen (0 when rejected)",
    )
    settle.add_argument(
        "--hub-fees-fen",
        metavar="F",
        type=_whole,
        default=0,
        help="the hub's fees (sorting, cold storage, transport), in fen",
    )
    settle.add_argument(
        "--commission-fen",
        metavar="F",
        type=_whole,
        default=0,
        help="the agreed commission, in fen",
    )
    settle.add_argument(
        "--reason",
        metavar="TEXT",
        default="",
        help="note for the farmer, at most 100 characters (required when rejected)",
    )
    _add_release_parsers(commands, common)
    return parser


def _add_release_parsers(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    # `common` (--db) only keeps every hub command alike: releases live in files, not the db.
    from county_hub.releases import KEYS_DIR_ENV, UPDATES_DIR_ENV

    def folders(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--repo",
            metavar="DIR",
            type=Path,
            default=os.environ.get(UPDATES_DIR_ENV) or None,
            help=f"the update repository the hub serves at /updates/ (default: ${UPDATES_DIR_ENV})",
        )
        parser.add_argument(
            "--keys",
            metavar="DIR",
            type=Path,
            default=os.environ.get(KEYS_DIR_ENV) or None,
            help=f"the offline key folder, e.g. on a USB stick (default: ${KEYS_DIR_ENV})",
        )

    keys = commands.add_parser(
        "init-update-keys",
        parents=[common],
        help="make the update signing keys and an empty update repository",
        description="Create one signing key per TUF role in --keys (keep that folder offline) "
        "and the repository's first signed metadata in --repo. Prints the root.json to build "
        "into the station app (STATION_UPDATE_ROOT=… make dist).",
    )
    folders(keys)
    publish = commands.add_parser(
        "publish-release",
        parents=[common],
        help="add a built station folder as a signed release",
        description="Pack BUNDLE (the folder `make dist` built) into the update repository "
        "and sign the new metadata with the keys in --keys; stations download it at their "
        "next sync. Refused: not newer than the latest release, keys missing or not this "
        "repository's.",
    )
    publish.add_argument("bundle", metavar="BUNDLE", type=Path, help="dist/village-station")
    publish.add_argument(
        "--release-version", metavar="V", help="the version (default: BUNDLE's resources/VERSION)"
    )
    folders(publish)
    refresh = commands.add_parser(
        "refresh-update-metadata",
        parents=[common],
        help="re-sign the update repository's timestamp and snapshot before they expire",
        description="Stations refuse expired metadata: run this within 60 days of the last "
        "publish or refresh (monthly is a good habit).",
    )
    folders(refresh)


def _now() -> str:
    from county_hub.app import iso_now

    return iso_now(time.time())


def _store(args: argparse.Namespace) -> HubStore:
    return open_store(args.db or default_db_url())


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from county_hub.app import configure_logging, create_app

    url = args.db or default_db_url()
    store = open_store(url)  # migrate and report a bad URL before listening
    configure_logging()
    logging.getLogger("county_hub").info(
        "county hub on %s, data in %s", args.host, store.engine.describe()
    )
    # Only these peers may say the browser came over https (the console's cookies are
    # then Secure) or who the client is; anyone else's X-Forwarded-* headers are ignored.
    proxies = [a for a in (args.trusted_proxy or ["127.0.0.1"]) if a.strip()]
    if args.workers > 1:
        store.close()
        # Each worker process opens its own store from the environment.
        os.environ[DB_ENV] = url
        uvicorn.run(
            "county_hub.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies or None,
        )
    else:
        uvicorn.run(
            create_app(store),
            host=args.host,
            port=args.port,
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies or None,
        )
    return EXIT_OK


def _cmd_add_station(args: argparse.Namespace) -> int:
    name = args.name.strip()
    if not 0 < len(name) <= MAX_NAME:
        raise CommandFailed(f"--name must be 1-{MAX_NAME} characters")
    hub_url = _provisioning_url(args)
    secret = _store(args).add_station(args.station_id, name, _now())
    print(
        f"station {args.station_id} ({name}) added; its secret follows, shown only once",
        file=sys.stderr,
    )
    print(secret)
    if hub_url is not None:
        _print_provisioning_code(hub_url, args.station_id, secret, args.qr_png)
    return EXIT_OK


def _provisioning_url(args: argparse.Namespace) -> str | None:
    # Checked before the station is created: a refusal must not leave a station whose
    # secret was never shown.
    if args.qr_png is not None and args.hub_url is None:
        raise CommandFailed("--qr-png needs --hub-url (the code carries the hub's address)")
    if args.hub_url is None:
        return None
    url = args.hub_url.strip()
    if not url.startswith(("https://", "http://")) or len(url) <= len("https://"):
        raise CommandFailed("--hub-url must be the hub's address, e.g. https://hub.county.example")
    return url


def _print_provisioning_code(hub_url: str, station_id: str, secret: str, png: Path | None) -> None:
    """The code on stdout (after the secret), its QR code for the eye on stderr."""
    import qrcode

    from village_protocol.provisioning import make_provisioning_code

    code = make_provisioning_code(hub_url, station_id, secret)
    print(
        "provisioning code (paste or scan it in the station's set-up, or "
        "`main.py init --provisioning-code CODE`); it carries the secret and is shown only once:",
        file=sys.stderr,
    )
    print(code)
    qr = qrcode.QRCode(border=2)
    qr.add_data(code)
    qr.make(fit=True)
    # Half-block characters: a QR code a phone or a USB scanner reads off the screen.
    qr.print_ascii(out=sys.stderr, invert=True)
    if png is not None:
        qr.make_image().save(str(png))
        print(f"QR code written to {png}; delete it once the station is set up", file=sys.stderr)


def _cmd_disable_station(args: argparse.Namespace) -> int:
    _store(args).set_active(args.station_id, False)
    print(f"station {args.station_id} disabled")
    return EXIT_OK


def _cmd_enable_station(args: argparse.Namespace) -> int:
    _store(args).set_active(args.station_id, True)
    print(f"station {args.station_id} enabled")
    return EXIT_OK


def _cmd_stations(args: argparse.Namespace) -> int:
    for station in _store(args).stations():
        state = "active" if station.active else "disabled"
        print(f"{station.id}\t{state}\t{station.created_at}\t{station.name}")
    return EXIT_OK


def _cmd_add_user(args: argparse.Namespace) -> int:
    from county_hub.console.passwords import PasswordRefused, check_new_password, hash_password

    password = sys.stdin.readline().rstrip("\r\n")
    try:
        check_new_password(args.name, password)
    except PasswordRefused as refusal:
        raise CommandFailed(str(refusal)) from None
    _store(args).users.add(args.name, args.role, hash_password(password), _now(), CLI_OPERATOR)
    print(f"user {args.name} ({args.role}) added")
    return EXIT_OK


def _cmd_users(args: argparse.Namespace) -> int:
    accounts = _store(args).users.all()
    if args.json:
        from dataclasses import asdict

        print(json.dumps({"users": [asdict(u) for u in accounts]}, ensure_ascii=False))
        return EXIT_OK
    for user in accounts:
        state = "active" if user.active else "disabled"
        locked = f"\tlocked until {user.locked_until}" if user.locked_until else ""
        print(f"{user.name}\t{user.role}\t{state}\t{user.created_at}{locked}")
    if not accounts:
        print("no users yet: python -m county_hub add-user NAME --role admin --password -")
    return EXIT_OK


def _cmd_disable_user(args: argparse.Namespace) -> int:
    _store(args).users.disable(args.name, _now(), CLI_OPERATOR)
    print(f"user {args.name} disabled")
    return EXIT_OK


def _cmd_anchors(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    store = _store(args)
    try:
        if args.station and store.station(args.station) is None:
            raise CommandFailed(f"no station {args.station}")
        heads = store.anchor_heads(args.station)
        refused = store.anchor_refusals(args.station)
        recovered = store.recoveries(args.station)
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                {
                    "anchors": [asdict(h) for h in heads],
                    "refused": [asdict(r) for r in refused],
                    "recoveries": [asdict(r) for r in recovered],
                },
                ensure_ascii=False,
                sort_keys=True,
            )
        )
        return EXIT_OK
    for head in heads:
        print(
            f"{head.station_id}\t{head.terminal_id}\trow {head.seq}\t{head.hash}\t"
            f"confirmed {head.confirmed_at}"
        )
    for refusal in refused:
        print(
            f"REFUSED {refusal.station_id}\t{refusal.terminal_id}\trow {refusal.seq}\t"
            f"{refusal.refused_at}\t{refusal.reason}"
        )
    for rec in recovered:
        restart = (
            f"new chain from row {rec.new_seq} at {rec.used_at}"
            if rec.used_at
            else "new chain start allowed once"
        )
        print(
            f"RECOVERED {rec.station_id}\t{rec.terminal_id}\t{rec.recovered_at}\t"
            f"{rec.events} events up to seq {rec.up_to_seq}\told head row {rec.old_seq}\t"
            f"{restart}"
        )
    if not heads and not refused and not recovered:
        print("no anchors yet")
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace) -> int:
    from county_hub.stats import hub_stats

    store = _store(args)
    if args.station and store.station(args.station) is None:
        raise CommandFailed(f"no station {args.station}")
    stats = hub_stats(store, args.station, args.date)
    if args.json:
        print(json.dumps(stats.as_json(), ensure_ascii=False, sort_keys=True))
        return EXIT_OK
    events = ", ".join(f"{kind} {count}" for kind, count in stats.events.items()) or "none"
    print(f"站点 station     {stats.station or 'all'}")
    print(f"日期 date        {stats.date or 'all days'}")
    print(f"事件 events      {events}")
    print(f"笔数 sales       {stats.sales_count}")
    print(f"毛额 gross       {format_fen(stats.gross_fen)}")
    print(f"优惠 discounts   {format_fen(stats.discount_fen)}")
    print(f"抹零 rounding    {format_fen(stats.rounding_fen)}")
    print(f"退款 refunds     {format_fen(stats.refunds_fen)} ({stats.refund_count})")
    print(f"净额 net         {format_fen(stats.net_fen)}")
    for method, amount in stats.payments_fen.items():
        print(f"  {method:<14} {format_fen(amount)}")
    credit, agency = stats.credit, stats.agency
    consignment = stats.consignment
    print(
        f"赊账 credit      {credit['entries']} entries, balance {format_fen(credit['balance_fen'])}"
    )
    print(
        f"代购 agency      {agency['orders']} orders, collected "
        f"{format_fen(agency['collected_fen'])}, spent {format_fen(agency['spent_fen'])}, "
        "platform "
        f"refunds {format_fen(agency['platform_refund_fen'])}, paid back "
        f"{format_fen(agency['paid_back_fen'])}"
    )
    print(
        f"包裹 parcels     {stats.parcels['arrived']} arrived, "
        f"{stats.parcels['handed_over']} handed over"
    )
    print(
        f"代销 consignment {consignment['lots']} lots, {consignment['net_g'] / 1000:,.3f} kg, "
        f"{consignment['shipments']} shipments, {consignment['payouts']} payouts "
        f"{format_fen(consignment['payouts_fen'])}"
    )
    shifts = stats.shifts
    print(
        f"班次 shifts      {shifts['closed']} closed, {shifts['short']} short, "
        f"{shifts['over']} over, over/short {format_fen(shifts['over_short_fen'])}, "
        f"expected {format_fen(shifts['expected_cash_fen'])}, "
        f"counted {format_fen(shifts['counted_cash_fen'])}"
    )
    return EXIT_OK


def _cmd_publish_catalog(args: argparse.Namespace) -> int:
    from county_hub.catalog import publish_catalog

    report = publish_catalog(
        _store(args), args.file, _now(), args.station, args.force, by=CLI_OPERATOR
    )
    scope = f"station {args.station}" if args.station else "all stations"
    print(
        f"{args.file}: {report.rows} rows, {report.upserts} product.upsert, "
        f"{report.price_changes} price.change, {report.unchanged} unchanged; "
        f"queued for {scope}"
    )
    return EXIT_OK


def _cmd_notice(args: argparse.Namespace) -> int:
    from county_hub.notices import post_notice

    cursor = post_notice(_store(args), args.title, args.body, _now(), args.station, by=CLI_OPERATOR)
    print(
        f"notice queued at cursor {cursor} for "
        f"{'station ' + args.station if args.station else 'all stations'}"
    )
    return EXIT_OK


def _cmd_parcel_arrived(args: argparse.Namespace) -> int:
    from county_hub.parcels import announce_parcel

    cursor = announce_parcel(
        _store(args),
        args.station,
        args.tracking,
        _now(),
        carrier=args.carrier,
        name=args.name,
        phone=args.phone,
        by=CLI_OPERATOR,
    )
    print(f"parcel.arrived queued at cursor {cursor} for station {args.station}")
    return EXIT_OK


def _cmd_settle_lot(args: argparse.Namespace) -> int:
    from county_hub.consignment import settle_lot

    settlement, cursor = settle_lot(
        _store(args),
        args.station,
        args.lot,
        args.outcome,
        args.sold_g,
        args.sale_fen,
        _now(),
        hub_fees_fen=args.hub_fees_fen,
        commission_fen=args.commission_fen,
        reason=args.reason,
        by=CLI_OPERATOR,
    )
    # Only the id on stdout, so a script can capture it; the figures go to the terminal.
    print(
        f"lot {settlement.lot_code} {settlement.outcome}: {settlement.sold_g:,} g, sale "
        f"{format_fen(settlement.sale_fen)}, hub fees {format_fen(settlement.hub_fees_fen)}, "
        f"commission {format_fen(settlement.commission_fen)}, due to the farmer "
        f"{format_fen(settlement.due_to_farmer_fen)}; lot.settled queued at cursor {cursor} "
        f"for station {args.station}",
        file=sys.stderr,
    )
    print(settlement.settlement_id)
    return EXIT_OK


def _release_folders(args: argparse.Namespace) -> tuple[Path, Path]:
    if args.repo is None or args.keys is None:
        raise CommandFailed("give --repo and --keys (or set their environment variables)")
    return args.repo, args.keys


def _cmd_init_update_keys(args: argparse.Namespace) -> int:
    from county_hub.releases import init_update_keys

    root = init_update_keys(*_release_folders(args))
    print(f"keys in {args.keys} (keep them offline); repository in {args.repo}")
    print(f"build the station with STATION_UPDATE_ROOT={root}")
    return EXIT_OK


def _cmd_publish_release(args: argparse.Namespace) -> int:
    from county_hub.releases import publish_release

    repo, keys = _release_folders(args)
    published = publish_release(args.bundle, repo, keys, version=args.release_version)
    print(
        f"published {published.version}: {published.archive} "
        f"({published.size_bytes / 1e6:.1f} MB), signed"
    )
    return EXIT_OK


def _cmd_refresh_update_metadata(args: argparse.Namespace) -> int:
    from county_hub.releases import refresh_update_metadata

    refresh_update_metadata(*_release_folders(args))
    print(f"update metadata in {args.repo} re-signed")
    return EXIT_OK


_COMMANDS = {
    "init-update-keys": _cmd_init_update_keys,
    "publish-release": _cmd_publish_release,
    "refresh-update-metadata": _cmd_refresh_update_metadata,
    "serve": _cmd_serve,
    "add-station": _cmd_add_station,
    "disable-station": _cmd_disable_station,
    "enable-station": _cmd_enable_station,
    "stations": _cmd_stations,
    "add-user": _cmd_add_user,
    "users": _cmd_users,
    "disable-user": _cmd_disable_user,
    "anchors": _cmd_anchors,
    "stats": _cmd_stats,
    "publish-catalog": _cmd_publish_catalog,
    "notice": _cmd_notice,
    "parcel-arrived": _cmd_parcel_arrived,
    "settle-lot": _cmd_settle_lot,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors become a one-line message and a non-zero exit code."""
    from county_hub.catalog import CatalogRefused
    from county_hub.consignment import SettlementRefused
    from county_hub.notices import NoticeRefused
    from county_hub.parcels import ParcelRefused
    from county_hub.releases import ReleaseRefused

    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (
        CommandFailed,
        StoreError,
        CatalogRefused,
        NoticeRefused,
        ParcelRefused,
        SettlementRefused,
        ReleaseRefused,
    ) as error:
        message = str(error)
    except OSError as error:
        message = f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
    except Exception as error:  # a database driver's error mid-command: still one line
        lines = str(error).strip().splitlines()
        message = f"{type(error).__name__}: {lines[0] if lines else ''}"
    print(f"error: {message}", file=sys.stderr)
    return EXIT_FAILED
