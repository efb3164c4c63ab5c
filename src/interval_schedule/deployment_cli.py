"""Former home of ``interval-schedule plan``; kept so existing imports work.

The command lives in :mod:`interval_schedule.cli.plan` and the file reading in
:func:`interval_schedule.deployment.load_deployments`.
"""

from .cli.plan import add_plan_command, cmd_plan
from .deployment import DEFAULT_MAX_BYTES, load_deployments

__all__ = ["DEFAULT_MAX_BYTES", "add_plan_command", "cmd_plan", "load_deployments"]
