"""Writing files so that a failure never leaves half a file, nor half of a set of files.

Every new content goes to a temporary file beside its target first; only when
all of them are written are they renamed into place (a rename within a folder
is atomic). If writing any temporary file fails, all are removed and no
target has changed.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_files(contents: dict[Path, bytes]) -> None:
    """Replace each path's content; all or (when a write fails) none."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
            temps.append((temp, path))
            with temp.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in temps:
        os.replace(temp, path)


def write_new(path: Path, data: bytes) -> bool:
    """Create `path` with `data` unless it exists already; True when created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temp.write_bytes(data)
        try:
            os.link(temp, path)  # fails if path exists: never overwrites
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (a USB stick)
            if path.exists():
                return False
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return True
