"""The printer settings as `main.py settings NAME VALUE` checks them."""

import pytest

from station_app.core.errors import InputRefused
from station_app.core.settings import (
    PRINTER_KINDS,
    PRINTER_MODES,
    StationSettings,
    parse_setting,
)
from station_app.printing.charset import CharacterMode
from station_app.printing.printer_settings import PrinterConfig, PrinterKind


def test_the_settings_know_every_kind_and_mode_the_printing_code_knows():
    assert set(PRINTER_KINDS) == {kind.value for kind in PrinterKind}
    assert set(PRINTER_MODES) == {mode.value for mode in CharacterMode}


def test_defaults_mean_no_printer_and_gb18030():
    config = PrinterConfig.from_settings(StationSettings())
    assert not config.configured
    assert config.mode is CharacterMode.GB18030
    assert config.port == 9100


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("printer_kind", "network", "network"),
        ("printer_usb_id", "0416:5011", "0416:5011"),
        ("printer_usb_id", "0FE6:811E", "0fe6:811e"),
        ("printer_serial_baud", "19200", 19200),
        ("printer_host", "192.168.1.87", "192.168.1.87"),
        ("printer_port", "9100", 9100),
        ("printer_timeout_ms", "500", 500),
        ("printer_mode", "raster", "raster"),
        ("printer_windows_name", "XP-58C (副本 1)", "XP-58C (副本 1)"),
        ("printer_file", "/dev/usb/lp0", "/dev/usb/lp0"),
    ],
)
def test_good_values_are_taken(name, text, value):
    assert parse_setting(name, text) == value


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("printer_kind", "bluetooth"),
        ("printer_usb_id", "416:5011"),
        ("printer_serial_baud", "1234"),
        ("printer_host", "192.168.1.87; rm"),
        ("printer_port", "70000"),
        ("printer_timeout_ms", "0"),
        ("printer_mode", "utf8"),
        ("printer_file", "a\nb"),
        ("printer_colour", "red"),
    ],
)
def test_bad_values_are_refused(name, text):
    with pytest.raises(InputRefused):
        parse_setting(name, text)
