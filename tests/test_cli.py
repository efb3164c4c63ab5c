"""The preview and compare commands (the plan command is in test_deployment_cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from interval_schedule.cli import main, parse_every

NY = ["--timezone", "America/New_York"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestPreview:
    def test_gap_day_is_noted(self, capsys):
        code, out, err = run(capsys, "preview", "--every", "1d", "--anchor", "2024-03-08T02:30", *NY, "--count", "4")
        assert code == 0 and err == ""
        lines = out.splitlines()
        # header repr, column titles, then one row per date
        assert lines[1].split() == ["LOCAL", "UTC", "OFFSET", "NOTE"]
        rows = lines[2:]
        assert rows[0].startswith("2024-03-08T02:30:00-05:00  2024-03-08T07:30:00Z  -05:00")
        # 02:30 does not exist on 2024-03-10: shifted one hour forward, to 03:30 EDT = 07:30Z
        assert rows[2].startswith("2024-03-10T03:30:00-04:00  2024-03-10T07:30:00Z  -04:00")
        assert rows[2].endswith("shifted from 2024-03-10T02:30:00 (DST gap)")
        assert rows[3].startswith("2024-03-11T02:30:00-04:00")

    def test_skip_policy_lists_the_skipped_time(self, capsys):
        code, out, _ = run(
            capsys, "preview", "--every", "1d", "--anchor", "2024-03-08T02:30", *NY, "--count", "3", "--gap", "skip"
        )
        assert code == 0
        rows = out.splitlines()[2:]
        assert [r.split()[0] for r in rows] == [
            "2024-03-08T02:30:00-05:00", "2024-03-09T02:30:00-05:00", "2024-03-10T02:30:00", "2024-03-11T02:30:00-04:00",
        ]
        assert rows[2].endswith("skipped (DST gap)")

    def test_fold_passes_are_noted_in_json(self, capsys):
        code, out, _ = run(
            capsys, "preview", "--every", "30m", "--anchor", "2024-11-03T00:30", *NY, "--count", "5", "--json"
        )
        assert code == 0
        doc = json.loads(out)
        assert doc["schedule"] == {"interval": 1800.0, "anchor_date": "2024-11-03T00:30:00-04:00", "timezone": "America/New_York"}
        # elapsed half hours: 00:30, 01:00 and 01:30 EDT, then 01:00 and 01:30 EST (the repeated hour)
        assert [(d["local"], d["note"]) for d in doc["dates"]] == [
            ("2024-11-03T00:30:00-04:00", ""),
            ("2024-11-03T01:00:00-04:00", "in a fold (first pass)"),
            ("2024-11-03T01:30:00-04:00", "in a fold (first pass)"),
            ("2024-11-03T01:00:00-05:00", "in a fold (second pass)"),
            ("2024-11-03T01:30:00-05:00", "in a fold (second pass)"),
        ]

    def test_start_option(self, capsys):
        code, out, _ = run(capsys, "preview", "--every", "1h", "--anchor", "2024-01-01T00:00Z", "--start", "2024-06-01T10:30Z", "--count", "1")
        assert code == 0
        assert out.splitlines()[2].startswith("2024-06-01T11:00:00+00:00  2024-06-01T11:00:00Z  +00:00")

    @pytest.mark.parametrize(
        "argv, fragment",
        [
            (["--every", "1x", "--anchor", "2024-01-01"], "'1x'"),
            (["--every", "1d", "--anchor", "2024-13-01"], "'2024-13-01'"),
            (["--every", "1d", "--anchor", "2024-01-01", "--timezone", "Mars/Olympus"], "'Mars/Olympus'"),
            (["--every", "1d", "--anchor", "2024-01-01", "--gap", "forward"], "'forward'"),
            (["--every", "P1M", "--anchor", "2024-01-01"], "calendar months are not supported"),
        ],
    )
    def test_user_errors_print_one_line_and_exit_2(self, capsys, argv, fragment):
        code, out, err = run(capsys, "preview", *argv)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and fragment in err and "Traceback" not in err


class TestCompare:
    def test_counts_and_first_differences(self, capsys):
        code, out, _ = run(capsys, "compare", "--every", "1d", "--anchor", "2024-03-08T02:30", *NY, "--count", "5", "--json")
        assert code == 0
        doc = json.loads(out)
        # standard: 03-11 and 03-12 back at 02:30; prefect carries the 03:30 of the gap day forward
        assert doc["standard"] == doc["prefect"] == 5
        assert doc["only_standard"] == doc["only_prefect"] == 2
        assert doc["first_differences"] == [
            {"index": 3, "standard": "2024-03-11T02:30:00-04:00", "prefect": "2024-03-11T03:30:00-04:00"},
            {"index": 4, "standard": "2024-03-12T02:30:00-04:00", "prefect": "2024-03-12T03:30:00-04:00"},
        ]

    def test_python_313_profile(self, capsys):
        # Prefect 3.9.1 on Python 3.13 keeps both passes of the fold (observed), ordered by wall clock.
        code, out, _ = run(capsys, "compare", "--every", "30m", "--anchor", "2024-11-03T00:00", *NY, "--count", "6",
                           "--profile", "prefect-py313", "--json")
        assert code == 0
        doc = json.loads(out)
        assert doc["standard"] == doc["prefect-py313"] == 6 and doc["only_prefect-py313"] == 0
        assert doc["first_differences"][0] == {
            "index": 3, "standard": "2024-11-03T01:30:00-04:00", "prefect-py313": "2024-11-03T01:00:00-05:00",
        }

    def test_profile_must_be_a_prefect_one(self, capsys):
        code, _, err = run(capsys, "compare", "--every", "1h", "--anchor", "2024-01-01T00:00Z", "--profile", "standard")
        assert code == 2 and "invalid choice: 'standard'" in err

    def test_preview_with_a_prefect_profile(self, capsys):
        code, out, _ = run(capsys, "preview", "--every", "1d", "--anchor", "2024-03-08T02:30", *NY, "--count", "4",
                           "--profile", "prefect", "--json")
        assert code == 0
        # the gap shift carries forward in Prefect's pendulum engine
        assert [r["local"] for r in json.loads(out)["dates"]][2:] == ["2024-03-10T03:30:00-04:00", "2024-03-11T03:30:00-04:00"]

    def test_identical_in_utc(self, capsys):
        code, out, _ = run(capsys, "compare", "--every", "15m", "--anchor", "2024-01-01T00:00Z", "--end", "2024-01-02T00:00Z")
        assert code == 0
        assert "standard: 97 dates, prefect: 97 dates; 0 only in standard, 0 only in prefect" in out
        assert out.rstrip().endswith("identical")


def test_parse_every_units():
    assert parse_every("90s") == 90_000_000
    assert parse_every("1.5h") == 5_400_000_000
    assert parse_every("2w") == 14 * 86_400_000_000


def test_python_dash_m_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "interval_schedule", "preview", "--every", "1d", "--anchor", "2024-01-01T09:00", "--count", "1"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "2024-01-01T09:00:00+00:00" in proc.stdout


class TestBounds:
    def test_preview_count_must_be_non_negative(self, capsys):
        code, _, err = run(capsys, "preview", "--every", "1s", "--anchor", "2024-01-01T00:00Z", "--count", "-5")
        assert code == 2 and "-5" in err and "non-negative" in err

    def test_preview_count_above_limit(self, capsys):
        code, _, err = run(capsys, "preview", "--every", "1s", "--anchor", "2024-01-01T00:00Z", "--count", "200000")
        assert code == 2 and "--count 200000 is more than --limit 100000" in err

    def test_compare_reads_a_naive_start_once(self, capsys):
        # Naive 03:00 is New York wall time for both profiles, so only the real
        # difference (the carried 03:30 after the gap) shows, from index 2 on.
        code, out, _ = run(
            capsys, "compare", "--every", "1d", "--anchor", "2024-03-08T02:30", *NY,
            "--start", "2024-03-08T03:00", "--count", "3", "--json",
        )
        assert code == 0
        assert json.loads(out)["first_differences"] == [
            {"index": 2, "standard": "2024-03-11T02:30:00-04:00", "prefect": "2024-03-11T03:30:00-04:00"}
        ]
