"""`showcase pack`: the built site as one zip for an intranet server or a USB stick.

The zip is reproducible (fixed dates, sorted names) and leaves out what only a
developer uses (the theme's source maps, 2.5 MB). A site older than its records
is named before it is packed: the officer would hand out yesterday's site.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

LEFT_OUT = (".map",)  # source maps of the theme's CSS and JavaScript
WATCHED = ("data", "content", "mkdocs.yml")  # what a build reads


def stale(root: Path, site: Path, limit: int = 5) -> list[str]:
    """Files of the project changed after the site was built (at most `limit`, newest first)."""
    built = (site / "index.html").stat().st_mtime
    changed = []
    for name in WATCHED:
        path = root / name
        candidates = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for p in candidates:
            if p.name.startswith(".") or any(part.startswith(".") for part in p.relative_to(root).parts):
                continue
            mtime = p.stat().st_mtime
            if mtime > built:
                changed.append((mtime, p.relative_to(root).as_posix()))
    return [rel for _, rel in sorted(changed, reverse=True)[:limit]]


def pack(site: Path, target: Path) -> int:
    """Write the zip (all or nothing); the number of files in it."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and not p.name.endswith(LEFT_OUT))
    temp = target.with_name(target.name + ".tmp")
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in files:
                info = zipfile.ZipInfo(f"{site.name}/{path.relative_to(site).as_posix()}", (1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())  # fixed dates: the same site gives the same zip
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)
    return len(files)
