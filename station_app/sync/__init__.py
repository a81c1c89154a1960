"""Sync with the county hub: the outbox, the signed HTTP client, the sync job and its lock.

No Qt here: the nightly job (`main.py sync`) and the counter app's background worker
run the same code (`sync_job.run_sync`).
"""
