"""reconcile: the numpy matching against a plain scalar statement of the same three passes."""

from __future__ import annotations

from collections import defaultdict
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from interval_schedule.deployment import Deployment
from interval_schedule.errors import InvalidQueryError, ScheduleTypeError
from interval_schedule.planner import plan_many, plan_runs
from interval_schedule.reconcile import RunTable, reconcile

Row = tuple[str, int, str]  # key, UTC microseconds, series


def scalar_reconcile(existing: list[Row], planned: list[Row]) -> tuple[list, list, list, list]:
    """The three passes, written the obvious way: (keep pairs, moved pairs, extra rows, missing rows)."""
    e_left, p_left = set(range(len(existing))), set(range(len(planned)))
    keep = []
    for i, (k, u, _) in enumerate(existing):  # pass 1: first unmatched planned row with the same key and instant
        for j in sorted(p_left):
            if planned[j][:2] == (k, u):
                keep.append((i, j))
                e_left.discard(i)
                p_left.discard(j)
                break
    moved = []
    for field in (0, 2):  # pass 2 by key, pass 3 by series: leftovers paired by rank in (time, row) order
        e_groups: dict[str, list[int]] = defaultdict(list)
        p_groups: dict[str, list[int]] = defaultdict(list)
        for i in sorted(e_left, key=lambda i: (existing[i][1], i)):
            e_groups[existing[i][field]].append(i)
        for j in sorted(p_left, key=lambda j: (planned[j][1], j)):
            p_groups[planned[j][field]].append(j)
        for label, rows in e_groups.items():
            for i, j in zip(rows, p_groups.get(label, [])):
                moved.append((i, j))
                e_left.discard(i)
                p_left.discard(j)
    return sorted(keep), sorted(moved), sorted(e_left), sorted(p_left)


def table(rows: list[Row]) -> RunTable:
    return RunTable([r[0] for r in rows], np.array([r[1] for r in rows], np.int64).view("datetime64[us]"), [r[2] for r in rows])


# Few keys, instants and series, so collisions (the interesting cases) are common.
rows = st.lists(st.tuples(st.sampled_from(["k0", "k1", "k2", "k3"]), st.integers(0, 5), st.sampled_from(["a", "b"])), max_size=12)


class TestAgainstScalar:
    @given(rows, rows)
    @settings(max_examples=300, deadline=None)
    @example([("k0", 1, "a"), ("k0", 1, "a")], [("k0", 1, "a")])  # a duplicate existing run: one kept, one extra
    @example([("k0", 1, "a")], [("k1", 2, "b")])  # different key and series: extra + missing, no move
    def test_same_as_scalar(self, existing: list[Row], planned: list[Row]) -> None:
        r = reconcile(table(existing), table(planned))
        keep, moved, extra, missing = scalar_reconcile(existing, planned)
        assert sorted(zip(r.keep.tolist(), r.keep_planned.tolist())) == keep
        assert sorted(map(tuple, r.moved.tolist())) == moved
        assert r.extra.tolist() == extra
        assert r.missing.tolist() == missing

    @given(rows, rows)
    @settings(max_examples=300, deadline=None)
    def test_applied_to_existing_gives_the_plan(self, existing: list[Row], planned: list[Row]) -> None:
        r = reconcile(table(existing), table(planned))
        remaining = [existing[i][:2] for i in range(len(existing)) if i not in set(r.delete.tolist())]
        created = [planned[j][:2] for j in r.create.tolist()]
        assert sorted(remaining + created) == sorted(p[:2] for p in planned)
        assert len(r.apply()) == len(planned)
        # every row is in exactly one category
        assert sorted(r.keep.tolist() + r.delete.tolist()) == list(range(len(existing)))
        assert sorted(r.keep_planned.tolist() + r.create.tolist()) == list(range(len(planned)))
        assert r.differs == (sorted(e[:2] for e in existing) != sorted(p[:2] for p in planned))

    @given(rows)
    def test_identical_runs_are_all_kept(self, existing: list[Row]) -> None:
        r = reconcile(table(existing), table(list(reversed(existing))))
        assert r.summary() == {"keep": len(existing), "moved": 0, "extra": 0, "missing": 0}


