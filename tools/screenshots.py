"""Screenshots of the counter UI on a fresh demo station, driven by key presses.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [FOLDER]

Writes sign-in, checkout with a cart (including a weighed line), the search pick
list, the payment dialog, the receipt preview, the weight dialog and the refund
dialog as PNGs into FOLDER (default ./screenshots). Chinese needs a CJK font
(fonts-wqy-microhei or fonts-noto-cjk on Linux); without one the text shows as boxes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# Qt picks its platform when the application starts; offscreen needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from station_app.core.clock import Clock  # noqa: E402
from station_app.core.demo import seed_demo_station  # noqa: E402
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
        window.close()
        db.close()
    return saved


def main(argv: list[str]) -> int:
    """Save the screenshots into argv[1] (default ./screenshots)."""
    take_screenshots(Path(argv[1]) if len(argv) > 1 else Path("screenshots"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
