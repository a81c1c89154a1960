"""The printer settings: what they describe, checked, tried before saving, saved audited."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from station_app.core.audit import record_audit
from station_app.core.settings import StationSettings, parse_setting, save_settings
from station_app.printing.charset import CharacterMode
from station_app.printing.errors import PrinterSetupError
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction


class PrinterKind(StrEnum):
    """How the counter PC reaches the printer (the `printer_kind` setting)."""

    NONE = "none"
    USB = "usb"
    SERIAL = "serial"
    NETWORK = "network"
    WINDOWS = "windows"
    FILE = "file"


@dataclass(frozen=True)
class PrinterConfig:
    """One printer's settings, taken from `StationSettings`."""

    kind: PrinterKind = PrinterKind.NONE
    usb_id: str = ""
    serial_port: str = ""
    serial_baud: int = 9600
    host: str = ""
    port: int = 9100
    windows_name: str = ""
    file_path: str = ""
    timeout_s: float = 3.0
    mode: CharacterMode = CharacterMode.GB18030
    font: str = ""

    @classmethod
    def from_settings(cls, settings: StationSettings) -> PrinterConfig:
        """The printer the station's settings describe."""
        return cls(
            kind=PrinterKind(settings.printer_kind),
            usb_id=settings.printer_usb_id,
            serial_port=settings.printer_serial_port,
            serial_baud=settings.printer_serial_baud,
            host=settings.printer_host,
            port=settings.printer_port,
            windows_name=settings.printer_windows_name,
            file_path=settings.printer_file,
            timeout_s=settings.printer_timeout_ms / 1000,
            mode=CharacterMode(settings.printer_mode),
            font=settings.printer_font,
        )

    @property
    def configured(self) -> bool:
        """False when the station has no printer."""
        return self.kind is not PrinterKind.NONE

    def where(self) -> str:
        """The address in the keeper's words: `192.168.1.87:9100`, `COM3`, `USB 0416:5011`."""
        return {
            PrinterKind.NONE: "",
            PrinterKind.USB: f"USB {self.usb_id}",
            PrinterKind.SERIAL: f"{self.serial_port} ({self.serial_baud})",
            PrinterKind.NETWORK: f"{self.host}:{self.port}",
            PrinterKind.WINDOWS: self.windows_name,
            PrinterKind.FILE: self.file_path,
        }[self.kind]

    def check(self) -> None:
        """Refuse settings that cannot work.

        Raises:
            PrinterSetupError: no printer chosen, or the chosen kind lacks its address.
        """
        missing = {
            PrinterKind.USB: (self.usb_id, "USB 编号（printer_usb_id）", "printer_usb_id"),
            PrinterKind.SERIAL: (
                self.serial_port,
                "串口（printer_serial_port）",
                "printer_serial_port",
            ),
            PrinterKind.NETWORK: (self.host, "打印机地址（printer_host）", "printer_host"),
            PrinterKind.WINDOWS: (
                self.windows_name,
                "Windows 打印机名称（printer_windows_name）",
                "printer_windows_name",
            ),
            PrinterKind.FILE: (self.file_path, "设备文件（printer_file）", "printer_file"),
        }
        if self.kind is PrinterKind.NONE:
            raise PrinterSetupError("未配置打印机", "No printer is set up")
        value, zh, en = missing[self.kind]
        if not value.strip():
            raise PrinterSetupError(f"请填写{zh}", f"Fill in {en}")


PRINTER_SETTINGS = (
    "printer_kind",
    "printer_usb_id",
    "printer_serial_port",
    "printer_serial_baud",
    "printer_host",
    "printer_port",
    "printer_windows_name",
    "printer_file",
    "printer_timeout_ms",
    "printer_mode",
    "printer_font",
    "receipt_columns",
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


def save_printer_settings(
    db: Database, texts: dict[str, str], operator_id: str, at: str
) -> StationSettings:
    """Store the printer settings and their audit row in one transaction.

    Raises:
        InputRefused: as `parse_printer_settings`.
    """
    values = parse_printer_settings(texts)
    with write_transaction(db):
        settings = save_settings(db, **values)
        record_audit(
            db,
            at=at,
            operator_id=operator_id,
            action="settings.changed",
            subject_id="printer",
            detail=values,
        )
    return settings
