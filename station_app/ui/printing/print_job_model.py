"""The Qt list model of print jobs not printed yet (failed, or left queued)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.core.clock import Clock, parse_iso
from station_app.core.statuses import JobStatus, status_name
from station_app.printing.print_jobs import JobKind, PrintJob
from station_app.ui.common.record_table_model import RecordListModel


class PrintJobModel(RecordListModel[PrintJob]):
    """Unprinted jobs, newest first: `14:05  小票 20250301-T1-00007  失败 2 次：…`."""

    def __init__(
        self, jobs: list[PrintJob], clock: Clock, language: str, parent: QObject | None = None
    ) -> None:
        super().__init__(jobs, parent)
        self._clock = clock
        self._language = language

    def job(self, row: int) -> PrintJob:
        """The job in `row`."""
        return self.record(row)

    def set_jobs(self, jobs: list[PrintJob]) -> None:
        """Show `jobs` instead."""
        self.set_records(jobs)

    def text(self, job: PrintJob) -> str:
        """The job's time, what it prints, and why it did not print."""
        local = self._clock.local(parse_iso(job.created_at))
        kinds = {
            JobKind.SALE.value: self.tr("Receipt"),
            JobKind.REFUND.value: self.tr("Refund receipt"),
            JobKind.REPRINT.value: self.tr("Reprint"),
            JobKind.TEST_PAGE.value: self.tr("Test page"),
        }
        what = f"{kinds.get(job.kind, self.tr('Slip'))} {job.ref}"
        if job.status is JobStatus.FAILED:
            state = self.tr("failed {0}×: {1}").format(job.attempts, job.error_text(self._language))
        else:
            state = status_name(job.status, self._language)
        return f"{local:%m-%d %H:%M}    {what}    {state}"
