import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.core.errors import InputRefused
from station_app.core.money import (
    MAX_PRICE_FEN,
    Rounding,
    format_fen,
    parse_decimal_yuan,
    parse_weight_kg,
    parse_yuan,
    price_per_jin_fen,
    rounding_fen,
    weighed_total_fen,
)


def test_format_fen_shows_yuan_with_two_decimals():
    assert format_fen(1250) == "¥12.50"
    assert format_fen(5) == "¥0.05"
    assert format_fen(123456789) == "¥1,234,567.89"
    assert format_fen(-300) == "-¥3.00"
    assert format_fen(990, symbol="￥") == "￥9.90"


@pytest.mark.parametrize(("typed", "fen"), [
    ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("￥3.05", 305), (" 0.1 ", 10), ("7.", 700),
])
def test_parse_yuan_reads_what_a_keeper_types(typed, fen):
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize("typed", ["", "abc", "1.234", "-5", "1e3", "12,50", "1000000.01"])
def test_parse_yuan_refuses_nonsense_with_a_chinese_message(typed):
    with pytest.raises(InputRefused) as refused:
        parse_yuan(typed)
    assert refused.value.zh and refused.value.en


@given(st.integers(min_value=0, max_value=MAX_PRICE_FEN))
def test_parse_yuan_inverts_plain_formatting(fen):
    assert parse_yuan(format_fen(fen, symbol="").replace(",", "")) == fen
    assert parse_decimal_yuan(f"{fen // 100}.{fen % 100:02d}") == fen


def test_weighed_total_rounds_half_up_to_the_fen():
    assert weighed_total_fen(2599, 1234) == 3207  # 3207.166
    assert weighed_total_fen(1000, 1) == 1
    assert weighed_total_fen(500, 1) == 1  # exactly 0.5 fen rounds up
    assert weighed_total_fen(499, 1) == 0


@given(st.integers(0, MAX_PRICE_FEN // 100), st.integers(1, 100_000))
def test_weighed_total_is_within_half_a_fen_of_exact(price, grams):
    exact = price * grams / 1000
    assert abs(weighed_total_fen(price, grams) - exact) <= 0.5


def test_price_per_jin_is_half_the_kg_price():
    assert price_per_jin_fen(1200) == 600
    assert price_per_jin_fen(999) == 500


@given(st.integers(0, MAX_PRICE_FEN), st.sampled_from(list(Rounding)))
def test_rounding_drops_only_the_fraction_and_never_the_whole(total, rounding):
    dropped = rounding_fen(total, rounding)
    assert 0 <= dropped < {Rounding.NONE: 1, Rounding.JIAO: 10, Rounding.YUAN: 100}[rounding]
    assert dropped < total or total == 0
    if rounding is not Rounding.NONE and dropped:
        assert (total - dropped) % (10 if rounding is Rounding.JIAO else 100) == 0


@pytest.mark.parametrize(("typed", "grams"), [("1.25", 1250), ("0.5kg", 500), ("350g", 350)])
def test_parse_weight(typed, grams):
    assert parse_weight_kg(typed) == grams


@pytest.mark.parametrize("typed", ["0", "-1", "100.001", "abc", "150kg"])
def test_parse_weight_refuses_absurd_weights(typed):
    with pytest.raises(InputRefused):
        parse_weight_kg(typed)
