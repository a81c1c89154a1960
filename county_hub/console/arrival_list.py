"""The courier's arrival list (到站清单) as CSV: parcels for many stations, announced at once.

Header `station,tracking,carrier,name,phone` or the Chinese words below (`station` and
`tracking` required). Each row is checked by `parcels.parcel_data`, exactly as one
parcel announced from the form or by `parcel-arrived`; then every parcel is queued in
one transaction, or none is: a list with one bad row stores nothing and says which
line, so the clerk fixes the file and uploads it again whole.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from county_hub.catalog import CatalogRefused, decode_csv
from county_hub.parcels import ParcelRefused, already_announced, parcel_data
from county_hub.storage import HubStore
from county_hub.storage.announced_parcels import AlreadyAnnounced
from county_hub.storage.console_audit import AuditNote

COLUMNS = {
    "station": ("station", "station_id", "站点", "站点编号", "服务站编号"),
    "tracking": ("tracking", "tracking_no", "运单号", "快递单号", "单号"),
    "carrier": ("carrier", "快递", "快递公司"),
    "name": ("name", "recipient", "收件人", "姓名"),
    "phone": ("phone", "mobile", "手机", "电话", "手机号"),
}
REQUIRED = ("station", "tracking")
MAX_ROWS = 5000
PROBLEMS_SHOWN = 20


class ArrivalListRefused(Exception):
    """The list was not announced (nothing stored).

    `problems` are (line, reason); line 0 is the file as a whole.
    """

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"{line}: {reason}" for line, reason in problems))
        self.problems = problems


@dataclass(frozen=True)
class Arrival:
    """One checked row: the station and its `parcel.arrived` data, with the file's line."""

    line: int
    station_id: str
    data: dict[str, Any]


def _positions(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        word = title.strip().lower()
        for name, words in COLUMNS.items():
            if word in words:
                found.setdefault(name, index)
    return found


def read_arrival_list(store: HubStore, raw: bytes, source: str) -> list[Arrival]:
    """Every row of an arrival list, checked; all rows or none.

    Raises:
        ArrivalListRefused: unreadable file, a missing column, an unknown station, a bad
            parcel (the messages of `parcel_data`) or one listed twice for a station.
    """
    try:
        table = list(csv.reader(io.StringIO(decode_csv(raw, source), newline="")))
    except CatalogRefused as refusal:
        raise ArrivalListRefused([(0, str(refusal))]) from None
    except csv.Error as error:
        raise ArrivalListRefused([(0, f"{source}: malformed CSV: {error}")]) from None
    if not table:
        raise ArrivalListRefused([(0, f"{source}: the file is empty")])
    columns = _positions(table[0])
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ArrivalListRefused([(0, f"{source}: the header lacks {', '.join(missing)}")])
    if len(table) - 1 > MAX_ROWS:
        raise ArrivalListRefused([(0, f"{source}: more than {MAX_ROWS:,} rows; split the file")])
    known = {station.id for station in store.stations()}
    arrivals: list[Arrival] = []
    problems: list[tuple[int, str]] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, row in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: row[i].strip() if i < len(row) else "" for name, i in columns.items()}
        station_id = cells["station"]
        try:
            if station_id not in known:
                raise ParcelRefused(f"no station {station_id or '(empty)'}")
            data = parcel_data(
                cells["tracking"],
                cells.get("carrier"),
                cells.get("name", ""),
                cells.get("phone", ""),
            )
            key = (station_id, data["tracking_no"])
            if key in first_line:
                raise ParcelRefused(
                    f"parcel {key[1]} for {station_id} repeats line {first_line[key]}"
                )
            first_line[key] = line
        except ParcelRefused as refusal:
            problems.append((line, str(refusal)))
            continue
        arrivals.append(Arrival(line, station_id, data))
    if problems:
        raise ArrivalListRefused(problems)
    if not arrivals:
        raise ArrivalListRefused([(0, f"{source}: the header is there but no parcel rows")])
    return arrivals


def announce_arrivals(
    store: HubStore, arrivals: list[Arrival], now: str, by: str, source: str
) -> list[int]:
    """Queue every arrival's `parcel.arrived`, in one audited transaction; their cursors.

    Raises:
        ArrivalListRefused: a parcel already announced to its station (nothing stored).
    """
    stations = sorted({a.station_id for a in arrivals})
    note = AuditNote(
        by,
        "parcels.announced",
        stations[0] if len(stations) == 1 else "*",
        {"file": source, "parcels": len(arrivals), "stations": len(stations)},
    )
    try:
        return store.announce_parcels([(a.station_id, a.data) for a in arrivals], now, note)
    except AlreadyAnnounced as taken:
        arrival = arrivals[taken.index]
        refusal = already_announced(arrival.data["tracking_no"], arrival.station_id, taken.cursor)
        raise ArrivalListRefused([(arrival.line, str(refusal))]) from None
