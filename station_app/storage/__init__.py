"""SQLite storage: connection set-up, schema and migrations. Knows nothing of services."""

from station_app.storage.database import DatabaseTooNew, open_database

__all__ = ["DatabaseTooNew", "open_database"]
