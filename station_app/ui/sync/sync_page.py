"""The sync page (Ctrl+S): link status, records the hub refused, the hub's notices.

Keyboard only: F5 syncs now, F6 sends refused records again, Tab moves between the
lists, Esc closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.core.clock import Clock, parse_iso
from station_app.core.hub_notices import mark_notices_read, recent_notices
from station_app.storage.sqlite_wrapper import Database
from station_app.sync.outbox import rejected_events, requeue_rejected
from station_app.sync.sync_status import sync_status
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.sync.sync_models import NoticeModel, RejectedEventsModel, not_linked_text
from station_app.ui.sync.sync_worker import SyncState, SyncWorker


class SyncPage(QDialog):
    """Shows how the station stands with the county hub and lets the keeper act on it.

    `worker` is None when the station is not linked to a hub: the page then only shows.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        worker: SyncWorker | None,
        operator_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.setWindowTitle(self.tr("Sync with the county hub"))
        self.setMinimumSize(820, 560)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._db = db
        self._clock = clock
        self._worker = worker
        self._operator_id = operator_id

        layout = QVBoxLayout(self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("syncPageStatus")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(self.status_label)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)

        layout.addWidget(QLabel(self.tr("Records refused by the county hub"), self))
        self.rejected_model = RejectedEventsModel([], clock, self)
        self.rejected_table = QTableView(self)
        self.rejected_table.setObjectName("rejectedTable")
        self.rejected_table.setModel(self.rejected_model)
        self.rejected_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rejected_table.setTabKeyNavigation(False)  # Tab moves on to the next list
        self.rejected_table.verticalHeader().hide()
        self.rejected_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.rejected_table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.rejected_table, 2)

        layout.addWidget(QLabel(self.tr("Notices from the county"), self))
        self.notice_model = NoticeModel([], clock, self)
        self.notice_list = QListView(self)
        self.notice_list.setObjectName("noticeList")
        self.notice_list.setModel(self.notice_model)
        self.notice_list.setWordWrap(True)
        layout.addWidget(self.notice_list, 1)

        buttons = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("Sync now (F5)"), self)
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_button.clicked.connect(self.sync_now)
        self.retry_button = QPushButton(self.tr("Send refused records again (F6)"), self)
        self.retry_button.setObjectName("retryRejected")
        self.retry_button.setShortcut(QKeySequence(Qt.Key.Key_F6))
        self.retry_button.clicked.connect(self.retry_rejected)
        self.close_button = QPushButton(self.tr("Close (Esc)"), self)
        self.close_button.setObjectName("syncClose")
        self.close_button.clicked.connect(self.reject)
        for button in (self.sync_button, self.retry_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)

        if worker is not None:
            worker.state_changed.connect(self._state_changed)
        self.refresh()
        self.rejected_table.setFocus()

    def _when(self, stamp: str | None) -> str:
        if not stamp:
            return self.tr("never")
        local = self._clock.local(parse_iso(stamp))
        today = self._clock.local().date()
        return f"{local:%H:%M}" if local.date() == today else f"{local:%Y-%m-%d %H:%M}"

    @Slot()
    def refresh(self) -> None:
        """Read the queue, the refused records and the notices again."""
        status = sync_status(self._db)
        state = self._worker.state if self._worker else None
        if not status.linked:
            link = self.tr("not linked to a county hub")
        elif state is None or state.online is None:
            link = self.tr("not known yet")
        else:
            link = self.tr("online") if state.online else self.tr("offline")
        self.status_label.setText(
            "\n".join(
                (
                    self.tr("County hub: {0}").format(link),
                    self.tr("Waiting to be sent: {0}").format(status.queued),
                    self.tr("Refused by the hub: {0}").format(status.rejected),
                    self.tr("Last successful sync: {0}").format(self._when(status.last_success_at)),
                )
            )
        )
        self.rejected_model.set_events(rejected_events(self._db))
        self.notice_model.set_notices(recent_notices(self._db))
        # On screen means seen: the status bar stops pointing at them.
        mark_notices_read(self._db, self._clock.stamp())
        self.retry_button.setEnabled(status.rejected > 0)
        self.sync_button.setEnabled(self._worker is not None and status.linked)
        if not status.linked:
            show_message(self.message_label, not_linked_text(), Tone.INFO)
        elif state is not None and state.running:
            show_message(self.message_label, self.tr("Syncing…"), Tone.INFO)
        elif state is not None and state.message:
            show_message(self.message_label, state.message, Tone.ERROR)
        elif state is not None and state.online:
            show_message(self.message_label, self.tr("Everything is up to date."), Tone.SUCCESS)

    @Slot(object)
    def _state_changed(self, _state: SyncState) -> None:
        self.refresh()

    @Slot()
    def sync_now(self) -> None:
        """Start a sync now (F5)."""
        if self._worker is not None:
            self._worker.sync_now()
            self.refresh()

    @Slot()
    def retry_rejected(self) -> None:
        """Queue the refused records again and sync (F6), e.g. after the hub was upgraded."""
        count = requeue_rejected(self._db, self._clock.stamp(), self._operator_id)
        if count:
            show_message(
                self.message_label,
                self.tr("%n record(s) will be sent again.", "", count),
                Tone.INFO,
            )
        self.sync_now()
        self.refresh()
