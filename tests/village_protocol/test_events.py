"""What each event kind's payload must mean, checked the same for every station and hub."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.county_hub.signing import refund_event, sale_event
from tests.county_hub.village import SAMPLES
from village_protocol.events import EVENT_KINDS, EventRefused, check_payload
from village_protocol.money import MAX_AMOUNT_FEN

ROOT = Path(__file__).resolve().parents[2]


def _reason(kind: str, payload: dict[str, Any]) -> str:
    with pytest.raises(EventRefused) as caught:
        check_payload(kind, payload)
    return str(caught.value)


def test_every_kind_the_station_sends_has_a_check():
    assert set(SAMPLES) | {"sale.completed", "refund.completed"} == set(EVENT_KINDS)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_sample_payload_from_the_station_passes(kind: str):
    check_payload(kind, copy.deepcopy(SAMPLES[kind]))


def test_amounts_up_to_the_bound_pass_and_one_fen_more_is_refused():
    check_payload("payout.made", {**SAMPLES["payout.made"], "amount_fen": MAX_AMOUNT_FEN})
    assert (
        _reason("payout.made", {**SAMPLES["payout.made"], "amount_fen": MAX_AMOUNT_FEN + 1})
        == f"payload field 'amount_fen' must be at most {MAX_AMOUNT_FEN} (fen)"
    )


def test_true_is_not_an_amount():
    assert (
        _reason("payout.made", {**SAMPLES["payout.made"], "amount_fen": True})
        == "payload field 'amount_fen' must be an integer (fen)"
    )


@pytest.mark.parametrize(
    ("kind", "amount", "passes"),
    [
        ("sale", 1200, True),
        ("agency", 1, True),
        ("sale", 0, False),
        ("sale", -5, False),
        ("refund", -1200, True),
        ("repayment", -1, True),
        ("refund", 0, False),
        ("repayment", 500, False),
    ],
)
def test_charges_are_positive_and_returns_negative(kind: str, amount: int, passes: bool):
    payload = {**SAMPLES["credit.entry"], "kind": kind, "amount_fen": amount}
    if passes:
        check_payload("credit.entry", payload)
    else:
        assert "'amount_fen' must be at" in _reason("credit.entry", payload)


def test_a_sale_with_line_and_sale_discounts_and_rounding_adds_up():
    # ¥12.34 of goods, ¥0.30 off a line, ¥0.50 off the sale, 抹零 drops the last 4 fen.
    sale = sale_event(
        1,
        1150,
        [("cash", 1000), ("account", 150)],
        subtotal_fen=1234,
        discount_fen=80,
        rounding_fen=4,
        lines=[
            {"quantity": 2, "discount_fen": 30, "total_fen": 704},
            {"weight_g": 1250, "quantity": 1, "discount_fen": 0, "total_fen": 500},
        ],
    )
    sale["payload"]["payments"][1]["villager_id"] = "v1"
    check_payload("sale.completed", sale["payload"])
    sale["payload"]["payments"][1]["villager_id"] = None
    assert (
        _reason("sale.completed", sale["payload"])
        == "payload field 'payments[1].villager_id' must be a non-empty string"
    )


def test_line_discounts_cannot_exceed_the_sales_discount():
    sale = sale_event(
        1,
        500,
        subtotal_fen=600,
        discount_fen=100,
        lines=[{"quantity": 1, "discount_fen": 200, "total_fen": 400}],
    )
    assert (
        _reason("sale.completed", sale["payload"])
        == "the lines' discounts 200 are more than discount_fen 100"
    )


def test_a_refund_must_add_up_to_its_lines():
    refund = refund_event(2, sale_event(1, 500), 300)
    check_payload("refund.completed", refund["payload"])
    refund["payload"]["lines"].append({"sale_line_id": "l2", "quantity": 1, "amount_fen": 1})
    assert (
        _reason("refund.completed", refund["payload"])
        == "the refunded lines add up to 301, not total_fen 300"
    )


def test_a_deeply_nested_payload_is_walked_without_recursion():
    nested: Any = "x"
    for _ in range(100_000):
        nested = [nested]
    payload = {**SAMPLES["villager.added"], "extra": nested}
    check_payload("villager.added", payload)
    nested_bad: Any = "\ud800"
    for _ in range(10_000):
        nested_bad = {"a": nested_bad}
    assert "malformed text" in _reason("villager.added", {**payload, "extra": nested_bad})


def test_the_protocol_package_needs_only_the_standard_library():
    code = (
        "import sys, village_protocol.events, village_protocol.carriers, "
        "village_protocol.money\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'station_app', 'county_hub', 'fastapi', 'pydantic', 'sqlite_utils', 'PySide6', "
        "'requests', 'psycopg'}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("key", ["hub_secret", "owner_pin", "api_token", "Station_Name", ""])
def test_a_settings_event_naming_a_secret_or_no_plain_setting_is_refused(key: str):
    with pytest.raises(EventRefused):
        check_payload("settings.changed", {"key": key, "value": "x"})


def test_a_setting_may_be_emptied_but_its_value_is_text():
    check_payload("settings.changed", {"key": "receipt_footer", "value": ""})
    assert _reason("settings.changed", {"key": "receipt_columns", "value": 32}) == (
        "payload field 'value' must be a string of at most 1000 characters"
    )


def _sale_variants(seed: int, count: int) -> list[dict[str, Any]]:
    """Sales with one or two fields changed to values near and past every rule."""
    import random

    rng = random.Random(seed)
    base = sale_event(1, 1500, [("cash", 1000), ("account", 500)])["payload"]
    base["payments"][1]["villager_id"] = "V1"
    base["lines"].append({**base["lines"][0], "total_fen": 0, "weight_g": 250})
    base["subtotal_fen"] = 1500
    odd: list[Any] = [None, 0, 1, -1, True, 1.0, "1", "", "x", [], {}, MAX_AMOUNT_FEN + 1]
    out = []
    for _ in range(count):
        sale = copy.deepcopy(base)
        for _ in range(rng.randint(1, 2)):
            entries = [
                entry
                for name in ("lines", "payments")
                if isinstance(sale.get(name), list)
                for entry in sale[name]
                if isinstance(entry, dict)
            ]
            target = rng.choice([sale, *entries])
            name = rng.choice([*target, "missing"])
            if rng.random() < 0.2:
                target.pop(name, None)
            elif rng.random() < 0.5 and isinstance(target.get(name), int):
                target[name] += rng.choice([-1, 1, 500])
            else:
                target[name] = rng.choice([*odd, "account", "wechat", "bitcoin"])
        if rng.random() < 0.1:
            sale[rng.choice(["lines", "payments"])] = rng.choice([None, {}, [1], "x"])
        out.append(sale)
    return out


def test_the_quick_check_of_a_sale_agrees_with_the_worded_one():
    # The hub's fast yes (_sale_passes) and the checks that word a refusal keep one rule.
    from village_protocol.events import _explain_sale, _sale_passes

    good = sale_event(1, 1500, [("cash", 1000), ("account", 500)])["payload"]
    good["payments"][1]["villager_id"] = "V1"
    assert _sale_passes(good)
    answers = []
    for sale in _sale_variants(17, 3000):
        try:
            _explain_sale(sale)
            worded = True
        except EventRefused:
            worded = False
        assert _sale_passes(sale) == worded, sale
        answers.append(worded)
    # The variants reach both answers (else the test would say nothing).
    assert answers.count(True) > 300 and answers.count(False) > 1000, answers.count(True)
