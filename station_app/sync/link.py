"""The station's link to its county hub: URL, station id, secret and CA bundle.

The URL and CA bundle are ordinary settings; the secret has a table of its own
(`hub_credentials`) so that listing or auditing settings never shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from station_app.core.audit import record_audit
from station_app.core.errors import InputRefused
from station_app.core.settings import StationSettings, load_settings, parse_setting, save_settings
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction
from station_app.sync.errors import NotLinked
from station_app.sync.signing import is_valid_secret

SECRET_MASK = "********"


@dataclass(frozen=True)
class HubLink:
    """Everything the hub client needs; `secret` is left out of `repr` so it never gets logged."""

    hub_url: str
    station_id: str
    secret: str = field(repr=False)
    ca_bundle: str = ""


def parse_secret(text: str) -> str:
    """Check a secret as the hub's `add-station` printed it (64 hex characters)."""
    secret = text.strip().lower()
    if not is_valid_secret(secret):
        raise InputRefused(
            "站点密钥须为县级中心给出的 64 位十六进制字符",
            "The secret must be the 64 hex characters the hub printed",
        )
    return secret


def has_secret(db: Database) -> bool:
    """True when a secret has been provisioned."""
    return db.execute("SELECT 1 FROM hub_credentials WHERE id = 1").fetchone() is not None


def store_secret(db: Database, text: str, at: str) -> None:
    """Validate and store the hub secret, audited without its value. One transaction."""
    secret = parse_secret(text)
    with write_transaction(db):
        db.execute(
            "INSERT INTO hub_credentials(id, secret, provisioned_at) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET secret = excluded.secret, "
            "provisioned_at = excluded.provisioned_at",
            [secret, at],
        )
        record_audit(
            db, at=at, operator_id=None, action="hub.secret_changed", detail={"secret": SECRET_MASK}
        )


def provision_link(
    db: Database, *, station_id: str, hub_url: str, secret: str, ca_bundle: str | None, at: str
) -> StationSettings:
    """Link the station to a hub: station id, URL, secret and optional CA bundle.

    All values are checked first, then stored in one transaction with an audit row (the
    secret masked). (A new station id restarts the change feed: see the sync job.)

    Raises:
        InputRefused: a value is malformed; nothing was stored.
    """
    values: dict[str, object] = {
        "station_id": parse_setting("station_id", station_id),
        "hub_url": parse_setting("hub_url", hub_url),
    }
    if not values["hub_url"]:
        raise InputRefused("请给出县级中心地址", "The hub URL is missing")
    if ca_bundle is not None:
        values["ca_bundle"] = parse_setting("ca_bundle", ca_bundle)
    clean_secret = parse_secret(secret)
    with write_transaction(db):
        settings = save_settings(db, **values)
        db.execute(
            "INSERT INTO hub_credentials(id, secret, provisioned_at) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET secret = excluded.secret, "
            "provisioned_at = excluded.provisioned_at",
            [clean_secret, at],
        )
        record_audit(
            db,
            at=at,
            operator_id=None,
            action="hub.linked",
            subject_id=settings.station_id,
            detail={
                "hub_url": settings.hub_url,
                "ca_bundle": settings.ca_bundle,
                "secret": SECRET_MASK,
            },
        )
    return settings


def load_link(db: Database) -> HubLink:
    """The provisioned link.

    Raises:
        NotLinked: no hub URL or no secret yet.
    """
    settings = load_settings(db)
    row = db.execute("SELECT secret FROM hub_credentials WHERE id = 1").fetchone()
    if not settings.hub_url or row is None:
        raise NotLinked(
            "本站尚未连接县级中心：请运行 main.py init --station-id … --hub … "
            "--secret … / station not linked to a hub: run "
            "`main.py init --station-id ID --hub URL --secret S`"
        )
    return HubLink(settings.hub_url, settings.station_id, str(row[0]), settings.ca_bundle)
