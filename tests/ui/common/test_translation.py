import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from station_app.paths import resource_path
from station_app.ui.common.key_map import CHECKOUT_KEYS
from station_app.ui.common.translation import install_translators, station_translation_file
from station_app.ui.main_window import MainWindow
from tests.ui.conftest import focused, press, sign_in, type_enter

ROOT = Path(__file__).resolve().parents[3]
TS_FILE = resource_path("translations/station_zh_CN.ts")
PLACEHOLDER = re.compile(r"\{\d+\}")


def _messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (context.findtext("name"), message.findtext("source"), message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _translated(translation: ET.Element) -> str:
    """The translation's text; of a text with a count, its forms one after another."""
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return " ".join(forms) if forms else (translation.text or "")


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def test_every_source_string_has_a_finished_chinese_translation():
    messages = _messages(TS_FILE)
    assert len(messages) > 100
    for context, source, translation in messages:
        assert translation is not None, (context, source)
        assert translation.get("type") is None, (context, source, translation.get("type"))
        assert _translated(translation).strip(), (context, source)


def test_translations_keep_the_placeholders():
    for context, source, translation in _messages(TS_FILE):
        for form in translation.findall("numerusform") or [translation]:
            assert sorted(PLACEHOLDER.findall(form.text or "")) == sorted(
                PLACEHOLDER.findall(source)
            ), (context, source)


def test_the_ts_file_lists_exactly_the_strings_in_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "station_app/ui").rglob("*.py"))]
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", *sources, "-ts", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    in_code = {(context, source) for context, source, _ in _messages(fresh)}
    in_file = {(context, source) for context, source, _ in _messages(TS_FILE)}
    assert in_code == in_file, "run tools/update_translations.py and translate the new strings"


def test_the_compiled_qm_matches_the_ts(tmp_path):
    compiled = tmp_path / "station_zh_CN.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(TS_FILE), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == Path(station_translation_file("zh_CN")).read_bytes(), (
        "run tools/update_translations.py"
    )


@pytest.fixture
def chinese(qapp):
    installed = install_translators(qapp, "zh_CN")
    yield installed
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


def test_chinese_is_installed_for_the_default_language(chinese, qapp):
    assert len(chinese) == 2  # Qt's own texts and the station's
    assert QCoreApplication.translate("KeyMap", "Pay") == "结账"
    assert QCoreApplication.translate("MainWindow", "Printer: not set up") == "打印机：未配置"


def test_checkout_key_legend_reads_chinese(chinese, qtbot):
    from station_app.ui.checkout.checkout_view import CheckoutView

    view = CheckoutView()
    qtbot.addWidget(view)
    labels = {action: label.text() for action, label in view.legend_labels.items()}
    assert labels[CHECKOUT_KEYS[0].action] == "结账"
    assert view.total_caption.text() == "应收"


EN_TS_FILE = resource_path("translations/station_en.ts")


def _numerus(path: Path) -> dict[tuple[str, str], list[str]]:
    root = ET.parse(path).getroot()
    return {
        (context.findtext("name"), message.findtext("source")): [
            form.text or "" for form in message.iter("numerusform")
        ]
        for context in root.iter("context")
        for message in context.iter("message")
        if message.get("numerus") == "yes"
    }


@pytest.fixture
def english(qapp):
    installed = install_translators(qapp, "en")
    yield installed
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


def test_english_loads_only_the_singular_and_plural_forms(english):
    assert len(english) == 1  # the station's plurals; the rest reads as written
    assert QCoreApplication.translate("KeyMap", "Pay") == "Pay"
    assert (
        QCoreApplication.translate("PickupController", "Waiting: %n parcel(s)", "", 1)
        == "Waiting: 1 parcel"
    )
    assert (
        QCoreApplication.translate("PickupController", "Waiting: %n parcel(s)", "", 2)
        == "Waiting: 2 parcels"
    )


def test_chinese_counts_read_without_plural_endings(chinese):
    assert (
        QCoreApplication.translate("PickupController", "Waiting: %n parcel(s)", "", 2)
        == "待取：2 件"
    )


def test_the_english_file_has_both_forms_of_every_count_in_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "station_app/ui").rglob("*.py"))]
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", *sources, "-ts", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    in_file = _numerus(EN_TS_FILE)
    assert set(_numerus(fresh)) == set(in_file), "run tools/update_translations.py"
    assert in_file, "no text with a count"
    for key, (singular, plural) in in_file.items():
        assert "%n" in singular and "%n" in plural, key
        assert "(s)" not in singular + plural, key
    all_messages = {(context, source) for context, source, _ in _messages(EN_TS_FILE)}
    assert all_messages == set(in_file), "the English file holds the counted texts only"


def test_the_compiled_english_qm_matches_the_ts(tmp_path):
    compiled = tmp_path / "station_en.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(EN_TS_FILE), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == Path(station_translation_file("en")).read_bytes(), (
        "run tools/update_translations.py"
    )


def test_no_ui_text_puts_a_count_before_a_plural_noun_by_hand():
    # "{0} parcels" reads "1 parcels": a count with its noun goes through %n instead.
    counted = re.compile(
        r"\{\d\} (parcels|lots|labels|records|receipts|villagers|crates|"
        r"settlements|days)\b"
    )
    for context, source, _ in _messages(TS_FILE):
        assert not counted.search(source), (context, source)


def _english_window(demo_db, settings, clock, qtbot):
    window = MainWindow(demo_db, replace(settings, language="en"), clock)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)
    return window


def test_wrong_pin_is_explained_in_english(demo_db, settings, clock, qtbot):
    window = _english_window(demo_db, settings, clock, qtbot)
    type_enter(qtbot, "0000")
    assert window.signin_view.message_label.text() == "Wrong PIN, please try again"


def test_absurd_quantity_is_refused_in_english(demo_db, settings, clock, qtbot):
    window = _english_window(demo_db, settings, clock, qtbot)
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, "6932780008140")
    press(qtbot, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: focused() is not None and focused().objectName() == "promptInput")
    dialog = focused().window()
    type_enter(qtbot, "10000")
    assert dialog.message_label.text() == "Quantity must be 1 to 9999 (got 10000)"
    press(qtbot, Qt.Key.Key_Escape)
    window.close_checkout()
