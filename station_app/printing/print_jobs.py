"""The print queue: jobs stored in `print_jobs`, sent one attempt at a time.

Printing never touches the sale: a job is written after the sale is stored, and
a job that fails stays `failed` with the keeper's message until someone retries
it. Nothing is ever retried automatically, so a printer switched back on does
not suddenly spit out a backlog of old receipts: the keeper sees the failed jobs
and chooses.

`deliver_job` is what the UI runs off its thread: it opens its own database
connection, renders the job for the printer configured now, sends it, and
records the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.core.clock import Clock
from station_app.core.errors import NotFound
from station_app.core.settings import load_settings
from station_app.core.statuses import JobStatus
from station_app.printing.errors import PrinterError
from station_app.printing.printer_settings import PrinterConfig
from station_app.printing.printer_status import PrinterStatus
from station_app.storage.database import connect
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

if TYPE_CHECKING:
    from station_app.printing.receipt_layout import Layout


class JobKind(StrEnum):
    """What a job prints."""

    SALE = "sale"
    REFUND = "refund"
    REPRINT = "reprint"
    TEST_PAGE = "test_page"
    SLIP = "slip"


@dataclass(frozen=True)
class PrintJob:
    """A stored print job (its layout is read separately, with `job_layout`)."""

    id: int
    kind: str
    ref: str
    created_at: str
    updated_at: str
    status: JobStatus
    attempts: int
    last_error: str | None
    last_error_en: str | None
    open_drawer: bool

    def error_text(self, language: str = "zh_CN") -> str:
        """The last failure in `language`."""
        english = language.startswith("en")
        return (self.last_error_en if english else self.last_error) or ""


@dataclass(frozen=True)
class JobOutcome:
    """What one attempt did: printed (with the printer's status) or failed (with why)."""

    job: PrintJob
    status: PrinterStatus | None = None
    error: PrinterError | None = None

    @property
    def printed(self) -> bool:
        """True when the printer took the job."""
        return self.error is None


_COLUMNS = (
    "id, kind, ref, created_at, updated_at, status, attempts, last_error, "
    "last_error_en, open_drawer"
)


def _job(row: tuple[object, ...]) -> PrintJob:
    values = list(row)
    values[5] = JobStatus(str(values[5]))
    values[9] = bool(values[9])
    return PrintJob(*values)  # type: ignore[arg-type]


def enqueue_job(
    db: Database, kind: JobKind, ref: str, layout: Layout, at: str, *, open_drawer: bool = False
) -> int:
    """Store a job to print `layout`; returns its id. Joins the caller's transaction."""
    # The layouts' code loads with the first job, not with the counter's status bar.
    from station_app.printing.layout_codec import layout_to_json

    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO print_jobs(kind, ref, created_at, updated_at, status, open_drawer, "
            "layout_json) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
            [kind.value, ref, at, at, int(open_drawer), layout_to_json(layout)],
        )
    return int(cursor.lastrowid or 0)


def load_job(db: Database, job_id: int) -> PrintJob:
    """Read one job.

    Raises:
        NotFound: no such job.
    """
    row = db.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE id = ?", [job_id]).fetchone()
    if row is None:
        raise NotFound(f"找不到打印任务 {job_id}", f"No print job {job_id}")
    return _job(row)


def job_layout(db: Database, job_id: int) -> Layout:
    """The layout a job prints."""
    from station_app.printing.layout_codec import layout_from_json

    row = db.execute("SELECT layout_json FROM print_jobs WHERE id = ?", [job_id]).fetchone()
    if row is None:
        raise NotFound(f"找不到打印任务 {job_id}", f"No print job {job_id}")
    return layout_from_json(row[0])


def job_payload(db: Database, job_id: int) -> bytes | None:
    """The bytes sent (or tried) in the job's last attempt."""
    row = db.execute("SELECT payload FROM print_jobs WHERE id = ?", [job_id]).fetchone()
    return bytes(row[0]) if row and row[0] is not None else None


def unfinished_jobs(db: Database, limit: int = 50) -> list[PrintJob]:
    """Jobs not printed yet, newest first: failed ones, and any left queued by a crash."""
    return [
        _job(row)
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM print_jobs WHERE status != 'done' ORDER BY id DESC LIMIT ?",
            [limit],
        )
    ]


