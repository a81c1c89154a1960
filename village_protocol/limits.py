"""The numeric limits of protocol version 1: batches, bodies, pages, envelopes, clocks.

The hub refuses past them and the station stays within them; `docs/sync-protocol.md`
§ Limits lists each one (tests/village_protocol/test_docs.py holds the two equal).
"""

from __future__ import annotations

PROTOCOL_VERSION = 1

# -- upload (`POST /v1/events`) -------------------------------------------------------
MAX_EVENTS_PER_BATCH = 200
# The body as sent (gzip) and once decompressed.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_DECOMPRESSED_BYTES = 16 * 1024 * 1024
# The hub's default time for a request body to arrive: 2 MiB at 2 Mbit/s is 8 s.
BODY_TIMEOUT_S = 10.0
# Envelope fields of one event.
MAX_EVENT_ID = 64
MAX_KIND = 64
# PostgreSQL BIGINT: a larger seq or cursor would fail in the database instead of being
# refused cleanly.
MAX_SEQ = 2**63 - 1

# -- download (`GET /v1/changes`) -----------------------------------------------------
MIN_PAGE_LIMIT = 1
MAX_PAGE_LIMIT = 500
DEFAULT_PAGE_LIMIT = 200

# -- signing ----------------------------------------------------------------------------
MAX_STATION_ID = 32
# How far `X-Timestamp` may be from the hub's clock.
CLOCK_WINDOW_S = 300
# Twice the clock window: a nonce must outlive every timestamp that could still carry it.
NONCE_KEEP_S = 2 * CLOCK_WINDOW_S

# -- the station's sync status (optional `status` of an upload batch) --------------------
# Longer values are not stored: the hub keeps the fields that fit and drops the rest.
MAX_APP_VERSION = 32
MAX_LAST_ERROR = 500
# `status.days`: the station's own totals of at most this many local days per batch.
MAX_STATUS_DAYS = 200
