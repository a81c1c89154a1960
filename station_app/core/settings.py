"""Station settings kept in the `settings` table, read into one typed object."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from station_app.core import events
from station_app.core.audit import record_audit
from station_app.core.errors import InputRefused
from station_app.core.outbox import enqueue_event
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction


def _default_scale_prefixes() -> dict[str, str]:
    # Chinese label scales print in-store EAN-13 codes starting 20-29; which prefix
    # carries a weight and which a price is set on the scale, so it is a setting.
    return {str(p): ("weight" if p < 25 else "price") for p in range(20, 30)}


@dataclass(frozen=True)
class StationSettings:
    """Everything a station configures once; defaults suit a demo station."""

    station_id: str = "DEMO-001"
    station_name: str = "示范村服务站"
    station_phone: str = ""
    terminal_id: str = "T1"
    tz_offset_min: int = 480
    language: str = "zh_CN"
    receipt_footer: str = "谢谢惠顾，欢迎再来！"
    receipt_columns: int = 32
    clerk_discount_limit_fen: int = 500
    scale_prefixes: dict[str, str] = field(default_factory=_default_scale_prefixes)
    hub_url: str = ""  # the county hub, e.g. https://hub.example.cn; empty: not linked yet
    ca_bundle: str = ""  # a county's own CA certificates (PEM file); empty: the system's
    # The receipt printer (see station_app/printing/printer_link.py): how it is reached …
    printer_kind: str = "none"  # none | usb | serial | network | windows | file
    printer_usb_id: str = ""  # vendor:product in hex, e.g. 0416:5011
    printer_serial_port: str = ""  # COM3, /dev/ttyUSB0
    printer_serial_baud: int = 9600
    printer_host: str = ""  # e.g. 192.168.1.87
    printer_port: int = 9100
    printer_windows_name: str = ""  # the printer's name in Windows (sent raw)
    printer_file: str = ""  # a device or file, e.g. /dev/usb/lp0
    printer_timeout_ms: int = 3000  # for every call to the printer
    # … and how it prints Chinese: gb18030 (FS &, default) | gbk | raster (a bitmap).
    printer_mode: str = "gb18030"
    printer_font: str = ""  # CJK .ttf/.ttc for raster pictures; empty: found on the system
    parcel_overdue_days: int = 7  # parcels waiting longer are highlighted on the pickup page
    # A second folder every backup is also copied to (a USB stick); empty: none.
    backup_dir: str = ""
    # The drawer: a pay-in or pay-out above this needs the owner's PIN, and so does a close
    # whose over/short is larger (either way) than the second limit.
    drawer_move_owner_limit_fen: int = 20_000
    over_short_owner_limit_fen: int = 1_000
    # Goods expiring within this many days are listed on the stock page and at sign-in.
    stock_expiring_days: int = 30
    # Delivered outbox events keep their payload this long; then the sync drops it (the hub
    # holds the event, and recovery reads it back from there). Unsent and rejected: kept.
    outbox_retention_days: int = 90


_JSON_FIELDS = {"scale_prefixes"}
_INT_FIELDS = {f.name for f in fields(StationSettings) if f.type == "int"}


def load_settings(db: Database) -> StationSettings:
    """Read settings; keys not stored yet take their defaults."""
    stored = {row["key"]: row["value"] for row in db.query("SELECT key, value FROM settings")}
    values: dict[str, object] = {}
    for f in fields(StationSettings):
        if f.name not in stored:
            continue
        raw = stored[f.name]
        if f.name in _JSON_FIELDS:
            values[f.name] = json.loads(raw)
        elif f.name in _INT_FIELDS:
            values[f.name] = int(raw)
        else:
            values[f.name] = raw
    return StationSettings(**values)  # type: ignore[arg-type]


def save_settings(db: Database, **changes: object) -> StationSettings:
    """Store the given settings (unknown names are refused) and return the result."""
    known = {f.name for f in fields(StationSettings)}
    unknown = set(changes) - known
    if unknown:
        names = ", ".join(sorted(unknown))
        raise InputRefused(f"未知设置项：{names}", f"Unknown settings: {names}")
    current = asdict(load_settings(db)) | changes
    with write_transaction(db):
        for name in changes:
            value = current[name]
            text = json.dumps(value, ensure_ascii=False) if name in _JSON_FIELDS else str(value)
            db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [name, text],
            )
    return load_settings(db)


LANGUAGES = ("zh_CN", "en")
_TEXT_LIMITS = {
    "station_id": 32,
    "station_name": 30,
    "station_phone": 20,
    "terminal_id": 8,
    "receipt_footer": 100,
}
_IDENTIFIERS = ("station_id", "terminal_id")
_INT_RANGES = {
    "tz_offset_min": (-720, 840),
    "receipt_columns": (24, 64),
    "clerk_discount_limit_fen": (0, 100_000_000),
    "parcel_overdue_days": (1, 365),
    "drawer_move_owner_limit_fen": (0, 100_000_000),
    "over_short_owner_limit_fen": (0, 100_000_000),
    "stock_expiring_days": (1, 365),
    "outbox_retention_days": (1, 3650),
}


_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _parse_hub_url(text: str) -> str:
    # Sales data leave the station over this link: HTTPS always, except to a hub on this
    # very machine (a county office testing, and the tests).
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        host = ""
    secure = host and (
        parts.scheme == "https" or (parts.scheme == "http" and host in _LOOPBACK_HOSTS)
    )
    if (
        not secure
        or parts.query
        or parts.fragment
        or parts.username
        or not text.isascii()
        or len(text) > 200
    ):
        raise InputRefused(
            "县级中心地址须为 https://… （本机测试可用 http://127.0.0.1:端口）",
            "hub_url must be https://… (http:// only for 127.0.0.1)",
        )
    return text.rstrip("/")


def _parse_ca_bundle(text: str) -> str:
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_file():
        raise InputRefused(f"找不到证书文件 {text}", f"No CA bundle file at {text}")
    return str(path.resolve())


def _parse_backup_dir(text: str) -> str:
    # Not required to exist now: the USB stick is often plugged in only later, and a
    # missing folder is then a warning at each backup, never a failure.
    if not text:
        return ""
    if len(text) > 260 or any(ord(c) < 0x20 for c in text):
        raise InputRefused(
            "backup_dir 须为一个文件夹路径（最多 260 个字符）",
            "backup_dir must be a folder path (at most 260 characters)",
        )
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise InputRefused(
            f"backup_dir 须为完整路径，如 E:\\站点备份 或 /media/usb/backups，而不是 {text}",
            f"backup_dir must be a full path such as E:\\backups or /media/usb/backups, not {text}",
        )
    return str(path)


PRINTER_KINDS = ("none", "usb", "serial", "network", "windows", "file")
PRINTER_MODES = ("gb18030", "gbk", "raster")
SERIAL_BAUDS = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
_PRINTER_TEXTS = ("printer_serial_port", "printer_windows_name", "printer_file", "printer_font")
_PRINTER_INTS = {"printer_port": (1, 65535), "printer_timeout_ms": (100, 60_000)}


def _parse_printer_setting(name: str, text: str) -> object:
    choices = {"printer_kind": PRINTER_KINDS, "printer_mode": PRINTER_MODES}
    if name in choices:
        if text not in choices[name]:
            options = " | ".join(choices[name])
            raise InputRefused(f"{name} 只能是 {options}", f"{name} must be one of {options}")
        return text
    if name == "printer_usb_id":
        vendor, _, product = text.partition(":")
        if text and not (
            len(vendor) == len(product) == 4
            and all(c in "0123456789abcdefABCDEF" for c in vendor + product)
        ):
            raise InputRefused(
                "USB 编号格式为 厂商:产品（十六进制），如 0416:5011",
                "USB id is vendor:product in hex, e.g. 0416:5011",
            )
        return text.lower()
    if name == "printer_serial_baud":
        if not text.isdigit() or int(text) not in SERIAL_BAUDS:
            rates = ", ".join(map(str, SERIAL_BAUDS))
            raise InputRefused(f"波特率只能是 {rates}", f"Baud rate must be one of {rates}")
        return int(text)
    if name == "printer_host":
        # A host name or IPv4/IPv6 address, nothing a socket would misread.
        if len(text) > 253 or not all(c.isascii() and (c.isalnum() or c in ".-:") for c in text):
            raise InputRefused(
                "打印机地址须为 IP 或主机名，如 192.168.1.87",
                "printer_host must be an IP address or host name",
            )
        return text
    if name in _PRINTER_INTS:
        low, high = _PRINTER_INTS[name]
        if not text.isdigit() or not low <= int(text) <= high:
            raise InputRefused(
                f"{name} 须为 {low} 到 {high} 之间的整数",
                f"{name} must be a whole number from {low} to {high}",
            )
        return int(text)
    if name in _PRINTER_TEXTS:
        if len(text) > 200 or any(ord(c) < 0x20 for c in text):
            raise InputRefused(f"{name} 最多 200 个字符", f"{name}: at most 200 characters")
        return text
    raise InputRefused(f"未知设置项：{name}", f"Unknown setting: {name}")


def parse_setting(name: str, text: str) -> object:
    """Turn the text a county IT person typed into a setting's value, or refuse it."""
    text = text.strip()
    if name.startswith("printer_"):
        return _parse_printer_setting(name, text)
    if name == "hub_url":
        return _parse_hub_url(text) if text else ""
    if name == "ca_bundle":
        return _parse_ca_bundle(text)
    if name == "backup_dir":
        return _parse_backup_dir(text)
    if name in _IDENTIFIERS:
        # Ids go into receipt numbers and hub URLs: keep them plain.
        if not (
            text
            and len(text) <= _TEXT_LIMITS[name]
            and text.isascii()
            and text.replace("-", "").isalnum()
        ):
            raise InputRefused(
                f"{name} 须为 1 到 {_TEXT_LIMITS[name]} 位字母、数字或 -",
                f"{name}: 1 to {_TEXT_LIMITS[name]} letters, digits or -",
            )
        return text
    if name in _TEXT_LIMITS:
        if len(text) > _TEXT_LIMITS[name]:
            raise InputRefused(
                f"{name} 最多 {_TEXT_LIMITS[name]} 个字",
                f"{name}: at most {_TEXT_LIMITS[name]} characters",
            )
        return text
    if name in _INT_RANGES:
        low, high = _INT_RANGES[name]
        if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
            raise InputRefused(
                f"{name} 须为 {low} 到 {high} 之间的整数",
                f"{name} must be a whole number from {low} to {high}",
            )
        return int(text)
    if name == "language":
        if text not in LANGUAGES:
            raise InputRefused("语言只能是 zh_CN 或 en", "Language must be zh_CN or en")
        return text
    if name == "scale_prefixes":
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = None
        valid_keys = {str(p) for p in range(20, 30)}
        if not (
            isinstance(value, dict)
            and set(value) <= valid_keys
            and set(value.values()) <= {"weight", "price"}
        ):
            raise InputRefused(
                '秤码前缀格式如 {"20": "weight", "27": "price"}',
                'Scale prefixes look like {"20": "weight", "27": "price"}',
            )
        return value
    raise InputRefused(f"未知设置项：{name}", f"Unknown setting: {name}")


# Settings the hub is not told about: the link itself (recovery is given it again) and
# folders of this one PC (a CA file, a USB stick) that a replacement PC does not have.
NOT_SENT_SETTINGS = frozenset({"station_id", "hub_url", "ca_bundle", "backup_dir"})


def change_setting(db: Database, name: str, text: str, at: str) -> StationSettings:
    """Validate and store one setting with its audit row and outbox event, in one transaction.

    The event (`settings.changed`) is left out for NOT_SENT_SETTINGS.
    """
    value = parse_setting(name, text)
    with write_transaction(db):
        settings = save_settings(db, **{name: value})
        record_audit(
            db,
            at=at,
            operator_id=None,
            action="settings.changed",
            subject_id=name,
            detail={"value": value},
        )
        if name not in NOT_SENT_SETTINGS:
            text_form = settings_as_text(settings)[name]
            enqueue_event(db, events.setting_changed(name, text_form), at)
    return settings


def settings_as_text(settings: StationSettings) -> dict[str, str]:
    """Each setting as the text `parse_setting` accepts back."""
    return {
        name: json.dumps(value, ensure_ascii=False) if name in _JSON_FIELDS else str(value)
        for name, value in asdict(settings).items()
    }
