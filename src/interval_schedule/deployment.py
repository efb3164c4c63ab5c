"""Prefect deployments in the shape of the REST API's deployment JSON, and a registry to look them up.

:class:`Deployment` and :class:`DeploymentSchedule` hold the fields of the
response of ``GET /api/deployments/name/{flow_name}/{deployment_name}``
(Prefect 3.x; also the legacy fields of late 2.x responses, ``schedule`` and
``is_schedule_active``, and the schedules' ``max_active_runs`` and
``catchup``, which 3.x responses no longer have).  Fields of newer servers
(3.9.1: ``concurrency_limit``, ``concurrency_options``,
``global_concurrency_limit``, ``labels``, ``work_queue_id``) are kept verbatim
in ``extra`` (docs/deployments.md has the version table).  Loading checks each field's type and names the
field's path in the error (``schedules[1].schedule.interval``); writing gives
back the document that was read:

* fields the document had are written back, in its key order; fields it did
  not have are written only when they differ from their default (a document
  built in code, with no source, writes every field);
* unknown fields (a newer server's) are kept verbatim in :attr:`Deployment.extra`
  and written back unchanged, at their place;
* UUIDs are written in canonical lower case, timestamps as ISO-8601 with their
  offset (``Z`` for UTC) and microseconds only when non-zero, schedules in
  :meth:`IntervalSchedule.to_dict`'s shape (``"interval": 123`` becomes ``123.0``;
  the anchor keeps the offset it was written with).

The legacy fields are views of the modern ones: ``schedule`` is
``schedules[0].schedule`` and ``is_schedule_active`` is ``not paused``.  A
document with only the legacy fields loads into the modern ones; a document
whose legacy and modern fields disagree is refused.

Only interval schedules are supported: a cron or rrule schedule raises
:class:`~interval_schedule.errors.UnsupportedScheduleError`.

>>> d = Deployment.from_dict({
...     "name": "nightly", "flow_id": "0b0c6f5e-2d1f-4f8e-9a51-3c3a5b1e2f10",
...     "schedule": {"interval": 86400, "anchor_date": "2024-01-01T02:00:00Z", "timezone": "UTC"},
...     "is_schedule_active": False,
... })
>>> d.paused, len(d.schedules), d.schedules[0].schedule.interval
(True, 1, datetime.timedelta(days=1))
"""

from __future__ import annotations

import dataclasses
import functools
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self, get_args

from ._convert import isoformat_z, items_of, parse_interval, parse_moment
from ._io import read_text, shown
from ._jsonio import copy_json, load_json
from .errors import (
    DeploymentFieldError,
    DeploymentNotFoundError,
    IntervalScheduleError,
    InvalidDocumentError,
    InvalidQueryError,
    ScheduleTypeError,
    UnsupportedScheduleError,
    shorten,
    with_context,
)
from .schedule import IntervalSchedule
from .tz import check_policies, validate_key

__all__ = [
    "CreatedBy",
    "Deployment",
    "DeploymentFieldError",
    "DeploymentRegistry",
    "DeploymentSchedule",
    "DEFAULT_MAX_BYTES",
    "STATUSES",
    "Status",
    "load_deployments",
]

Status = Literal["READY", "NOT_READY"]
#: The values of ``Deployment.status`` (it only tracks worker polling; ``paused`` stops scheduling).
STATUSES: tuple[Status, ...] = get_args(Status)

_NO_VALUE = object()


def _fail(path: str, problem: str, value: object = _NO_VALUE) -> DeploymentFieldError:
    shown = "" if value is _NO_VALUE else shorten(value)
    got = f", got {shown}" if shown and shown not in problem else ""  # a nested message may name it already
    return DeploymentFieldError(f"{path}: {problem}{got}", path, None if value is _NO_VALUE else value)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name




# ------------------------------------------------------------------ field checks
#
# Each check takes the JSON form *or* the Python form of a field and returns the
# Python form, so one table serves ``from_dict`` and direct construction alike.