DEP = "6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f"
FLOW = "2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c"


def daily_new_york(anchor: str, dep_id: str = DEP) -> Deployment:
    return Deployment.from_dict({
        "id": dep_id, "name": "daily", "flow_id": FLOW,
        "schedules": [{"id": "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
                       "schedule": {"interval": 86400, "anchor_date": anchor, "timezone": "America/New_York"}}],
    })


class TestWithThePlanner:
    def test_schedule_edit_is_reported_as_moves(self) -> None:
        # 09:00 -> 09:30 New York across the 2024-03-10 spring-forward: hand-worked UTC instants.
        now = "2024-03-09T12:00:00Z"
        before = plan_runs(daily_new_york("2024-01-01T09:00:00-05:00"), now)
        after = plan_runs(daily_new_york("2024-01-01T09:30:00-05:00"), now)
        r = reconcile(before, after)
        assert r.summary() == {"keep": 0, "moved": 3, "extra": 0, "missing": 0}
        utc = [(str(r.existing.utc[i])[:16], str(r.planned.utc[j])[:16]) for i, j in r.moved.tolist()]
        assert utc == [
            ("2024-03-09T14:00", "2024-03-09T14:30"),
            ("2024-03-10T13:00", "2024-03-10T13:30"),
            ("2024-03-11T13:00", "2024-03-11T13:30"),
        ]

    def test_planned_runs_arrays_equal_run_objects(self) -> None:
        ds = [daily_new_york("2024-01-01T09:00:00-05:00", f"6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e{i:02x}") for i in range(20)]
        plans = plan_many(ds, "2024-03-09T12:00:00Z")
        r_arrays = reconcile(plans, plan_many(ds, "2024-03-09T12:00:00Z"))
        assert r_arrays.summary() == {"keep": 60, "moved": 0, "extra": 0, "missing": 0}
        # a shifted anchor for half of them: 30 moves, one series each
        shifted = [daily_new_york("2024-01-01T10:00:00-05:00", d.id) if i % 2 else d for i, d in enumerate(ds)]
        r = reconcile(plans.runs(), plan_many(shifted, "2024-03-09T12:00:00Z"))
        assert r.summary() == {"keep": 30, "moved": 30, "extra": 0, "missing": 0}
        assert all(r.existing.series[i] == r.planned.series[j] for i, j in r.moved.tolist())

    def test_a_run_of_another_deployment_is_extra_not_moved(self) -> None:
        now = "2024-03-09T12:00:00Z"
        mine = plan_runs(daily_new_york("2024-01-01T09:00:00-05:00"), now)
        other = plan_runs(daily_new_york("2024-01-01T09:00:00-05:00", "11111111-3d4a-4c5b-9e8f-0a1b2c3d4e5f"), now)
        r = reconcile(mine + other[:1], mine)
        assert r.summary() == {"keep": 3, "moved": 0, "extra": 1, "missing": 0}
        assert r.extra.tolist() == [3]


class TestBadInput:
    def test_columns_of_different_lengths(self) -> None:
        with pytest.raises(InvalidQueryError, match="differ in length: 2 keys, 1 instants"):
            RunTable(["a", "b"], np.array(["2024-01-01"], "datetime64[us]"))

    def test_instants_must_be_datetime64(self) -> None:
        with pytest.raises(ScheduleTypeError, match="datetime64"):
            RunTable(["a"], [1])

    def test_not_runs(self) -> None:
        with pytest.raises(ScheduleTypeError, match=r"existing\[0\] must have idempotency_key"):
            reconcile([object()], [])
        with pytest.raises(ScheduleTypeError, match="existing must be"):
            reconcile(5, [])

    def test_naive_time(self) -> None:
        class Run:
            idempotency_key = "k"
            scheduled_time = "2024-01-01T00:00:00"

        with pytest.raises(InvalidQueryError, match="has no offset"):
            reconcile([Run()], [])

    def test_empty(self) -> None:
        r = reconcile([], [])
        assert not r.differs and r.moved.shape == (0, 2)
