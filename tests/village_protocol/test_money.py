"""Fen as yuan, and yuan from a spreadsheet, the same at the station and at the hub."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from village_protocol.money import MAX_PRICE_FEN, NotYuan, format_fen, yuan_to_fen


@pytest.mark.parametrize(
    ("fen", "text"),
    [(0, "¥0.00"), (1250, "¥12.50"), (-300, "-¥3.00"), (MAX_PRICE_FEN, "¥1,000,000.00")],
)
def test_fen_are_written_as_yuan_with_two_decimals(fen: int, text: str):
    assert format_fen(fen) == text


@given(st.integers(min_value=0, max_value=MAX_PRICE_FEN))
def test_written_yuan_read_back_as_the_same_fen(fen: int):
    assert yuan_to_fen(format_fen(fen, symbol="").replace(",", "")) == fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [("12.5", 1250), (" ¥12.50 ", 1250), ("￥3", 300), ("0.29", 29), ("1E+2", 10_000)],
)
def test_spreadsheet_yuan_become_exact_fen(text: str, fen: int):
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize(
    ("text", "decimals"),
    [
        ("三块", False),
        ("", False),
        ("1.234", True),
        ("NaN", True),
        ("Infinity", True),
        ("1e30", True),
        ("9" * 40, True),
    ],
)
def test_text_that_is_no_yuan_amount_is_refused(text: str, decimals: bool):
    with pytest.raises(NotYuan) as caught:
        yuan_to_fen(text)
    assert caught.value.decimals is decimals
