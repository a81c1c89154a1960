"""Sync with the county hub: the outbox now; upload and the change feed come later."""
