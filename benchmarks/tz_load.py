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


def rss_bytes() -> tuple[int, int]:
    """Resident bytes, and of those the private (anonymous) ones: resident minus file-backed and shared pages.

    The difference is mostly library code paged in on first use (numpy's
    arithmetic loops come in about 1 MB at a time), shared with every process.
    """
    with open("/proc/self/statm") as f:
        fields = f.read().split()
    return int(fields[1]) * 4096, (int(fields[1]) - int(fields[2])) * 4096


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
    before, before_private = rss_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    held = load()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    after, after_private = rss_bytes()
    print(json.dumps({
        "which": which, "zones": len(held), "seconds": seconds, "cpu_seconds": cpu_seconds,
        "rss_bytes": after - before, "private_rss_bytes": after_private - before_private,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
