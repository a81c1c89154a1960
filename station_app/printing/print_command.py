"""`main.py print`: a stored receipt or the test page as bytes, a picture, or on paper."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from station_app.core.clock import Clock
from station_app.core.settings import load_settings
from station_app.printing.charset import CharacterMode
from station_app.printing.print_jobs import render_for
from station_app.printing.printer_link import send_to_printer
from station_app.printing.printer_settings import PrinterConfig
from station_app.printing.raster_render import find_cjk_font, render_raster
from station_app.printing.receipt_layout import Layout
from station_app.printing.reprints import find_receipt, record_reprint
from station_app.printing.test_page import printer_test_page
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction


def print_paper(
    db: Database,
    receipt_no: str | None,
    *,
    out: Path | None = None,
    png: Path | None = None,
    mode: str | None = None,
) -> list[str]:
    """Write or print a receipt copy (`receipt_no`) or, without one, the test page.

    A receipt comes out marked 重印 REPRINT and its copy is audited. `mode`
    overrides the `printer_mode` setting. Without `out` and `png` the paper is sent
    to the configured printer. Returns one line per thing done, for the terminal.

    Raises:
        NotFound: no such receipt.
        PrinterError: no font for the picture, or the printer failed.
    """
    settings = load_settings(db)
    clock = Clock(settings.tz_offset_min)
    config = PrinterConfig.from_settings(settings)
    if mode is not None:
        config = replace(config, mode=CharacterMode(mode))
    receipt = None
    if receipt_no is None:
        layout: Layout = printer_test_page(
            settings, config.mode, f"{clock.local():%Y-%m-%d %H:%M:%S}", config.where()
        )
        what = "test page"
    else:
        receipt = find_receipt(db, receipt_no, settings, reprint=True)
        layout, what = receipt.layout, receipt.number
    done = []
    if out is not None:
        data = render_for(config, layout)
        out.write_bytes(data)
        done.append(f"{out}: {what}, {len(data)} bytes of ESC/POS ({config.mode})")
    if png is not None:
        picture = render_raster(
            layout, find_cjk_font(config.font), mode=config.mode if config.mode.is_text else None
        )
        picture.save(png)
        done.append(f"{png}: {what}, {picture.width} x {picture.height} dots")
    if out is None and png is None:
        status = send_to_printer(config, render_for(config, layout))
        done.append(f"{what} sent to {config.where()} ({status.text('en')})")
    if receipt is not None:
        with write_transaction(db):
            record_reprint(db, receipt, None, clock.stamp(), "cli")
    return done
