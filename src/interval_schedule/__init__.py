"""interval_schedule: when interval schedules fire, exact to the last DST edge, vectorized.

>>> from datetime import timedelta
>>> from interval_schedule import IntervalSchedule
>>> s = IntervalSchedule(timedelta(days=1), "2024-03-09T09:00", "America/New_York")
>>> [d.isoformat() for d in s.get_dates(3, start="2024-03-09T00:00-05:00")]
['2024-03-09T09:00:00-05:00', '2024-03-10T09:00:00-04:00', '2024-03-11T09:00:00-04:00']

Everything a user needs imports from here (see ``__all__``, grouped below).
The modules of optional extras are not imported by this package; import them
by name when their extra is installed: :mod:`interval_schedule.columnar`
(``arrow``/``pandas``/``polars``), :mod:`interval_schedule.dask` (``dask``),
:mod:`interval_schedule.prefect_api` (``prefect-api``),
:mod:`interval_schedule.adapters` (``apscheduler``/``celery``),
:mod:`interval_schedule.timeline` (``plot``) and
:mod:`interval_schedule.testing` (``testing``).  docs/architecture.md lists
the public modules.

>>> from interval_schedule import ScheduleBatch, Deployment, plan_runs
"""

from . import errors
from ._profiles import PREFECT_PROFILES, PrefectProfile
from .batch import Coded, ScheduleBatch
from .deployment import (
    DEFAULT_MAX_BYTES,
    STATUSES,
    CreatedBy,
    Deployment,
    DeploymentFieldError,
    DeploymentRegistry,
    DeploymentSchedule,
    Status,
    load_deployments,
)
from .explain import Explanation, PrefectReason, explain, preview_rows
from .jitter import jittered
from .missed import MISSED_POLICIES, BatchMissedRuns, CatchUp, MissedPolicy, MissedRuns, batch_missed_runs, missed_runs
from .planner import PlannedRuns, ScheduledRun, needs_scheduling, plan_many, plan_runs
from .reconcile import CheckReport, Reconciliation, RunTable, check, reconcile
from .schedule import PROFILES, IntervalSchedule, Profile
from .tz import (
    FOLD_POLICIES,
    GAP_POLICIES,
    TZDATA_PACKAGE_VERSION,
    TZDATA_VERSION,
    FoldPolicy,
    GapPolicy,
    LocalKind,
    TzSource,
    Zone,
    ZoneKey,
    available_zones,
    get_zone,
    validate_key,
)
from .tzimpact import TzImpact, tzdata_impact

__version__ = "0.1.0"

__all__ = [
    # one schedule, and many at once (numpy)
    "IntervalSchedule",
    "ScheduleBatch",
    "Coded",
    # policies and profiles: the Literal types and their allowed values
    "GapPolicy",
    "FoldPolicy",
    "GAP_POLICIES",
    "FOLD_POLICIES",
    "Profile",
    "PROFILES",
    "PREFECT_PROFILES",
    "PrefectProfile",
    # time zones (the tzdata package's IANA keys)
    "get_zone",
    "available_zones",
    "validate_key",
    "ZoneKey",
    "Zone",
    "LocalKind",
    "TzSource",
    "TZDATA_VERSION",
    "TZDATA_PACKAGE_VERSION",
    # deployments in Prefect's JSON shape, and a registry to look them up
    "Deployment",
    "DeploymentSchedule",
    "DeploymentRegistry",
    "DeploymentFieldError",
    "CreatedBy",
    "Status",
    "STATUSES",
    "load_deployments",
    "DEFAULT_MAX_BYTES",
    # the run planner (Prefect's scheduler rules)
    "plan_runs",
    "plan_many",
    "needs_scheduling",
    "ScheduledRun",
    "PlannedRuns",
    # operations: explain, missed runs, jitter, reconcile and check against existing runs
    "explain",
    "Explanation",
    "PrefectReason",
    "preview_rows",
    "missed_runs",
    "batch_missed_runs",
    "MissedRuns",
    "BatchMissedRuns",
    "CatchUp",
    "MissedPolicy",
    "MISSED_POLICIES",
    "jittered",
    "reconcile",
    "Reconciliation",
    "RunTable",
    "check",
    "CheckReport",
    "tzdata_impact",
    "TzImpact",
    # the exceptions (interval_schedule.errors: every class is documented in docs/errors.md)
    "errors",
    "__version__",
]
