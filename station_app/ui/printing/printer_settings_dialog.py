"""Printer settings: how the printer is reached, its paper and character mode; a test print."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.core.settings import SERIAL_BAUDS, StationSettings
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message


class PrinterSettingsDialog(QDialog):
    """The form; the caller checks, tries and saves what it emits.

    Only the fields of the chosen connection are shown. Enter saves, F5 prints the
    test page with the values as typed (before saving), Esc cancels.

    Signals:
        test_requested(dict): setting name -> text, for a test print.
        save_requested(dict): setting name -> text, to store.
    """

    test_requested = Signal(dict)
    save_requested = Signal(dict)

    def __init__(self, settings: StationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerSettingsDialog")
        self.setWindowTitle(self.tr("Printer settings"))
        self.setMinimumSize(640, 520)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)

        self.kind_box = self._combo(
            "printerKind",
            [
                ("none", self.tr("No printer")),
                ("usb", self.tr("USB")),
                ("serial", self.tr("Serial port (COM)")),
                ("network", self.tr("Network (LAN)")),
                ("windows", self.tr("Windows printer")),
                ("file", self.tr("Device or file")),
            ],
            settings.printer_kind,
        )
        self.form.addRow(self.tr("Connection"), self.kind_box)
        self.usb_input = self._line("printerUsbId", settings.printer_usb_id, "0416:5011")
        self.serial_input = self._line(
            "printerSerialPort", settings.printer_serial_port, "COM3 / /dev/ttyUSB0"
        )
        self.baud_box = self._combo(
            "printerBaud",
            [(str(b), str(b)) for b in SERIAL_BAUDS],
            str(settings.printer_serial_baud),
        )
        self.host_input = self._line("printerHost", settings.printer_host, "192.168.1.87")
        self.port_input = self._spin("printerPort", 1, 65535, settings.printer_port)
        self.windows_input = self._line(
            "printerWindowsName", settings.printer_windows_name, "XP-58"
        )
        self.file_input = self._line("printerFile", settings.printer_file, "/dev/usb/lp0")
        self._rows: dict[str, list[tuple[str, QWidget]]] = {
            "usb": [(self.tr("USB id (vendor:product)"), self.usb_input)],
            "serial": [
                (self.tr("Serial port"), self.serial_input),
                (self.tr("Baud rate"), self.baud_box),
            ],
            "network": [
                (self.tr("Printer address"), self.host_input),
                (self.tr("Port"), self.port_input),
            ],
            "windows": [(self.tr("Windows printer name"), self.windows_input)],
            "file": [(self.tr("Device or file"), self.file_input)],
        }
        for rows in self._rows.values():
            for label, widget in rows:
                self.form.addRow(label, widget)

        columns = settings.receipt_columns
        papers = [("32", self.tr("58 mm (32 columns)")), ("48", self.tr("80 mm (48 columns)"))]
        if columns not in (32, 48):
            papers.append((str(columns), self.tr("{0} columns").format(columns)))
        self.paper_box = self._combo("receiptColumns", papers, str(columns))
        self.form.addRow(self.tr("Paper"), self.paper_box)
        self.mode_box = self._combo(
            "printerMode",
            [
                ("gb18030", self.tr("GB18030 text (most printers)")),
                ("gbk", self.tr("GBK text (older printers)")),
                ("raster", self.tr("Picture (any printer, also without Chinese font)")),
            ],
            settings.printer_mode,
        )
        self.form.addRow(self.tr("Chinese characters"), self.mode_box)
        self.timeout_input = self._spin("printerTimeout", 100, 60_000, settings.printer_timeout_ms)
        self.timeout_input.setSingleStep(500)
        self.timeout_input.setSuffix(" ms")
        self.form.addRow(self.tr("Timeout"), self.timeout_input)
        self.font_input = self._line(
            "printerFont", settings.printer_font, self.tr("empty: found automatically")
        )
        self.form.addRow(self.tr("Font for pictures"), self.font_input)

        self.message_label = dialog_message_label(self)
        outer.addWidget(self.message_label)
        buttons = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test print (F5)"), self)
        self.test_button.setObjectName("testPrintButton")
        self.save_button = QPushButton(self.tr("Save (Enter)"), self)
        self.save_button.setObjectName("savePrinterButton")
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"), self)
        for button in (self.test_button, self.save_button, self.cancel_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        # The default button takes Enter from the fields.
        self.save_button.setDefault(True)
        outer.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self._test)
        self.test_button.clicked.connect(self._test)
        self.save_button.clicked.connect(self._save)
        self.cancel_button.clicked.connect(self.reject)
        self.kind_box.currentIndexChanged.connect(self._show_kind_rows)
        self._show_kind_rows()
        self.kind_box.setFocus()

    # -- building ------------------------------------------------------------------------------
    def _combo(self, name: str, entries: list[tuple[str, str]], current: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        for value, label in entries:
            box.addItem(label, value)
        box.setCurrentIndex(max(0, box.findData(current)))
        return box

    def _line(self, name: str, text: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(text, self)
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        line.setMaxLength(200)
        return line

    def _spin(self, name: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        return spin

    @Slot()
    def _show_kind_rows(self) -> None:
        kind = self.kind_box.currentData()
        for row_kind, rows in self._rows.items():
            for _label, widget in rows:
                self.form.setRowVisible(widget, row_kind == kind)

    # -- reading -------------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        """Every printer setting as the text `parse_setting` checks."""
        return {
            "printer_kind": self.kind_box.currentData(),
            "printer_usb_id": self.usb_input.text(),
            "printer_serial_port": self.serial_input.text(),
            "printer_serial_baud": self.baud_box.currentData(),
            "printer_host": self.host_input.text(),
            "printer_port": str(self.port_input.value()),
            "printer_windows_name": self.windows_input.text(),
            "printer_file": self.file_input.text(),
            "printer_timeout_ms": str(self.timeout_input.value()),
            "printer_mode": self.mode_box.currentData(),
            "printer_font": self.font_input.text(),
            "receipt_columns": self.paper_box.currentData(),
        }

    def show_result(self, text: str, tone: Tone) -> None:
        """Say how the test print or the saving went."""
        show_message(self.message_label, text, tone)

    @Slot()
    def _test(self) -> None:
        self.show_result(self.tr("Printing the test page…"), Tone.INFO)
        self.test_requested.emit(self.values())

    @Slot()
    def _save(self) -> None:
        self.save_requested.emit(self.values())
