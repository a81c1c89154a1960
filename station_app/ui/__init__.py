"""The PySide6 counter UI: windows, views, controllers, Qt models and dialogs.

Only this package imports Qt; it calls `station_app.core` and never writes SQL.
"""