def _check_uuid(value: object, path: str) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise _fail(path, "expected a UUID string like '3c90c3cc-0d44-4b50-8888-8dd25736052a'", value)


def _check_required_uuid(value: object, path: str) -> uuid.UUID:
    if value is None:
        raise _fail(path, "required (a UUID string)", value)
    return _check_uuid(value, path)  # type: ignore[return-value]


def _check_timestamp(value: object, path: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise _fail(path, "expected an ISO-8601 timestamp like '2023-11-07T05:31:56Z'", value) from None
    elif isinstance(value, datetime):
        parsed = value
    else:
        raise _fail(path, "expected an ISO-8601 timestamp string", value)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _fail(path, "a timestamp needs an offset or 'Z' (it names an instant)", value)
    return parsed


def _dump_timestamp(value: datetime | None) -> str | None:
    return None if value is None else isoformat_z(value)


def _check_str(value: object, path: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _fail(path, "expected a string or null", value)


def _check_name(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, "required: a string", value)
    return value


def _check_bool(value: object, path: str) -> bool:
    if isinstance(value, bool):
        return value
    raise _fail(path, "expected true or false", value)


def _check_positive_int(value: object, path: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _fail(path, "expected a positive integer or null", value)
    return value


def _check_object(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, "expected a JSON object", value)
    for key in value:
        if not isinstance(key, str):
            raise _fail(path, f"object keys must be strings, found {shorten(key)}", value)
    return value


def _check_optional_object(value: object, path: str) -> dict[str, Any] | None:
    return None if value is None else _check_object(value, path)


def _check_str_list(value: object, path: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise _fail(path, "expected a list of strings", value)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise _fail(f"{path}[{i}]", "expected a string", item)
    return tuple(value)


def _check_object_list(value: object, path: str) -> tuple[dict[str, Any], ...] | None:
    if value is None:
        return None
    if not isinstance(value, (list, tuple)):
        raise _fail(path, "expected a list of objects or null", value)
    return tuple(_check_object(item, f"{path}[{i}]") for i, item in enumerate(value))


def _check_status(value: object, path: str) -> str:
    if value not in STATUSES:
        raise _fail(path, f"expected one of {', '.join(map(repr, STATUSES))}", value)
    return value


_SCHEDULE_KINDS = (("cron", "CronSchedule"), ("rrule", "RRuleSchedule"))
# The parts of an interval schedule, checked one by one so that an error names
# the part: each callable raises an IntervalScheduleError for a bad value.
_SCHEDULE_PARTS: tuple[tuple[str, Callable[[object], object]], ...] = (
    ("interval", parse_interval),
    ("anchor_date", lambda v: None if v is None else parse_moment(v, "anchor_date")),
    ("timezone", lambda v: None if v is None else validate_key(v)),
    ("gap", lambda v: check_policies(v, "earlier")),
    ("fold", lambda v: check_policies("shift", v)),
)


def _check_schedule(value: object, path: str) -> IntervalSchedule:
    """An interval schedule from Prefect's JSON; cron and rrule schedules are refused by name."""
    if isinstance(value, IntervalSchedule):
        return value
    if not isinstance(value, dict):
        raise _fail(path, "expected an interval schedule object like {'interval': 3600.0, ...}", value)
    for key, kind in _SCHEDULE_KINDS:
        if key in value:
            raise UnsupportedScheduleError(
                f"{path}: {kind} ({key}={shorten(value[key])}) is not supported; only interval schedules are"
            )
    if "interval" not in value:
        raise _fail(path, "an interval schedule needs an 'interval'", value)
    for part, check in _SCHEDULE_PARTS:
        if part in value:
            try:
                check(value[part])
            except IntervalScheduleError as exc:
                raise _fail(f"{path}.{part}", str(exc), value[part]) from exc
    try:
        return IntervalSchedule.from_dict(value)
    except IntervalScheduleError as exc:  # unknown keys, anchor out of range, ...
        raise _fail(path, str(exc), value) from exc


def _dump_schedule(value: IntervalSchedule) -> dict[str, Any]:
    return value.to_dict()


def _ident(value: object) -> object:
    return value


def _dump_uuid(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


# ---------------------------------------------------------------- documents


@dataclass(frozen=True)
class _Spec:
    """One field of a document: how to check and write it (its default is the dataclass field's)."""

    name: str
    check: Callable[[object, str], object]
    dump: Callable[[Any], object] = copy_json
    copy: bool = False  # deep-copy the value on construction (dicts and lists of dicts)


class _Document:
    """Shared behaviour of the JSON-backed dataclasses below.

    Subclasses are frozen, keyword-only dataclasses that list their fields in
    ``_SPECS`` (in the API's order) and have two bookkeeping fields:
    ``extra`` (unknown fields, verbatim, in document order) and
    ``_source_keys`` (the key order of the document they were read from, or
    ``None`` when built in code; not part of equality).
    """

    _SPECS: ClassVar[tuple[_Spec, ...]]
    _LEGACY: ClassVar[tuple[str, ...]] = ()
    extra: Mapping[str, Any]
    _source_keys: tuple[str, ...] | None

    def __post_init__(self) -> None:
        for spec in self._SPECS:
            value = spec.check(getattr(self, spec.name), spec.name)
            if spec.copy and value is not None:
                value = copy_json(value)
                if isinstance(value, list):
                    value = tuple(value)
            object.__setattr__(self, spec.name, value)
        extra = _check_object(self.extra, "extra")
        clash = sorted(set(extra) & ({s.name for s in self._SPECS} | set(self._LEGACY)))
        if clash:
            raise _fail("extra", f"holds known field(s) {', '.join(map(repr, clash))}", clash)
        object.__setattr__(self, "extra", copy_json(extra))

    @classmethod
    def _parse_fields(cls, data: object, prefix: str, what: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """(checked known fields, unknown fields) of a document; errors name ``prefix.field``."""
        if not isinstance(data, dict):
            raise _fail(prefix or "(document)", f"{what} must be a JSON object", data)
        kwargs: dict[str, Any] = {}
        defaults = _field_defaults(cls)
        for spec in cls._SPECS:
            path = _join(prefix, spec.name)
            if spec.name in data:
                kwargs[spec.name] = spec.check(data[spec.name], path)
            elif spec.name not in defaults:
                raise _fail(path, "required")
        known = {s.name for s in cls._SPECS} | set(cls._LEGACY)
        extra = {k: v for k, v in data.items() if k not in known}
        for k in extra:
            if not isinstance(k, str):
                raise _fail(prefix or "(document)", f"keys must be strings, found {shorten(k)}")
        return kwargs, extra

    def _legacy_value(self, key: str) -> object:  # pragma: no cover - only Deployment has legacy fields
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """The document as JSON-ready data (see the module docstring for what is written)."""
        specs = {s.name: s for s in self._SPECS}
        out: dict[str, Any] = {}

        def put(key: str) -> None:
            if key in specs:
                out[key] = specs[key].dump(getattr(self, key))
            elif key in self._LEGACY:
                out[key] = self._legacy_value(key)
            elif key in self.extra:
                out[key] = copy_json(self.extra[key])

        source = self._source_keys
        for key in source or ():
            put(key)
        defaults = _field_defaults(type(self))
        for spec in self._SPECS:
            if spec.name in out:
                continue
            default = defaults.get(spec.name)
            if source is None or default is None or getattr(self, spec.name) != spec.check(default(), spec.name):
                put(spec.name)
        for key in self.extra:
            if key not in out:
                put(key)
        return out

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (``kwargs`` go to :func:`json.dumps`, e.g. ``indent=2``)."""
        return json.dumps(self.to_dict(), **kwargs)

    if TYPE_CHECKING:  # each subclass defines it

        @classmethod
        def from_dict(cls, data: object) -> Self: ...

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """Parse a JSON document (see :meth:`from_dict`)."""
        return cls.from_dict(load_json(text, InvalidDocumentError))


_DEFAULTS: dict[type, dict[str, Callable[[], object]]] = {}


def _field_defaults(cls: type) -> dict[str, Callable[[], object]]:
    """Each field's default as a factory, from the dataclass itself (a field without one is required)."""
    out = _DEFAULTS.get(cls)
    if out is None:
        out = {}
        for f in dataclasses.fields(cls):
            if f.default_factory is not dataclasses.MISSING:
                out[f.name] = f.default_factory
            elif f.default is not dataclasses.MISSING:
                out[f.name] = functools.partial(_ident, f.default)
        _DEFAULTS[cls] = out
    return out


def _bookkeeping() -> Any:
    return field(default=None, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class CreatedBy(_Document):
    """Who created or updated an object: ``{"id", "type", "display_value"}`` (Prefect's CreatedBy/UpdatedBy)."""

    id: uuid.UUID | None = None
    type: str | None = None
    display_value: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    _source_keys: tuple[str, ...] | None = _bookkeeping()

    _SPECS: ClassVar[tuple[_Spec, ...]] = (
        _Spec("id", _check_uuid, _dump_uuid),
        _Spec("type", _check_str, _ident),
        _Spec("display_value", _check_str, _ident),
    )

    @classmethod
    def from_dict(cls, data: object, _prefix: str = "") -> CreatedBy:
        """Read ``{"id": ..., "type": ..., "display_value": ...}``; unknown keys are kept."""
        kwargs, extra = cls._parse_fields(data, _prefix, "created_by")
        return cls(**kwargs, extra=extra, _source_keys=tuple(data))  # type: ignore[arg-type]


def _check_actor(value: object, path: str) -> CreatedBy | None:
    if value is None or isinstance(value, CreatedBy):
        return value
    return CreatedBy.from_dict(value, path)


def _dump_actor(value: CreatedBy | None) -> dict[str, Any] | None:
    return None if value is None else value.to_dict()


@dataclass(frozen=True, kw_only=True)
class DeploymentSchedule(_Document):
    """One schedule of a deployment (an element of ``schedules``).

    ``active`` false means the scheduler skips this schedule.  ``parameters``
    override the deployment's for runs of this schedule.  ``max_scheduled_runs``
    is stored by Prefect and ignored by its scheduler (our "standard" planner
    profile honours it as a cap).  ``max_active_runs`` and ``catchup`` are older
    fields that never had behaviour; they are kept for the round trip.

    >>> s = DeploymentSchedule.from_dict({"schedule": {"interval": 900, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}})
    >>> s.active, s.parameters, s.to_dict()
    (True, {}, {'schedule': {'interval': 900.0, 'anchor_date': '2024-01-01T00:00:00Z', 'timezone': 'UTC'}})
    """

    id: uuid.UUID | None = None
    created: datetime | None = None
    updated: datetime | None = None
    deployment_id: uuid.UUID | None = None
    schedule: IntervalSchedule
    active: bool = True
    max_active_runs: int | None = None
    max_scheduled_runs: int | None = None
    catchup: bool = False
    parameters: dict[str, Any] = field(default_factory=dict)
    slug: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    _source_keys: tuple[str, ...] | None = _bookkeeping()

    _SPECS: ClassVar[tuple[_Spec, ...]] = (
        _Spec("id", _check_uuid, _dump_uuid),
        _Spec("created", _check_timestamp, _dump_timestamp),
        _Spec("updated", _check_timestamp, _dump_timestamp),
        _Spec("deployment_id", _check_uuid, _dump_uuid),
        _Spec("schedule", _check_schedule, _dump_schedule),
        _Spec("active", _check_bool, _ident),
        _Spec("max_active_runs", _check_positive_int, _ident),
        _Spec("max_scheduled_runs", _check_positive_int, _ident),
        _Spec("catchup", _check_bool, _ident),
        _Spec("parameters", _check_object, copy_json, copy=True),
        _Spec("slug", _check_str, _ident),
    )

    @classmethod
    def from_dict(cls, data: object, _prefix: str = "") -> DeploymentSchedule:
        """Read one element of a deployment's ``schedules``; only ``schedule`` is required."""
        kwargs, extra = cls._parse_fields(data, _prefix, "a deployment schedule")
        return cls(**kwargs, extra=extra, _source_keys=tuple(data))  # type: ignore[arg-type]


def _check_schedules(value: object, path: str) -> tuple[DeploymentSchedule, ...]:
    if not isinstance(value, (list, tuple)):
        raise _fail(path, "expected a list of deployment schedules", value)
    return tuple(
        item if isinstance(item, DeploymentSchedule) else DeploymentSchedule.from_dict(item, f"{path}[{i}]")
        for i, item in enumerate(value)
    )


def _raw_schedule(item: object) -> object:
    """The ``schedule`` of one ``schedules`` entry as given: a dict's value, a DeploymentSchedule's schedule."""
    if isinstance(item, DeploymentSchedule):
        return item.schedule
    return item.get("schedule") if isinstance(item, dict) else None


def _dump_schedules(value: tuple[DeploymentSchedule, ...]) -> list[dict[str, Any]]:
    return [s.to_dict() for s in value]


def _dump_tuple(value: tuple[Any, ...] | None) -> list[Any] | None:
    return None if value is None else copy_json(list(value))


_LEGACY_MODERN = {"schedule": "schedules", "is_schedule_active": "paused"}


@dataclass(frozen=True, kw_only=True)
class Deployment(_Document):
    """A Prefect deployment as the REST API returns it (read by name, by id, or in a filter).

    Required: ``name`` and ``flow_id``.  Defaults follow Prefect: not paused,
    no schedules, ``status`` ``"NOT_READY"``, ``enforce_parameter_schema``
    true.  Lists are stored as tuples (``tags``, ``schedules``, ``pull_steps``);
    JSON objects as private copies of the input (treat them as read-only).
    Frozen and equal by value (``extra`` included, the source key order not).

    The legacy fields are properties: :attr:`schedule` (``schedules[0].schedule``
    or ``None``) and :attr:`is_schedule_active` (``not paused``).

    >>> d = Deployment(name="etl", flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c", tags=["team-a"])
    >>> d.tags, d.status, d.schedule, d.is_schedule_active
    (('team-a',), 'NOT_READY', None, True)
    """

    id: uuid.UUID | None = None
    created: datetime | None = None
    updated: datetime | None = None
    name: str
    version: str | None = None
    description: str | None = None
    flow_id: uuid.UUID
    paused: bool = False
    schedules: tuple[DeploymentSchedule, ...] = ()
    job_variables: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    work_queue_name: str | None = None
    last_polled: datetime | None = None
    parameter_openapi_schema: dict[str, Any] | None = None
    path: str | None = None
    pull_steps: tuple[dict[str, Any], ...] | None = None
    entrypoint: str | None = None
    storage_document_id: uuid.UUID | None = None
    infrastructure_document_id: uuid.UUID | None = None
    created_by: CreatedBy | None = None
    updated_by: CreatedBy | None = None
    work_pool_name: str | None = None
    status: Status = "NOT_READY"
    enforce_parameter_schema: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)
    _source_keys: tuple[str, ...] | None = _bookkeeping()

    _SPECS: ClassVar[tuple[_Spec, ...]] = (
        _Spec("id", _check_uuid, _dump_uuid),
        _Spec("created", _check_timestamp, _dump_timestamp),
        _Spec("updated", _check_timestamp, _dump_timestamp),
        _Spec("name", _check_name, _ident),
        _Spec("version", _check_str, _ident),
        _Spec("description", _check_str, _ident),
        _Spec("flow_id", _check_required_uuid, _dump_uuid),
        _Spec("paused", _check_bool, _ident),
        _Spec("schedules", _check_schedules, _dump_schedules),
        _Spec("job_variables", _check_object, copy_json, copy=True),
        _Spec("parameters", _check_object, copy_json, copy=True),
        _Spec("tags", _check_str_list, list),
        _Spec("work_queue_name", _check_str, _ident),
        _Spec("last_polled", _check_timestamp, _dump_timestamp),
        _Spec("parameter_openapi_schema", _check_optional_object, copy_json, copy=True),
        _Spec("path", _check_str, _ident),
        _Spec("pull_steps", _check_object_list, _dump_tuple, copy=True),
        _Spec("entrypoint", _check_str, _ident),
        _Spec("storage_document_id", _check_uuid, _dump_uuid),
        _Spec("infrastructure_document_id", _check_uuid, _dump_uuid),
        _Spec("created_by", _check_actor, _dump_actor),
        _Spec("updated_by", _check_actor, _dump_actor),
        _Spec("work_pool_name", _check_str, _ident),
        _Spec("status", _check_status, _ident),
        _Spec("enforce_parameter_schema", _check_bool, _ident),
    )
    _LEGACY: ClassVar[tuple[str, ...]] = ("schedule", "is_schedule_active")

    # ------------------------------------------------------------ legacy views

    @property
    def schedule(self) -> IntervalSchedule | None:
        """Legacy (Prefect 2.x) single schedule: ``schedules[0].schedule``, or ``None`` without schedules."""
        return self.schedules[0].schedule if self.schedules else None

    @property
    def is_schedule_active(self) -> bool:
        """Legacy (Prefect 2.x) flag: ``not paused``."""
        return not self.paused

    def _legacy_value(self, key: str) -> object:
        if key == "schedule":
            return None if self.schedule is None else self.schedule.to_dict()
        return self.is_schedule_active

    # ------------------------------------------------------------- wire format

    @classmethod
    def from_dict(cls, data: object) -> Deployment:
        """Read a deployment document (the REST API's JSON), checking every field.

        Raises :class:`DeploymentFieldError` (a ``ValueError``) naming the
        field's path and value, or
        :class:`~interval_schedule.errors.UnsupportedScheduleError` for a cron
        or rrule schedule.
        """
        if not isinstance(data, dict):
            raise _fail("(document)", "a deployment must be a JSON object", data)
        kwargs, extra = cls._parse_fields(data, "", "a deployment")
        keys = list(data)
        if "schedule" in data:
            legacy = None if data["schedule"] is None else _check_schedule(data["schedule"], "schedule")
            modern = kwargs.get("schedules", ())
            if not modern:
                if legacy is not None:
                    # written back as {"schedule": ...}: nothing is invented for the other fields
                    kwargs["schedules"] = (DeploymentSchedule(schedule=legacy, _source_keys=("schedule",)),)
            elif not (
                legacy is not None
                and (data["schedule"] == _raw_schedule(data["schedules"][0]) or legacy == modern[0].schedule)
            ):
                raise _fail("schedule", "must equal schedules[0].schedule (its legacy alias)", data["schedule"])
        if "is_schedule_active" in data:
            active = _check_bool(data["is_schedule_active"], "is_schedule_active")
            if "paused" not in data:
                kwargs["paused"] = not active
            elif kwargs["paused"] == active:
                raise _fail(
                    "is_schedule_active", f"must be the opposite of paused (its legacy alias; paused is {kwargs['paused']})", active
                )
        for legacy_key, modern_key in _LEGACY_MODERN.items():  # a legacy-only document also writes the modern fields
            if legacy_key in keys and modern_key not in keys:
                keys.insert(keys.index(legacy_key) + 1, modern_key)
        return cls(**kwargs, extra=extra, _source_keys=tuple(keys))


# ------------------------------------------------------------------ registry


def _utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidDocumentError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _check_lookup_name(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ScheduleTypeError(f"{what} must be a non-empty string, not {type(value).__name__} ({shorten(value)})")
    if not value:
        raise InvalidQueryError(f"{what} must be a non-empty string, got ''")
    return value


class DeploymentRegistry:
    """Deployments with their flow names, looked up like ``GET /api/deployments/name/{flow}/{deployment}``.

    Built from ``(flow_name, deployment)`` pairs or from JSON Lines (see
    :meth:`from_jsonl`).  Names must be non-empty strings and each
    ``(flow_name, deployment.name)`` pair unique.  Iteration yields the
    deployments in insertion order; :meth:`items` yields ``(flow_name, deployment)``.

    >>> d = Deployment(name="hourly", flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c")
    >>> reg = DeploymentRegistry([("etl", d)])
    >>> reg.read_by_name("etl", "hourly") is d, len(reg)
    (True, 1)
    >>> reg.read_by_name("etl", "daily")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.DeploymentNotFoundError: no deployment named 'daily' for flow 'etl'
    """

    __slots__ = ("_by_name",)

    def __init__(self, entries: Iterable[tuple[str, Deployment]] = ()) -> None:
        self._by_name: dict[tuple[str, str], tuple[str, Deployment]] = {}
        entries = items_of(entries, "DeploymentRegistry needs an iterable of (flow_name, Deployment) pairs")
        for i, entry in enumerate(entries):
            if not (isinstance(entry, tuple) and len(entry) == 2):
                raise ScheduleTypeError(f"entry {i} must be a (flow_name, Deployment) pair, got {shorten(entry)}")
            self._add(*entry, where=f"entry {i}")

    def _add(self, flow_name: object, deployment: object, where: str) -> None:
        if not isinstance(deployment, Deployment):
            raise ScheduleTypeError(f"{where}: expected a Deployment, not {type(deployment).__name__}")
        if not isinstance(flow_name, str) or not flow_name:
            raise InvalidDocumentError(f"{where}: the flow name must be a non-empty string, got {shorten(flow_name)}")
        if not deployment.name:
            raise InvalidDocumentError(f"{where}: the deployment name must be a non-empty string, got {shorten(deployment.name)}")
        key = (flow_name, deployment.name)
        if key in self._by_name:
            raise InvalidDocumentError(
                f"{where}: a second deployment named {shorten(deployment.name)} for flow {shorten(flow_name)}; "
                "each (flow_name, deployment name) pair must be unique"
            )
        self._by_name[key] = (flow_name, deployment)

    @classmethod
    def from_jsonl(cls, lines: str | bytes | Iterable[str | bytes], *, source: str = "JSON Lines") -> DeploymentRegistry:
        """Read JSON Lines: each non-blank line is ``{"flow_name": "...", "deployment": {...}}``.

        *lines* is the text (``str``, or UTF-8 ``bytes``), or an iterable of
        lines (``str`` or ``bytes`` each, such as a file opened in text or
        binary mode).  A string is always the text itself, never a path.
        Lines end at ``\n`` (or ``\r\n``) only, as JSON Lines define them: a
        U+2028 or U+0085 inside a JSON string is part of the string.  Errors
        name *source*, the line number and the field path.

        >>> DeploymentRegistry.from_jsonl(b"")
        <DeploymentRegistry: 0 deployments>
        >>> DeploymentRegistry.from_jsonl([{"flow_name": "etl"}])
        Traceback (most recent call last):
        ...
        interval_schedule.errors.ScheduleTypeError: JSON Lines line 1 must be a str or bytes, not dict ({'flow_name': 'etl'})
        """
        if isinstance(lines, (bytes, bytearray, memoryview)):
            lines = _utf8(bytes(lines), source)
        if isinstance(lines, str):
            lines = lines.split("\n")  # "\r\n" leaves a "\r", which JSON reads as whitespace
        elif not isinstance(lines, Iterable):
            raise ScheduleTypeError(
                f"JSON Lines must be a str, UTF-8 bytes or an iterable of lines, not {type(lines).__name__} ({shorten(lines)})"
            )
        registry = cls()
        for number, line in enumerate(lines, 1):
            where = f"{source} line {number}"
            if isinstance(line, (bytes, bytearray)):
                line = _utf8(bytes(line), where)
            elif not isinstance(line, str):
                raise ScheduleTypeError(f"{where} must be a str or bytes, not {type(line).__name__} ({shorten(line)})")
            if not line.strip():
                continue
            entry = load_json(line, InvalidDocumentError, where)
            if not isinstance(entry, dict) or set(entry) != {"flow_name", "deployment"}:
                raise InvalidDocumentError(
                    f"{where}: expected an object {{\"flow_name\": ..., \"deployment\": {{...}}}}, got {shorten(entry)}"
                )
            try:
                deployment = Deployment.from_dict(entry["deployment"])
            except IntervalScheduleError as exc:
                raise with_context(exc, f"{where}: deployment.") from exc
            registry._add(entry["flow_name"], deployment, where)
        return registry

    def to_jsonl(self) -> str:
        """The registry as JSON Lines, one ``{"flow_name", "deployment"}`` object per line (read by :meth:`from_jsonl`)."""
        return "".join(
            json.dumps({"flow_name": flow, "deployment": d.to_dict()}) + "\n" for flow, d in self._by_name.values()
        )

    def read_by_name(self, flow_name: str, deployment_name: str) -> Deployment:
        """The deployment *deployment_name* of flow *flow_name*; raises DeploymentNotFoundError (a KeyError)."""
        key = (_check_lookup_name(flow_name, "flow_name"), _check_lookup_name(deployment_name, "deployment_name"))
        try:
            return self._by_name[key][1]
        except KeyError:
            raise DeploymentNotFoundError(
                f"no deployment named {shorten(deployment_name)} for flow {shorten(flow_name)}"
            ) from None

    def items(self) -> Iterator[tuple[str, Deployment]]:
        """``(flow_name, deployment)`` pairs in insertion order."""
        return iter(self._by_name.values())

    def __contains__(self, key: object) -> bool:
        return key in self._by_name

    def __iter__(self) -> Iterator[Deployment]:
        return (d for _, d in self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"<DeploymentRegistry: {len(self)} deployments>"


# ------------------------------------------------------------------ files

#: The most :func:`load_deployments` reads unless told otherwise: 64 MiB,
#: about 100 000 deployment documents of Prefect's size.
DEFAULT_MAX_BYTES = 64 * 2**20


def load_deployments(
    path: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[tuple[str | None, Deployment]], DeploymentRegistry | None]:
    """The deployments in the file *path* (``-``: stdin): ``(entries, registry)``.

    *entries* are ``(flow name or None, deployment)`` pairs in file order;
    *registry* is ``None`` for a single deployment document.  A file that
    parses as one JSON object is a single deployment, unless that object is a
    ``{"flow_name", "deployment"}`` line; anything else is read as JSON Lines.
    Only regular files (or stdin) are read, at most *max_bytes* of them
    (:class:`~interval_schedule.errors.InvalidDocumentError` otherwise).
    """
    text = read_text(path, max_bytes)
    if not text.strip():
        raise InvalidDocumentError(f"{shown(path)}: empty file; expected a deployment JSON document or JSON Lines")
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None  # not one JSON document: JSON Lines
    except RecursionError as exc:
        raise InvalidDocumentError(f"{shown(path)}: not valid JSON ({exc})") from exc
    if isinstance(whole, dict) and set(whole) != {"flow_name", "deployment"}:
        try:
            return [(None, Deployment.from_dict(whole))], None
        except IntervalScheduleError as exc:
            raise with_context(exc, f"{shown(path)}: ") from exc
    if whole is not None and not isinstance(whole, dict):
        raise InvalidDocumentError(
            f"{shown(path)}: expected a deployment object or JSON Lines of deployments, got {type(whole).__name__} ({shorten(whole)})"
        )
    registry = DeploymentRegistry.from_jsonl(text, source=shown(path))
    return list(registry.items()), registry
