"""Zone keys: validation before any file is opened, typo hints, the tzdata key list, and the cache.

The filesystem claims are checked with an audit hook (PEP 578), which sees every
``open`` the interpreter makes, including those inside importlib.resources.
"""

from __future__ import annotations

import os
import sys
import threading
import zoneinfo
from contextlib import contextmanager

import pytest
import tzdata

import interval_schedule.tz as tz
from interval_schedule.errors import ZoneNotFoundError
from interval_schedule.tz import TZDATA_VERSION, available_zones, get_zone, validate_key

TZDATA_DIR = os.path.realpath(os.path.dirname(tzdata.__file__))

# --------------------------------------------------------------- audit hook
# Audit hooks cannot be removed, so one hook is installed when this module is
# imported and records "open" events only while ``_recording`` is set.
_recording = threading.Event()
_opened: list[object] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _recording.is_set():
        _opened.append(args[0])


sys.addaudithook(_audit)


@contextmanager
def recording_opens():
    """Collect the paths opened inside the block (as real paths; file descriptors as ints)."""
    _opened.clear()
    paths: list[object] = []
    _recording.set()
    try:
        yield paths
    finally:
        _recording.clear()
        for p in _opened:
            paths.append(p if isinstance(p, int) else os.path.realpath(os.fsdecode(p)))


def inside_tzdata(path: object) -> bool:
    return isinstance(path, str) and os.path.commonpath([path, TZDATA_DIR]) == TZDATA_DIR


def zone_file(key: str) -> str:
    return os.path.realpath(os.path.join(TZDATA_DIR, "zoneinfo", *key.split("/")))


@pytest.fixture
def fresh(monkeypatch):
    """Forget the cached zones (and parse counts) of some keys for one test (the counts are restored afterwards)."""

    def forget(*keys: str) -> None:
        tz.clear_cache(only_keys=keys)
        for key in keys:
            monkeypatch.delitem(tz.parse_count, key, raising=False)

    return forget


class _SneakySplit(str):
    """A str subclass that passes membership as "UTC" but splits into a traversal path."""

    def split(self, *args, **kwargs):
        return [".."] * 12 + ["etc", "passwd"]


class _EqualsEverything(str):
    def __eq__(self, other):
        return True

    def __hash__(self):
        return hash("UTC")

    def split(self, *args, **kwargs):
        return [".."] * 12 + ["etc", "passwd"]


HOSTILE = [
    pytest.param("../../etc/passwd", id="traversal"),
    pytest.param("America/../../x", id="traversal-inside"),
    pytest.param("America/../UTC", id="traversal-to-a-real-key"),  # normpath would give a valid file
    pytest.param("/etc/passwd", id="absolute"),
    pytest.param("/usr/share/zoneinfo/UTC", id="absolute-system-zone"),
    pytest.param("\\etc\\passwd", id="backslashes"),
    pytest.param("", id="empty"),
    pytest.param(".", id="dot"),
    pytest.param("..", id="dotdot"),
    pytest.param("./UTC", id="dot-slash"),
    pytest.param("America//New_York", id="double-slash"),
    pytest.param("America/New_York/", id="trailing-slash"),
    pytest.param("America/New_York\x00", id="nul"),
    pytest.param(" America/New_York", id="leading-space"),
    pytest.param("America/New_York\n", id="newline"),
    pytest.param("America", id="directory"),
    pytest.param("__init__.py", id="package-file"),
    pytest.param("zones", id="key-list-file"),
    pytest.param("zoneinfo/UTC", id="package-relative"),
    pytest.param("tzdata/zoneinfo/UTC", id="package-path"),
    pytest.param("x" * 100_000, id="100k-chars"),
    pytest.param("America/" * 20_000, id="100k-char-path"),
    pytest.param(None, id="None"),
    pytest.param(5, id="int"),
    pytest.param(b"UTC", id="bytes"),
    pytest.param(["UTC"], id="list"),
]