def failed_count(db: Database) -> int:
    """How many jobs wait for the keeper to retry them."""
    return int(db.execute("SELECT count(*) FROM print_jobs WHERE status = 'failed'").fetchone()[0])


def begin_attempt(db: Database, job_id: int, at: str) -> PrintJob:
    """Mark a job as being sent and count the attempt; returns the job as it was before."""
    # Read first, outside the write: a read inside a deferred transaction pins a WAL
    # snapshot, and the write after it fails at once ("database is locked", no busy
    # wait) when the counter committed its next job in between, e.g. a lot's labels
    # and then its slip. Only this worker changes a job being sent.
    job = load_job(db, job_id)
    with write_transaction(db):
        db.execute(
            "UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, "
            "updated_at = ? WHERE id = ?",
            [at, job_id],
        )
    return job


def finish_attempt(
    db: Database, job_id: int, at: str, payload: bytes | None, error: PrinterError | None
) -> PrintJob:
    """Record how an attempt ended: done, or failed with the keeper's message."""
    with write_transaction(db):
        db.execute(
            "UPDATE print_jobs SET status = ?, last_error = ?, last_error_en = ?, payload = ?, "
            "updated_at = ? WHERE id = ?",
            [
                JobStatus.FAILED.value if error else JobStatus.DONE.value,
                error.zh if error else None,
                error.en if error else None,
                payload,
                at,
                job_id,
            ],
        )
    return load_job(db, job_id)


def render_for(config: PrinterConfig, layout: Layout, *, open_drawer: bool = False) -> bytes:
    """The bytes of `layout` for the printer `config` describes.

    Raises:
        PrinterSetupError: raster mode and no usable font.
    """
    # Imported when the first job is rendered, on the print queue's worker thread: the
    # renderer brings Pillow and the code generators, which the checkout need not wait for.
    from station_app.printing.escpos_render import render_escpos
    from station_app.printing.raster_render import find_cjk_font

    font = None if config.mode.is_text else find_cjk_font(config.font)
    return render_escpos(layout, config.mode, open_drawer=open_drawer, font=font)


def send_bytes(config: PrinterConfig, payload: bytes) -> PrinterStatus:
    """Send `payload` to the printer `config` names and return its status.

    Raises:
        PrinterError: it cannot be reached, or refuses (cover open, out of paper).
    """
    # Imported on the first send, on the print queue's worker thread: the transports bring
    # sockets, serial and USB, 8 ms of a cold start the checkout need not wait for.
    from station_app.printing.printer_link import send_to_printer

    return send_to_printer(config, payload)


def deliver_job(db_path: Path | str, job_id: int, clock: Clock | None = None) -> JobOutcome:
    """Send one job to the configured printer and record the outcome. Never raises PrinterError.

    Runs on a worker thread with its own connection. The drawer opens only on a
    job's first attempt: a retry minutes later must not open the till unattended.
    """
    clock = clock or Clock()
    db = connect(db_path)
    try:
        config = PrinterConfig.from_settings(load_settings(db))
        if load_job(db, job_id).status is JobStatus.DONE:
            return JobOutcome(load_job(db, job_id))  # printed meanwhile: never a second copy
        before = begin_attempt(db, job_id, clock.stamp())
        payload: bytes | None = None
        try:
            payload = render_for(
                config,
                job_layout(db, job_id),
                open_drawer=before.open_drawer and before.attempts == 0,
            )
            status = send_bytes(config, payload)
        except PrinterError as error:
            job = finish_attempt(db, job_id, clock.stamp(), payload, error)
            return JobOutcome(job, error=error)
        except Exception as error:  # a bug must not leave the job stuck as 'printing'
            failure = PrinterError(f"打印出错：{error}", f"Printing failed: {error}")
            job = finish_attempt(db, job_id, clock.stamp(), payload, failure)
            return JobOutcome(job, error=failure)
        job = finish_attempt(db, job_id, clock.stamp(), payload, None)
        return JobOutcome(job, status=status)
    finally:
        db.close()
