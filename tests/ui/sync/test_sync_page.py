"""Ctrl+S: sync now and the sync page, driven from the keyboard against a stand-in hub."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from station_app.core.clock import Clock
from station_app.core.hub_notices import recent_notices
from station_app.core.outbox import NewEvent, enqueue_event
from station_app.storage.transaction import write_transaction
from station_app.sync.outbox import rejected_count
from station_app.sync.sync_job import SyncOutcome
from station_app.ui.common.key_map import WINDOW_KEYS
from station_app.ui.main_window import MainWindow
from station_app.ui.sync.sync_models import NoticeModel, RejectedEventsModel
from station_app.ui.sync.sync_worker import SyncWorker
from tests.sync.conftest import FAST_RETRY, FAST_TIMEOUTS, link
from tests.sync.hub_standin import StandInHub
from tests.ui.conftest import focused, press, sign_in, wait_for_dialog, wait_for_no_dialog

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def hub():
    with StandInHub() as running:
        yield running


def _fast_runner(path, stop):
    from station_app.sync.sync_job import run_sync

    return run_sync(path, trigger="gui", retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, stop=stop)


@pytest.fixture
def linked_window(demo_db, demo_db_path, settings, clock, hub, qtbot):
    link(demo_db, hub.url)
    worker = SyncWorker(demo_db_path, runner=_fast_runner)
    main = MainWindow(demo_db, settings, clock, sync_worker=worker)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    yield main
    worker.stop()
    main.close_checkout()


def test_ctrl_s_syncs_and_the_page_lists_refused_records_with_reasons(
    linked_window, hub, demo_db, qtbot
):
    hub.state.add_change("notice", {"title": "停电通知", "body": "周六检修"})
    sign_in(qtbot, linked_window, "1234")
    with qtbot.waitSignal(linked_window.sync_worker.sync_finished, timeout=10000) as done:
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    page = wait_for_dialog(qtbot, "syncPage")
    outcome = done.args[0]
    assert isinstance(outcome, SyncOutcome)
    # The demo's villager records are kinds this hub version does not know yet.
    assert outcome.rejected_total == rejected_count(demo_db) > 0
    assert page.rejected_model.rowCount() == outcome.rejected_total
    reason = page.rejected_model.index(0, 3).data()
    assert reason.startswith("unknown kind")
    assert "停电通知" in page.notice_model.index(0, 0).data()
    assert recent_notices(demo_db)[0].read_at is not None
    assert "Refused" in linked_window.sync_label.text()
    assert "Last sync" in linked_window.sync_label.text()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    qtbot.waitUntil(lambda: focused() is linked_window.checkout_view.scan_input)


def test_f6_sends_refused_records_again(linked_window, demo_db, qtbot):
    with qtbot.waitSignal(linked_window.sync_worker.sync_finished, timeout=10000):
        linked_window.open_sync_page()
    wait_for_dialog(qtbot, "syncPage")
    before = rejected_count(demo_db)
    with qtbot.waitSignal(linked_window.sync_worker.sync_finished, timeout=10000):
        press(qtbot, Qt.Key.Key_F6)
    # Still unknown to this hub: refused again, and listed again.
    assert rejected_count(demo_db) == before
    assert (
        demo_db.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'outbox.requeued'"
        ).fetchone()[0]
        == 1
    )
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_status_bar_says_offline_when_the_hub_is_gone(linked_window, demo_db, qtbot):
    demo_db.execute("UPDATE settings SET value = 'http://127.0.0.1:9' WHERE key = 'hub_url'")
    demo_db.conn.commit()
    with qtbot.waitSignal(linked_window.sync_worker.sync_finished, timeout=10000):
        linked_window.sync_worker.sync_now()
    assert linked_window.sync_label.text().startswith("Offline")
    assert "To sync: " in linked_window.sync_label.text()


def test_the_page_opens_read_only_when_not_linked(window, qtbot):
    window.open_sync_page()
    page = wait_for_dialog(qtbot, "syncPage")
    assert not page.sync_button.isEnabled()
    assert "not linked" in page.status_label.text()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_models_pass_the_model_tester(qtmodeltester, db):
    with write_transaction(db):
        enqueue_event(
            db, NewEvent("sale.completed", {"receipt_no": "20261126-T1-00001"}), Clock().stamp()
        )
    db.execute("UPDATE outbox SET status = 'rejected', rejected_reason = 'no'")
    from station_app.sync.outbox import rejected_events

    model = RejectedEventsModel(rejected_events(db), Clock())
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "Sale 20261126-T1-00001"
    qtmodeltester.check(NoticeModel(recent_notices(db), Clock()))


def test_every_window_key_is_in_the_readme_key_table():
    rows = set(re.findall(r"^\| ([^|]+?) \|", README, flags=re.MULTILINE))
    for binding in WINDOW_KEYS:
        assert binding.caption in rows, binding.caption


def test_a_station_not_linked_is_told_how_to_link_it(window, qtbot):
    window.open_sync_page()
    page = wait_for_dialog(qtbot, "syncPage")
    said = page.message_label.text()
    assert "main.py init --station-id ID --hub URL --secret SECRET" in said
    assert "ask the county" in said
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
