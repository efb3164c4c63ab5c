"""Parse TZif files (RFC 9636, formerly RFC 8536), versions 1 to 4, from bytes.

Parsing never touches the filesystem: it takes bytes and returns plain tables,
so tests can feed it anything.  Every defect raises :class:`InvalidTZifError`;
no ``IndexError`` or ``struct.error`` escapes.

For version 2+ files the 32-bit (v1) block is skipped unread (RFC 9636
section 4: only its size is used, so a stub with every count at zero is fine)
and the 64-bit block and the footer TZ string are read.  The tzdata wheel's files are "slim": their v1
block is an empty stub, so a v1-only reader would see no transitions at all.
"""

from __future__ import annotations

import operator
import struct
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..errors import InvalidTZifError, shorten

__all__ = ["TZifData", "parse_tzif", "read_rows"]

_HEADER = struct.Struct(">4sc15x6l")  # magic, version, 15 unused bytes, six counts
_MAGIC = b"TZif"


@dataclass(frozen=True, eq=False)
class TZifData:
    """The content of one TZif file, as plain arrays.

    ``trans_utc[i]`` (int64 seconds since 1970 UTC, strictly increasing) is the
    instant at which local time type ``trans_type[i]`` takes effect.  Type ``t``
    has UTC offset ``utoff[t]`` seconds (east positive) and DST flag
    ``isdst[t]``.  ``footer`` is the POSIX TZ string governing instants after
    the last transition (``""`` when absent).  Leap-second records are read for
    validation and ignored: the tzdata package ships no "right/" zones.
    """

    version: int
    trans_utc: np.ndarray  # int64, seconds
    trans_type: np.ndarray  # intp
    utoff: np.ndarray  # int64, seconds
    isdst: np.ndarray  # bool
    abbrs: tuple[str, ...]
    footer: str


def _counts(data: bytes, pos: int) -> tuple[int, tuple[int, ...]]:
    if len(data) < pos + _HEADER.size:
        raise InvalidTZifError(f"truncated TZif header at byte {pos} (file has {len(data)} bytes)")
    magic, version, *counts = _HEADER.unpack_from(data, pos)
    if magic != _MAGIC:
        raise InvalidTZifError(f"bad TZif magic {magic!r} at byte {pos}, expected b'TZif'")
    if version not in (b"\x00", b"2", b"3", b"4"):
        raise InvalidTZifError(f"unknown TZif version byte {version!r}; allowed: NUL, '2', '3', '4'")
    if min(counts) < 0:
        raise InvalidTZifError(f"negative count in TZif header: {counts}")
    return (1 if version == b"\x00" else int(version)), tuple(counts)


def _block_size(counts: tuple[int, ...], time_size: int) -> int:
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    return (
        timecnt * time_size  # transition times
        + timecnt  # transition types, one byte each
        + typecnt * 6  # ttinfo: int32 utoff, uint8 isdst, uint8 desigidx
        + charcnt  # designation characters
        + leapcnt * (time_size + 4)  # leap-second records
        + isstdcnt
        + isutcnt
    )


class _Block(NamedTuple):
    """One data block, validated, as plain Python values (abbreviations stay bytes)."""

    trans_utc: tuple[int, ...]  # seconds
    trans_type: bytes  # one type index per transition
    utoff: tuple[int, ...]  # seconds
    isdst: tuple[int, ...]  # 0 or 1
    idxs: tuple[int, ...]  # designation indices, each < len(chars)
    chars: bytes


class _FileRows(NamedTuple):
    """What :class:`~interval_schedule.tz.Zone` reads from a file: :class:`TZifData` without the abbreviations, in plain Python values.

    The loading path (:meth:`TzSource.get_zone`) builds zones from this, so
    the abbreviations are never decoded and no numpy arithmetic runs.
    """

    version: int
    trans_utc: tuple[int, ...]
    trans_type: bytes
    utoff: tuple[int, ...]
    isdst: tuple[int, ...]
    footer: str


