"""Changing the printer settings as one audited action, and trying them before saving."""

from __future__ import annotations

from dataclasses import replace

from sqlite_utils import Database

from station_app.core.audit import record_audit
from station_app.core.settings import StationSettings, parse_setting, save_settings
from station_app.printing.connections import PrinterConfig
from station_app.storage.transaction import write_transaction

PRINTER_SETTINGS = (
    "printer_kind", "printer_usb_id", "printer_serial_port", "printer_serial_baud",
    "printer_host", "printer_port", "printer_windows_name", "printer_file",
    "printer_timeout_ms", "printer_mode", "printer_font", "receipt_columns",
)


def parse_printer_settings(texts: dict[str, str]) -> dict[str, object]:
    """Check every field as typed; the first bad one is refused.

    Raises:
        InputRefused: a value out of range, or a name that is no printer setting.
    """
    unknown = set(texts) - set(PRINTER_SETTINGS)
    if unknown:
        raise ValueError(f"not printer settings: {sorted(unknown)}")
    return {name: parse_setting(name, text) for name, text in texts.items()}


def candidate_config(settings: StationSettings, texts: dict[str, str]) -> PrinterConfig:
    """The printer `texts` describe, for a test print before anything is saved.

    Raises:
        InputRefused: as `parse_printer_settings`.
        PrinterSetupError: the chosen kind lacks its address.
    """
    values = parse_printer_settings(texts)
    config = PrinterConfig.from_settings(replace(settings, **values))  # type: ignore[arg-type]
    config.check()
    return config


def save_printer_settings(db: Database, texts: dict[str, str], operator_id: str,
                          at: str) -> StationSettings:
    """Store the printer settings and their audit row in one transaction.

    Raises:
        InputRefused: as `parse_printer_settings`.
    """
    values = parse_printer_settings(texts)
    with write_transaction(db):
        settings = save_settings(db, **values)
        record_audit(db, at=at, operator_id=operator_id, action="settings.changed",
                     subject_id="printer", detail=values)
    return settings
