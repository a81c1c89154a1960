"""Screenshots of the counter UI on a fresh demo station, driven by key presses.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [FOLDER]

Writes sign-in, checkout with a cart (including a weighed line), the search pick
list, the payment dialog, the receipt preview, the weight dialog, the refund
dialog, and the agency (new-order form, board, order detail), pickup and villagers
pages as PNGs into FOLDER (default ./screenshots). Chinese needs a CJK font
(fonts-wqy-microhei or fonts-noto-cjk on Linux); without one the text shows as boxes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# Qt picks its platform when the application starts; offscreen needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlite_utils import Database

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from station_app.core.agency import (  # noqa: E402
    cancel_order,
    create_order,
    mark_placed,
    mark_shipped,
)
from station_app.core.clock import Clock  # noqa: E402
from station_app.core.demo import seed_demo_station  # noqa: E402
from station_app.core.operators import sign_in  # noqa: E402
from station_app.core.parcels import register_arrival  # noqa: E402
from station_app.core.payments import PaymentMethod, Tender  # noqa: E402
from station_app.core.settings import load_settings  # noqa: E402
from station_app.core.villagers import find_villagers  # noqa: E402
from station_app.storage import open_database  # noqa: E402
from station_app.ui.app import open_counter  # noqa: E402

WINDOW_SIZE = (1366, 768)  # the most common screen of second-hand counter PCs
CART = ("6932780008140", "6932780008140", "6932780008522", "6995972034969", "6916157006229")
RICE_PLU = "1001"


def _settle(app: QApplication, ms: int = 150) -> None:
    """Let Qt lay out, activate and paint.

    One qWait rather than a processEvents() busy loop: PySide6 6.12 on Python 3.11
    drops a reference to None on every call that returns nothing, and a few thousand
    calls in a loop crash the interpreter.
    """
    QTest.qWait(ms)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    if widget is None:
        raise RuntimeError("nothing has the keyboard focus")
    return widget


def _type(app: QApplication, text: str, *, enter: bool = True) -> None:
    QTest.keyClicks(_focused(), text)
    if enter:
        QTest.keyClick(_focused(), Qt.Key.Key_Return)
    _settle(app)


def _press(app: QApplication, key: Qt.Key) -> None:
    QTest.keyClick(_focused(), key)
    _settle(app)


def _press_alt(app: QApplication, key: Qt.Key) -> None:
    QTest.keyClick(_focused(), key, Qt.KeyboardModifier.AltModifier)
    _settle(app)


def _commit(app: QApplication, text: str) -> None:
    """Chinese as an input method delivers it (QTest types ASCII only)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(_focused(), event)
    _settle(app)


def _seed_villager_work(db: Database, clock: Clock) -> None:
    """Agency orders in several states and parcels of the last days, two waiting too long."""
    owner = sign_in(db, "8888", clock)
    settings = load_settings(db)

    def villager(tail: str) -> str:
        return find_villagers(db, tail)[0].id

    placed = create_order(db, villager("1218"), "京东", "小米电动牙刷", 1, 9_900, 0, 300,
                          [Tender(PaymentMethod.CASH, 10_200)], owner, settings, clock)
    mark_placed(db, placed.id, "JD290001", 9_900, owner, clock)
    shipped = create_order(db, villager("4676"), "淘宝", "儿童雨靴 32码", 2, 3_500, 600, 300,
                           [Tender(PaymentMethod.CASH, 3_000)], owner, settings, clock)
    mark_placed(db, shipped.id, "TB880002", 7_600, owner, clock)
    mark_shipped(db, shipped.id, "YT5550001112223", owner, clock)
    cancelled = create_order(db, villager("9489"), "拼多多", "复合肥 50斤", 1, 8_800, 0, 500,
                             [Tender(PaymentMethod.ACCOUNT, 9_300, villager_id=villager("9489"))],
                             owner, settings, clock)
    mark_placed(db, cancelled.id, "PDD770003", 8_800, owner, clock)
    cancel_order(db, cancelled.id, "缺货", owner, clock)
    for days, number, name, phone in ((9, "SF1234567890123", "赵小红", "19003479489"),
                                      (8, "JT1234567890123", "黄建国", "18003431218"),
                                      (2, "YT9876543210123", "陈国庆", "13003334676"),
                                      (0, "EA123456789CN", "杨淑珍", "15003382947")):
        past = Clock(tz_offset_min=clock.tz_offset_min,
                     source=lambda days=days: clock.now() - timedelta(days=days, hours=3))
        register_arrival(db, number, past, operator=owner, recipient_name=name,
                         recipient_phone=phone)