class TestHostileKeys:
    @pytest.mark.parametrize("key", HOSTILE)
    def test_get_zone_refuses(self, key):
        with pytest.raises(ZoneNotFoundError) as info:
            get_zone(key)
        assert isinstance(info.value, KeyError)
        message = str(info.value)
        assert len(message) < 400  # a 100 000-character key does not flood the message
        # The message shows the key's repr, shortened to 60 characters.
        assert repr(key)[:50] in message

    @pytest.mark.parametrize("key", HOSTILE)
    def test_validate_key_refuses(self, key):
        with pytest.raises(ZoneNotFoundError):
            validate_key(key)

    def test_long_key_message_is_shortened(self):
        with pytest.raises(ZoneNotFoundError, match=r"\.\.\.\(100002 chars\)"):
            get_zone("x" * 100_000)

    def test_non_string_message_names_the_type(self):
        with pytest.raises(ZoneNotFoundError, match="must be a str, not bytes"):
            get_zone(b"UTC")

    def test_hostile_keys_open_no_file(self):
        keys = [p.values[0] for p in HOSTILE]
        for key in ("Not/AZone", "europe/londn"):  # warm up the error path (difflib, lazy imports)
            with pytest.raises(ZoneNotFoundError):
                get_zone(key)
        with recording_opens() as opened:
            for key in keys:
                with pytest.raises(ZoneNotFoundError):
                    get_zone(key)
        assert [p for p in opened if not inside_tzdata(p)] == []
        assert opened == []  # the key list is in memory: nothing at all is opened

    def test_valid_key_opens_only_its_file(self, fresh):
        available_zones()  # the key list itself is read once, from the tzdata package
        fresh("Pacific/Chatham")
        with recording_opens() as opened:
            zone = get_zone("Pacific/Chatham")
        assert zone.key == "Pacific/Chatham"
        assert opened == [zone_file("Pacific/Chatham")]
        assert inside_tzdata(opened[0])

    def test_str_subclass_cannot_redirect_the_path(self, fresh):
        # Membership is decided on the key's text, and the path is built from a plain str.
        available_zones()
        fresh("UTC")
        with recording_opens() as opened:
            zone = get_zone(_SneakySplit("UTC"))
        assert zone.key == "UTC" and type(zone.key) is str
        assert opened == [zone_file("UTC")]

    def test_str_subclass_faking_equality_is_refused_by_validation(self):
        with recording_opens() as opened:
            with pytest.raises(ZoneNotFoundError):
                validate_key(_EqualsEverything("not a zone"))
        assert opened == []


class TestSuggestions:
    @pytest.mark.parametrize(
        "key, suggestion",
        [
            ("Europe/Londn", "Europe/London"),  # typo
            ("america/new_york", "America/New_York"),  # wrong case
            ("AMERICA/NEW_YORK", "America/New_York"),
            ("Asia/Kolkatta", "Asia/Kolkata"),
            ("utc", "UTC"),
        ],
    )
    def test_did_you_mean(self, key, suggestion):
        with pytest.raises(ZoneNotFoundError, match=f"did you mean .*'{suggestion}'"):
            get_zone(key)

    def test_no_suggestion_for_nonsense(self):
        with pytest.raises(ZoneNotFoundError) as info:
            get_zone("Qwerty/Zxcvb")
        assert "did you mean" not in str(info.value)

    def test_valid_key_is_returned(self):
        assert validate_key("Europe/London") == "Europe/London"


class TestKeyList:
    def test_version(self):
        assert TZDATA_VERSION == tzdata.IANA_VERSION
        assert tz.TZDATA_PACKAGE_VERSION == tzdata.__version__

    @pytest.mark.skipif(tzdata.IANA_VERSION != "2026f", reason="the count is pinned for tzdata 2026f")
    def test_598_keys_in_2026f(self):
        assert len(available_zones()) == 598

    def test_same_keys_as_zoneinfo(self):
        # zoneinfo's search path is empty in the tests (oracle.py), so it lists the tzdata package's keys.
        assert available_zones() == zoneinfo.available_timezones()

    def test_keys_are_plain_relative_names(self):
        for key in available_zones():
            assert key == key.strip() and not key.startswith("/") and ".." not in key.split("/")
            assert key != "posixrules" and not key.endswith(".py")

    def test_every_key_validates(self):
        for key in available_zones():
            assert validate_key(key) == key


class TestCache:
    def test_same_object(self):
        assert get_zone("Europe/London") is get_zone("Europe/London")

    def test_threads_get_one_object_parsed_once(self, fresh):
        keys = ["Europe/Paris", "Asia/Tokyo", "America/Chicago", "Australia/Lord_Howe"]
        fresh(*keys)
        n_threads = 8
        barrier = threading.Barrier(n_threads)
        results: list[list[object]] = [[] for _ in range(n_threads)]
        errors: list[BaseException] = []

        def worker(i: int) -> None:
            try:
                barrier.wait()  # all threads ask at once
                results[i] = [get_zone(k) for k in keys]
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        for j, key in enumerate(keys):
            first = results[0][j]
            assert first.key == key
            assert all(r[j] is first for r in results)
            assert tz.parse_count[key] == 1

    def test_zones_compare_by_key(self, fresh):
        a = get_zone("Asia/Kathmandu")
        fresh("Asia/Kathmandu")
        b = get_zone("Asia/Kathmandu")
        assert a is not b and a == b and hash(a) == hash(b)
        assert a != get_zone("Asia/Kolkata")
