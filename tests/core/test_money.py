import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.core.errors import InputRefused
from station_app.core.money import (
    MAX_PRICE_FEN,
    MAX_WEIGHT_G,
    Rounding,
    WeightUnit,
    format_fen,
    format_weight,
    parse_decimal_yuan,
    parse_quantity,
    parse_weight_g,
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


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("12.50", 1250),
        ("￥3.05", 305),
        (" 0.1 ", 10),
        ("7.", 700),
    ],
)
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


@pytest.mark.parametrize(
    ("typed", "grams"),
    [
        ("1.25", 1250),
        ("1.25kg", 1250),
        ("1.25公斤", 1250),
        ("1.25千克", 1250),
        ("0.5KG", 500),
        ("750g", 750),
        ("750克", 750),
        ("2斤", 1000),
        ("1.5斤", 750),
        ("3两", 150),
        ("１．５斤", 750),
        ("２斤", 1000),
        ("1。5斤", 750),
        (" 2 斤 ", 1000),
        (".5", 500),
    ],
)
def test_parse_weight_reads_kg_grams_jin_and_liang(typed, grams):
    assert parse_weight_g(typed) == grams


def test_a_weight_in_jin_is_not_read_as_kilograms():
    assert parse_weight_g("2斤") == 1000  # not 2000: 1 斤 is 500 g


@pytest.mark.parametrize(
    ("typed", "grams"),
    [
        ("1.2345", 1235),
        ("1.2344", 1234),
        ("750.5g", 751),
        ("0.0005", 1),
        ("1.0001斤", 500),
    ],
)
def test_parse_weight_rounds_half_up_to_the_gram(typed, grams):
    assert parse_weight_g(typed) == grams


@pytest.mark.parametrize("typed", ["0", "0斤", "0.0004", "-1", "-2斤", "100.001", "150kg", "201斤"])
def test_parse_weight_refuses_zero_negative_and_over_the_scale(typed):
    with pytest.raises(InputRefused) as refused:
        parse_weight_g(typed)
    assert refused.value.zh and refused.value.en


@pytest.mark.parametrize("typed", ["", "abc", "2jin", "1e3", "1.2.3", "斤", "2磅", "1,5"])
def test_parse_weight_refuses_other_text_naming_the_accepted_forms(typed):
    with pytest.raises(InputRefused) as refused:
        parse_weight_g(typed)
    for form in ("1.25", "750g", "750克", "2斤", "3两"):
        assert form in refused.value.zh and form in refused.value.en


def test_format_weight_shows_each_unit_exactly():
    assert [format_weight(1250, unit) for unit in WeightUnit] == [
        "1.250kg",
        "2.5斤",
        "25两",
        "1250g",
    ]
    assert format_weight(1000, WeightUnit.JIN) == "2斤"
    assert format_weight(1, WeightUnit.JIN) == "0.002斤"
    assert format_weight(1000, suffix=False) == "1.000"


@given(st.integers(1, MAX_WEIGHT_G), st.sampled_from(list(WeightUnit)), st.booleans())
def test_a_formatted_weight_parses_back_to_the_same_grams(grams, unit, full_width):
    text = format_weight(grams, unit)
    if full_width:  # what a Chinese input method in full-width mode types
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789."})
    assert parse_weight_g(text) == grams


@pytest.mark.parametrize(
    ("typed", "quantity"), [("3", 3), (" 12 ", 12), ("１２", 12), ("9999", 9999)]
)
def test_parse_quantity_reads_whole_numbers(typed, quantity):
    assert parse_quantity(typed) == quantity


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-1", "1 到 9999"),
        ("0", "1 到 9999"),
        ("10000", "1 到 9999"),
        ("abc", "不是整数"),
        ("2a", "不是整数"),
        ("1.5", "不是整数"),
        ("", "不是整数"),
    ],
)
def test_parse_quantity_refuses_with_the_reason_instead_of_dropping_characters(typed, reason):
    with pytest.raises(InputRefused) as refused:
        parse_quantity(typed)
    assert reason in refused.value.zh
