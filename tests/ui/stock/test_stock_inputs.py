"""Reading typed dates, counts and kilograms on the stock screens."""

from datetime import date

import pytest

from station_app.ui.stock.stock_inputs import parse_amount, parse_day


@pytest.mark.parametrize(
    "text", ["2026-03-15", "2026/3/15", "2026.03.15", "20260315", " 2026-3-15 "]
)
def test_a_date_is_read_in_the_forms_printed_on_packs(text):
    assert parse_day(text) == date(2026, 3, 15)


def test_nothing_typed_is_no_date():
    assert parse_day("  ") is None


@pytest.mark.parametrize("text", ["2026-13-45", "2026-02-30", "15/03/2026", "260315", "soon"])
def test_what_is_no_date_is_refused(text):
    with pytest.raises(ValueError):
        parse_day(text)


def test_units_are_whole_and_kilograms_become_grams():
    assert parse_amount("24", is_weighed=False) == 24
    assert parse_amount("12.5", is_weighed=True) == 12_500
    assert parse_amount(".25", is_weighed=True) == 250
    assert parse_amount("0", is_weighed=False) == 0


@pytest.mark.parametrize(("text", "weighed"), [("", False), ("1.5", False), ("1.2345", True)])
def test_a_count_that_is_no_number_of_its_kind_is_refused(text, weighed):
    with pytest.raises(ValueError):
        parse_amount(text, weighed)
