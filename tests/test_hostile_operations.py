"""Hostile input for the operations and integration modules (explain, missed runs, jitter, timeline,
reconcile, the Prefect API client and its commands, the scheduler adapters).

Each test is a defect found by throwing bad or extreme input at a public entry point: it failed on
the code before its fix.  The guarantee is the one of docs/errors.md: a documented library error
(also a ValueError/KeyError/TypeError) whose message names the shortened value, within a second,
and from the command line one line on stderr with exit status 2.
"""

from __future__ import annotations

import contextlib
import io
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

import interval_schedule.prefect_api  # noqa: F401  (imported before any call is timed: httpx, matplotlib)
import interval_schedule.timeline  # noqa: F401
from interval_schedule import IntervalSchedule
from interval_schedule.batch import ScheduleBatch
from interval_schedule.cli import main
from interval_schedule.deployment import Deployment
from interval_schedule.errors import (
    IntervalScheduleError,
    InvalidDatetimeError,
    InvalidIntervalError,
    InvalidPolicyError,
    InvalidQueryError,
    ScheduleTypeError,
)
from interval_schedule.explain import explain
from interval_schedule.jitter import jittered
from interval_schedule.missed import CatchUp, missed_runs
from interval_schedule.planner import plan_runs
from interval_schedule.reconcile import RunTable, reconcile
from test_prefect_api import FakeServer, server  # noqa: F401  (the fixture: a real local HTTP server)

TIME_BOUND = 1.0
MAX_MESSAGE = 400  # a shortened value and the allowed ones fit easily
END_OF_DOMAIN = np.datetime64("9999-12-31T23:59:59.999999", "us")

DAILY_NY = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", "America/New_York")
HOURLY = IntervalSchedule(3600, "2024-01-01T00:00:00Z")
WEEKLY = IntervalSchedule(timedelta(days=7), "2024-01-01T00:00:00Z")
YEAR_ONE_UTC = datetime(1, 1, 1, tzinfo=timezone.utc)  # 0000-12-31T19:03:58 on New York's clock (LMT -4:56:02)


class OddStr(str):
    """A str subclass equal to everything, with a hash no real string has."""

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


def refused(call: Callable[[], object], cls: type[IntervalScheduleError], fragment: str) -> str:
    """Call; it must raise exactly *cls* quickly, with a short message containing *fragment*."""
    start = time.perf_counter()
    with pytest.raises(IntervalScheduleError) as info:
        call()
    elapsed = time.perf_counter() - start
    message = str(info.value)
    assert type(info.value) is cls, f"{type(info.value).__name__}: {message}"
    assert isinstance(info.value, (ValueError, KeyError, TypeError))
    assert fragment in message
    assert len(message) < MAX_MESSAGE
    assert elapsed < TIME_BOUND
    return message


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def cli_refused(argv: list[str], fragment: str) -> str:
    rc, _, err = run_cli(argv)
    assert rc == 2, err
    assert len(err.splitlines()) == 1 and len(err) < MAX_MESSAGE, err[:300]
    assert fragment in err
    return err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ explain


class TestExplain:
    def test_instant_before_year_one_on_the_zones_clock(self) -> None:
        # Year 1 in UTC is year 0 on New York's wall clock: the queried time cannot be shown there.
        refused(lambda: explain(DAILY_NY, YEAR_ONE_UTC), InvalidDatetimeError, "datetime.datetime(1, 1, 1")

    def test_cli_instant_before_year_one(self) -> None:
        argv = ["explain", "--every", "1d", "--anchor", "2024-03-08T02:30", "--timezone", "America/New_York"]
        cli_refused(argv + ["--at", "0001-01-01T00:00:00Z"], "0001-01-01T00:00:00Z")


# -------------------------------------------------------------- missed runs


class TestMissedPolicy:
    """A str subclass that passes ``in`` but not a dict lookup was a bare KeyError."""

    def test_missed_runs(self) -> None:
        refused(lambda: missed_runs(HOURLY, "2024-01-01T00:00Z", "2024-01-02T00:00Z", OddStr("x")), InvalidPolicyError, "'x'")

    def test_batch(self) -> None:
        batch = ScheduleBatch([HOURLY])
        refused(lambda: batch.missed_runs("2024-01-01T00:00Z", "2024-01-02T00:00Z", OddStr("x")), InvalidPolicyError, "'x'")

    def test_catch_up(self) -> None:
        refused(lambda: CatchUp("2024-01-01T00:00Z", OddStr("x")), InvalidPolicyError, "'x'")

    def test_canonical_policy_is_kept(self) -> None:
        class Named(str):  # an honest subclass (a StrEnum member, say) still works
            pass

        assert missed_runs(HOURLY, "2024-01-01T00:00Z", "2024-01-01T05:00Z", Named("latest")).to_run == 1


