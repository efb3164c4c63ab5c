"""pytest hooks for the doctests in src/, docs/ and README.md (tests/ has its own conftest.py).

A doctest example whose output depends on the IANA release says so with a
trailing ``# tzdata 2026f`` comment.  On any other release that example is
skipped (the rest of the doctest still runs), and the summary says how many
were skipped and why; the ``test`` extra pins the release, so ``make test``
runs them all.
"""

from __future__ import annotations

import doctest
import re

from interval_schedule.tz import TZDATA_VERSION

_RELEASE = re.compile(r"#\s*tzdata (\d{4}[a-z]+)\s*$", re.MULTILINE)
_skipped: dict[str, list[str]] = {}


def pytest_collection_modifyitems(config, items):
    for item in items:
        test = getattr(item, "dtest", None)
        if not isinstance(test, doctest.DocTest):
            continue
        for example in test.examples:
            release = _RELEASE.search(example.source)
            if release and release.group(1) != TZDATA_VERSION:
                example.options[doctest.SKIP] = True
                _skipped.setdefault(release.group(1), []).append(f"{test.filename}:{test.lineno + example.lineno + 1}")


def pytest_terminal_summary(terminalreporter):
    for release, where in sorted(_skipped.items()):
        terminalreporter.write_line(
            f"skipped {len(where)} doctest example(s) that show IANA {release} values; this is IANA {TZDATA_VERSION}: "
            + ", ".join(where)
        )
