"""Reading JSON documents with one kind of error.

``json.loads`` fails with ``ValueError`` on bad syntax, ``TypeError`` on a
non-string, and ``RecursionError`` on nesting deeper than the interpreter's
stack; a caller of this library gets the error class it documents instead.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import shorten

__all__ = ["load_json", "copy_json"]


def load_json(text: object, error: type[Exception], where: str | None = None) -> Any:
    """``json.loads(text)``, every failure raised as *error* (named after *where* when given).

    >>> from interval_schedule.errors import InvalidScheduleError
    >>> load_json("[" * 100_000, InvalidScheduleError)
    Traceback (most recent call last):
    ...
    interval_schedule.errors.InvalidScheduleError: not valid JSON: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...(100002 chars) (maximum recursion depth exceeded while decoding a JSON array from a unicode string)
    """
    try:
        return json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError, RecursionError) as exc:
        if where is not None:
            raise error(f"{where}: not valid JSON ({exc})") from exc
        raise error(f"not valid JSON: {shorten(text)} ({exc})") from exc


def copy_json(value: object) -> Any:
    """A deep copy of JSON-like data (dicts and lists; other values are shared), at any depth.

    Iterative: documents nested deeper than the recursion limit (which
    ``json.loads`` accepts up to a point) copy like any other.

    >>> doc = {"a": [1, {"b": 2}]}
    >>> copy = copy_json(doc)
    >>> copy == doc, copy["a"] is doc["a"]
    (True, False)
    """
    if not isinstance(value, (dict, list, tuple)):
        return value
    root: list[Any] = [None]
    # (source container, destination container, key in destination's parent)
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        src, parent, key = stack.pop()
        if isinstance(src, dict):
            dst: Any = {}
            parent[key] = dst
            for k, v in src.items():
                if isinstance(v, (dict, list, tuple)):
                    dst[k] = None
                    stack.append((v, dst, k))
                else:
                    dst[k] = v
        else:
            dst = [None] * len(src)
            parent[key] = dst
            for i, v in enumerate(src):
                if isinstance(v, (dict, list, tuple)):
                    stack.append((v, dst, i))
                else:
                    dst[i] = v
    return root[0]
