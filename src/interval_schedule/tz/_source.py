"""Where zones come from: the bundled tzdata package (the default), or another IANA release on disk.

A :class:`TzSource` is a zone list plus a directory of TZif files.  A key is
checked against *that source's own* list before any file is opened, so no
user string reaches the filesystem; each source parses each zone once and
keeps its zones in its own bounded cache.

The cache
=========
Like CPython's ``zoneinfo``: a weak cache (a zone someone still holds is
never parsed twice, and ``get_zone(k) is get_zone(k)`` while it is held) plus
a small strong LRU of the :data:`DEFAULT_CACHE_SIZE` most recently requested
zones, so a process that keeps asking for a few zones without holding them
does not re-parse them either.  Nothing else is kept: a long-lived process
that touched 598 zones once holds only those its schedules still use.
``clear_cache()`` empties both (zones already handed out keep working).
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from importlib import resources
from importlib.resources.abc import Traversable  # importlib.abc.Traversable is deprecated from 3.12
from pathlib import Path
from typing import cast

from ..errors import InvalidTZifError, TzSourceError, ZoneNotFoundError, shorten
from . import _keys
from ._keys import ZoneKey
from ._tzif import read_rows
from ._zone import Zone

__all__ = ["TzSource", "DEFAULT_CACHE_SIZE", "default_source"]

#: How many recently requested zones a source keeps alive without anyone holding them.
#: zoneinfo keeps 8; a scheduler typically cycles through a few more zones than that.
DEFAULT_CACHE_SIZE = 16

# A key from a source's own list must also look like a zone name: path
# components of letters, digits, "_", "+", "-" and inner dots.  A corrupt or
# hostile zone list cannot smuggle "..", absolute paths or backslashes in.
_SAFE_KEY = re.compile(r"[A-Za-z0-9_+-][A-Za-z0-9_+.-]*(?:/[A-Za-z0-9_+-][A-Za-z0-9_+.-]*)*", re.ASCII)
_MAX_KEYS = 100_000
_MAX_TZIF_BYTES = 1 << 20  # the largest tzdata file is a few kB
_VERSION = re.compile(r"""^IANA_VERSION\s*=\s*["']([^"']+)["']""", re.MULTILINE)
_PACKAGE_VERSION = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def _safe_keys(lines: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in (line.strip() for line in lines) if k and len(k) <= 255 and _SAFE_KEY.fullmatch(k))


class TzSource:
    """A tzdata release: its version, its zone list and its zones, with a bounded cache.

    The default source is the bundled ``tzdata`` package
    (:func:`~interval_schedule.tz.get_zone` uses it); :meth:`from_path` opens
    another release.

    >>> from interval_schedule.tz import default_source
    >>> src = default_source()
    >>> src.get_zone("Europe/Paris")
    Zone('Europe/Paris')
    >>> "Europe/Paris" in src.available_zones(), src.version == src.get_zone("UTC").source.version
    (True, True)
    """

    def __init__(
        self,
        files: Traversable,
        keys: Callable[[], frozenset[str]],
        version: str,
        *,
        description: str,
        package_version: str | None = None,
        path: str | None = None,
        cache_size: int = DEFAULT_CACHE_SIZE,
    ) -> None:
        if not isinstance(cache_size, int) or isinstance(cache_size, bool) or not 0 <= cache_size <= 100_000:
            raise TzSourceError(f"cache_size must be an int in 0..100000, got {shorten(cache_size)}")
        self._files = files
        self._load_keys = keys
        self._keys: frozenset[str] | None = None
        #: The IANA release, e.g. ``"2026f"`` (``"unknown"`` when the directory does not say).
        self.version = version
        #: The tzdata wheel's own version (e.g. ``"2026.6"``), or None for a compiled zoneinfo tree.
        self.package_version = package_version
        #: The directory given to :meth:`from_path`; None for the bundled package.
        self.path = path
        self.description = description
        self.cache_size = cache_size
        self._weak: weakref.WeakValueDictionary[str, Zone] = weakref.WeakValueDictionary()
        # Zones by the digest of their file: links (253 of the 598 keys in 2026f) are byte-identical copies.
        # (A plain dict of weak references, set and read in C: one entry per distinct
        # file content parsed since the last clear_cache(), which empties it.)
        self._by_content: dict[bytes, weakref.ref[Zone]] = {}
        self._strong: OrderedDict[str, Zone] = OrderedDict()
        self._lock = threading.Lock()
        #: How many times each zone file was parsed (the thread-safety tests read it).
        self.parse_count: dict[str, int] = {}

    # ---------------------------------------------------------------- opening

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], *, cache_size: int = DEFAULT_CACHE_SIZE) -> TzSource:
        """Open another tzdata release from a directory.

        Accepted layouts:

        * an unpacked ``tzdata`` wheel (the directory holding ``tzdata/``, or
          the ``tzdata`` package directory itself): the zone list is its
          ``zones`` file, the version its ``IANA_VERSION``;
        * a compiled zoneinfo tree (``zic`` output such as
          ``/usr/share/zoneinfo``): the zone list is read from its
          ``tzdata.zi`` (zones and links) when present, else every TZif file
          in the tree (``posix/``, ``right/``, ``posixrules`` and ``localtime``
          left out); the version from ``+VERSION`` or ``tzdata.zi``.

        Raises :class:`~interval_schedule.errors.TzSourceError` (a
        ``ValueError``) for anything else.
        """
        if not isinstance(path, (str, os.PathLike)):
            raise TzSourceError(f"path must be a str or os.PathLike, not {type(path).__name__} ({shorten(path)})")
        root = Path(path)
        if not root.is_dir():
            raise TzSourceError(f"tzdata source {shorten(str(path))} is not a directory")
        root = root.resolve()
        shown = str(root)
        for pkg in (root / "tzdata", root):
            if (pkg / "zones").is_file() and (pkg / "zoneinfo").is_dir():
                init = pkg / "__init__.py"
                text = init.read_text(encoding="utf-8", errors="replace") if init.is_file() else ""
                version = m.group(1) if (m := _VERSION.search(text)) else "unknown"
                package = m.group(1) if (m := _PACKAGE_VERSION.search(text)) else None
                zones = pkg / "zones"
                return cls(
                    pkg / "zoneinfo",
                    lambda: _safe_keys(zones.read_text(encoding="utf-8", errors="replace").splitlines()[:_MAX_KEYS]),  # noqa: B023  (returned in this same iteration)
                    version,
                    description=f"the tzdata release at {shown!r}",
                    package_version=package,
                    path=shown,
                    cache_size=cache_size,
                )
        zi = root / "tzdata.zi"
        version = "unknown"
        if (root / "+VERSION").is_file():
            version = (root / "+VERSION").read_text(encoding="ascii", errors="replace").strip()[:32] or version
        elif zi.is_file():
            with zi.open(encoding="ascii", errors="replace") as f:
                first = f.readline()
            if first.startswith("# version "):
                version = first[len("# version ") :].strip()[:32]
        keys = (lambda: _zi_keys(zi)) if zi.is_file() else (lambda: _walk_keys(root))
        source = cls(root, keys, version, description=f"the zoneinfo tree at {shown!r}", path=shown, cache_size=cache_size)
        if not source.available_zones():
            raise TzSourceError(f"{shown!r} holds no TZif files nor a tzdata zones list")
        return source

    # ------------------------------------------------------------------ keys

    @property
    def is_default(self) -> bool:
        """True for the bundled tzdata package."""
        return self.path is None

    def available_zones(self) -> frozenset[str]:
        """This source's keys (read once)."""
        keys = self._keys
        if keys is None:
            keys = self._keys = self._load_keys()
        return keys

    def validate_key(self, key: object) -> ZoneKey:
        """Return *key* when it is one of this source's keys, else raise :class:`ZoneNotFoundError`."""
        if self.is_default:
            return _keys.validate_key(key)
        return _keys.check_key(key, self.available_zones(), self.description)

    def read_tzif_bytes(self, key: str) -> bytes:
        """The TZif file of *key*, validated against this source's list before anything is opened."""
        return self._read_valid(self.validate_key(key))

    def _read_valid(self, key: str) -> bytes:
        """The TZif file of *key*, which :meth:`validate_key` returned."""
        if self.is_default:
            return _keys.read_valid_tzif_bytes(key)
        node = self._files
        for part in key.split("/"):
            node = node.joinpath(part)
        try:
            with node.open("rb") as f:
                data = f.read(_MAX_TZIF_BYTES + 1)
        except OSError as exc:
            raise ZoneNotFoundError(
                f"time zone {shorten(key)} is listed by {self.description} but its file cannot be read "
                f"({exc.strerror or type(exc).__name__})"
            ) from exc
        if len(data) > _MAX_TZIF_BYTES:
            raise InvalidTZifError(f"the TZif file of {shorten(key)} in {self.description} is larger than {_MAX_TZIF_BYTES} bytes")
        return data

    # ----------------------------------------------------------------- zones

    @staticmethod
    def of(zone: Zone) -> TzSource:
        """The source *zone* was read from; the bundled package for a zone built without one (``Zone.from_tzif``).

        >>> from interval_schedule.tz import get_zone
        >>> TzSource.of(get_zone("UTC")) == default_source()
        True
        """
        return default_source() if zone.source is None else cast(TzSource, zone.source)

    def get_zone(self, key: str) -> Zone:
        """The :class:`Zone` for *key* from this source: parsed once, cached (thread-safe)."""
        if type(key) is str:  # fast path; a str subclass is validated first
            zone = self._strong.get(key)
            if zone is not None:
                try:
                    self._strong.move_to_end(key)
                except KeyError:  # evicted by another thread meanwhile
                    pass
                return zone
        key = self.validate_key(key)
        with self._lock:  # one parse per key even when many threads ask at once
            zone = self._weak.get(key)
            if zone is None:
                data = self._read_valid(key)  # validated above
                digest = hashlib.blake2b(data, digest_size=16).digest()
                ref = self._by_content.get(digest)
                twin = ref() if ref is not None else None
                if twin is not None:  # a link: share the table built for the same bytes
                    zone = twin._alias(key)
                else:
                    zone = Zone(key, read_rows(data), source=self)
                    self._by_content[digest] = weakref.ref(zone)
                self.parse_count[key] = self.parse_count.get(key, 0) + 1
                self._weak[key] = zone
            if self.cache_size:
                self._strong[key] = zone
                self._strong.move_to_end(key)
                while len(self._strong) > self.cache_size:
                    self._strong.popitem(last=False)
        return zone

    def clear_cache(self, *, only_keys: Iterable[str] | None = None) -> None:
        """Forget cached zones (all, or *only_keys*); the next ``get_zone`` parses them again."""
        with self._lock:
            self._by_content = {}  # the next get_zone parses anew
            if only_keys is None:
                self._weak = weakref.WeakValueDictionary()
                self._strong.clear()
                return
            for key in list(only_keys):
                self._weak.pop(key, None)
                self._strong.pop(key, None)

    def cached_keys(self) -> list[str]:
        """Keys of the zones the cache holds right now (weakly or strongly), sorted."""
        with self._lock:
            return sorted(set(self._weak.keys()) | set(self._strong))

    # ---------------------------------------------------------------- dunder

    def __repr__(self) -> str:
        if self.is_default:
            return f"TzSource(tzdata package, version={self.version!r})"
        return f"TzSource.from_path({self.path!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TzSource) and other.path == self.path

    def __hash__(self) -> int:
        return hash(("TzSource", self.path))

    def __reduce__(self) -> tuple[Callable[..., TzSource], tuple[str | None, ...]]:
        if self.is_default:
            return (default_source, ())
        return (TzSource.from_path, (self.path,))


