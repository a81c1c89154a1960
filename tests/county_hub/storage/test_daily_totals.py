"""Daily figures kept as events are stored: as `stats --date`, rejections, status, backfill."""

from __future__ import annotations

from datetime import date

from county_hub.stats import hub_stats
from county_hub.storage import HubStore, open_store
from county_hub.storage.daily_totals import backfill_daily_totals
from county_hub.storage.schema import MIGRATIONS, migrate
from county_hub.upload import store_batch
from tests.county_hub.signing import refund_event, sale_event
from village_protocol.upload_status import UploadStatus

STATION = "HN-ZZ-0001"
AT = "2026-11-26T08:00:00.000Z"


def _day(store: HubStore, day: str) -> dict[str, int]:
    [figures] = store.figures.county_days(day, day, STATION)
    return {
        "count": figures.sales_count,
        "sales": figures.sales_fen,
        "net": figures.net_fen,
        "refunds": figures.refunds_fen,
    }


def _events() -> list[dict]:
    late = sale_event(
        1, 1250, [("cash", 1000), ("wechat", 250)], created_at="2026-11-26T16:30:00.000Z"
    )
    early = sale_event(2, 3000, [("alipay", 3000)], created_at="2026-11-26T02:00:00.000Z")
    # 23:30 UTC on the 26th is the 27th at the station (UTC+8): it counts there.
    return [
        late,
        early,
        refund_event(3, early, 500, "alipay", created_at="2026-11-26T23:30:00.000Z"),
    ]


def test_daily_figures_equal_the_hubs_stats_for_each_station_local_day(store: HubStore):
    store.add_station(STATION, "张庄", AT)
    store_batch(store, STATION, _events(), AT)
    for day in ("2026-11-26", "2026-11-27"):
        stats = hub_stats(store, STATION, date.fromisoformat(day))
        figures = _day(store, day)
        assert (figures["count"], figures["net"], figures["refunds"]) == (
            stats.sales_count,
            stats.net_fen,
            stats.refunds_fen,
        )
        payments = store.figures.payments_by_day(STATION, day, day).get(day, {})
        assert {m: a for m, a in payments.items() if a} == {
            m: a for m, a in stats.payments_fen.items() if a
        }
    assert _day(store, "2026-11-27") == {"count": 1, "sales": 1250, "net": 750, "refunds": 500}


def test_a_duplicate_upload_adds_nothing_and_rejections_are_counted(store: HubStore):
    store.add_station(STATION, "张庄", AT)
    events = _events()
    store_batch(store, STATION, events, AT)
    bad = sale_event(9, 100)
    bad["payload"]["total_fen"] = -1
    store_batch(store, STATION, [*events, bad], AT)
    assert _day(store, "2026-11-26")["sales"] == 3000
    [health] = store.figures.station_health("2026-11-26")[0][:1]
    assert (health.events_today, health.rejected_today, health.rejected_total) == (3, 1, 1)


def test_an_upload_adds_to_each_totals_table_in_one_statement(store: HubStore):
    store.add_station(STATION, "张庄", AT)
    store_batch(store, STATION, _events()[:1], AT)  # the rows exist: later ones add to them
    statements: list[str] = []
    run = store.database.run

    def counting(conn, sql, params=()):  # type: ignore[no-untyped-def]
        statements.append(" ".join(sql.split()[:3]))
        return run(conn, sql, params)

    store.database.run = counting  # type: ignore[method-assign]
    # Sales on two station-local days, three payment methods, a refund, a rejection.
    bad = sale_event(9, 100)
    bad["payload"]["total_fen"] = -1
    store_batch(store, STATION, [*_events()[1:], sale_event(4, 800), bad], AT)
    assert sorted(statements) == sorted(
        [
            "SELECT tz_offset_min FROM",
            "INSERT INTO events(station_id,",
            "INSERT INTO station_days(station_id,",
            "INSERT INTO station_day_payments(station_id,",
            "INSERT INTO station_health(station_id,",
            "INSERT INTO station_kind_counts(station_id,",
        ]
    )
    assert _day(store, "2026-11-26")["count"] == 2
    [health] = store.figures.station_health("2026-11-26")[0][:1]
    assert (health.events_today, health.rejected_today, health.rejected_total) == (4, 1, 1)


def test_the_upload_status_is_kept_and_a_batch_without_one_leaves_it(store: HubStore):
    store.add_station(STATION, "张庄", AT)
    store_batch(store, STATION, [], AT, UploadStatus("0.9.1", 12, "HubUnreachable: timed out"))
    store_batch(store, STATION, [], "2026-11-26T09:00:00.000Z", None)
    health = store.figures.health_of(STATION, "2026-11-26")
    assert health is not None
    assert (health.app_version, health.queue_length, health.last_error) == (
        "0.9.1",
        12,
        "HubUnreachable: timed out",
    )
    assert health.last_upload_at == "2026-11-26T09:00:00.000Z"


def test_a_hub_from_before_the_daily_tables_gets_them_rebuilt_from_its_events(db_url: str):
    old = open_store(db_url, migrate=False)
    # The schema version just before the migration that made the daily tables.
    before = next(i for i, steps in enumerate(MIGRATIONS) if backfill_daily_totals in steps)
    migrate(old.database, before)
    with old.database.write() as conn:
        old.database.run(
            conn,
            "INSERT INTO stations(id, name, secret, active, created_at) VALUES (?,?,?,1,?)",
            [STATION, "张庄", "s" * 64, AT],
        )
        for event in _events():
            import json

            old.database.run(
                conn,
                "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, "
                "received_at) VALUES (?,?,?,?,?,?,?)",
                [
                    STATION,
                    event["event_id"],
                    event["seq"],
                    event["kind"],
                    event["created_at"],
                    json.dumps(event["payload"]),
                    "2026-11-26T20:00:00.000Z",
                ],
            )
    old.close()
    upgraded = open_store(db_url)
    try:
        assert _day(upgraded, "2026-11-26") == {
            "count": 1,
            "sales": 3000,
            "net": 3000,
            "refunds": 0,
        }
        assert _day(upgraded, "2026-11-27") == {
            "count": 1,
            "sales": 1250,
            "net": 750,
            "refunds": 500,
        }
        health = upgraded.figures.health_of(STATION, "2026-11-27")
        assert health is not None and health.events_today == 3  # 20:00 UTC is the 27th
    finally:
        upgraded.close()


def test_a_stored_amount_that_is_true_or_text_adds_nothing():
    # Payloads an older hub stored unchecked are summed by the backfill: `true` is not 1.
    from county_hub.storage.daily_totals import DayTotals
    from county_hub.storage.station_totals import json_int

    assert [json_int({"n": v}, "n") for v in (7, True, False, "7", 7.0, None)] == [7, 0, 0, 0, 0, 0]
    totals = DayTotals()
    payload = {"created_at": AT, "tz_offset_min": 480, "subtotal_fen": True, "total_fen": 5}
    totals.add_money(STATION, "sale.completed", AT, payload)
    [day] = totals.money.values()
    assert (day["sales_count"], day["gross_fen"], day["sales_fen"]) == (1, 0, 5)
