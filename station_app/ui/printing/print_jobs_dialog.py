"""Unprinted jobs: the keeper picks one with the arrows and Enter prints it again."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QListView, QVBoxLayout, QWidget

from station_app.core.clock import Clock
from station_app.printing.print_jobs import PrintJob
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.printing.print_job_model import PrintJobModel


class PrintJobsDialog(QDialog):
    """Lists failed jobs; nothing is sent until the keeper chooses one.

    Signals:
        retry_requested(object): the PrintJob to send again.
    """

    retry_requested = Signal(object)

    def __init__(
        self, jobs: list[PrintJob], clock: Clock, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printJobsDialog")
        self.setWindowTitle(self.tr("Receipts not printed"))
        self.setMinimumSize(760, 420)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.model = PrintJobModel(jobs, clock, language, self)
        self.list_view = QListView(self)
        self.list_view.setObjectName("printJobList")
        self.list_view.setModel(self.model)
        # The reason a job failed is the point of the list: wrap it, never cut it off.
        self.list_view.setWordWrap(True)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setSpacing(4)
        self.list_view.setCurrentIndex(self.model.index(0))
        layout.addWidget(self.list_view, 1)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(self.tr("Up/Down: choose    Enter: print again    Esc: close"), self)
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)
        self.list_view.activated.connect(self._choose)
        self.list_view.setFocus()
        if not jobs:
            self.show_message(self.tr("Every receipt has been printed."), Tone.SUCCESS)

    def set_jobs(self, jobs: list[PrintJob]) -> None:
        """Refresh the list, keeping the highlight near where it was."""
        row = max(0, self.list_view.currentIndex().row())
        self.model.set_jobs(jobs)
        if jobs:
            self.list_view.setCurrentIndex(self.model.index(min(row, len(jobs) - 1)))

    def show_message(self, text: str, tone: Tone = Tone.INFO) -> None:
        """Say how the last retry went."""
        show_message(self.message_label, text, tone)

    @Slot(QModelIndex)
    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.retry_requested.emit(self.model.job(index.row()))
