"""Units and bounds every layer shares: int64 microseconds since 1970-01-01T00:00.

Stdlib only, imports nothing from the package: the one home of these numbers,
below the tz engine.

>>> MAX_US - MIN_US == MAX_INTERVAL_US, DAY_US // HOUR_US
(True, 24)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

__all__ = [
    "US", "MINUTE_US", "HOUR_US", "DAY_US", "WEEK_US", "MIN_US", "MAX_US", "MAX_INTERVAL_US", "NAT",
    "ONE_US", "EPOCH_NAIVE", "EPOCH_UTC",
]

#: Microseconds per second, minute, hour, day and week.
US = 1_000_000
MINUTE_US = 60 * US
HOUR_US = 60 * MINUTE_US
DAY_US = 24 * HOUR_US
WEEK_US = 7 * DAY_US
#: The first and last instants of years 1-9999 (``datetime.min``/``datetime.max`` in UTC).
MIN_US = -62135596800 * US
MAX_US = 253402300800 * US - 1
#: The largest interval: the whole span of years 1-9999 (``datetime.max - datetime.min``).
MAX_INTERVAL_US = MAX_US - MIN_US
#: numpy's NaT as int64 (``np.iinfo(np.int64).min``): "no date" in int64 result arrays.
NAT = -(2**63)
ONE_US = timedelta(microseconds=1)
EPOCH_NAIVE = datetime(1970, 1, 1)
EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)
