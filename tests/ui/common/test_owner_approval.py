"""The owner's PIN dialog: masked as typed, and locked after too many wrong PINs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from station_app.core.clock import Clock, SteppingClock
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.ui.common.owner_approval import request_owner_approval, run_with_owner_approval
from tests.ui.conftest import type_enter, type_text, wait_for_dialog


@pytest.fixture
def parent(qtbot):
    """A window for the dialog; the fixture holds it, as a collected parent takes its dialog
    with it."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def _dialog(qtbot, parent, demo_db, approved):
    clock = Clock(source=SteppingClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC)))
    request_owner_approval(
        parent, demo_db, "zh_CN", "退货需要店主授权", approved.append, clock=clock
    )
    return wait_for_dialog(qtbot, "ownerPinDialog")


def test_the_owner_pin_is_masked_as_it_is_typed(qtbot, parent, demo_db):
    dialog = _dialog(qtbot, parent, demo_db, [])
    type_text(qtbot, "8888")
    assert dialog.input.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.input.text() == "8888"
    assert "8" not in dialog.input.displayText()  # what the screen shows
    labels = [
        dialog.prompt_label.text(),
        dialog.hint_label.text(),
        dialog.message_label.text(),
        dialog.windowTitle(),
    ]
    assert not any("8888" in text for text in labels)
    dialog.reject()


def test_a_wrong_owner_pin_is_never_echoed_back(qtbot, parent, demo_db):
    dialog = _dialog(qtbot, parent, demo_db, [])
    type_enter(qtbot, "1234")
    assert dialog.message_label.text() == "需要店主密码，输入的密码不正确"
    assert dialog.input.text() == ""
    qtbot.keyClick(dialog.input, Qt.Key.Key_Escape)


def test_five_wrong_owner_pins_make_the_dialog_say_how_long_to_wait(qtbot, parent, demo_db):
    approved: list[object] = []
    dialog = _dialog(qtbot, parent, demo_db, approved)
    for _ in range(5):
        type_enter(qtbot, "1111")
    assert "请等 30 秒后再试" in dialog.message_label.text()
    type_enter(qtbot, "8888")  # the right PIN, not even checked during the wait
    assert approved == [] and dialog.isVisible()
    dialog.reject()


def _needs_owner(tried, refusal=None):
    """An action a clerk may not do alone: refused without an approver, done with one."""

    def action(approver):
        tried.append(approver)
        if refusal is not None:
            raise refusal
        if approver is None:
            raise PermissionRequired("超过赊账额度，需要店主授权", "Over the limit: owner needed")

    return action


def test_an_action_allowed_at_once_is_done_without_asking_the_pin(qtbot, parent, demo_db):
    tried, done, refused = [], [], []
    dialog = run_with_owner_approval(
        parent, demo_db, "zh_CN", tried.append, lambda: done.append(True), refused.append
    )
    assert (dialog, tried, done, refused) == (None, [None], [True], [])


def test_an_action_needing_the_owner_asks_the_pin_then_is_done_with_the_owner(
    qtbot, parent, demo_db
):
    tried, done, refused = [], [], []
    run_with_owner_approval(
        parent, demo_db, "zh_CN", _needs_owner(tried), lambda: done.append(True), refused.append
    )
    dialog = wait_for_dialog(qtbot, "ownerPinDialog")
    assert "超过赊账额度，需要店主授权" in dialog.prompt_label.text()
    assert done == []
    type_enter(qtbot, "8888")
    assert tried[0] is None and tried[1].is_owner
    assert (done, refused) == ([True], [])
    assert not dialog.isVisible()


def test_another_refusal_is_handed_back_and_no_pin_is_asked(qtbot, parent, demo_db):
    tried, done, refused = [], [], []
    bad = InputRefused("金额不能为负数", "Amount cannot be negative", code="x")
    dialog = run_with_owner_approval(
        parent,
        demo_db,
        "zh_CN",
        _needs_owner(tried, bad),
        lambda: done.append(True),
        refused.append,
    )
    assert (dialog, tried, done, refused) == (None, [None], [], [bad])
