"""A storage error at the counter is a plain message; the cart and the dialog stay."""

import sqlite3

import pytest
from PySide6.QtCore import Qt

from station_app.core.errors import StationError
from station_app.ui.common.messages import storage_errors_refused
from tests.helpers import count
from tests.ui.conftest import (
    COLA_500ML,
    focused,
    modal,
    press,
    sign_in,
    type_enter,
    type_text,
    wait_for_dialog,
)


@pytest.fixture
def other_writer(demo_db_path):
    """Another program holding the station database's write lock (as a stuck sync would)."""
    conn = sqlite3.connect(demo_db_path, isolation_level=None)
    yield conn
    conn.close()


def test_a_sale_that_cannot_be_stored_keeps_the_cart_and_says_why(
    window, qtbot, demo_db, other_writer
):
    demo_db.execute("PRAGMA busy_timeout=50")  # the keeper must not wait five seconds here
    sales_before, outbox_before = count(demo_db, "sales"), count(demo_db, "outbox")
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    dialog = wait_for_dialog(qtbot, "paymentDialog")
    other_writer.execute("BEGIN EXCLUSIVE")
    type_text(qtbot, "10")
    press(qtbot, Qt.Key.Key_Return)

    assert modal() is dialog
    assert dialog.message_label.text() == "站点数据库正被其他程序占用，本次操作未保存；请稍后重试"
    assert len(window.checkout.cart.lines) == 1
    assert focused() is dialog.amount_input
    other_writer.execute("ROLLBACK")
    assert (count(demo_db, "sales"), count(demo_db, "outbox")) == (sales_before, outbox_before)

    # Once the other program lets go, Enter again completes the same sale.
    with qtbot.waitSignal(window.checkout.sale_completed):
        press(qtbot, Qt.Key.Key_Return)
    assert count(demo_db, "sales") == sales_before + 1
    assert window.checkout.cart.is_empty


def test_a_full_disk_is_worded_in_the_keepers_language(db):
    db.execute(f"PRAGMA max_page_count={db.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(StationError) as refused, storage_errors_refused():
        db.execute("INSERT INTO settings(key, value) VALUES ('big', ?)", ["x" * 100_000])
    assert refused.value.text("zh_CN") == "磁盘已满，本次操作未保存；请清理磁盘空间后重试"
    assert refused.value.text("en").startswith("the disk is full: nothing was saved")
