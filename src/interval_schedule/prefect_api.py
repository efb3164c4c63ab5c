"""A small client for Prefect's REST API: read deployments and their scheduled runs, create runs.

Needs the ``prefect-api`` extra (httpx); Prefect itself is not needed::

    pip install 'interval_schedule[prefect-api]'

:class:`PrefectAPI` talks to a Prefect 3.x server (or Prefect Cloud's
workspace URL) given its API URL, the value of ``PREFECT_API_URL``
(``http://127.0.0.1:4200/api``):

* :meth:`~PrefectAPI.read_deployment_by_name`: ``GET /deployments/name/{flow}/{deployment}``;
* :meth:`~PrefectAPI.read_deployments`: ``POST /deployments/filter``, page by page;
* :meth:`~PrefectAPI.read_scheduled_runs`: ``POST /flow_runs/filter`` (state SCHEDULED, in a window);
* :meth:`~PrefectAPI.create_scheduled_runs`: ``POST /deployments/{id}/create_flow_run`` with a
  SCHEDULED state, the scheduled time and the idempotency key (the server returns the
  existing run for a key it has seen); a dry run unless ``apply=True``.

Deployments come back as :class:`RemoteDeployment` (a
:class:`~interval_schedule.deployment.Deployment` that also knows its flow name);
its cron and rrule schedules are left out and listed in
``unsupported_schedules``, so the interval schedules can still be planned.

Every failure is a documented :class:`~interval_schedule.errors.PrefectAPIError`
subclass (a ``ValueError``) whose message and attributes give the URL and HTTP
status; a 404 for a deployment name is a
:class:`~interval_schedule.errors.DeploymentNotFoundError` (a ``KeyError``).
Requests are bounded: each has a total time limit (``timeout`` seconds for the
connection, ``timeout`` for each read and for the whole answer), answers are
capped at 64 MiB, and 503 answers (a SQLite-backed server says "database is
locked" under load) and connection resets are retried ``retries`` times with
exponential backoff (0.25 s, 0.5 s, 1 s, ... at most 4 s).
"""

from __future__ import annotations

try:
    import httpx
except ImportError as exc:  # pragma: no cover - the test extra installs httpx
    raise ImportError(
        "interval_schedule.prefect_api needs httpx: pip install 'interval_schedule[prefect-api]'"
    ) from exc

import json
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

from ._convert import instant_us, items_of, utc_iso
from ._limits import check_count
from .deployment import CreatedBy, Deployment
from .errors import (
    DeploymentNotFoundError,
    IntervalScheduleError,
    InvalidQueryError,
    LimitExceededError,
    PrefectAuthError,
    PrefectConnectionError,
    PrefectRequestError,
    PrefectResponseError,
    PrefectServerError,
    PrefectTimeoutError,
    ScheduleTypeError,
    shorten,
)
from .planner import ScheduledRun

__all__ = ["PrefectAPI", "RemoteDeployment", "UnsupportedSchedule", "FlowRun", "RunCreation", "api_from_env"]

#: Page size of the filter routes (Prefect's default and maximum ``limit`` is 200).
PAGE = 200
MAX_BODY = 64 * 1024 * 1024
_RETRY_STATUS = frozenset({503})


@dataclass(frozen=True)
class UnsupportedSchedule:
    """A schedule of a deployment that is not an interval schedule (cron, rrule), left out of planning."""

    index: int
    id: str | None
    slug: str | None
    kind: str
    message: str


@dataclass(frozen=True, kw_only=True)
class RemoteDeployment(Deployment):
    """A deployment read from a server: its ``flow_name`` and the ``unsupported_schedules`` left out.

    ``schedules`` holds the interval schedules only; ``to_dict()`` writes those.
    """

    flow_name: str | None = None
    unsupported_schedules: tuple[UnsupportedSchedule, ...] = ()


