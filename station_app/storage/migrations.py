"""The station's schema history: numbered migrations, one module each, applied in order.

A migration is a module `migration_NNNN_<what>.py` in this package with a `NAME` (what
sqlite-utils records in `_sqlite_migrations`) and a `migrate(db)` function. A landed
migration is never edited, its name never changed: add a new module, and add it to
`MIGRATION_MODULES`.
"""

from __future__ import annotations

from typing import Protocol

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

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
)


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
)

MIGRATION_NAMES: tuple[str, ...] = tuple(module.NAME for module in MIGRATION_MODULES)

MIGRATIONS = Migrations("station")
for _module in MIGRATION_MODULES:
    MIGRATIONS(name=_module.NAME)(_module.migrate)


def unknown_migrations(db: Database) -> list[str]:
    """Names of applied migrations this version does not know (a newer app wrote them)."""
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in MIGRATION_NAMES]
