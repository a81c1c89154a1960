"""Catalog uploads held between their preview and their publishing, keyed by a token.

The console parses an uploaded catalog, keeps the checked rows here and shows what they
would change; the publish form sends back only the token. Rows live in the database,
not in one process's memory, so any hub worker can publish what another previewed;
only the token's SHA-256 is stored, and a preview belongs to the operator who made it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from county_hub.storage.database import HubDatabase


@dataclass(frozen=True)
class CatalogPreview:
    """A parsed upload waiting to be published to `scope` (a station id, or `*` for all)."""

    user_name: str
    scope: str
    file_name: str
    products: list[dict[str, Any]]
    created_at: str


class CatalogPreviews:
    """The `catalog_previews` table."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def keep(
        self,
        token_hash: str,
        user_name: str,
        scope: str,
        file_name: str,
        products: list[dict[str, Any]],
        now: str,
        older_than: str,
    ) -> None:
        """Keep a preview; previews made before `older_than` are dropped on the way."""
        with self._db.write() as conn:
            self._db.run(conn, "DELETE FROM catalog_previews WHERE created_at < ?", [older_than])
            self._db.run(
                conn,
                "INSERT INTO catalog_previews(token_hash, user_name, scope, file_name, "
                "products, created_at) VALUES (?,?,?,?,?,?)",
                [
                    token_hash,
                    user_name,
                    scope,
                    file_name,
                    json.dumps(products, ensure_ascii=False),
                    now,
                ],
            )

    def get(self, token_hash: str, user_name: str, since: str) -> CatalogPreview | None:
        """The operator's preview with this token made at or after `since`, else None."""
        with self._db.read() as conn:
            row = self._db.run(
                conn,
                "SELECT user_name, scope, file_name, products, created_at FROM "
                "catalog_previews WHERE token_hash = ? AND user_name = ? AND created_at >= ?",
                [token_hash, user_name, since],
            ).fetchone()
        if row is None:
            return None
        return CatalogPreview(row[0], row[1], row[2], json.loads(row[3]), row[4])

    def claim(self, token_hash: str, user_name: str, since: str) -> CatalogPreview | None:
        """Take the operator's preview for publishing; None when it is not (or no longer) there.

        It is gone afterwards, so a form sent twice (a double click, a second tab)
        publishes once.
        """
        with self._db.write() as conn:
            row = self._db.run(
                conn,
                "DELETE FROM catalog_previews WHERE token_hash = ? AND user_name = ? "
                "AND created_at >= ? RETURNING user_name, scope, file_name, products, created_at",
                [token_hash, user_name, since],
            ).fetchone()
        if row is None:
            return None
        return CatalogPreview(row[0], row[1], row[2], json.loads(row[3]), row[4])