@dataclass(frozen=True)
class FlowRun:
    """A flow run as the server returned it, with the fields planning compares.

    ``scheduled_time`` is the state's ``scheduled_time`` (else
    ``next_scheduled_start_time``, else ``expected_start_time``), an aware
    datetime; ``schedule_id`` is ``created_by.id`` for runs created by a
    schedule, else the schedule id in a ``"scheduled {deployment} {schedule} ..."``
    key; ``data`` is the whole JSON object, unknown fields included.
    """

    id: uuid.UUID
    deployment_id: uuid.UUID | None
    flow_id: uuid.UUID | None
    name: str | None
    scheduled_time: datetime
    idempotency_key: str | None
    tags: tuple[str, ...]
    parameters: dict[str, Any]
    auto_scheduled: bool
    state_type: str | None
    created_by: CreatedBy | None
    schedule_id: uuid.UUID | None
    data: Mapping[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class RunCreation:
    """One ``create_flow_run`` request: its URL and body, and the run the server returned (``None`` on a dry run)."""

    url: str
    body: dict[str, Any]
    flow_run: FlowRun | None = None


def _uuid(value: object, what: str, url: str) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise PrefectResponseError(f"{url}: {what} is not a UUID: {shorten(value)}", url=url) from None


def _timestamp(value: object, what: str, url: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.utcoffset() is not None:
            return moment
    raise PrefectResponseError(f"{url}: {what} is not an ISO-8601 timestamp with an offset: {shorten(value)}", url=url)


def _key_schedule_id(key: str | None, deployment_id: uuid.UUID | None) -> uuid.UUID | None:
    parts = (key or "").split(" ")
    if len(parts) >= 3 and parts[0] == "scheduled" and parts[1] == str(deployment_id):
        try:
            return uuid.UUID(parts[2])
        except ValueError:
            return None
    return None


def flow_run_from_json(data: object, url: str) -> FlowRun:
    """A :class:`FlowRun` from one JSON object of ``/flow_runs/filter`` or ``create_flow_run``."""
    if not isinstance(data, dict) or "id" not in data:
        raise PrefectResponseError(f"{url}: expected a flow run object with an 'id', got {shorten(data)}", url=url)
    state: dict[str, Any] = data["state"] if isinstance(data.get("state"), dict) else {}
    details: dict[str, Any] = state["state_details"] if isinstance(state.get("state_details"), dict) else {}
    when = None
    for what, value in (
        ("state.state_details.scheduled_time", details.get("scheduled_time")),
        ("next_scheduled_start_time", data.get("next_scheduled_start_time")),
        ("expected_start_time", data.get("expected_start_time")),
    ):
        when = _timestamp(value, what, url)
        if when is not None:
            break
    if when is None:
        raise PrefectResponseError(f"{url}: flow run {shorten(data['id'])} has no scheduled time", url=url)
    key = data.get("idempotency_key")
    tags = data.get("tags") or []
    params = data.get("parameters") or {}
    if not (key is None or isinstance(key, str)) or not isinstance(tags, list) or not isinstance(params, dict):
        raise PrefectResponseError(f"{url}: malformed flow run {shorten(data)}", url=url)
    deployment_id = _uuid(data.get("deployment_id"), "deployment_id", url)
    creator = None
    if isinstance(data.get("created_by"), dict):
        try:
            creator = CreatedBy.from_dict(data["created_by"])
        except IntervalScheduleError as exc:
            raise PrefectResponseError(f"{url}: flow run created_by: {exc}", url=url) from exc
    schedule_id = creator.id if creator is not None and creator.type == "SCHEDULE" else None
    return FlowRun(
        id=_uuid(data["id"], "id", url),  # type: ignore[arg-type]
        deployment_id=deployment_id,
        flow_id=_uuid(data.get("flow_id"), "flow_id", url),
        name=data.get("name") if isinstance(data.get("name"), str) else None,
        scheduled_time=when,
        idempotency_key=key,
        tags=tuple(str(t) for t in tags),
        parameters=params,
        auto_scheduled=bool(data.get("auto_scheduled")),
        state_type=data.get("state_type") or state.get("type"),
        created_by=creator,
        schedule_id=schedule_id or _key_schedule_id(key, deployment_id),
        data=data,
    )


def deployment_from_json(data: object, url: str, flow_name: str | None = None) -> RemoteDeployment:
    """A :class:`RemoteDeployment` from a server's deployment JSON; cron/rrule schedules set aside."""
    if not isinstance(data, dict) or "flow_id" not in data or "name" not in data:
        raise PrefectResponseError(
            f"{url}: expected a deployment object with 'name' and 'flow_id', got {shorten(data)}", url=url
        )
    doc = dict(data)
    kept: list[object] = []
    unsupported: list[UnsupportedSchedule] = []
    schedules = doc.get("schedules")
    for i, item in enumerate(schedules if isinstance(schedules, list) else []):
        sched = item.get("schedule") if isinstance(item, dict) else None
        kind = next((k for k in ("cron", "rrule") if isinstance(sched, dict) and k in sched), None)
        if kind is None:
            kept.append(item)
            continue
        label = "CronSchedule" if kind == "cron" else "RRuleSchedule"
        unsupported.append(
            UnsupportedSchedule(
                index=i,
                id=item.get("id"),
                slug=item.get("slug"),
                kind=label,
                message=f"schedules[{i}]: {label} ({kind}={shorten(sched[kind])}) is not supported; only interval schedules are",  # type: ignore[index]
            )
        )
    if isinstance(schedules, list):
        doc["schedules"] = kept
    if unsupported and isinstance(doc.get("schedule"), dict) and any(k in doc["schedule"] for k in ("cron", "rrule")):
        doc.pop("schedule")  # a 2.x server's legacy alias of a cron schedules[0]
    try:
        deployment = RemoteDeployment.from_dict(doc)
    except IntervalScheduleError as exc:
        raise PrefectResponseError(f"{url}: not a deployment this library can read: {exc}", url=url) from exc
    return replace(deployment, flow_name=flow_name, unsupported_schedules=tuple(unsupported))  # type: ignore[call-arg,return-value]


def _ids(value: object, what: str) -> list[str]:
    values = [value] if isinstance(value, (str, uuid.UUID)) else value
    if not isinstance(values, Iterable):
        raise ScheduleTypeError(f"{what} must be a UUID or an iterable of UUIDs, got {shorten(value)}")
    out = []
    for v in values:
        try:
            out.append(str(uuid.UUID(str(v))))
        except ValueError:
            raise InvalidQueryError(f"{what}: not a UUID: {shorten(v)}") from None
    return out


def _instant_iso(value: object, what: str) -> str:
    return utc_iso(instant_us(value, what))


def _name(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ScheduleTypeError(f"{what} must be a non-empty string, not {type(value).__name__} ({shorten(value)})")
    if not value:
        raise InvalidQueryError(f"{what} must be a non-empty string, got ''")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidQueryError(f"{what} {shorten(value)} is not valid Unicode text (it has a lone surrogate)") from None
    return value


def _segment(name: str) -> str:
    """*name* as one URL path segment; '.' and '..' escaped, or httpx would remove them as dot segments."""
    text = quote(name, safe="")
    return text.replace(".", "%2E") if text in (".", "..") else text


def _check_url(url: str, original: object) -> None:
    """An http(s) URL with a host, no query and no fragment, that httpx accepts."""
    what = f"the Prefect API URL {shorten(original)}"
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InvalidQueryError(f"{what} is not a valid URL ({shorten(str(exc), 80)})") from None
    if not parsed.host:
        raise InvalidQueryError(f"{what} has no host; e.g. http://127.0.0.1:4200/api")
    if parsed.query or parsed.fragment:
        raise InvalidQueryError(f"{what} must not have a query or a fragment; e.g. http://127.0.0.1:4200/api")


def _check_api_key(api_key: object) -> str | None:
    """None, or a str of printable ASCII (an HTTP header value); the key itself is never put in a message."""
    if api_key is None:
        return None
    if not isinstance(api_key, str):
        raise ScheduleTypeError(f"api_key must be a str or None, not {type(api_key).__name__}")
    if not (api_key.isascii() and api_key.isprintable()):
        raise InvalidQueryError(
            f"api_key must be printable ASCII (it is sent as an HTTP header); the one given ({len(api_key)} characters) is not"
        )
    return api_key


class PrefectAPI:
    """A Prefect REST API at *base_url* (``PREFECT_API_URL``, e.g. ``http://127.0.0.1:4200/api``).

    *api_key* is sent as ``Authorization: Bearer ...`` (Prefect Cloud, or a
    server with basic auth set up behind a proxy); *timeout* (seconds) bounds
    the connection, each read and each whole answer; *retries* bounds the
    retries of a 503 answer or a reset connection.  Use as a context manager, or
    call :meth:`close`.

    >>> api = PrefectAPI("http://127.0.0.1:4200/api/")
    >>> api.base_url
    'http://127.0.0.1:4200/api'
    >>> api.close()
    """

    def __init__(self, base_url: str, *, api_key: str | None = None, timeout: float = 30.0, retries: int = 4) -> None:
        url = _name(base_url, "base_url").strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise InvalidQueryError(f"the Prefect API URL must start with http:// or https://, got {shorten(base_url)}")
        _check_url(url, base_url)
        api_key = _check_api_key(api_key)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 3600:
            raise InvalidQueryError(f"timeout must be a number of seconds in (0, 3600], got {shorten(timeout)}")
        if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 10:
            raise InvalidQueryError(f"retries must be an int in [0, 10], got {shorten(retries)}")
        self.base_url = url
        self.timeout = float(timeout)
        self.retries = retries
        headers = {"Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(self.timeout), follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PrefectAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PrefectAPI({self.base_url!r})"

    # ------------------------------------------------------------ transport

    def _send(self, method: str, url: str, body: object) -> tuple[int, bytes, str]:
        deadline = time.monotonic() + self.timeout
        with self._client.stream(method, url, json=body) as response:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BODY:
                    raise PrefectResponseError(f"{method} {url}: answer larger than {MAX_BODY} bytes", url=url, status=response.status_code)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the whole answer took longer than the timeout")
                chunks.append(chunk)
            return response.status_code, b"".join(chunks), response.headers.get("content-type", "")

    def _request(self, method: str, path: str, body: object = None) -> tuple[int, Any, str]:
        """(status, parsed JSON or None, url); raises the documented errors for every failure but 404."""
        url = f"{self.base_url}/{path}"
        status, raw, ctype = 0, b"", ""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                status, raw, ctype = self._send(method, url, body)
            except httpx.TimeoutException as exc:
                raise PrefectTimeoutError(
                    f"{method} {url}: no complete answer within {self.timeout:g} s ({type(exc).__name__})", url=url
                ) from None
            except httpx.ConnectError as exc:
                raise PrefectConnectionError(
                    f"{method} {url}: cannot connect ({exc}); is a Prefect server running there? (PREFECT_API_URL)", url=url
                ) from None
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                if last:
                    raise PrefectConnectionError(
                        f"{method} {url}: connection reset {self.retries + 1} times ({type(exc).__name__}: {exc})", url=url
                    ) from None
                self._backoff(attempt)
                continue
            except httpx.InvalidURL as exc:  # a name that makes the URL too long, ...
                raise InvalidQueryError(f"{method} {shorten(url, 120)}: httpx refuses the URL ({exc})") from None
            except httpx.HTTPError as exc:  # unsupported protocol, bad URL, ...
                raise PrefectConnectionError(f"{method} {url}: {type(exc).__name__}: {exc}", url=url) from None
            if status in _RETRY_STATUS and not last:
                self._backoff(attempt)
                continue
            break
        text = raw.decode("utf-8", errors="replace")
        parsed: Any = None
        if raw.strip():
            try:
                parsed = json.loads(text)
            except (ValueError, RecursionError):
                parsed = _NOT_JSON
        detail = _detail(parsed, text)
        if status in (401, 403):
            raise PrefectAuthError(
                f"{method} {url}: HTTP {status} {detail}; check the API key (PREFECT_API_KEY or --api-key)", url=url, status=status
            )
        if 500 <= status:
            tried = f" after {self.retries + 1} tries" if status in _RETRY_STATUS else ""
            raise PrefectServerError(f"{method} {url}: HTTP {status}{tried}: {detail}", url=url, status=status)
        if 400 <= status and status != 404:
            raise PrefectRequestError(f"{method} {url}: HTTP {status}: {detail}", url=url, status=status)
        if parsed is _NOT_JSON or (200 <= status < 300 and raw.strip() and "json" not in ctype):
            what = "HTML" if text.lstrip()[:1] == "<" else "text that is not JSON"
            raise PrefectResponseError(
                f"{method} {url}: HTTP {status} answered {what} ({shorten(text, 80)}); "
                f"is {self.base_url} a Prefect API URL (it usually ends in /api)?",
                url=url,
                status=status,
            )
        return status, parsed, url

    @staticmethod
    def _backoff(attempt: int) -> None:
        time.sleep(min(0.25 * 2**attempt, 4.0))

    def _json(self, method: str, path: str, body: object = None) -> tuple[Any, str]:
        status, parsed, url = self._request(method, path, body)
        if status == 404:
            raise PrefectRequestError(
                f"{method} {url}: HTTP 404 {_detail(parsed, '')}; is {self.base_url} a Prefect API URL (it usually ends in /api)?",
                url=url,
                status=404,
            )
        return parsed, url

    def _pages(self, path: str, body: dict[str, Any], limit: int, what: str) -> Iterator[tuple[dict[str, Any], str]]:
        seen: set[object] = set()
        for page in range(limit // PAGE + 2):
            items, url = self._json("POST", path, {**body, "limit": PAGE, "offset": page * PAGE})
            if not isinstance(items, list):
                raise PrefectResponseError(f"POST {url}: expected a JSON list of {what}, got {shorten(items)}", url=url)
            for item in items:
                if not isinstance(item, dict):
                    raise PrefectResponseError(f"POST {url}: expected {what} objects, got {shorten(item)}", url=url)
                key = item.get("id")
                if key in seen:  # pages shift when runs are added meanwhile
                    continue
                seen.add(key)
                if len(seen) > limit:
                    raise LimitExceededError(f"POST {url}: more than {limit} {what}; pass a larger limit")
                yield item, url
            if len(items) < PAGE:
                return
        raise LimitExceededError(f"POST {self.base_url}/{path}: more than {limit} {what}; pass a larger limit")

    # ------------------------------------------------------------ routes

    def health(self) -> bool:
        """``GET /health``: true when the server answers ``true``."""
        parsed, _ = self._json("GET", "health")
        return parsed is True

    def read_deployment_by_name(self, flow_name: str, deployment_name: str) -> RemoteDeployment:
        """``GET /deployments/name/{flow_name}/{deployment_name}`` (names URL-escaped).

        Raises :class:`~interval_schedule.errors.DeploymentNotFoundError` (a
        ``KeyError``, with ``url`` and ``status``) when the server has none.
        """
        flow, name = _name(flow_name, "flow_name"), _name(deployment_name, "deployment_name")
        path = f"deployments/name/{_segment(flow)}/{_segment(name)}"
        status, parsed, url = self._request("GET", path)
        if status == 404:
            if not (isinstance(parsed, dict) and str(parsed.get("detail", "")).startswith("Deployment not found")):
                return self._json("GET", path)  # type: ignore[return-value]  # raises: the route itself is missing
            err = DeploymentNotFoundError(f"no deployment named {name!r} for flow {flow!r} (GET {url}: HTTP 404)")
            err.url, err.status = url, 404
            raise err
        return deployment_from_json(parsed, f"GET {url}", flow)

    def read_deployments(self, *, limit: int = 10_000) -> list[RemoteDeployment]:
        """Every deployment (``POST /deployments/filter``, pages of 200), with flow names (``POST /flows/filter``).

        At most *limit* deployments; more raise
        :class:`~interval_schedule.errors.LimitExceededError`.
        """
        limit = check_count(limit, "limit")
        raw = list(self._pages("deployments/filter", {"sort": "CREATED_DESC"}, limit, "deployments"))
        flow_ids = sorted({str(item.get("flow_id")) for item, _ in raw})
        names: dict[str, str] = {}
        for start in range(0, len(flow_ids), PAGE):
            body = {"flows": {"id": {"any_": flow_ids[start : start + PAGE]}}}
            for flow, _ in self._pages("flows/filter", body, PAGE, "flows"):
                if isinstance(flow.get("name"), str):
                    names[str(flow.get("id"))] = flow["name"]
        out = [deployment_from_json(item, f"POST {url}", names.get(str(item.get("flow_id")))) for item, url in raw]
        return sorted(out, key=lambda d: (d.flow_name or "", d.name))

    def read_scheduled_runs(self, deployment_id: object, start: object, end: object, *, limit: int = 100_000) -> list[FlowRun]:
        """Runs in state SCHEDULED of one deployment (or an iterable of ids) expected in ``[start, end]``.

        Through ``POST /flow_runs/filter`` (pages of 200); sorted by scheduled
        time, then id.  At most *limit* runs.
        """
        limit = check_count(limit, "limit")
        ids = _ids(deployment_id, "deployment_id")
        window = {"after_": _instant_iso(start, "start"), "before_": _instant_iso(end, "end")}
        runs: list[FlowRun] = []
        for first in range(0, len(ids), PAGE):
            body = {
                "flow_runs": {
                    "deployment_id": {"any_": ids[first : first + PAGE]},
                    "state": {"type": {"any_": ["SCHEDULED"]}},
                    "expected_start_time": window,
                },
                "sort": "ID_DESC",
            }
            runs += [flow_run_from_json(item, f"POST {url}") for item, url in self._pages("flow_runs/filter", body, limit, "flow runs")]
        return sorted(runs, key=lambda r: (r.scheduled_time, str(r.id)))

    def create_scheduled_runs(self, runs: Iterable[ScheduledRun], *, apply: bool = False) -> list[RunCreation]:
        """Create *runs* (planner output) as SCHEDULED flow runs; a dry run unless *apply*.

        One ``POST /deployments/{id}/create_flow_run`` per run with
        ``{"state": {"type": "SCHEDULED", "state_details": {"scheduled_time": ...}},
        "idempotency_key": ..., "parameters": ..., "tags": ...}`` (the time local, with
        its offset, as Prefect's scheduler writes it).  The server
        returns the existing run for a key it has (so applying twice creates
        nothing new).  Such runs have ``auto_scheduled`` false: Prefect's
        scheduler does not delete them when the deployment changes.
        """
        out: list[RunCreation] = []
        for i, run in enumerate(items_of(runs, "runs must be an iterable of ScheduledRun objects")):
            if not isinstance(run, ScheduledRun):
                raise ScheduleTypeError(f"runs[{i}] must be a ScheduledRun, not {type(run).__name__} ({shorten(run)})")
            path = f"deployments/{run.deployment_id}/create_flow_run"
            body = {
                "state": {"type": "SCHEDULED", "state_details": {"scheduled_time": run.scheduled_time.isoformat()}},
                "idempotency_key": run.idempotency_key,
                "parameters": dict(run.parameters),
                "tags": list(run.tags),
            }
            url = f"{self.base_url}/{path}"
            if apply:
                parsed, url = self._json("POST", path, body)
                out.append(RunCreation(url, body, flow_run_from_json(parsed, f"POST {url}")))
            else:
                out.append(RunCreation(url, body))
        return out


_NOT_JSON = object()


def _detail(parsed: object, text: str) -> str:
    if isinstance(parsed, dict) and "detail" in parsed:
        return shorten(parsed["detail"], 200)
    if parsed is None or parsed is _NOT_JSON:
        return shorten(text.strip(), 80) if text.strip() else "(empty answer)"
    return shorten(parsed, 200)


def api_from_env(url: str | None = None, api_key: str | None = None, *, timeout: float = 30.0) -> PrefectAPI:
    """A :class:`PrefectAPI` for *url*, else ``$PREFECT_API_URL``; *api_key*, else ``$PREFECT_API_KEY``.

    As Prefect's own CLI reads them (its profile files are not read).
    """
    url = url or os.environ.get("PREFECT_API_URL")
    if not url:
        raise InvalidQueryError("no Prefect API URL: pass --api URL or set PREFECT_API_URL (e.g. http://127.0.0.1:4200/api)")
    return PrefectAPI(url, api_key=api_key or os.environ.get("PREFECT_API_KEY") or None, timeout=timeout)