def _block(data: bytes, pos: int, counts: tuple[int, ...], time_size: int) -> tuple[_Block, int]:
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    if typecnt == 0:
        raise InvalidTZifError("TZif typecnt is zero; a file needs at least one local time type")
    if charcnt == 0:
        raise InvalidTZifError("TZif charcnt is zero; designations need at least a NUL byte")
    if isutcnt not in (0, typecnt) or isstdcnt not in (0, typecnt):
        raise InvalidTZifError(
            f"TZif isutcnt={isutcnt} / isstdcnt={isstdcnt} must each be 0 or typecnt={typecnt}"
        )
    size = _block_size(counts, time_size)
    if len(data) < pos + size:
        raise InvalidTZifError(
            f"truncated TZif data block: need {size} bytes at byte {pos}, file has {len(data)}"
        )
    # struct reads everything (big-endian) into Python ints: the loading path
    # runs no numpy arithmetic (see _posix's module docstring).
    trans = struct.unpack_from(f">{timecnt}{'q' if time_size == 8 else 'l'}", data, pos)
    pos += timecnt * time_size
    types_b = data[pos : pos + timecnt]
    pos += timecnt
    tt = struct.unpack_from(">" + "lBB" * typecnt, data, pos)
    pos += typecnt * 6
    chars = data[pos : pos + charcnt]
    pos += charcnt + leapcnt * (time_size + 4) + isstdcnt + isutcnt

    if timecnt > 1 and not all(map(operator.lt, trans, trans[1:])):
        raise InvalidTZifError("TZif transition times are not strictly increasing")
    if timecnt and max(types_b) >= typecnt:
        raise InvalidTZifError(
            f"TZif transition type index {max(types_b)} out of range (typecnt={typecnt})"
        )
    utoffs, isdsts, idxs = tt[0::3], tt[1::3], tt[2::3]
    if -(2**31) in utoffs:
        raise InvalidTZifError("TZif UTC offset -2**31 is not allowed (RFC 9636 section 3.2)")
    if max(utoffs) > 26 * 3600 or min(utoffs) < -26 * 3600:
        # RFC 9636 recommends -25:59:59..+25:59:59; beyond that is surely corrupt.
        raise InvalidTZifError(f"TZif UTC offset out of range: {max(utoffs, key=abs)} s")
    if max(isdsts) > 1:
        raise InvalidTZifError("TZif isdst flag must be 0 or 1")
    if max(idxs) >= charcnt:
        bad = next(idx for idx in idxs if idx >= charcnt)
        raise InvalidTZifError(f"TZif designation index {bad} out of range (charcnt={charcnt})")
    return _Block(trans, types_b, utoffs, isdsts, idxs, chars), pos


def _abbrs(block: _Block) -> tuple[str, ...]:
    chars, out = block.chars, []
    for idx in block.idxs:
        end = chars.find(b"\x00", idx)
        out.append(chars[idx : (end if end >= 0 else len(chars))].decode("ascii", "replace"))
    return tuple(out)


def _read(data: bytes) -> tuple[int, _Block, str]:
    """Validate a TZif file and read its governing block (the v2+ one when there is one) and footer."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidTZifError(f"TZif data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    version, counts = _counts(data, 0)
    if version == 1:
        v1, pos = _block(data, _HEADER.size, counts, 4)
        return 1, v1, ""
    # RFC 9636 section 4: a reader of version 2+ data skips the v1 block; only
    # its size matters (CPython's writer leaves every count at zero there).
    pos = _HEADER.size + _block_size(counts, 4)
    if len(data) < pos:
        raise InvalidTZifError(f"truncated TZif v1 data block: need {pos} bytes, file has {len(data)}")
    version2, counts2 = _counts(data, pos)
    if version2 != version:
        raise InvalidTZifError(f"TZif second header says version {version2}, first says {version}")
    v2, pos = _block(data, pos + _HEADER.size, counts2, 8)
    # Footer: "\n" TZ-string "\n" (RFC 9636 section 3.3).
    if pos >= len(data) or data[pos : pos + 1] != b"\n":
        raise InvalidTZifError(f"TZif footer missing its opening newline at byte {pos}")
    end = data.find(b"\n", pos + 1)
    if end < 0:
        raise InvalidTZifError("TZif footer missing its closing newline")
    try:
        footer = data[pos + 1 : end].decode("ascii")
    except UnicodeDecodeError as exc:
        raise InvalidTZifError(f"TZif footer is not ASCII: {shorten(data[pos + 1 : end])}") from exc
    return version, v2, footer


def read_rows(data: bytes) -> _FileRows:
    """:func:`parse_tzif` without decoding the abbreviations: what a Zone is built from (same checks, same errors)."""
    version, block, footer = _read(data)
    return _FileRows(version, block.trans_utc, block.trans_type, block.utoff, block.isdst, footer)


def parse_tzif(data: bytes) -> TZifData:
    """Parse the bytes of a TZif file.

    >>> from interval_schedule.tz._keys import read_tzif_bytes
    >>> info = parse_tzif(read_tzif_bytes("America/New_York"))
    >>> info.version, info.footer
    (2, 'EST5EDT,M3.2.0,M11.1.0')
    >>> parse_tzif(b"TZjunk")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.InvalidTZifError: truncated TZif header at byte 0 (file has 6 bytes)
    """
    version, block, footer = _read(data)
    return TZifData(
        version=version,
        trans_utc=np.array(block.trans_utc, dtype=np.int64),
        trans_type=np.frombuffer(block.trans_type, dtype=np.uint8).astype(np.intp),
        utoff=np.array(block.utoff, dtype=np.int64),
        isdst=np.array(block.isdst, dtype=bool),
        abbrs=_abbrs(block),
        footer=footer,
    )
