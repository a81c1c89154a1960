"""Simulated days run inside shifts: opened, moved, handed over and closed like a keeper's."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta

import pytest

from station_app.cli import main as station_main
from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.reports import day_report
from station_app.core.settings import load_settings
from station_app.core.shifts import ShiftFigures, open_shift, shifts_of_day
from station_app.core.simulation import simulate
from station_app.storage import open_database
from village_protocol.events import check_payload

START = date(2026, 3, 1)
DAYS = 6
SEED = 6  # a seed whose six days include hand-overs and an over/short


def _days() -> list[date]:
    return [START + timedelta(days=n) for n in range(DAYS)]


def _all_shifts(db) -> list[ShiftFigures]:
    return [s for day in _days() for s in shifts_of_day(db, day, Clock())]


def test_each_day_has_closed_shifts_whose_cash_sales_are_the_days_cash(demo_db):
    simulate(demo_db, DAYS, seed=SEED, start=START)
    for day in _days():
        shifts = shifts_of_day(demo_db, day, Clock())
        report = day_report(demo_db, day)
        assert shifts, day
        assert all(s.closed_at is not None and s.counted_cash_fen is not None for s in shifts)
        assert (
            sum(s.cash_sales_fen - s.cash_refunds_fen for s in shifts)
            == report.payments_fen["cash"]
        ), day
        assert sum(s.receipts_count for s in shifts) == report.sales_count
        assert sum(s.refunds_count for s in shifts) == report.refund_count
        for method, fen in report.payments_fen.items():
            assert sum(s.payments_fen[method] for s in shifts) == fen, (day, method)


def test_every_cash_movement_of_the_simulation_lies_in_one_shift(demo_db):
    simulate(demo_db, DAYS, seed=SEED, start=START)
    shifts = _all_shifts(demo_db)

    def total(sql: str) -> int:
        return int(demo_db.execute(sql).fetchone()[0])

    cash = "method = 'cash'"
    assert sum(s.cash_sales_fen for s in shifts) == total(
        f"SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE {cash}"
    )
    assert sum(s.cash_refunds_fen for s in shifts) == total(
        f"SELECT coalesce(sum(total_fen), 0) FROM refunds WHERE {cash}"
    )
    assert sum(s.agency_cash_in_fen for s in shifts) == total(
        f"SELECT coalesce(sum(amount_fen), 0) FROM agency_money WHERE {cash} AND kind = 'collected'"
    )
    assert sum(s.agency_cash_out_fen for s in shifts) == total(
        f"SELECT coalesce(sum(amount_fen), 0) FROM agency_money WHERE {cash} AND kind = 'paid_back'"
    )
    assert sum(s.credit_repayments_cash_fen for s in shifts) == -total(
        f"SELECT coalesce(sum(amount_fen), 0) FROM villager_ledger WHERE {cash} "
        "AND kind = 'repayment'"
    )
    assert sum(s.pay_in_fen + s.pay_out_fen for s in shifts) == total(
        "SELECT coalesce(sum(amount_fen), 0) FROM drawer_moves"
    )
    # The village's money really moved, so the sums above are not all zero.
    assert all(
        sum(getattr(s, part) for s in shifts) > 0
        for part in (
            "cash_refunds_fen",
            "agency_cash_in_fen",
            "credit_repayments_cash_fen",
            "pay_in_fen",
            "pay_out_fen",
        )
    )


def test_shifts_see_pay_moves_a_hand_over_and_small_over_shorts_and_reach_the_outbox(demo_db):
    summary = simulate(demo_db, DAYS, seed=SEED, start=START)
    shifts = _all_shifts(demo_db)
    limit = load_settings(demo_db).over_short_owner_limit_fen
    assert summary.shifts == len(shifts) == DAYS + summary.hand_overs
    assert summary.hand_overs >= 1 and summary.drawer_moves >= 1
    handed = [s for s in shifts if s.opened_at in {t.closed_at for t in shifts}]
    assert len(handed) == summary.hand_overs
    assert all(
        h.opened_by != p.closed_by for h in handed for p in shifts if p.closed_at == h.opened_at
    )
    over_shorts = [s.over_short_fen or 0 for s in shifts]
    assert all(abs(fen) <= limit for fen in over_shorts)
    assert any(fen < 0 for fen in over_shorts) or any(fen > 0 for fen in over_shorts)
    events = [
        json.loads(payload)
        for (payload,) in demo_db.execute(
            "SELECT payload FROM outbox WHERE kind = 'shift.closed' ORDER BY seq"
        )
    ]
    for event in events:
        check_payload("shift.closed", event)
    assert [e["shift_id"] for e in events] == [s.shift_id for s in shifts]


def test_the_same_seed_gives_the_same_shifts(demo_db_path, tmp_path):
    shutil.copy(demo_db_path, tmp_path / "twin.db")
    ours, twin = open_database(demo_db_path), open_database(tmp_path / "twin.db")
    try:
        simulate(ours, 2, seed=5, start=START)
        simulate(twin, 2, seed=5, start=START)

        def figures(db) -> list[dict[str, object]]:
            return [
                {k: v for k, v in s.as_json().items() if k != "shift_id"}
                for day in _days()[:2]
                for s in shifts_of_day(db, day, Clock())
            ]

        assert figures(ours) == figures(twin) != []
    finally:
        ours.close()
        twin.close()


def test_simulate_refuses_while_a_shift_is_open(demo_db, owner, settings, clock):
    open_shift(demo_db, 10_000, owner, settings, clock)
    with pytest.raises(StationError) as refused:
        simulate(demo_db, 1, seed=1, start=START)
    assert "未结班次" in refused.value.zh and "close it" in refused.value.en
    assert demo_db.execute("SELECT count(*) FROM sales").fetchone()[0] == 0


def test_shift_report_lists_a_simulated_days_shifts(demo_db_path, capsys):
    folder = str(demo_db_path.parent)
    assert station_main(["--data-dir", folder, "simulate", "--days", "2", "--seed", "5",
                         "--start", START.isoformat()]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert " shifts" in said
    assert station_main(["--data-dir", folder, "shift-report", "--date", "2026-03-02",
                         "--json"]) == 0  # fmt: skip
    shifts = json.loads(capsys.readouterr().out)
    assert station_main(["--data-dir", folder, "report", "--date", "2026-03-02", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert shifts and all(s["closed_at"] and s["counted_cash_fen"] is not None for s in shifts)
    assert all(s["closed_at"] < "2026-03-02T16:00" for s in shifts)  # before local midnight
    assert (
        sum(s["cash_sales_fen"] - s["cash_refunds_fen"] for s in shifts)
        == report["payments_fen"]["cash"]
    )
