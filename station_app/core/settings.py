"""Station settings kept in the `settings` table, read into one typed object."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from sqlite_utils import Database

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
