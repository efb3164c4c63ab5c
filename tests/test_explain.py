"""explain(): hand-worked DST cases, and properties against the zoneinfo oracle."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

import oracle
from schedule_oracle import OracleSchedule
from interval_schedule import IntervalSchedule
from interval_schedule.errors import InvalidQueryError, ScheduleTypeError
from interval_schedule.explain import explain
from interval_schedule.testing import interval_schedules

NY = "America/New_York"


def us(d) -> int:
    """UTC microseconds of a pendulum DateTime, through the stdlib."""
    return oracle.aware_to_us(datetime.fromisoformat(d.isoformat()))
H = timedelta(hours=1)


class TestHandWorked:
    def test_gap_shift_on_spring_forward(self):
        # daily 02:30 from 03-08: k=2 is 2024-03-10 02:30, which does not exist (EST -5 -> EDT -4)
        e = explain(IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", NY), "2024-03-10T07:30Z")
        assert (e.index, e.stepping, e.kind, e.policy) == (2, "wall_clock", "gap", "shift")
        assert e.anchor_wall == "2024-03-08T02:30:00" and e.nominal_wall == "2024-03-10T02:30:00"
        assert e.occurrence.isoformat() == "2024-03-10T03:30:00-04:00" and e.at_queried
        assert (e.offset_before, e.offset_after, e.offset, e.shift) == (-5 * H, -4 * H, -4 * H, H)
        assert e.note == "shifted from 2024-03-10T02:30:00 (DST gap)"
        assert e.prefect_reason is None and e.prefect_date.isoformat() == "2024-03-10T03:30:00-04:00"

    def test_prefect_carries_the_shift(self):
        e = explain(IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", NY), "2024-03-11T02:30")
        assert (e.index, e.kind, e.policy) == (3, "unambiguous", None)
        assert e.prefect_reason == "carried_gap_shift"
        assert e.prefect_date.isoformat() == "2024-03-11T03:30:00-04:00"

    def test_fold_earlier_and_prefect_later(self):
        e = explain(IntervalSchedule(timedelta(days=1), "2024-11-02T01:30-04:00", NY), "2024-11-03T00:00")
        assert not e.at_queried and e.occurrence.isoformat() == "2024-11-03T01:30:00-04:00"
        assert (e.kind, e.policy, e.fold_pass) == ("fold", "earlier", "first")
        assert (e.offset_before, e.offset_after) == (-4 * H, -5 * H)
        assert e.prefect_reason == "later_fold_instant" and e.prefect_date.isoformat() == "2024-11-03T01:30:00-05:00"

    def test_fold_later_matches_prefect(self):
        s = IntervalSchedule(timedelta(days=1), "2024-11-02T01:30-04:00", NY, fold="later")
        e = explain(s, "2024-11-03T00:00")
        assert e.occurrence.isoformat() == "2024-11-03T01:30:00-05:00" and e.fold_pass == "second"
        assert e.policy == "later" and e.prefect_reason is None

    def test_hourly_second_pass_is_dropped_by_prefect(self):
        # 2018-11-04 hourly from 00:00 EDT: 01:00 EDT (k=1), then 01:00 EST (k=2)
        s = IntervalSchedule(H, "2018-11-04T00:00-04:00", NY)
        first, second = explain(s, "2018-11-04T05:00Z"), explain(s, "2018-11-04T06:00Z")
        assert (first.index, first.fold_pass, first.prefect_reason) == (1, "first", None)
        assert (second.index, second.stepping, second.kind, second.fold_pass, second.policy) == (2, "elapsed", "fold", "second", None)
        assert second.note == "in a fold (second pass)"
        assert second.prefect_reason == "wall_clock_dedup"
        assert second.prefect_date.isoformat() == "2018-11-04T02:00:00-05:00"

    def test_before_the_anchor(self):
        e = explain(IntervalSchedule(H, "2024-01-01T00:00Z"), "2023-12-31T21:00Z")
        assert e.index == -3 and e.kind == "unambiguous" and e.note == ""

    def test_apia_missing_day_merges(self):
        # 2011-12-30 never happened in Apia (-10:00 -> +14:00): k=2 shifts a whole day onto k=3
        s = IntervalSchedule(timedelta(days=1), "2011-12-28T10:00-10:00", "Pacific/Apia")
        e = explain(s, "2011-12-30T19:00Z")
        assert (e.index, e.kind, e.shift, e.merged_with_next) == (2, "gap", timedelta(days=1), True)
        assert e.occurrence.isoformat() == "2011-12-31T10:00:00+14:00"

    def test_skip_lists_the_dropped_day(self):
        s = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", NY, gap="skip")
        e = explain(s, "2024-03-10T00:00")
        assert e.index == 3 and e.skipped == ("2024-03-10T02:30:00",)
        assert "was dropped" in str(e)

    def test_mixed_interval(self):
        e = explain(IntervalSchedule(timedelta(hours=25), "2024-03-09T09:00-05:00", NY), "2024-03-12T00:00")
        # W + 3*25h = 03-09 09:00 + 75 h = 03-12 12:00 wall
        assert e.nominal_wall == "2024-03-12T12:00:00" and e.prefect_reason == "mixed_interval"

    def test_to_dict_is_json(self):
        import json

        d = explain(IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", NY), "2024-03-10T03:30").to_dict()
        assert json.loads(json.dumps(d))["occurrence_utc"] == "2024-03-10T07:30:00Z"


class TestErrors:
    def test_not_a_schedule(self):
        with pytest.raises(ScheduleTypeError, match="IntervalSchedule"):
            explain("every day", "2024-01-01T00:00Z")

    def test_past_the_end(self):
        with pytest.raises(InvalidQueryError, match="ends before year 10000"):
            explain(IntervalSchedule(timedelta(days=1), "9999-12-30T00:00Z"), "9999-12-31T12:00Z")




@settings(max_examples=60, deadline=None)
@given(interval_schedules(start_year=2000, end_year=2030), st.integers(-40, 40), st.integers(0, 86_400 * 10**6))
def test_explain_agrees_with_the_oracle(s, steps, jiggle):
    """The occurrence is the oracle's next date; k and the wall-clock arithmetic are the definition's."""
    o = OracleSchedule(s.interval, s.anchor_utc_us, s.timezone, s.gap, s.fold)
    t = s.anchor_utc_us + steps * s.interval_us // 3 + jiggle
    want = o.next_date(t)
    if want is None:
        return
    e = explain(s, __import__("numpy").datetime64(t, "us"), compare_prefect=False)
    assert us(e.occurrence) == want
    if s.is_wall_clock:
        nominal = o.W + e.index * s.interval
        assert e.nominal_wall == nominal.isoformat(timespec="seconds" if nominal.microsecond == 0 else "microseconds")
        assert e.kind.upper() == oracle.kind(s.timezone, oracle.naive_to_us(nominal))
        assert o.occurrence(e.index) == want
    else:
        assert want == s.anchor_utc_us + e.index * s.interval_us and e.policy is None


@settings(max_examples=30, deadline=None)
@given(interval_schedules("America/New_York", start_year=2018, end_year=2026), st.integers(-20, 60))
def test_prefect_reason_is_none_exactly_when_the_dates_agree(s, steps):
    e = explain(s, __import__("numpy").datetime64(s.anchor_utc_us + steps * s.interval_us, "us"))
    # instants compared: pendulum compares DateTimes of one zone by wall clock
    same = e.prefect_date is not None and us(e.prefect_date) == us(e.occurrence)
    assert (e.prefect_reason is None) == same


class TestCommand:
    def test_plain_words(self, capsys):
        from interval_schedule.cli import main

        code = main(["explain", "--every", "1d", "--anchor", "2024-03-08T02:30", "--timezone", NY, "--at", "2024-03-10T03:30"])
        out = capsys.readouterr().out.splitlines()
        assert code == 0
        assert out[1] == "2024-03-10T03:30:00-04:00 is occurrence k=2 of the schedule, counted from the anchor."
        assert "2024-03-10T02:30:00 does not exist: the clocks jumped from -05:00 to -04:00 there (a DST gap)." in out
        assert "Policy gap='shift' moves it forward by the gap's length, 1:00:00, to 2024-03-10T03:30:00-04:00." in out
        assert out[-1] == "Prefect 3.9.1 runs at the same instant."

    def test_json(self, capsys):
        import json

        from interval_schedule.cli import main

        code = main(["explain", "--every", "1h", "--anchor", "2018-11-04T00:00-04:00", "--timezone", NY,
                     "--at", "2018-11-04T06:00Z", "--json"])
        doc = json.loads(capsys.readouterr().out)
        assert code == 0 and doc["index"] == 2 and doc["fold_pass"] == "second"
        assert doc["prefect_reason"] == "wall_clock_dedup" and doc["note"] == "in a fold (second pass)"

    def test_user_error(self, capsys):
        from interval_schedule.cli import main

        assert main(["explain", "--every", "1d", "--anchor", "2024-01-01", "--at", "yesterday"]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "'yesterday'" in err
