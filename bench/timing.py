"""Sampling durations and summarising them as median, p99 and count."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure; times in milliseconds unless `unit` says otherwise."""

    name: str
    median: float
    p99: float
    samples: int
    unit: str = "ms"
    target: float | None = None
    # Which statistic the target bounds: "p99", "median" or "total" (at most the target),
    # or "min" (a rate such as events/s, held in `median`: at least the target).
    target_kind: str = "p99"
    baseline: float | None = None  # the baseline's figure of the same statistic
    note: str = ""
    # The bound on `ratio` (ours / the baseline's, same run): at most, or with
    # `ratio_at_least`, at least (PouchDB's time over ours, say).
    ratio_target: float | None = None
    ratio_at_least: bool = False

    @property
    def value(self) -> float:
        """The statistic the target is about."""
        return self.median if self.target_kind in ("median", "total", "min") else self.p99

    @property
    def meets_target(self) -> bool | None:
        """Whether the figure meets its target and its ratio target; None with neither."""
        verdicts = []
        if self.target is not None:
            if self.target_kind == "min":
                verdicts.append(self.value >= self.target)
            else:
                verdicts.append(self.value <= self.target)
        if self.ratio_target is not None:
            ratio = self.ratio
            if ratio is None:
                verdicts.append(False)
            elif self.ratio_at_least:
                verdicts.append(ratio >= self.ratio_target)
            else:
                verdicts.append(ratio <= self.ratio_target)
        return all(verdicts) if verdicts else None

    @property
    def ratio(self) -> float | None:
        """Our figure divided by the baseline's."""
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of `values`."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def sample_ms(action: Callable[[], object], count: int, *, warmup: int = 20) -> list[float]:
    """Run `action` `count` times after a warm-up; durations in milliseconds."""
    for _ in range(warmup):
        action()
    durations = []
    for _ in range(count):
        start = time.perf_counter_ns()
        action()
        durations.append((time.perf_counter_ns() - start) / 1e6)
    return durations


def summarise(name: str, durations: list[float], **extra: object) -> Figure:
    """A figure from raw durations."""
    return Figure(
        name, statistics.median(durations), percentile(durations, 0.99), len(durations), **extra
    )  # type: ignore[arg-type]
