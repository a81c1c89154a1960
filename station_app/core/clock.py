"""Station time: UTC instants stored with the station's UTC offset."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta


def utc_now() -> datetime:
    """The PC clock as an aware UTC datetime."""
    return datetime.now(UTC)


@dataclass
class Clock:
    """Tells the time to services; simulations and tests pass their own `source`."""

    tz_offset_min: int = 480  # China Standard Time, UTC+8
    source: Callable[[], datetime] = field(default=utc_now)

    def now(self) -> datetime:
        """Current instant, aware, in UTC."""
        return self.source().astimezone(UTC)

    def stamp(self) -> str:
        """Current instant as UTC ISO-8601 with milliseconds."""
        return iso(self.now())

    def local(self, instant: datetime | None = None) -> datetime:
        """`instant` (default now) in station local time (naive)."""
        moment = instant or self.now()
        return (moment.astimezone(UTC) + timedelta(minutes=self.tz_offset_min)).replace(tzinfo=None)

    def today(self) -> date:
        """Today's date at the station."""
        return self.local().date()


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with milliseconds and a Z."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """Inverse of `iso`."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class SteppingClock:
    """A clock that advances only when told to, for simulation and tests."""

    def __init__(self, start: datetime) -> None:
        self.current = start.astimezone(UTC)

    def __call__(self) -> datetime:
        """The current simulated instant."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move time forward by `delta`."""
        self.current += delta
