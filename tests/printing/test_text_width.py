from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.printing.text_width import (
    char_width,
    display_width,
    pad_row,
    truncate_to_width,
    wrap_to_width,
)


@pytest.mark.parametrize(
    ("char", "width"),
    [
        ("a", 1),
        ("1", 1),
        (" ", 1),
        ("字", 2),
        ("，", 2),
        ("￥", 2),  # full-width yen, what receipts use
        ("¥", 1),
        ("×", 2),  # ambiguous: double-byte in GB18030, printed full width
        ("\u0301", 0),  # combining acute
    ],
)
def test_char_width(char: str, width: int) -> None:
    assert char_width(char) == width


def test_display_width_mixes_chinese_and_latin() -> None:
    assert display_width("大米 5kg") == 4 + 1 + 3
    assert display_width("e\u0301") == 1


def test_wrap_breaks_between_chinese_characters() -> None:
    assert wrap_to_width("东北五常稻花香大米", 8) == ["东北五常", "稻花香大", "米"]


def test_wrap_never_splits_a_wide_character_across_the_edge() -> None:
    assert wrap_to_width("a字字", 4) == ["a字", "字"]


def test_wrap_prefers_spaces_in_latin_text() -> None:
    assert wrap_to_width("Lao Gan Ma chili sauce", 12) == ["Lao Gan Ma", "chili sauce"]


def test_wrap_splits_a_word_too_long_for_a_line() -> None:
    assert wrap_to_width("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_wrap_keeps_punctuation_with_its_neighbour() -> None:
    # "，" may not start a line, "（" may not end one, "￥" stays with its amount.
    assert wrap_to_width("谢谢惠顾，欢迎", 8) == ["谢谢惠", "顾，欢迎"]
    assert wrap_to_width("大米（散）", 6) == ["大米", "（散）"]
    assert wrap_to_width("价格 (￥13.00/斤)", 12) == ["价格", "(￥13.00/斤)"]


def test_wrap_keeps_newlines_and_indent() -> None:
    assert wrap_to_width("  第一行\n\n第二行", 32) == ["  第一行", "", "第二行"]
    assert wrap_to_width("", 32) == [""]


def test_wrap_refuses_a_width_too_narrow_for_chinese() -> None:
    with pytest.raises(ValueError, match="columns"):
        wrap_to_width("字", 1)


def test_pad_row_puts_right_text_flush_against_the_last_column() -> None:
    assert pad_row("合计", "￥12.50", 20) == ["合计" + " " * 9 + "￥12.50"]


def test_pad_row_wraps_left_and_keeps_right_on_the_last_line() -> None:
    lines = pad_row("东北五常稻花香大米新米", "￥3.00", 16)
    assert lines == ["东北五常稻花香大", "米新米    ￥3.00"]


def test_pad_row_moves_right_text_to_its_own_line_when_it_does_not_fit() -> None:
    lines = pad_row("东北五常稻花香大", "￥3.00", 16)
    assert lines == ["东北五常稻花香大", " " * 10 + "￥3.00"]


def test_pad_row_with_empty_sides() -> None:
    assert pad_row("", "￥3.00", 10) == ["    ￥3.00"]
    assert pad_row("合计", "", 10) == ["合计"]


def test_truncate_to_width() -> None:
    assert truncate_to_width("示范村服务站", 7) == "示范村"
    assert truncate_to_width("示范村服务站", 7, ellipsis="..") == "示范.."
    assert truncate_to_width("短", 7, ellipsis="..") == "短"


_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 .,-/()字米价格，。（）￥×\u0301")), max_size=80
)


@given(text=_TEXT, columns=st.integers(min_value=2, max_value=60))
def test_wrap_fits_and_loses_only_the_spaces_it_breaks_at(text: str, columns: int) -> None:
    lines = wrap_to_width(text, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@given(text=_TEXT.filter(lambda t: " " not in t), columns=st.integers(min_value=2, max_value=60))
def test_wrap_without_spaces_keeps_every_character_in_order(text: str, columns: int) -> None:
    assert "".join(wrap_to_width(text, columns)) == text


@given(
    left=_TEXT,
    right=st.integers(min_value=-(10**9), max_value=10**9).map(lambda f: f"￥{f / 100:,.2f}"),
    columns=st.integers(min_value=16, max_value=60),
)
def test_pad_row_fits_and_ends_with_the_right_text(left: str, right: str, columns: int) -> None:
    lines = pad_row(left, right, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert lines[-1].endswith(right)
    assert display_width(lines[-1]) == columns
