from station_app.core.barcodes import (
    ean13_check_digit,
    is_valid_ean13,
    make_ean13,
    make_scale_code,
    parse_scale_code,
)
from station_app.core.settings import StationSettings


def test_ean13_check_digit_of_a_known_code():
    assert make_ean13("690123456789") == "6901234567892"
    assert is_valid_ean13("6901234567892")
    assert not is_valid_ean13("6901234567893")
    assert not is_valid_ean13("690123456789")


def test_scale_code_carries_plu_and_grams():
    prefixes = StationSettings().scale_prefixes
    code = make_scale_code("20", "1001", 1234)
    parsed = parse_scale_code(code, prefixes)
    assert parsed is not None
    assert (parsed.plu, parsed.kind, parsed.value) == ("1001", "weight", 1234)


def test_scale_code_with_price_prefix_carries_fen():
    parsed = parse_scale_code(make_scale_code("27", "42", 1580), StationSettings().scale_prefixes)
    assert parsed is not None
    assert (parsed.plu, parsed.kind, parsed.value) == ("42", "price", 1580)


def test_ordinary_product_codes_and_bad_check_digits_are_not_scale_codes():
    prefixes = StationSettings().scale_prefixes
    assert parse_scale_code("6901234567892", prefixes) is None
    code = make_scale_code("20", "1001", 1234)
    broken = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert parse_scale_code(broken, prefixes) is None
    assert parse_scale_code(code, {"21": "weight"}) is None


def test_the_check_digit_is_the_weighted_sum_for_any_digits():
    # The fast path reads ASCII bytes; the weighted sum written out is the rule.
    for first in ("000000000000", "999999999999", "690123456789", "480000000001"):
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first))
        assert ean13_check_digit(first) == (10 - total % 10) % 10
    assert ean13_check_digit("６９０１２３４５６７８９") == ean13_check_digit("690123456789")
