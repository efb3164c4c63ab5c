"""The timeline picture: data for hand-worked DST windows, the SVG's run markers, PNG output, the missing extra."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from interval_schedule import IntervalSchedule
from interval_schedule.cli import main
from interval_schedule.errors import InvalidQueryError, LimitExceededError
from interval_schedule.timeline import draw_timeline, timeline_data

NY = "America/New_York"


def ids(path) -> list[str]:
    root = ET.parse(path).getroot()  # valid XML, or this raises
    return [el.get("id") for el in root.iter() if el.get("id")]


class TestData:
    def test_spring_forward_day_is_23_hours(self):
        s = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", NY)
        d = timeline_data(s, "2024-03-08T00:00", "2024-03-12T23:59")
        assert [r.hour for r in d.standard] == [2.5, 2.5, 3.5, 2.5, 2.5]
        assert [r.hour for r in d.prefect] == [2.5, 2.5, 3.5, 3.5, 3.5]  # the carried shift
        assert d.odd_days == ((date(2024, 3, 10), 23.0),)
        # the gap is 02:00-03:00 on 2024-03-10 (day 19792 since 1970)
        assert d.gaps == (((date(2024, 3, 10) - date(1970, 1, 1)).days, 2.0, 3.0),) and d.folds == ()

    def test_fall_back_day_is_25_hours_with_a_second_pass(self):
        s = IntervalSchedule(timedelta(hours=1), "2024-11-03T00:00-04:00", NY)
        d = timeline_data(s, "2024-11-03T00:00-04:00", "2024-11-03T03:00-05:00")
        # 00:00, 01:00 EDT, 01:00 EST (second pass), 02:00, 03:00; prefect drops the second 01:00
        assert [(r.hour, r.second_pass) for r in d.standard] == [(0, False), (1, False), (1, True), (2, False), (3, False)]
        assert len(d.prefect) == 4
        assert d.odd_days == ((date(2024, 11, 3), 25.0),) and len(d.folds) == 1

    def test_apia_whole_day_gap(self):
        s = IntervalSchedule(timedelta(days=1), "2011-12-28T10:00-10:00", "Pacific/Apia")
        d = timeline_data(s, "2011-12-28T00:00", "2012-01-01T23:00")
        assert len(d.standard) == 4 and (date(2011, 12, 31) - date(1970, 1, 1)).days not in [g[0] for g in d.gaps]
        assert ((date(2011, 12, 30) - date(1970, 1, 1)).days, 0.0, 24.0) in d.gaps

    def test_errors(self):
        s = IntervalSchedule(timedelta(minutes=1), "2024-01-01T00:00Z")
        with pytest.raises(InvalidQueryError, match="before start"):
            timeline_data(s, "2024-01-02T00:00Z", "2024-01-01T00:00Z")
        with pytest.raises(InvalidQueryError, match="at most 3660"):
            timeline_data(s, "2000-01-01T00:00Z", "2024-01-01T00:00Z")
        with pytest.raises(LimitExceededError):
            timeline_data(s, "2024-01-01T00:00Z", "2024-02-01T00:00Z")
        with pytest.raises(InvalidQueryError, match=".svg or .png"):
            draw_timeline(s, "2024-01-01T00:00Z", "2024-01-01T01:00Z", "out.pdf")
        with pytest.raises(InvalidQueryError, match="cannot write"):
            draw_timeline(s, "2024-01-01T00:00Z", "2024-01-01T01:00Z", "/nonexistent-dir/x/out.svg")


class TestPicture:
    def test_svg_has_one_marker_per_run(self, tmp_path):
        out = tmp_path / "t.svg"
        s = IntervalSchedule(timedelta(hours=1), "2024-11-03T00:00-04:00", NY)
        info = draw_timeline(s, "2024-11-03T00:00-04:00", "2024-11-03T03:00-05:00", str(out))
        found = ids(out)
        assert sum(i.startswith("run-standard-") for i in found) == 5 == info.standard_runs
        assert sum(i.startswith("run-prefect-") for i in found) == 4 == info.prefect_runs
        assert "day-25h-2024-11-03-standard" in found and "fold-prefect-0" in found

    def test_svg_is_deterministic_and_png_is_png(self, tmp_path):
        s = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", NY)
        a, b, png = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "c.png"
        for path in (a, b, png):
            draw_timeline(s, "2024-03-08T00:00", "2024-03-12T23:59", str(path))
        assert a.read_bytes() == b.read_bytes()
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert sum(i.startswith("run-standard-") for i in ids(a)) == 5 and "gap-standard-0" in ids(a)

    def test_cli(self, tmp_path, capsys):
        out = tmp_path / "cli.svg"
        code = main(["timeline", "--every", "1d", "--anchor", "2024-03-08T02:30", "--timezone", NY,
                     "--start", "2024-03-08T00:00", "--end", "2024-03-12T23:59", "-o", str(out)])
        assert code == 0 and "5 standard runs, 5 prefect runs, 5 days" in capsys.readouterr().out
        assert main(["timeline", "--every", "1d", "--anchor", "2024-03-08", "--start", "2024-03-08", "--end", "2024-03-09", "-o", "x.pdf"]) == 2
        assert ".svg or .png" in capsys.readouterr().err


def test_without_matplotlib_the_error_names_the_extra():
    code = "import sys; sys.modules['matplotlib'] = None\ntry:\n import interval_schedule.timeline\nexcept ImportError as e: print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert "pip install 'interval_schedule[plot]'" in out
