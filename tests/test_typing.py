"""Typing facts checked at run time: the Literal types and the tuples of names agree, and mypy runs strict.

mypy itself runs in ``make lint`` (before the tests); these tests hold what a
type checker cannot see: that the tuples the code validates against are the
Literal types' names in the documented order, and that the mypy configuration
stays strict, with overrides only for packages that ship no type hints.
"""

from __future__ import annotations

import importlib.util
import tomllib
import typing
from pathlib import Path

from interval_schedule import FOLD_POLICIES, GAP_POLICIES, MISSED_POLICIES, PROFILES, STATUSES, FoldPolicy, GapPolicy, Profile
from interval_schedule._convert import OUTPUTS, Output
from interval_schedule.deployment import Status
from interval_schedule.missed import MissedPolicy

ROOT = Path(__file__).resolve().parent.parent


def test_policy_tuples_are_the_literal_names_in_documented_order() -> None:
    # The order matters: the batch reads a row's policy as "is it the second name"
    # (skip, later), and error messages list the names in this order (docs/semantics.md).
    assert GAP_POLICIES == typing.get_args(GapPolicy) == ("shift", "skip")
    assert FOLD_POLICIES == typing.get_args(FoldPolicy) == ("earlier", "later")
    assert MISSED_POLICIES == typing.get_args(MissedPolicy) == ("all", "latest", "none")
    assert STATUSES == typing.get_args(Status) == ("READY", "NOT_READY")
    assert OUTPUTS == typing.get_args(Output) == ("pendulum", "datetime")


def test_profile_literal_names_the_registered_profiles() -> None:
    # The table of profiles is the registry (one row per profile); the Literal is
    # what type checkers see. A profile added to one and not the other fails here.
    assert typing.get_args(Profile) == PROFILES


def test_mypy_is_strict_with_overrides_only_for_packages_without_hints() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert config["files"] == ["src/interval_schedule"]
    for override in config.get("overrides", []):
        assert set(override) == {"module", "ignore_missing_imports"}, override
        for module in override["module"]:
            top = module.split(".")[0]
            spec = importlib.util.find_spec(top)
            assert spec is not None and spec.origin is not None, f"{top} is not installed (the test extra installs it)"
            # A package that ships py.typed is checked, not ignored: drop its override.
            assert not (Path(spec.origin).parent / "py.typed").exists(), f"{top} ships type hints; remove its mypy override"