def test_timedelta64_count_is_a_type_error() -> None:
    # numpy.timedelta64 is a numpy integer subclass, and operator.index() refuses it.
    m = missed_runs(HOURLY, "2024-01-01T00:00Z", "2024-01-02T00:00Z")
    refused(lambda: m.dates(limit=np.timedelta64(5, "us")), ScheduleTypeError, "timedelta64")


# ------------------------------------------------------------------- jitter


class TestJitter:
    def test_schedule_must_be_a_schedule(self) -> None:
        instants = HOURLY.dates_array(2, start="2024-06-01T00:00Z")
        refused(lambda: jittered(None, instants, timedelta(minutes=5), key="k"), ScheduleTypeError, "None")

    @pytest.mark.parametrize("keys", [5, 2.5, datetime(2024, 1, 1)], ids=["int", "float", "datetime"])
    def test_keys_not_iterable(self, keys: object) -> None:
        batch = ScheduleBatch([HOURLY, DAILY_NY])
        refused(lambda: batch.next_runs("2024-06-01T00:00Z", 2, jitter=timedelta(minutes=5), keys=keys), ScheduleTypeError, "keys")

    def test_keys_huge_iterable_is_not_materialized(self) -> None:
        batch = ScheduleBatch([HOURLY, DAILY_NY])
        refused(
            lambda: batch.next_runs("2024-06-01T00:00Z", 2, jitter=timedelta(minutes=5), keys=range(10**12)),
            ScheduleTypeError,
            "keys",
        )

    def test_keys_iterator_of_the_right_length_still_works(self) -> None:
        batch = ScheduleBatch([HOURLY, DAILY_NY])
        a = batch.next_runs("2024-06-01T00:00Z", 2, jitter=timedelta(minutes=5), keys=iter(["a", "b"]))
        b = batch.next_runs("2024-06-01T00:00Z", 2, jitter=timedelta(minutes=5), keys=["a", "b"])
        assert (a == b).all()

    @pytest.mark.parametrize(
        "instants",
        [np.array([300_000_000_000], "datetime64[s]"), np.array([-(2**62)], "datetime64[us]"), np.array([2**63 - 2], "datetime64[us]")],
        ids=["year-11476", "year--144169", "int64-max"],
    )
    def test_instants_outside_years_1_9999(self, instants: np.ndarray) -> None:
        refused(lambda: jittered(HOURLY, instants, timedelta(minutes=5), key="k"), InvalidDatetimeError, "years 1-9999")

    def test_last_occurrence_stays_inside_the_domain(self) -> None:
        # The weekly series' last occurrence is 9999-12-27 (a Monday, as 2024-01-01 is); 6 days of
        # jitter with no next occurrence used to push runs into year 10000.
        last = WEEKLY.dates_array(1, start="9999-12-25T00:00Z")
        assert last[0] == np.datetime64("9999-12-27T00:00", "us")
        batch = ScheduleBatch([WEEKLY])
        for i in range(64):
            key = f"k{i}"
            moved = jittered(WEEKLY, last, timedelta(days=6), key=key)[0]
            assert last[0] <= moved <= END_OF_DOMAIN, key
            assert batch.next_runs("9999-12-25T00:00Z", 1, jitter=timedelta(days=6), keys=[key])[0, 0] == moved

    def test_planner_jitter_at_the_end_of_the_domain(self) -> None:
        for i in range(64):
            d = Deployment(id=uuid.UUID(int=i), name="weekly", flow_id=uuid.UUID(int=1),
                           schedules=[{"schedule": {"interval": 7 * 86400, "anchor_date": "2024-01-01T00:00:00Z"}}])
            runs = plan_runs(d, "9999-12-25T00:00Z", jitter=timedelta(days=6))  # was: ValueError year 10000
            assert [r.scheduled_time.year for r in runs] == [9999]


# ----------------------------------------------------------------- timeline


