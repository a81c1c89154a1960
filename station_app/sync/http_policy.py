"""How long the station waits on the hub and how often it asks again.

Apart from `hub_client` so that the counter app can hold these settings without
importing the HTTP stack (`requests`) at start; the first sync imports it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for the connection and, once connected, for each read."""

    connect_s: float = 5.0
    read_s: float = 30.0


@dataclass(frozen=True)
class RetryPolicy:
    """Up to `retries` more tries after the first, waiting base·2ⁿ seconds ± `jitter`·100 %.

    The growth stops at `max_delay_s` (before the jitter). Only connection errors,
    timeouts and 5xx answers are retried: a 4xx will not change by asking again. The
    counter app's offline probing backs off by the same rule (`delay`), without a limit
    of tries.
    """

    retries: int = 4
    base_delay_s: float = 1.0
    jitter: float = 0.5
    max_delay_s: float = math.inf

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait before retry number `attempt` (0 for the first retry)."""
        spread = rng.uniform(-self.jitter, self.jitter)
        # Bounded exponent: days of probing a dead link must not overflow the float.
        grown = min(self.max_delay_s, self.base_delay_s * 2.0 ** min(attempt, 64))
        return max(0.0, grown * (1 + spread))
