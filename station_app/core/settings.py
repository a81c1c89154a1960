"""Station settings kept in the `settings` table, read into one typed object."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from sqlite_utils import Database

from station_app.core.audit import record_audit
from station_app.core.errors import InputRefused


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
    with db.atomic():
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
_TEXT_LIMITS = {"station_id": 32, "station_name": 30, "station_phone": 20, "terminal_id": 8,
                "receipt_footer": 100}
_IDENTIFIERS = ("station_id", "terminal_id")
_INT_RANGES = {"tz_offset_min": (-720, 840), "receipt_columns": (24, 64),
               "clerk_discount_limit_fen": (0, 100_000_000)}


def parse_setting(name: str, text: str) -> object:
    """Turn the text a county IT person typed into a setting's value, or refuse it."""
    text = text.strip()
    if name in _IDENTIFIERS:
        # Ids go into receipt numbers and hub URLs: keep them plain.
        if not (text and len(text) <= _TEXT_LIMITS[name] and text.isascii()
                and text.replace("-", "").isalnum()):
            raise InputRefused(f"{name} 须为 1 到 {_TEXT_LIMITS[name]} 位字母、数字或 -",
                               f"{name}: 1 to {_TEXT_LIMITS[name]} letters, digits or -")
        return text
    if name in _TEXT_LIMITS:
        if len(text) > _TEXT_LIMITS[name]:
            raise InputRefused(f"{name} 最多 {_TEXT_LIMITS[name]} 个字",
                               f"{name}: at most {_TEXT_LIMITS[name]} characters")
        return text
    if name in _INT_RANGES:
        low, high = _INT_RANGES[name]
        if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
            raise InputRefused(f"{name} 须为 {low} 到 {high} 之间的整数",
                               f"{name} must be a whole number from {low} to {high}")
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
        if not (isinstance(value, dict) and set(value) <= valid_keys
                and set(value.values()) <= {"weight", "price"}):
            raise InputRefused('秤码前缀格式如 {"20": "weight", "27": "price"}',
                               'Scale prefixes look like {"20": "weight", "27": "price"}')
        return value
    raise InputRefused(f"未知设置项：{name}", f"Unknown setting: {name}")


def change_setting(db: Database, name: str, text: str, at: str) -> StationSettings:
    """Validate and store one setting, with its audit row, in one transaction."""
    value = parse_setting(name, text)
    with db.atomic():
        settings = save_settings(db, **{name: value})
        record_audit(db, at=at, operator_id=None, action="settings.changed", subject_id=name,
                     detail={"value": value})
    return settings


def settings_as_text(settings: StationSettings) -> dict[str, str]:
    """Each setting as the text `parse_setting` accepts back."""
    return {name: json.dumps(value, ensure_ascii=False) if name in _JSON_FIELDS else str(value)
            for name, value in asdict(settings).items()}
