"""SQLite storage: connection set-up, schema and migrations. Knows nothing of services."""

from station_app.storage.database import open_database
from station_app.storage.failures import DatabaseTooNew, DatabaseUnusable, StorageFailure

__all__ = ["DatabaseTooNew", "DatabaseUnusable", "StorageFailure", "open_database"]
