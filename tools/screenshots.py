"""Screenshots of the counter UI on a fresh demo station, driven by key presses.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [FOLDER]

Writes sign-in, checkout with a cart (including a weighed line), the search pick
list, the payment dialog, the receipt preview, the weight dialog, the refund
dialog, the agency (new-order form, board, order detail), pickup and villagers
pages, and the consignment page (intake form, crate label, shipment and its
manifest, payout, a lot's trace) as PNGs into FOLDER (default ./screenshots).
Chinese needs a CJK font (fonts-wqy-microhei or fonts-noto-cjk on Linux); without
one the text shows as boxes.
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
from station_app.core.consignment import intake_lot, ship_lots  # noqa: E402
from station_app.core.demo import seed_demo_station  # noqa: E402
from station_app.core.hub_changes import apply_hub_change  # noqa: E402
from station_app.core.operators import sign_in  # noqa: E402
from station_app.core.parcels import register_arrival  # noqa: E402
from station_app.core.payments import PaymentMethod, Tender  # noqa: E402
from station_app.core.settings import load_settings  # noqa: E402
from station_app.core.villagers import find_villagers  # noqa: E402
from station_app.storage import open_database  # noqa: E402
from station_app.ui.app import open_counter  # noqa: E402
from village_protocol.changes import LOT_SETTLED  # noqa: E402

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

    placed = create_order(
        db,
        villager("1218"),
        "京东",
        "小米电动牙刷",
        1,
        9_900,
        0,
        300,
        [Tender(PaymentMethod.CASH, 10_200)],
        owner,
        settings,
        clock,
    )
    mark_placed(db, placed.id, "JD290001", 9_900, owner, clock)
    shipped = create_order(
        db,
        villager("4676"),
        "淘宝",
        "儿童雨靴 32码",
        2,
        3_500,
        600,
        300,
        [Tender(PaymentMethod.CASH, 3_000)],
        owner,
        settings,
        clock,
    )
    mark_placed(db, shipped.id, "TB880002", 7_600, owner, clock)
    mark_shipped(db, shipped.id, "YT5550001112223", owner, clock)
    cancelled = create_order(
        db,
        villager("9489"),
        "拼多多",
        "复合肥 50斤",
        1,
        8_800,
        0,
        500,
        [Tender(PaymentMethod.ACCOUNT, 9_300, villager_id=villager("9489"))],
        owner,
        settings,
        clock,
    )
    mark_placed(db, cancelled.id, "PDD770003", 8_800, owner, clock)
    cancel_order(db, cancelled.id, "缺货", owner, clock)
    for days, number, name, phone in (
        (9, "SF1234567890123", "赵小红", "19003479489"),
        (8, "JT1234567890123", "黄建国", "18003431218"),
        (2, "YT9876543210123", "陈国庆", "13003334676"),
        (0, "EA123456789CN", "杨淑珍", "15003382947"),
    ):
        past = Clock(
            tz_offset_min=clock.tz_offset_min,
            source=lambda days=days: clock.now() - timedelta(days=days, hours=3),
        )
        register_arrival(
            db, number, past, operator=owner, recipient_name=name, recipient_phone=phone
        )


def _seed_consignment(db: Database, clock: Clock) -> str:
    """Lots at the station (one past its best-before), one shipped and settled by the hub.

    Returns the settled lot's code, traced at the end.
    """
    clerk = sign_in(db, "1234", clock)
    settings = load_settings(db)

    def lot(
        tail: str,
        product: str,
        grade: str,
        crates: int,
        gross_g: int,
        days_ago: int,
        shelf: int,
        price: int,
    ) -> str:
        farmer = find_villagers(db, tail)[0].id
        return intake_lot(
            db,
            farmer,
            product,
            grade,
            crates,
            0,
            gross_g,
            800,
            clock.today() - timedelta(days=days_ago),
            shelf,
            price,
            800,
            clerk,
            settings,
            clock,
        ).id

    lot("9863", "猕猴桃", "特级", 2, 21_600, 1, 14, 900)
    lot("4676", "香菇", "一级", 1, 6_300, 6, 3, 2_600)  # waited too long: red
    sold = lot("9489", "土鸡蛋", "一级", 2, 24_800, 2, 25, 2_400)
    ship_lots(db, [sold], "县物流车", clerk, settings, clock)
    code = db.execute("SELECT lot_code FROM lots WHERE id = ?", [sold]).fetchone()[0]
    with db.atomic():
        apply_hub_change(
            db,
            1,
            LOT_SETTLED,
            clock.stamp(),
            {
                "settlement_id": "demo-settlement-1",
                "lot_code": code,
                "outcome": "sold",
                "sold_g": 23_200,
                "sale_fen": 55_680,
                "hub_fees_fen": 2_784,
                "commission_fen": 4_454,
                "due_to_farmer_fen": 48_442,
            },
            clock.stamp(),
        )
    return str(code)


def _consignment(app: QApplication, window: QWidget, folder: Path, settled_lot: str) -> list[Path]:
    """The 代销 page: intake by keys (label printed), shipment (manifest), payout, trace."""
    saved: list[Path] = []
    _press_alt(app, Qt.Key.Key_5)
    # The whole paper as previewed: the page shows the top of a long one.
    paper = window.workspace.consignment_page.paper_preview.image_label  # type: ignore[attr-defined]
    saved.append(_save(window, folder, "18_consignment.png"))
    _press(app, Qt.Key.Key_F2)
    _type(app, "1218")  # 黄建国
    _commit(app, "赣南脐橙")
    _press(app, Qt.Key.Key_Tab)
    _press(app, Qt.Key.Key_Down)  # 一级
    _press(app, Qt.Key.Key_Tab)
    _type(app, "3", enter=False)
    _press(app, Qt.Key.Key_Tab)
    _press(app, Qt.Key.Key_Tab)
    _type(app, "31.5", enter=False)
    _press(app, Qt.Key.Key_Tab)
    _type(app, "0.5", enter=False)
    _press(app, Qt.Key.Key_Tab)
    _type(app, "-1", enter=False)
    _press(app, Qt.Key.Key_Tab)
    _type(app, "20", enter=False)
    _press(app, Qt.Key.Key_Tab)
    _type(app, "6.8", enter=False)
    intake = QApplication.activeModalWidget()
    assert intake is not None
    saved.append(_save(intake, folder, "19_intake_form.png"))
    _press(app, Qt.Key.Key_Return)
    saved.append(_save(intake, folder, "20_intake_saved.png"))
    _press(app, Qt.Key.Key_Escape)
    saved.append(_save(window, folder, "21_consignment_label.png"))
    saved.append(_save(paper, folder, "22_label_paper.png"))

    _press(app, Qt.Key.Key_F6)
    _press(app, Qt.Key.Key_F2)  # all not expired
    shipment = QApplication.activeModalWidget()
    assert shipment is not None
    saved.append(_save(shipment, folder, "23_shipment.png"))
    _press(app, Qt.Key.Key_Return)
    saved.append(_save(window, folder, "24_consignment_manifest.png"))
    saved.append(_save(paper, folder, "25_manifest_paper.png"))

    _press(app, Qt.Key.Key_F5)
    _press(app, Qt.Key.Key_Return)
    _press(app, Qt.Key.Key_Return)
    pay = QApplication.activeModalWidget()
    assert pay is not None
    _press(app, Qt.Key.Key_Down)  # WeChat
    _press(app, Qt.Key.Key_Tab)
    _type(app, "4200001234567890", enter=False)
    saved.append(_save(pay, folder, "26_payout_form.png"))
    _press(app, Qt.Key.Key_Return)
    payout = QApplication.activeModalWidget()
    assert payout is not None
    saved.append(_save(payout, folder, "27_payout_done.png"))
    _press(app, Qt.Key.Key_Escape)
    saved.append(_save(window, folder, "28_consignment_payout_slip.png"))
    saved.append(_save(paper, folder, "29_payout_paper.png"))
    _press(app, Qt.Key.Key_Escape)
    _press(app, Qt.Key.Key_F3)  # lots at the station: the expired one is red
    saved.append(_save(window, folder, "30_consignment_waiting.png"))
    _type(app, settled_lot.split("-", 2)[-1])  # typed without the station's prefix
    trace = QApplication.activeModalWidget()
    assert trace is not None
    saved.append(_save(trace, folder, "31_lot_trace.png"))
    _press(app, Qt.Key.Key_Escape)
    _press_alt(app, Qt.Key.Key_1)
    return saved


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


def _stock(app: QApplication, window: QWidget, folder: Path) -> list[Path]:
    """The 库存 page, a delivery being received (nothing stored), a stocktake being counted."""
    saved: list[Path] = []
    _press_alt(app, Qt.Key.Key_7)
    _type(app, CART[0])
    saved.append(_save(window, folder, "32_stock.png"))
    _press(app, Qt.Key.Key_F2)
    _commit(app, "县城批发部")
    _press(app, Qt.Key.Key_Tab)
    _press(app, Qt.Key.Key_Tab)
    for code, quantity, cost in ((CART[0], "24", "1.80"), (CART[2], "12", "3.20")):
        _type(app, code)
        _type(app, quantity, enter=False)
        _press(app, Qt.Key.Key_Tab)
        _type(app, cost)
    receiving = QApplication.activeModalWidget()
    assert receiving is not None
    saved.append(_save(receiving, folder, "33_stock_receiving.png"))
    _press(app, Qt.Key.Key_Escape)
    _press(app, Qt.Key.Key_Escape)  # the lines typed are thrown away
    _press(app, Qt.Key.Key_F3)
    _press(app, Qt.Key.Key_Return)  # all goods
    for code in (CART[0], CART[0], CART[2]):
        _type(app, code)
    stocktake = QApplication.activeModalWidget()
    assert stocktake is not None
    saved.append(_save(stocktake, folder, "34_stocktake.png"))
    _press(app, Qt.Key.Key_Escape)
    _press(app, Qt.Key.Key_Escape)  # the counts are thrown away
    _press_alt(app, Qt.Key.Key_1)
    return saved


def _reports(app: QApplication, window: QWidget, folder: Path) -> list[Path]:
    """The 报表 page: this month's summary with its pie, then each chart (Tab)."""
    saved: list[Path] = []
    _press_alt(app, Qt.Key.Key_8)
    _press(app, Qt.Key.Key_F5)
    reports = window.workspace.reports  # type: ignore[attr-defined]
    for _ in range(100):  # built in the background
        _settle(app, 50)
        if not reports.worker.busy:
            break
    _settle(app, 200)  # the figures' new texts are laid out before the grab
    for name in (
        "35_reports_summary",
        "36_reports_days",
        "37_reports_hours",
        "38_reports_categories",
    ):
        saved.append(_save(window, folder, f"{name}.png"))
        _press(app, Qt.Key.Key_Tab)
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
        settled_lot = _seed_consignment(db, clock)
        window = open_counter(app, db)
        window.resize(*WINDOW_SIZE)
        window.show()
        window.activateWindow()
        _settle(app, 300)
        saved.append(_save(window, folder, "01_signin.png"))

        _type(app, "1234")
        # No shift is open on a fresh station: the float dialog (开班) comes first.
        float_dialog = QApplication.activeModalWidget()
        assert float_dialog is not None
        saved.append(_save(float_dialog, folder, "01b_float.png"))
        _type(app, "200")
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
        # The last receipt takes the cart's place, and the change shows big, until the
        # next scan: no dialog to dismiss.
        assert QApplication.activeModalWidget() is None
        saved.append(_save(window, folder, "05_after_sale.png"))

        _press(app, Qt.Key.Key_F8)
        _press(app, Qt.Key.Key_Return)  # the latest receipt is prefilled
        _press(app, Qt.Key.Key_F1)  # return everything
        refund = QApplication.activeModalWidget()
        assert refund is not None
        saved.append(_save(refund, folder, "08_refund.png"))
        _press(app, Qt.Key.Key_Escape)
        saved += _agency_and_pages(app, window, folder)
        saved += _consignment(app, window, folder, settled_lot)
        saved += _stock(app, window, folder)
        saved += _reports(app, window, folder)
        window.close()
        db.close()
    return saved


def main(argv: list[str]) -> int:
    """Save the screenshots into argv[1] (default ./screenshots)."""
    take_screenshots(Path(argv[1]) if len(argv) > 1 else Path("screenshots"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
