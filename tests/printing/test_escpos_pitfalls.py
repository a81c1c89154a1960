"""What python-escpos 3.1's text path does with Chinese, and that our bytes avoid each trap.

These tests pin the library's behaviour: if a new version changes it, they fail and
the choice to write text bytes ourselves (station_app/printing/charset.py) can be
looked at again.
"""

from escpos.printer import Dummy

from station_app.printing.charset import CharacterMode
from station_app.printing.escpos_render import CHINESE_MODE_ON, render_escpos
from station_app.printing.receipt_layout import Layout, Text
from tests.printing.escpos_decode import decode

FS_AND = b"\x1c&"
YEN_GB18030 = b"\x81\x30\x84\x36"  # U+00A5 in GB18030: four bytes, absent from GBK


def _library(text: str) -> bytes:
    printer = Dummy()
    printer.text(text)
    return printer.output


def _ours(text: str, mode: CharacterMode = CharacterMode.GB18030) -> bytes:
    return render_escpos(Layout((Text(text),), columns=32), mode)


def test_library_writes_ideographs_as_gb18030_without_chinese_mode():
    assert _library("大米") == "大米".encode("gb18030")
    assert FS_AND not in _library("大米")


def test_ours_switches_chinese_mode_on_before_any_text():
    data = _ours("大米")
    paper = decode(data)
    assert paper.texts[0] == "大米"
    assert data.index(CHINESE_MODE_ON) < data.index("大米".encode("gb18030"))


def test_library_sends_cjk_punctuation_alone_through_a_code_page_as_question_marks():
    assert _library("：，。￥") == b"\x1bt\x00????"


def test_ours_sends_cjk_punctuation_as_double_byte_codes():
    assert decode(_ours("：，。￥")).texts[0] == "：，。￥"


def test_library_turns_the_yen_sign_into_four_gb18030_bytes():
    assert YEN_GB18030 in _library("大米¥5")


def test_ours_prints_the_full_width_yen_sign_in_both_text_modes():
    for mode in (CharacterMode.GB18030, CharacterMode.GBK):
        data = _ours("大米¥5", mode)
        assert YEN_GB18030 not in data
        assert "￥5".encode("gbk") in data
        assert decode(data).texts[0] == "大米￥5"


def test_library_sends_money_with_the_full_width_sign_as_a_question_mark():
    assert _library("￥12.50") == b"\x1bt\x00?12.50"
