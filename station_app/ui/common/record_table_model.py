"""Read-only Qt models over a tuple of frozen records: the skeleton the pages' tables share.

Each page's table or pick list shows a snapshot of core records (orders, lots, parcels,
cart lines …). Only what a row reads like differs, so subclasses give the titles and
the text of a record; row counting, header lookup, alignment and bounds checks live here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
NUMERIC_ALIGNMENT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
TEXT_ALIGNMENT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """A table of records, one per row; subclasses say which columns and how each reads.

    Attributes:
        CONTEXT: Translation context of `HEADERS` (the subclass's own lupdate context).
        HEADERS: Column titles, marked with `QT_TRANSLATE_NOOP(CONTEXT, …)`.
        NUMERIC: Columns right-aligned, as amounts and counts are.
        TEXT_ALIGNMENT: Alignment of the other columns; None leaves it to the view.
        ROW_NUMBERS: Whether the vertical header numbers the rows from 1.
    """

    CONTEXT: ClassVar[str] = ""
    HEADERS: ClassVar[tuple[str, ...]] = ()
    NUMERIC: ClassVar[frozenset[int]] = frozenset()
    TEXT_ALIGNMENT: ClassVar[int | None] = TEXT_ALIGNMENT
    ROW_NUMBERS: ClassVar[bool] = False

    def __init__(self, parent: QObject | None = None) -> None:
        """Start empty; `set_records` fills the table."""
        super().__init__(parent)
        self._records: tuple[T, ...] = ()

    def set_records(self, records: Iterable[T]) -> None:
        """Show a fresh list (a snapshot: the model never changes the records)."""
        self.beginResetModel()
        self._records = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> T:
        """The record shown in `row`."""
        return self._records[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of records shown (a table has no children)."""
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles across the top; line numbers down the side if `ROW_NUMBERS`."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._header(section)
        return str(section + 1) if self.ROW_NUMBERS else None

    def _header(self, section: int) -> str | None:
        if not 0 <= section < len(self.HEADERS):
            return None
        return QCoreApplication.translate(self.CONTEXT, self.HEADERS[section])

    def cells(self, record: T) -> tuple[str, ...]:
        """One row's text, a value per column."""
        raise NotImplementedError

    def decoration(self, record: T, column: int, role: int) -> Any:
        """A cell's background or foreground brush (None: the table's own)."""
        return None

    def tooltip(self, record: T, column: int) -> str | None:
        """A cell's tooltip (None: no tooltip)."""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, alignment, colours and tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record, column = self._records[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = self.cells(record)
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMERIC_ALIGNMENT if column in self.NUMERIC else self.TEXT_ALIGNMENT
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return self.decoration(record, column, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record, column)
        return None


class RecordListModel(QAbstractListModel, Generic[T]):
    """A pick list of records, one line of text each; subclasses say how a record reads."""

    def __init__(self, records: Iterable[T] = (), parent: QObject | None = None) -> None:
        """Show `records` (more can come with `set_records`)."""
        super().__init__(parent)
        self._records: tuple[T, ...] = tuple(records)

    def set_records(self, records: Iterable[T]) -> None:
        """Show a fresh list."""
        self.beginResetModel()
        self._records = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> T:
        """The record shown in `row`."""
        return self._records[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of records shown."""
        return 0 if parent.isValid() else len(self._records)

    def text(self, record: T) -> str:
        """The line shown for `record`."""
        raise NotImplementedError

    def tooltip(self, record: T) -> str | None:
        """The line's tooltip (None: no tooltip)."""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The line's text and tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record)
        return None
