"""Load every zone and answer one query in 2030 each, in a fresh process: RSS growth and time.

Run by benchmarks/bench_tz.py (``make bench``), once per library per round,
alternating, so both see the same machine.  Prints one JSON line.

    python benchmarks/tz_load.py ours|zoneinfo
"""

from __future__ import annotations

import gc
import json
import sys
import time


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def main(which: str) -> None:
    if which == "ours":
        import numpy as np

        from interval_schedule import tz

        keys = sorted(tz.available_zones())
        query = np.datetime64("2030-06-01T12:00", "us")

        def load() -> list:
            return [(z := tz.get_zone(k), z.utcoffset(query))[0] for k in keys]

    else:
        import zoneinfo
        from datetime import datetime, timezone

        zoneinfo.reset_tzpath(to=[])  # the tzdata package, as ours
        keys = sorted(zoneinfo.available_timezones())
        moment = datetime(2030, 6, 1, 12, tzinfo=timezone.utc)

        def load() -> list:
            return [(z := zoneinfo.ZoneInfo(k), moment.astimezone(z).utcoffset())[0] for k in keys]

    gc.collect()
    before = rss_bytes()
    start = time.perf_counter()
    held = load()
    seconds = time.perf_counter() - start
    grown = rss_bytes() - before
    print(json.dumps({"which": which, "zones": len(held), "seconds": seconds, "rss_bytes": grown}))


if __name__ == "__main__":
    main(sys.argv[1])
