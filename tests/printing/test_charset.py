import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.printing.charset import (
    CharacterMode,
    encode_char,
    encode_text,
    paper_form,
    printable_text,
)
from station_app.printing.text_width import display_width

TEXT_MODES = [CharacterMode.GB18030, CharacterMode.GBK]


@pytest.mark.parametrize("mode", TEXT_MODES)
def test_chinese_and_full_width_punctuation_are_double_byte_codes(mode):
    text = "大米：，。￥"
    assert encode_text(text, mode) == text.encode("gbk")


def test_the_yen_sign_becomes_the_full_width_one_that_gbk_has():
    assert paper_form("¥5") == "￥5"
    assert encode_text(paper_form("¥5"), CharacterMode.GBK) == b"\xa3\xa45"


def test_a_combining_accent_is_composed_into_the_character_gbk_has():
    assert paper_form("e\u0301") == "é"
    assert encode_char("é", CharacterMode.GBK) == "é".encode("gbk")


@pytest.mark.parametrize("mode", TEXT_MODES)
def test_unprintable_characters_become_visible_stand_ins_of_the_same_width(mode):
    assert printable_text("糖😀果", mode) == "糖□果"
    assert printable_text("a\u0e01b", mode) == "a?b"  # Thai: narrow, not in GB fonts


def test_the_euro_sign_is_replaced_in_gbk_mode():
    # Python's GBK codec gives "€" the single byte 0x80, which would start a double-byte
    # code on the printer; GB18030 has it as a proper double-byte code.
    assert printable_text("€5", CharacterMode.GBK) == "□5"
    assert encode_char("€", CharacterMode.GB18030) == "€".encode("gb18030")


def test_extension_a_prints_in_gb18030_mode_only():
    assert encode_char("㙟", CharacterMode.GB18030) == "㙟".encode("gb18030")
    assert len(encode_char("㙟", CharacterMode.GB18030) or b"") == 4
    assert encode_char("㙟", CharacterMode.GBK) is None


@pytest.mark.parametrize("mode", TEXT_MODES)
def test_control_characters_never_reach_the_printer(mode):
    # A product name must not be able to cut the paper or open the drawer.
    assert encode_text("A\x1bp\x00B\x1dV", mode) == b"A?p?B?V"


def test_raster_mode_prints_every_character():
    assert printable_text("糖😀", CharacterMode.RASTER) == "糖😀"
    with pytest.raises(ValueError, match="raster"):
        encode_text("x", CharacterMode.RASTER)


@given(st.text(max_size=40), st.sampled_from(TEXT_MODES))
def test_any_text_encodes_without_error_and_keeps_its_width(text, mode):
    text = paper_form(text)
    shown = printable_text(text, mode)
    data = encode_text(text, mode)
    # Zero-width marks the printer lacks are dropped; they took no column anyway.
    assert display_width(shown) == display_width(text)
    assert data.decode("gb18030") == shown
    assert all(byte >= 0x20 for byte in data)
