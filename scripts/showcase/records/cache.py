"""Pickled build caches under .cache/showcase/: read when usable, rebuilt when not.

A cache only saves time. One written by another version of the program (classes moved or
changed), truncated by an interrupted build or unreadable for any reason is ignored and
written anew; one that cannot be written costs time, never the build.
"""

from __future__ import annotations

import pickle
from pathlib import Path


def read(path: Path | None):
    """The cached value, or None when there is none that can be used."""
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - a stale or broken cache of any kind is rebuilt
        return None


def write(path: Path | None, value) -> None:
    """Store a value all or nothing (a temporary file, then a rename)."""
    if path is None:
        return
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except (OSError, pickle.PicklingError, RecursionError, TypeError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
