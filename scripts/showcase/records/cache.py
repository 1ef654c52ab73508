"""Pickled build caches under .cache/showcase/: read when usable, rebuilt when not.

A cache only saves time. One written by another version of the program (classes moved or
changed), truncated by an interrupted build or unreadable for any reason is ignored and
written anew; one that cannot be written (a read-only or another user's folder) costs time, never
the build.
"""

from __future__ import annotations

import atexit
import os
import pickle
import shutil
import tempfile
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


def prune(folder: Path | None, pattern: str, keep: Path | None = None) -> None:
    """Delete the caches in `folder` matching `pattern` (but `keep`); a folder that cannot be
    changed (read-only, another user's) keeps them: they cost disk space, never the build."""
    if folder is None:
        return
    try:
        for old in folder.glob(pattern):
            if old != keep:
                try:
                    old.unlink(missing_ok=True)
                except OSError:
                    pass
    except OSError:
        pass


_TEMPORARY: dict = {}


def usable(folder: Path) -> Path:
    """`folder` when the build may write its caches there; else (a read-only project or cache
    folder, another user's) one temporary folder for this run, removed when it ends: the build
    goes on without keeping its caches, which costs time only."""
    folder = Path(folder)
    probe = folder / f".write-test-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
        return folder
    except OSError:
        pass
    key = str(folder)
    if key not in _TEMPORARY:
        temp = Path(tempfile.mkdtemp(prefix="showcase-cache-"))
        atexit.register(shutil.rmtree, temp, True)
        _TEMPORARY[key] = temp
    return _TEMPORARY[key]
