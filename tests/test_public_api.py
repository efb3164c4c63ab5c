"""The curated top level: every public name imports from ``interval_schedule``, and nothing optional comes with it."""

import subprocess
import sys

import pytest

import interval_schedule

#: The packages of optional extras (and of the adapters' schedulers): importing
#: ``interval_schedule`` must import none of them.
OPTIONAL = ("pandas", "pyarrow", "polars", "dask", "distributed", "httpx", "matplotlib", "celery", "apscheduler", "hypothesis")
#: Modules of extras, imported only by name.
EXTRA_MODULES = ("columnar", "dask", "prefect_api", "adapters", "timeline", "testing", "cli")


@pytest.mark.parametrize("name", interval_schedule.__all__)
def test_every_name_in_all_is_there(name):
    assert getattr(interval_schedule, name) is not None


def test_every_name_in_all_imports_in_a_fresh_interpreter():
    # A star import raises AttributeError for a name in __all__ the package lacks.
    code = "from interval_schedule import *\nimport interval_schedule as p\nprint(all(n in globals() for n in p.__all__), len(p.__all__))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.split() == ["True", str(len(interval_schedule.__all__))], out.stderr


def test_all_has_no_duplicates():
    assert len(interval_schedule.__all__) == len(set(interval_schedule.__all__))


def test_the_names_a_user_reaches_for_first():
    from interval_schedule import Deployment, ScheduleBatch, plan_runs  # the import issue 12 found failing

    assert ScheduleBatch.__module__ == "interval_schedule.batch"
    assert Deployment.__module__ == "interval_schedule.deployment"
    assert plan_runs.__module__ == "interval_schedule.planner"


def test_importing_the_package_imports_no_optional_extra():
    code = (
        "import sys, interval_schedule\n"
        f"print(sorted({{m.partition('.')[0] for m in sys.modules}} & set({OPTIONAL!r})))\n"
        f"print(sorted(m for m in sys.modules if m.startswith('interval_schedule.') and m.split('.')[1] in {EXTRA_MODULES!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.splitlines() == ["[]", "[]"], out.stdout
