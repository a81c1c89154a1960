"""Request nonces, kept in the database so replay protection holds across hub workers."""

from __future__ import annotations

from county_hub.storage.database import HubDatabase
from village_protocol.limits import NONCE_KEEP_S

PRUNE_EVERY_S = 60


class NonceStore:
    """The `nonces` table."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db
        self._pruned_at = 0

    def remember(self, station_id: str, nonce: str, now_s: int) -> bool:
        """Record a nonce; False if this station already used it. Prunes expired nonces."""
        fresh = (
            self._db.write_one(
                "INSERT INTO nonces(station_id, nonce, seen_at) VALUES (?,?,?) "
                "ON CONFLICT (station_id, nonce) DO NOTHING",
                [station_id, nonce, now_s],
            )
            == 1
        )
        # Pruning is a separate, occasional transaction: if every request pruned, workers
        # would queue on each other's row locks.
        if now_s - self._pruned_at >= PRUNE_EVERY_S:
            self._pruned_at = now_s
            with self._db.write() as conn:
                # Kept a little longer than the protocol's minimum, for small clock steps.
                self._db.run(
                    conn, "DELETE FROM nonces WHERE seen_at < ?", [now_s - 2 * NONCE_KEEP_S]
                )
        return fresh
