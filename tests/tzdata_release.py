"""Expected values that depend on the IANA release run only on the release they were made with.

Most tests compute their expectations from stdlib zoneinfo reading the same
tzdata package (tests/oracle.py), so they hold on every release.  The
fixtures made by running real Prefect (tests/data/prefect_*.json) and a few
hand-pinned values record the offsets of one release: on any other release
they are skipped, with a reason, instead of failing.  The ``test`` extra pins
that release, so ``make test`` runs them all.
"""

from __future__ import annotations

import pytest

from interval_schedule.tz import TZDATA_PACKAGE_VERSION, TZDATA_VERSION


def made_with(tzdata_version: str) -> pytest.MarkDecorator:
    """Skip unless the tzdata package is *tzdata_version* (a package version such as ``"2026.6"``)."""
    return pytest.mark.skipif(
        TZDATA_PACKAGE_VERSION != tzdata_version,
        reason=f"expected values made with tzdata {tzdata_version}; this is tzdata {TZDATA_PACKAGE_VERSION} "
        f"(IANA {TZDATA_VERSION})",
    )
