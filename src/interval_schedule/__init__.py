"""interval_schedule: when interval schedules fire, exact to the last DST edge, vectorized.

>>> from datetime import timedelta
>>> from interval_schedule import IntervalSchedule
>>> s = IntervalSchedule(timedelta(days=1), "2024-03-09T09:00", "America/New_York")
>>> [d.isoformat() for d in s.get_dates(3, start="2024-03-09T00:00-05:00")]
['2024-03-09T09:00:00-05:00', '2024-03-10T09:00:00-04:00', '2024-03-11T09:00:00-04:00']
"""

from . import errors
from .schedule import PROFILES, IntervalSchedule
from .tz import TZDATA_VERSION, available_zones, get_zone

__version__ = "0.1.0"

__all__ = ["IntervalSchedule", "PROFILES", "TZDATA_VERSION", "available_zones", "get_zone", "errors", "__version__"]
