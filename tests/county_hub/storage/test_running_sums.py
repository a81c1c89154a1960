"""Adding to running sums: keyed rows made at zero, added to, many in few statements."""

from __future__ import annotations

from county_hub.storage import HubStore
from county_hub.storage.running_sums import add_to_rows
from tests.county_hub.storage.conftest import NOW


def _payments(store: HubStore) -> dict[tuple[str, str, str], int]:
    with store.database.read() as conn:
        rows = store.database.run(
            conn, "SELECT station_id, day, method, amount_fen FROM station_day_payments"
        ).fetchall()
    return {(s, d, m): int(a) for s, d, m, a in rows}


def test_rows_are_made_at_zero_then_added_to(store: HubStore):
    store.add_station("A", "a", NOW)

    def add(rows: list[tuple[str, str, str, int]]) -> None:
        with store.database.write() as conn:
            key, columns = ("station_id", "day", "method"), ("amount_fen",)
            add_to_rows(store.database, conn, "station_day_payments", key, columns, rows)

    add([])
    add([("A", "2026-11-26", "cash", 500), ("A", "2026-11-26", "wechat", 250)])
    add([("A", "2026-11-26", "cash", -120), ("A", "2026-11-27", "cash", 7)])
    assert _payments(store) == {
        ("A", "2026-11-26", "cash"): 380,
        ("A", "2026-11-26", "wechat"): 250,
        ("A", "2026-11-27", "cash"): 7,
    }


def test_thousands_of_rows_go_in_slices_under_the_parameter_limits(store: HubStore):
    store.add_station("A", "a", NOW)
    rows = [("A", f"day-{n:05d}", "cash", n) for n in range(6_000)]  # 24,000 parameters
    statements: list[str] = []
    run = store.database.run

    def counting(conn, sql, params=()):  # type: ignore[no-untyped-def]
        statements.append(sql)
        return run(conn, sql, params)

    store.database.run = counting  # type: ignore[method-assign]
    with store.database.write() as conn:
        add_to_rows(
            store.database,
            conn,
            "station_day_payments",
            ("station_id", "day", "method"),
            ("amount_fen",),
            rows,
        )
    assert len(statements) == 5  # 1,250 rows of 4 parameters each
    payments = _payments(store)
    assert len(payments) == 6_000
    assert sum(payments.values()) == sum(range(6_000))
