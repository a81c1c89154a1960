"""The Qt list model of print jobs not printed yet (failed, or left queued)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from station_app.core.clock import Clock, parse_iso
from station_app.printing.print_jobs import JobKind, JobStatus, PrintJob

_Index = QModelIndex | QPersistentModelIndex


class PrintJobModel(QAbstractListModel):
    """Unprinted jobs, newest first: `14:05  小票 20250301-T1-00007  失败 2 次：…`."""

    def __init__(self, jobs: list[PrintJob], clock: Clock, language: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = tuple(jobs)
        self._clock = clock
        self._language = language

    def job(self, row: int) -> PrintJob:
        """The job in `row`."""
        return self._jobs[row]

    def set_jobs(self, jobs: list[PrintJob]) -> None:
        """Show `jobs` instead."""
        self.beginResetModel()
        self._jobs = tuple(jobs)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of jobs."""
        return 0 if parent.isValid() else len(self._jobs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The job's time, what it prints, and why it did not print."""
        if not index.isValid() or not 0 <= index.row() < len(self._jobs):
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        job = self._jobs[index.row()]
        local = self._clock.local(parse_iso(job.created_at))
        kinds = {
            JobKind.SALE.value: self.tr("Receipt"),
            JobKind.REFUND.value: self.tr("Refund receipt"),
            JobKind.REPRINT.value: self.tr("Reprint"),
            JobKind.TEST_PAGE.value: self.tr("Test page"),
        }
        what = f"{kinds.get(job.kind, self.tr('Slip'))} {job.ref}"
        if job.status is JobStatus.FAILED:
            state = self.tr("failed {0}×: {1}").format(job.attempts,
                                                       job.error_text(self._language))
        else:
            state = self.tr("not sent")
        return f"{local:%m-%d %H:%M}    {what}    {state}"
