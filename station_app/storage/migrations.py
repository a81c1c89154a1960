"""The station's schema history: numbered migrations, one module each, applied in order.

A migration is a module `migration_NNNN_<what>.py` in this package with a `NAME` (what
sqlite-utils records in `_sqlite_migrations`) and a `migrate(db)` function. A landed
migration is never edited, its name never changed: add a new module, and add it to
`MIGRATION_MODULES`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Protocol

from station_app.storage import (
    migration_0001_foundation,
    migration_0002_printing,
    migration_0003_sync,
    migration_0004_villagers,
    migration_0005_consignment,
    migration_0006_anchor_lockout,
    migration_0007_operator_pins,
    migration_0008_shifts,
    migration_0009_stock,
    migration_0010_outbox_pruning,
    migration_0011_stock_levels,
    migration_0012_compact_history,
    migration_0013_audit_hashes,
    migration_0014_payment_keys,
    migration_0015_sale_keys,
    migration_0016_line_ids,
    migration_0017_line_numbers,
    migration_0018_last_signed_in,
)
from station_app.storage.sqlite_wrapper import Database

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

# Where sqlite-utils records the migrations it applied, and the name of the station's set.
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_SET = "station"


class Migration(Protocol):
    """What a migration module provides."""

    NAME: str

    def migrate(self, db: Database) -> None:
        """Change the schema (and its data) inside the caller's transaction."""


# Listed, not discovered: PyInstaller bundles only the modules it sees imported, and
# pkgutil cannot be relied on to list a frozen package, so a discovered migration could
# silently be missing from the installed app — which would then take every station
# database as one from a newer version. tests/storage/test_migrations.py checks this
# list against the files on disk, in name order.
MIGRATION_MODULES: tuple[Migration, ...] = (
    migration_0001_foundation,
    migration_0002_printing,
    migration_0003_sync,
    migration_0004_villagers,
    migration_0005_consignment,
    migration_0006_anchor_lockout,
    migration_0007_operator_pins,
    migration_0008_shifts,
    migration_0009_stock,
    migration_0010_outbox_pruning,
    migration_0011_stock_levels,
    migration_0012_compact_history,
    migration_0013_audit_hashes,
    migration_0014_payment_keys,
    migration_0015_sale_keys,
    migration_0016_line_ids,
    migration_0017_line_numbers,
    migration_0018_last_signed_in,
)

MIGRATION_NAMES: tuple[str, ...] = tuple(module.NAME for module in MIGRATION_MODULES)


@cache
def migration_set() -> Migrations:
    """sqlite-utils' `Migrations` of the station, built on first use.

    Only applying migrations loads sqlite-utils: a start on an up-to-date file reads the
    applied names with one query (`applied_migrations`) and never imports it.
    """
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for module in MIGRATION_MODULES:
        migrations(name=module.NAME)(_on_station_handle(module))
    return migrations


def _on_station_handle(module: Migration) -> Callable[[sqlite_utils.Database], None]:
    # sqlite-utils hands its own Database over the same connection; a migration is
    # written against the station's handle, like every other module.
    def migrate(db: sqlite_utils.Database) -> None:
        module.migrate(Database(db.conn))

    migrate.__name__ = module.NAME
    return migrate


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The station's applied migrations, in the order they were applied."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone():
        return []
    return [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET],
        )
    ]


def applied_migrations(db: Database) -> list[str]:
    """`applied_names` of the station's connection."""
    return applied_names(db.conn)


def pending_migrations(db: Database) -> list[str]:
    """This version's migrations the file has not had yet, in order."""
    applied = set(applied_migrations(db))
    return [name for name in MIGRATION_NAMES if name not in applied]


def unknown_migrations(db: Database) -> list[str]:
    """Names of applied migrations this version does not know (a newer app wrote them)."""
    return [name for name in applied_migrations(db) if name not in MIGRATION_NAMES]


def apply_migrations(db: Database, *, stop_before: Iterable[str] | None = None) -> None:
    """Apply the pending migrations inside the caller's transaction (sqlite-utils' savepoints).

    `stop_before` leaves the named migrations and those after them pending (for tests of
    an upgrade from an older schema).
    """
    from sqlite_utils import Database as UtilsDatabase

    migration_set().apply(
        UtilsDatabase(db.conn, execute_plugins=False),
        stop_before=None if stop_before is None else list(stop_before),
    )