def _agency_and_pages(app: QApplication, window: QWidget, folder: Path) -> list[Path]:
    """An agency order by keys (form, payment), then the agency, pickup, villagers pages."""
    saved: list[Path] = []
    _press_alt(app, Qt.Key.Key_2)
    _press(app, Qt.Key.Key_F2)
    _type(app, "9863")  # 李春花
    _press(app, Qt.Key.Key_Down)
    _press(app, Qt.Key.Key_Down)  # 拼多多
    _press(app, Qt.Key.Key_Tab)
    _commit(app, "美的电饭煲 3L 家用多功能")
    _press(app, Qt.Key.Key_Tab)
    _press(app, Qt.Key.Key_Tab)
    _press(app, Qt.Key.Key_Tab)
    _type(app, "199", enter=False)
    _press(app, Qt.Key.Key_Tab)
    _type(app, "10", enter=False)
    _press(app, Qt.Key.Key_Tab)
    _type(app, "5", enter=False)
    form = QApplication.activeModalWidget()
    assert form is not None
    saved.append(_save(form, folder, "09_agency_order_form.png"))
    _press(app, Qt.Key.Key_Return)
    _type(app, "107")  # half in cash
    _press(app, Qt.Key.Key_F6)  # half on her account
    payment = QApplication.activeModalWidget()
    assert payment is not None
    saved.append(_save(payment, folder, "10_agency_payment.png"))
    _press(app, Qt.Key.Key_Return)
    notice = QApplication.activeModalWidget()
    assert notice is not None
    saved.append(_save(notice, folder, "11_agency_saved.png"))
    _press(app, Qt.Key.Key_Return)
    saved.append(_save(window, folder, "12_agency.png"))
    _press(app, Qt.Key.Key_Return)
    detail = QApplication.activeModalWidget()
    assert detail is not None
    saved.append(_save(detail, folder, "13_agency_detail.png"))
    _press(app, Qt.Key.Key_Escape)

    _press_alt(app, Qt.Key.Key_3)
    saved.append(_save(window, folder, "14_pickup.png"))
    _press(app, Qt.Key.Key_F2)
    _type(app, "YT1234567890125", enter=False)
    arrival = QApplication.activeModalWidget()
    assert arrival is not None
    saved.append(_save(arrival, folder, "15_parcel_arrival.png"))
    _press(app, Qt.Key.Key_Escape)

    _press_alt(app, Qt.Key.Key_4)
    saved.append(_save(window, folder, "16_villagers.png"))
    _type(app, "9863")
    account = QApplication.activeModalWidget()
    assert account is not None
    saved.append(_save(account, folder, "17_villager_account.png"))
    _press(app, Qt.Key.Key_Escape)
    _press_alt(app, Qt.Key.Key_1)
    return saved


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    path = folder / name
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    print(path)
    return path


def take_screenshots(folder: Path) -> list[Path]:
    """Build the app on a temporary demo station and save the screenshots into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        db = open_database(Path(tmp) / "station.db")
        seed_demo_station(db, clock)
        _seed_villager_work(db, clock)
        window = open_counter(app, db)
        window.resize(*WINDOW_SIZE)
        window.show()
        window.activateWindow()
        _settle(app, 300)
        saved.append(_save(window, folder, "01_signin.png"))

        _type(app, "1234")
        for code in CART:
            _type(app, code)
        _type(app, RICE_PLU)
        _type(app, "1.25", enter=False)
        weight = QApplication.activeModalWidget()
        assert weight is not None
        saved.append(_save(weight, folder, "07_weight.png"))
        _press(app, Qt.Key.Key_Return)
        _press(app, Qt.Key.Key_Up)
        saved.append(_save(window, folder, "02_checkout.png"))

        _type(app, "kkkl", enter=False)
        saved.append(_save(window, folder, "03_search.png"))
        _press(app, Qt.Key.Key_Escape)
        _press(app, Qt.Key.Key_Escape)

        _press(app, Qt.Key.Key_F12)
        payment = QApplication.activeModalWidget()
        assert payment is not None
        _type(app, "50", enter=False)
        saved.append(_save(payment, folder, "04_payment.png"))
        _press(app, Qt.Key.Key_Return)
        receipt = QApplication.activeModalWidget()
        assert receipt is not None and receipt is not payment
        saved.append(_save(receipt, folder, "05_receipt.png"))
        _press(app, Qt.Key.Key_Return)
        saved.append(_save(window, folder, "06_after_sale.png"))

        _press(app, Qt.Key.Key_F8)
        _press(app, Qt.Key.Key_Return)  # the latest receipt is prefilled
        _press(app, Qt.Key.Key_F1)  # return everything
        refund = QApplication.activeModalWidget()
        assert refund is not None
        saved.append(_save(refund, folder, "08_refund.png"))
        _press(app, Qt.Key.Key_Escape)
        saved += _agency_and_pages(app, window, folder)
        window.close()
        db.close()
    return saved


def main(argv: list[str]) -> int:
    """Save the screenshots into argv[1] (default ./screenshots)."""
    take_screenshots(Path(argv[1]) if len(argv) > 1 else Path("screenshots"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