def _reduce_zone(zone: Zone) -> tuple[Callable[[str], Zone], tuple[str]]:
    """How a :class:`Zone` pickles: ``source.get_zone(key)``, so it unpickles into its source's cache.

    A zone without a source (``Zone.from_tzif``) comes back from the bundled
    package.  Registered with ``copyreg`` (which ``pickle`` and ``copy`` consult
    before ``__reduce_ex__``) here, not in ``_zone``: this module builds zones
    and knows the sources, and ``_zone`` imports nothing from it.
    """
    source = zone.source or default_source()
    return source.get_zone, (zone.key,)


copyreg.pickle(Zone, _reduce_zone)


def _zi_keys(zi: Path) -> frozenset[str]:
    """Zone and link names from a compiled tree's ``tzdata.zi`` (``Z name ...`` and ``L target name`` lines)."""
    names = []
    with zi.open(encoding="ascii", errors="replace") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0] == "Z":
                names.append(parts[1])
            elif len(parts) >= 3 and parts[0] == "L":
                names.append(parts[2])
            if len(names) > _MAX_KEYS:
                break
    return _safe_keys(names)


def _walk_keys(root: Path) -> frozenset[str]:
    """Every TZif file below *root* (by its magic bytes), as keys."""
    names = []
    skip_dirs = {"posix", "right"}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel == ".":
            dirnames[:] = [d for d in dirnames if d not in skip_dirs]
        for name in filenames:
            if rel == "." and name in ("posixrules", "localtime"):
                continue
            full = os.path.join(dirpath, name)
            try:
                with open(full, "rb") as f:
                    if f.read(4) != b"TZif":
                        continue
            except OSError:
                continue
            names.append(name if rel == "." else f"{rel.replace(os.sep, '/')}/{name}")
            if len(names) > _MAX_KEYS:
                return _safe_keys(names)
    return _safe_keys(names)


_DEFAULT: TzSource | None = None
_DEFAULT_LOCK = threading.Lock()


def default_source() -> TzSource:
    """The bundled tzdata package as a :class:`TzSource` (one per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = TzSource(
                    resources.files("tzdata").joinpath("zoneinfo"),
                    _keys.available_zones,
                    _keys.TZDATA_VERSION,
                    description="the tzdata package",
                    package_version=_keys.TZDATA_PACKAGE_VERSION,
                )
    return _DEFAULT
