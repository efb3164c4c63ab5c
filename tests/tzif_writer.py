"""A small TZif writer (RFC 9636) for building synthetic and broken zones in tests.

The byte layout follows RFC 9636 section 3 (formerly RFC 8536)::

    header   "TZif" version(1) unused(15) isutcnt isstdcnt leapcnt timecnt typecnt charcnt
             (six unsigned 32-bit big-endian counts, 44 bytes in all)
    data     transition times     timecnt x 4 (v1 block) or x 8 (v2+ block), signed
             transition types     timecnt x 1
             local time types     typecnt x 6: int32 utoff, uint8 isdst, uint8 desigidx
             designations         charcnt bytes, NUL-terminated strings
             leap-second records  leapcnt x (4 or 8 + 4)
             standard/wall flags  isstdcnt x 1
             UT/local flags       isutcnt x 1
    footer   "\\n" POSIX-TZ-string "\\n"      (v2+ only, after the second block)

A version 1 file is one header and one 32-bit block.  Version 2+ files repeat
header and block with 64-bit times and end with the footer; their first block
is either a *stub* (what ``zic -b slim`` writes and what the tzdata wheel
ships: no transitions, one type, one NUL designation byte) or a *full* 32-bit
copy of the data.

The writer checks nothing about the *meaning* of its input (type indexes,
ordering), so tests can build malformed files with it.

>>> data = write_tzif([(0, 1)], [(0, False, "AAA"), (3600, True, "BBB")], footer="AAA0")
>>> data[:5], len(data)  # stub 44+7, block 44+8+1+2*6+8+2*2, footer 6
(b'TZif2', 134)
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

__all__ = ["write_tzif", "header"]

_HEADER = struct.Struct(">4sc15x6L")
_VERSION_BYTES = {1: b"\x00", 2: b"2", 3: b"3", 4: b"4"}

Transition = tuple[int, int]  # (UTC seconds, index into types)
TType = tuple[int, bool, str]  # (UT offset seconds east, isdst, designation)


def header(version: int, *, isutcnt=0, isstdcnt=0, leapcnt=0, timecnt=0, typecnt=1, charcnt=1) -> bytes:
    """The 44-byte header of one block."""
    return _HEADER.pack(b"TZif", _VERSION_BYTES[version], isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt)


def _designations(types: Sequence[TType]) -> tuple[bytes, list[int]]:
    chars = b""
    index: dict[str, int] = {}
    for _, _, abbr in types:
        if abbr not in index:
            index[abbr] = len(chars)
            chars += abbr.encode("ascii") + b"\x00"
    return chars, [index[abbr] for _, _, abbr in types]


def _block(
    version: int,
    transitions: Sequence[Transition],
    types: Sequence[TType],
    leaps: Sequence[tuple[int, int]],
    time_size: int,
) -> bytes:
    time_code = ">q" if time_size == 8 else ">l"
    chars, idx = _designations(types)
    body = b"".join(struct.pack(time_code, t) for t, _ in transitions)
    body += bytes(i for _, i in transitions)
    body += b"".join(struct.pack(">lBB", utoff, int(isdst), i) for (utoff, isdst, _), i in zip(types, idx))
    body += chars
    body += b"".join(struct.pack(time_code + "l", t, corr) for t, corr in leaps)
    # Standard/wall and UT/local indicators: either absent or one per type (RFC 9636 3.1).
    # Write them (all 0 = wall clock, local) so the parser skips non-empty arrays too.
    body += bytes(len(types)) * 2
    head = header(
        version,
        isutcnt=len(types),
        isstdcnt=len(types),
        leapcnt=len(leaps),
        timecnt=len(transitions),
        typecnt=len(types),
        charcnt=len(chars),
    )
    return head + body


def write_tzif(
    transitions: Sequence[Transition] = (),
    types: Sequence[TType] = ((0, False, "UTC"),),
    footer: str = "",
    version: int = 2,
    *,
    v1: str = "stub",
    leaps: Sequence[tuple[int, int]] = (),
) -> bytes:
    """The bytes of a TZif file.

    *transitions*: ``(utc_seconds, type_index)`` pairs, written in the order given.
    *types*: ``(utoff_seconds_east, isdst, designation)``.
    *footer*: the POSIX TZ string (v2+ only; ``""`` writes an empty footer).
    *version*: 1, 2, 3 or 4.  *v1*: ``"stub"`` (like tzdata's slim files) or
    ``"full"`` (32-bit copy; every transition must fit in int32).
    *leaps*: ``(utc_seconds, correction)`` leap-second records, copied to both blocks.
    """
    if version not in _VERSION_BYTES:
        raise ValueError(f"version must be 1-4, not {version!r}")
    if version == 1 or v1 == "full":
        if any(not -(2**31) <= t < 2**31 for t, _ in transitions):
            raise ValueError("a 32-bit block cannot hold transitions outside int32")
        first = _block(version, transitions, types, leaps, 4)
    elif v1 == "stub":
        # zic -b slim: no transitions, one type (UT, standard), designation "".
        first = header(version) + struct.pack(">lBB", 0, 0, 0) + b"\x00"
    else:
        raise ValueError(f"v1 must be 'stub' or 'full', not {v1!r}")
    if version == 1:
        return first
    return first + _block(version, transitions, types, leaps, 8) + b"\n" + footer.encode("ascii") + b"\n"
