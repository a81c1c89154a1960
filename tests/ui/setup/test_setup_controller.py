import pytest
from PySide6.QtCore import Qt

from station_app.core.catalog_import import seed_demo_catalog
from station_app.core.settings import load_settings
from station_app.ui.app import FirstRun
from station_app.ui.setup.setup_view import Step
from tests.ui.conftest import (
    COLA_500ML,
    focused,
    press,
    sign_in,
    type_enter,
    wait_for_dialog,
    wait_for_no_dialog,
)

# The offscreen platform warns when a top-level widget (the wizard) is shown.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _first_run(qapp, db, qtbot):
    first = FirstRun(qapp, db)
    qtbot.addWidget(first.view)
    first.view.resize(1280, 800)
    first.view.show()
    first.view.activateWindow()
    qtbot.waitActive(first.view)
    return first


def _type_step(qtbot, *texts):
    for text in texts:
        type_enter(qtbot, text)


def test_the_wizard_sets_up_the_owner_who_signs_in_and_sells(qapp, db, clock, qtbot):
    # A real station has no catalog yet; the demo catalog stands in for the owner's import.
    seed_demo_catalog(db, clock)
    first = _first_run(qapp, db, qtbot)
    controller = first.controller
    assert controller.step is Step.STATION
    _type_step(qtbot, "Test Station", "0731-1234567")
    assert controller.step is Step.OWNER
    _type_step(qtbot, "Boss", "0000", "0000")
    assert controller.step is Step.OWNER  # refused, on the PIN field
    assert focused() is first.view.pages[Step.OWNER].inputs["pin"]
    assert first.view.pages[Step.OWNER].message.text()
    type_enter(qtbot, "3917")
    type_enter(qtbot, "3917")
    assert controller.step is Step.CLERK
    press(qtbot, Qt.Key.Key_F3)  # no clerk yet
    assert controller.step is Step.HUB
    press(qtbot, Qt.Key.Key_Escape)
    assert controller.step is Step.CLERK
    press(qtbot, Qt.Key.Key_F3)
    press(qtbot, Qt.Key.Key_F3)  # the hub later
    assert controller.step is Step.PRINTER
    press(qtbot, Qt.Key.Key_F3)  # the printer later
    assert controller.step is Step.FOOTER
    with qtbot.waitSignal(first.counter_opened) as opened:
        press(qtbot, Qt.Key.Key_Return)
    window = opened.args[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)

    assert db.execute("SELECT name, role, active FROM operators").fetchall() == [
        ("Boss", "owner", 1)
    ]
    assert load_settings(db).station_name == "Test Station"
    assert load_settings(db).station_phone == "0731-1234567"

    sign_in(qtbot, window, "3917")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(window.checkout.sale_completed):
        type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)
    sale = db.execute(
        "SELECT s.total_fen, o.name FROM sales s JOIN operators o ON o.id = s.operator_id"
    ).fetchall()
    assert sale == [(300, "Boss")]
    window.close_checkout()
    window.close()


def test_a_provisioning_code_fills_the_hub_link(qapp, db, qtbot):
    from village_protocol.provisioning import make_provisioning_code

    first = _first_run(qapp, db, qtbot)
    _type_step(qtbot, "S", "", "Boss", "3917", "3917", "")
    assert first.controller.step is Step.HUB
    secret = "ab" * 32
    type_enter(qtbot, make_provisioning_code("http://127.0.0.1:8765", "ST-7", secret))
    inputs = first.view.pages[Step.HUB].inputs
    assert inputs["station_id"].text() == "ST-7"
    assert inputs["hub_url"].text() == "http://127.0.0.1:8765"
    type_enter(qtbot, "")  # Enter in the secret field: next step
    assert first.controller.step is Step.PRINTER
    assert first.controller.answers.hub == {
        "station_id": "ST-7",
        "hub_url": "http://127.0.0.1:8765",
        "secret": secret,
    }


def test_a_clerk_with_the_owners_pin_is_refused(qapp, db, qtbot):
    first = _first_run(qapp, db, qtbot)
    _type_step(qtbot, "S", "", "Boss", "3917", "3917", "Li", "3917", "3917")
    assert first.controller.step is Step.CLERK
    assert first.view.pages[Step.CLERK].message.text()
