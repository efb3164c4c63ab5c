"""Bounded reading of the files a user names: regular files or stdin, never devices, at most N bytes.

The only module that opens a path a user gave (tz data is read by ``tz._keys``
from the tzdata package only).  Errors are
:class:`~interval_schedule.errors.InvalidDocumentError` naming the path.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable

from .errors import IntervalScheduleError, InvalidDocumentError, shorten

__all__ = ["read_text", "shown"]

#: Read size: 1 MiB, so an over-long file is refused after at most 1 MiB past the bound.
_CHUNK = 2**20


def shown(path: str) -> str:
    """A path as messages show it: as is when short and printable, else shortened."""
    return path if len(path) <= 200 and path.isprintable() else shorten(path)


def _read_bounded(read: Callable[[int], bytes], max_bytes: int, name: str) -> bytes:
    """At most *max_bytes* from *read*, in chunks; more is refused before it is all read."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InvalidDocumentError(
                f"{name}: larger than {max_bytes} bytes; pass --max-bytes to read a larger file"
            )


def _check_regular(st: os.stat_result, path: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InvalidDocumentError(f"{shown(path)}: is a directory, not a deployment file")
    if not stat.S_ISREG(st.st_mode):
        raise InvalidDocumentError(
            f"{shown(path)}: not a regular file (a device, FIFO or socket); give a file, or - to read stdin"
        )


def read_text(path: str, max_bytes: int) -> str:
    """The UTF-8 text of a regular file (or of stdin for ``-``), at most *max_bytes* long.

    Devices, FIFOs and sockets are refused from ``stat`` before anything is
    opened (``/dev/zero`` never ends, a FIFO without a writer never answers);
    the file is then opened without blocking and checked again, so a path
    swapped for a FIFO in between is refused too.
    """
    name = shown(path)
    try:
        if path == "-":
            data = _read_bounded(sys.stdin.buffer.read, max_bytes, "stdin")
            name = "stdin"
        else:
            _check_regular(os.stat(path), path)
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                _check_regular(os.fstat(fd), path)
                data = _read_bounded(lambda n: os.read(fd, n), max_bytes, name)
            finally:
                os.close(fd)
    except IntervalScheduleError:
        raise
    except FileNotFoundError:
        raise InvalidDocumentError(f"{name}: no such file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise InvalidDocumentError(f"{name}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidDocumentError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
