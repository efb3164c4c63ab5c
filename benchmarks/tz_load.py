"""Load every zone and answer one query in 2030 each, in a fresh process: RSS growth and time.

Run by benchmarks/bench_tz.py (``make bench``), once per library per round,
alternating, so both see the same machine, and by the RSS test in
tests/test_tz_table.py.  Prints one JSON line.

    python benchmarks/tz_load.py ours|zoneinfo

What is compared: each side first imports what it needs (ours: numpy and
``interval_schedule.tz``, which imports numpy anyway; zoneinfo: ``zoneinfo``
and ``datetime``), then the baseline is read, then every zone is loaded and
asked one question.  The imports are reported (``import_rss_bytes``) but not
counted in the growth: numpy's import is far larger than zoneinfo's, and is
paid by any process that uses this library at all.
"""

from __future__ import annotations

import gc
import json
import sys
import time


def rss_bytes() -> tuple[int, int]:
    """Resident bytes, and of those the private (anonymous) ones: resident minus file-backed and shared pages."""
    with open("/proc/self/statm") as f:
        fields = f.read().split()
    return int(fields[1]) * 4096, (int(fields[1]) - int(fields[2])) * 4096


def numpy_code_bytes() -> int:
    """Resident bytes of numpy's own files (its compiled extension modules, mapped from disk).

    The first call of a numpy arithmetic loop pages that loop's code in: from
    64 kB to a few MB depending on how the file sits in the page cache.
    """
    total, in_numpy = 0, False
    with open("/proc/self/smaps") as f:
        for line in f:
            head = line.split(None, 6)
            if head[0][0] in "0123456789abcdef" and "-" in head[0]:  # a mapping's first line
                in_numpy = len(head) > 5 and "/numpy/" in head[-1]
            elif in_numpy and head[0] == "Rss:":
                total += int(head[1]) * 1024
    return total


def main(which: str) -> None:
    at_start = rss_bytes()[0]
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

    numpy_before = numpy_code_bytes()
    gc.collect()
    before, before_private = rss_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    held = load()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    after, after_private = rss_bytes()
    print(json.dumps({
        "which": which, "zones": len(held), "seconds": seconds, "cpu_seconds": cpu_seconds,
        "rss_bytes": after - before, "private_rss_bytes": after_private - before_private,
        "numpy_code_rss_bytes": numpy_code_bytes() - numpy_before, "import_rss_bytes": before - at_start,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
