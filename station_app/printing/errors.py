"""Why something did not print, worded for the keeper in Chinese and English.

Every one of these leaves the sale (or refund) exactly as it was: a print job
that fails is marked failed with this message and waits for the keeper to retry.
"""

from __future__ import annotations

from station_app.core.errors import StationError


class PrinterError(StationError):
    """Printing failed or could not start."""


class PrinterSetupError(PrinterError):
    """The printer settings cannot work here: none chosen, missing font, wrong system."""


class PrinterUnreachable(PrinterError):
    """The printer could not be reached: off, unplugged, wrong address, connection lost."""


class PrinterTimeout(PrinterError):
    """The printer did not answer or take the data in time."""


class PrinterNotReady(PrinterError):
    """The printer answered that it cannot print now: paper out, cover open, offline."""