class TestTimeline:
    START, END = "2024-03-08T00:00", "2024-03-12T00:00"

    def draw(self, output: object, **kwargs: object) -> object:
        from interval_schedule.timeline import draw_timeline

        return draw_timeline(DAILY_NY, self.START, self.END, output, **kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize("title", [5, b"t", ["t"]], ids=["int", "bytes", "list"])
    def test_title_must_be_a_string(self, tmp_path, title: object) -> None:
        refused(lambda: self.draw(str(tmp_path / "a.svg"), title=title), ScheduleTypeError, "title")

    def test_title_length_is_bounded(self, tmp_path) -> None:
        # 100 000 characters took matplotlib's layout 18 s.
        refused(lambda: self.draw(str(tmp_path / "a.svg"), title="x" * 100_000), InvalidQueryError, "title")

    def test_title_is_plain_text_not_mathtext(self, tmp_path) -> None:
        out = tmp_path / "a.svg"
        self.draw(str(out), title="cost: $x^$")  # was: matplotlib's ParseSyntaxException (a bare ValueError)
        assert "cost: $x^$" in out.read_text()

    def test_output_with_nul(self, tmp_path) -> None:
        refused(lambda: self.draw(str(tmp_path / "a\x00.svg")), InvalidQueryError, "NUL")

    def test_window_before_year_one_on_the_wall_clock(self, tmp_path) -> None:
        from interval_schedule.timeline import draw_timeline

        # 0001-01-05T00:00Z is 0001-01-04 on New York's clock: days 0001-01-01 .. 0001-01-04 are drawn.
        info = draw_timeline(DAILY_NY, YEAR_ONE_UTC, "0001-01-05T00:00:00Z", str(tmp_path / "y1.svg"))
        assert info.days == 4 and info.standard_runs == 4

    def test_cli_output_name_is_shortened(self) -> None:
        argv = ["timeline", "--every", "1d", "--anchor", "2024-03-08T02:30", "--start", self.START, "--end", self.END]
        cli_refused(argv + ["-o", "x" * 100_000], ".svg or .png")

    def test_cli_output_with_nul(self, tmp_path) -> None:
        argv = ["timeline", "--every", "1d", "--anchor", "2024-03-08T02:30", "--start", self.START, "--end", self.END]
        cli_refused(argv + ["-o", str(tmp_path / "a\x00.svg")], "NUL")


# ---------------------------------------------------------------- reconcile


class TestRunTable:
    @pytest.mark.parametrize(
        "utc",
        [np.array([10**12], "datetime64[Y]"), np.array([300_000_000_000], "datetime64[s]"), np.array([-(2**62)], "datetime64[us]")],
        ids=["wraps-in-us", "year-11476", "year--144169"],
    )
    def test_instants_outside_years_1_9999(self, utc: np.ndarray) -> None:
        # datetime64[Y] 10**12 used to wrap silently to year -117413; year 11476 broke apply() (OverflowError).
        refused(lambda: RunTable(["a"], utc), InvalidDatetimeError, "RunTable utc")

    def test_unhashable_series_labels(self) -> None:
        utc = np.array(["2024-01-01"], "datetime64[us]")
        refused(lambda: reconcile(RunTable(["a"], utc, [["s"]]), RunTable(["b"], utc, [["s"]])), ScheduleTypeError, "['s']")


# ------------------------------------------------------------- Prefect API


class TestPrefectAPI:
    @pytest.mark.parametrize(
        "url",
        [
            "http://[::1",  # httpx: invalid port
            "http://127.0.0.1:abc/api",
            "http://127.0.0.1:4200/a\npi",  # a control character
            "http://999.999.999.999/api",
            "http://" + "a" * 100_000 + "/api",  # httpx: URL too long
            "http:///api",  # no host
            "http://127.0.0.1:4200/api?x=1",  # a query: paths were appended after it
            "http://127.0.0.1:4200/api#f",
        ],
        ids=["port-bracket", "port-abc", "newline", "bad-ipv4", "too-long", "no-host", "query", "fragment"],
    )
    def test_bad_urls(self, url: str) -> None:
        from interval_schedule.prefect_api import PrefectAPI

        refused(lambda: PrefectAPI(url), InvalidQueryError, "Prefect API URL")

    @pytest.mark.parametrize("key", ["ü", "€" * 10, "\udcff", "a\nb", "a\r\nX-Injected: 1"], ids=["latin1", "euro", "surrogate", "newline", "crlf"])
    def test_api_key_must_be_printable_ascii_and_is_not_echoed(self, key: str) -> None:
        from interval_schedule.prefect_api import PrefectAPI

        message = refused(lambda: PrefectAPI("http://127.0.0.1:4200/api", api_key=key), InvalidQueryError, "api_key")
        assert key not in message  # a secret is never printed

    def test_api_key_type(self) -> None:
        from interval_schedule.prefect_api import PrefectAPI

        refused(lambda: PrefectAPI("http://127.0.0.1:4200/api", api_key=5), ScheduleTypeError, "api_key")  # type: ignore[arg-type]

    @pytest.mark.parametrize("limit, cls", [("x", ScheduleTypeError), (None, ScheduleTypeError), (2.5, ScheduleTypeError), (-1, InvalidQueryError)])
    def test_limits(self, limit: object, cls: type[IntervalScheduleError]) -> None:
        from interval_schedule.prefect_api import PrefectAPI

        with PrefectAPI(f"http://127.0.0.1:{free_port()}/api", timeout=1, retries=0) as api:
            refused(lambda: api.read_deployments(limit=limit), cls, "limit")  # type: ignore[arg-type]
            refused(lambda: api.read_scheduled_runs(str(uuid.UUID(int=1)), "2024-01-01T00:00Z", "2024-02-01T00:00Z", limit=limit), cls, "limit")  # type: ignore[arg-type]

    def test_create_runs_not_iterable(self) -> None:
        from interval_schedule.prefect_api import PrefectAPI

        with PrefectAPI(f"http://127.0.0.1:{free_port()}/api", timeout=1, retries=0) as api:
            refused(lambda: api.create_scheduled_runs(5), ScheduleTypeError, "5")  # type: ignore[arg-type]

    @pytest.mark.parametrize("name, fragment", [("\udcff", "\\udcff"), ("x" * 100_000, "xxxxx")], ids=["surrogate", "100k"])
    def test_deployment_names(self, name: str, fragment: str) -> None:
        from interval_schedule.prefect_api import PrefectAPI

        with PrefectAPI(f"http://127.0.0.1:{free_port()}/api", timeout=1, retries=0) as api:
            refused(lambda: api.read_deployment_by_name("flow", name), InvalidQueryError, fragment)
            refused(lambda: api.read_deployment_by_name(name, "d"), InvalidQueryError, fragment)

    def test_dot_names_reach_the_route(self, server: FakeServer) -> None:  # noqa: F811
        # Prefect allows '.' and '..' as names; httpx would remove them as dot segments of the path.
        from interval_schedule.prefect_api import PrefectAPI

        with PrefectAPI(server.url("ok"), timeout=5, retries=0) as api:
            api.read_deployment_by_name("..", ".")
        assert [r[2] for r in server.requests] == ["deployments/name/%2E%2E/%2E"]


class TestPrefectCommands:
    def test_naive_now_is_refused(self) -> None:
        # A naive --now used to become 1970-01-01T00:00Z silently (utc_us or 0).
        cli_refused(["check", "--api", f"http://127.0.0.1:{free_port()}/api", "--timeout", "1", "--now", "2024-06-01T10:30"], "no offset")

    def test_now_at_the_end_of_the_domain(self, server: FakeServer) -> None:  # noqa: F811
        # now + 100 days is past year 9999: was a bare OverflowError after the server answered.
        rc, out, err = run_cli(["check", "--api", server.url("ok"), "--name", "sales flow/d9", "--now", "9999-12-31T00:00:00Z", "--json"])
        assert rc in (0, 1) and err == "", err

    def test_bad_url_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PREFECT_API_URL", "http://[::1")
        cli_refused(["check", "--timeout", "1"], "http://[::1")

    def test_non_ascii_api_key(self) -> None:
        cli_refused(["check", "--api", f"http://127.0.0.1:{free_port()}/api", "--api-key", "ü"], "api_key")


# ----------------------------------------------------------------- adapters


def test_apscheduler_huge_jitter() -> None:
    from interval_schedule.adapters.apscheduler import IntervalScheduleTrigger

    # math.isfinite(10**400) raises OverflowError.
    refused(lambda: IntervalScheduleTrigger(3600, "2024-01-01T00:00Z", jitter=10**400), InvalidIntervalError, "10000000")
