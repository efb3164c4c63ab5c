"""Imports flow one way: a walk of the package's import statements (ast) fails on an upward import or a cycle.

The layers, lowest first (docs/architecture.md): a module may import from its
own layer and the ones below, never above.  Every ``import`` counts, also one
inside a function (a lazy import is still a dependency) and one under
``TYPE_CHECKING`` (a type-only import still ties the modules' designs).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "interval_schedule"
ROOT = Path(__file__).resolve().parent.parent / "src" / PACKAGE

#: Lowest first.  A module's layer is that of its longest listed prefix.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("errors", "_units")),
    ("tz", ("tz",)),
    ("core semantics", ("_limits", "_jsonio", "_core", "_series")),
    ("boundary conversions", ("_convert", "_io", "_jitter", "_missed")),
    ("profiles", ("_profiles", "compat")),
    ("schedule", ("schedule",)),
    ("batch", ("batch",)),
    ("deployment, planner, operations", ("deployment", "planner", "explain", "missed", "jitter", "reconcile", "tzimpact")),
    ("package facade", ("",)),  # interval_schedule/__init__.py: re-exports the layers below it
    ("integrations", ("columnar", "dask", "prefect_api", "adapters", "timeline", "testing")),
    ("cli", ("cli", "deployment_cli", "__main__")),
)

#: Known violations, each (importer, imported), left for the branches in flight
#: and the lead to remove; the list only shrinks (see the last test).
ALLOWED: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def layer_of(name: str) -> int:
    best, best_len = None, -1
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".") or prefix == "") and len(prefix) > best_len:
                best, best_len = rank, len(prefix)
    assert best is not None and (best_len > 0 or name == ""), f"{name!r} is in no layer: add it to LAYERS"
    return best


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules *name* imports (relative and absolute), as names relative to the package."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if name else []
    package = here if is_package else here[:-1]
    out: set[str] = set()

    def add(target: str) -> None:
        # "from . import errors" names a module; "from .schedule import X" the module schedule.
        if target in known:
            out.add(target)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    add(alias.name[len(PACKAGE) + 1 :])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module == PACKAGE or (node.module or "").startswith(PACKAGE + "."):
                target = node.module[len(PACKAGE) + 1 :]
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                add(sub if sub in known else target)
    out.discard(name)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


GRAPH = graph()


def test_every_module_has_a_layer():
    for name in GRAPH:
        layer_of(name)


def test_the_walk_sees_imports():
    # The walk itself can fail: these edges exist (relative, from-package, lazy in a function).
    assert "tz" in GRAPH["_convert"] and "errors" in GRAPH["tz._zone"]
    assert "errors" in GRAPH["cli"] and "schedule" in GRAPH["batch"]


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_no_upward_import(name):
    upward = sorted(
        (f"{name} ({LAYERS[layer_of(name)][0]}) imports {dep} ({LAYERS[layer_of(dep)][0]})")
        for dep in GRAPH[name]
        if layer_of(dep) > layer_of(name) and (name, dep) not in ALLOWED
    )
    assert not upward, upward


def test_no_cycle():
    edges = {n: {d for d in deps if (n, d) not in ALLOWED} for n, deps in GRAPH.items()}
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for d in sorted(edges[n]):
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(d) :] + [d]))
            if d not in state:
                visit(d)
        stack.pop()
        state[n] = 2

    for n in sorted(edges):
        if n not in state:
            visit(n)


def test_the_allow_list_is_still_needed():
    # An entry whose import is gone must leave the list, so the list only shrinks.
    stale = sorted(pair for pair in ALLOWED if pair[1] not in GRAPH.get(pair[0], set()))
    assert not stale, stale



# ------------------------------------- IntervalSchedule's private attributes

from interval_schedule.schedule import IntervalSchedule  # noqa: E402

SCHEDULE_PRIVATE = {
    name for name in [*dir(IntervalSchedule), *IntervalSchedule.__slots__] if name.startswith("_") and not name.startswith("__")
}


def _schedule_internals_read(tree: ast.AST) -> list[tuple[int, str]]:
    """``<anything but self/cls>.<IntervalSchedule private name>``, unless the module defines that name itself.

    A module's own classes may have a private attribute of the same name (the
    adapters' ``_set`` and ``_key``): those it defines are its own to read.
    """
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
    return [
        (node.lineno, node.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in SCHEDULE_PRIVATE - own
        and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
    ]


def test_no_module_outside_schedule_reads_interval_schedule_internals():
    assert {"_core", "_instant", "_interval_us", "_timezone"} <= SCHEDULE_PRIVATE
    violations = [
        f"{path.relative_to(ROOT)}:{line}: .{attr}"
        for name, path in modules().items()
        if name != "schedule"
        for line, attr in _schedule_internals_read(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert violations == []


def test_the_schedule_walk_catches_a_violation():
    bad = ast.parse("def f(s, trigger):\n    self._core\n    trigger._set()\n    return s._core.hi, s._instant(0, 'x')\n")
    assert sorted(attr for _, attr in _schedule_internals_read(bad)) == ["_core", "_instant", "_set"]
    own = ast.parse("class T:\n    def _set(self): ...\n\ndef f(t):\n    t._set()\n")
    assert _schedule_internals_read(own) == []


# ------------------------------------------------- Zone pickles, hook in _source

#: ``pickle.dumps(get_zone("America/New_York"), protocol)`` made by main 437dcc3, when the hook
#: was ``Zone.__reduce__`` in tz._zone (it now lives in tz._source, registered with copyreg).
OLD_ZONE_PICKLES = {
    2: b"\x80\x02c__builtin__\ngetattr\nq\x00cinterval_schedule.tz._source\ndefault_source\nq\x01)Rq\x02X\x08\x00\x00\x00"
    b"get_zoneq\x03\x86q\x04Rq\x05X\x10\x00\x00\x00America/New_Yorkq\x06\x85q\x07Rq\x08.",
    4: b"\x80\x04\x95s\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x94\x8c\x07getattr\x94\x93\x94\x8c\x1cinterval_schedule.tz._source"
    b"\x94\x8c\x0edefault_source\x94\x93\x94)R\x94\x8c\x08get_zone\x94\x86\x94R\x94\x8c\x10America/New_York\x94\x85\x94R\x94.",
}


@pytest.mark.parametrize("protocol", sorted(OLD_ZONE_PICKLES))
def test_zone_pickles_made_before_the_hook_moved_still_load(protocol):
    import copy
    import pickle

    from interval_schedule.tz import get_zone

    ny = get_zone("America/New_York")
    back = pickle.loads(OLD_ZONE_PICKLES[protocol])
    assert back is ny  # through the source's cache, as before
    assert pickle.dumps(ny, protocol=protocol) == OLD_ZONE_PICKLES[protocol]  # the format did not change
    assert copy.copy(ny) is ny and copy.deepcopy(ny) is ny
