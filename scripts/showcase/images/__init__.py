"""The image pipeline (Pillow): photos, avatars, posters and link-preview cards.

Plain Python, no MkDocs: the plugin hands it jobs and publishes its outputs.

- `PhotoStage(cache_dir).run([PhotoJob(...)])` → one `PhotoResult` per photo: a
  `picture` for templates, or a `problem` (code, params, severity). A picture is
  ``{"webp": [{"path", "width", "height"}, …], "jpeg": […], "fallback": {…},
  "sizes": {"card", "profile", "wide"}, "thumb": path, "width", "height"}``
  with site-relative paths (``images/photos/<hash>/<name>-<width>.webp``).
- `CardStage(cache_dir, font, bold).run([cards.job(path, kind, **data)])` →
  (cache file, site path) pairs for posters and preview cards.
- `find_font()` → a font with Chinese glyphs, or `FontMissing` with the fix.
- `CleanStage(cache_dir).run([FileJob(path, rel)])` → one `PhotoResult` per image beside the
  pages (`is_image(name)`): `outputs` ``[(cleaned file, rel)]`` — the same image without EXIF,
  GPS, XMP, IPTC, text or comments, for MkDocs to publish under its own name — or a `problem`.
- `publish(site_dir, outputs)` puts outputs into the site by hard link.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .cards import CardJob, CardStage, job
from .fonts import Font, FontMissing, find_font
from .photos import CleanStage, FileJob, PhotoJob, PhotoResult, PhotoStage, is_image

__all__ = ["CardJob", "CardStage", "CleanStage", "FileJob", "Font", "FontMissing", "PhotoJob", "PhotoResult",
           "PhotoStage", "find_font", "is_image", "job", "publish"]


def publish(site_dir: str | Path, outputs) -> int:
    """Place each (cache file, site path) into the site: a hard link, or a copy across file systems.

    Linking keeps a rebuild of a large site cheap; the site folder is rebuilt
    fresh every time, so outputs of removed photos simply are not there.
    """
    site_dir = Path(site_dir)
    count = 0
    for source, target in outputs:
        dest = site_dir / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            dest.unlink()
        try:
            os.link(source, dest)
        except OSError:
            shutil.copyfile(source, dest)
        count += 1
    return count
