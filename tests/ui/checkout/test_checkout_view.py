"""The checkout's layout as the keeper sees it: real fonts, style sheet and Chinese texts."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station_app.core.clock import Clock
from station_app.core.settings import StationSettings
from station_app.ui.checkout.cart_model import CartColumn
from station_app.ui.common.appearance import apply_appearance
from station_app.ui.common.translation import install_translators
from station_app.ui.main_window import MainWindow
from tests.ui.conftest import (
    COLA_500ML,
    RICE_PLU,
    press,
    sign_in,
    type_chinese,
    type_enter,
    type_text,
    wait_for_dialog,
    wait_for_no_dialog,
)

SHOTS = Path("/tmp/shots")
TWELVE_CJK = "汉" * 12


@pytest.fixture
def counter_look(qapp: QApplication) -> Iterator[None]:
    """The counter's own font, style sheet and Chinese translation, undone afterwards."""
    font, sheet = qapp.font(), qapp.styleSheet()
    translators = install_translators(qapp, "zh_CN")
    apply_appearance(qapp)
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture
def counter(
    counter_look: None, demo_db, settings: StationSettings, clock: Clock, qtbot: QtBot
) -> Iterator[MainWindow]:
    main = MainWindow(demo_db, settings, clock)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    yield main
    main.close_checkout()


def _longest_name(db) -> tuple[str, str]:
    name, barcode = db.execute(
        "SELECT p.name, b.barcode FROM products p JOIN product_barcodes b "
        "ON b.product_id = p.id WHERE p.active = 1 ORDER BY length(p.name) DESC LIMIT 1"
    ).fetchone()
    return name, barcode


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def _ring_up(qtbot: QtBot, db) -> None:
    type_enter(qtbot, COLA_500ML)
    type_enter(qtbot, _longest_name(db)[1])
    type_enter(qtbot, RICE_PLU)
    wait_for_dialog(qtbot, "weightDialog")
    type_enter(qtbot, "1.5")
    wait_for_no_dialog(qtbot)


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1366, 768)])
def test_the_product_name_stays_readable_beside_the_totals(counter, qtbot, demo_db, width, height):
    counter.resize(width, height)
    qtbot.waitUntil(lambda: counter.width() == width)
    sign_in(qtbot, counter, "1234")
    _ring_up(qtbot, demo_db)
    table = counter.checkout_view.cart_table
    name = _longest_name(demo_db)[0]
    metrics = QFontMetrics(table.font())
    wanted = min(metrics.horizontalAdvance(TWELVE_CJK), metrics.horizontalAdvance(name))

    def settled() -> bool:
        return table.columnWidth(CartColumn.ITEM) >= wanted

    qtbot.waitUntil(settled)
    # The figures stay whole beside it: nothing is cut off to the right of the table.
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    _shot(counter, f"checkout_{width}.png")


def test_after_a_sale_the_change_is_big_and_the_receipt_is_beside_the_scan_field(
    counter, qtbot, demo_db
):
    counter.resize(1024, 768)
    sign_in(qtbot, counter, "1234")
    _ring_up(qtbot, demo_db)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(counter.checkout.sale_completed):
        type_enter(qtbot, "50")
    wait_for_no_dialog(qtbot)
    view = counter.checkout_view
    assert view.change_label.isVisible() and view.change_label.text() == "¥28.60"
    assert view.change_caption.text() == "找零"
    assert view.receipt_preview.isVisible()
    assert view.change_label.font().pointSize() >= 40
    _shot(counter, "checkout_after_sale_1024.png")


def test_the_weight_dialog_shows_the_weight_in_kg_and_jin(counter, qtbot):
    counter.resize(1024, 768)
    sign_in(qtbot, counter, "1234")
    type_enter(qtbot, RICE_PLU)
    dialog = wait_for_dialog(qtbot, "weightDialog")
    type_text(qtbot, "2")
    type_chinese("斤")
    assert dialog.reading_label.text() == "= 1.000 公斤（2 斤）    金额 ¥5.60"
    _shot(dialog, "weight_dialog.png")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
