"""Finding a font that has Chinese glyphs, without downloading anything.

Posters and preview cards set Chinese text; a Latin font would draw empty
boxes (tofu). Debian's fonts-noto-cjk is looked for first, then any font
fontconfig knows for Chinese.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from ..text.messages import Problem

# Noto Sans CJK collections: face index 2 is Simplified Chinese.
KNOWN = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
)
PROBE = "志愿者风采"


class FontMissing(Exception):
    def __init__(self):
        super().__init__("no CJK font")
        self.problem = Problem("-", None, None, "font.missing")


@dataclass(frozen=True)
class Font:
    path: str
    index: int

    def at(self, size: int) -> ImageFont.FreeTypeFont:
        return _load(self.path, self.index, size)


@lru_cache(maxsize=64)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


def has_glyphs(path: str, index: int, text: str = PROBE) -> bool:
    """True when the font draws `text` with real glyphs, not its .notdef box."""
    try:
        font = ImageFont.truetype(path, 40, index=index)
    except OSError:
        return False
    notdef = font.getmask("\U0010fffd").getbbox()  # a code point no font has
    return all(font.getmask(ch).getbbox() not in (None, notdef) for ch in text)


def _fontconfig() -> list[tuple[str, int]]:
    if not shutil.which("fc-match"):
        return []
    found = []
    for pattern in ("Noto Sans CJK SC:bold", "sans-serif:lang=zh-cn:bold", "sans-serif:lang=zh-cn"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", pattern], capture_output=True,
                                 text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        path, _, index = out.rpartition(":")
        if path and index.isdigit():
            found.append((path, int(index)))
    return found


def _override() -> list[tuple[str, int]]:
    """SHOWCASE_FONT=/path/to/font.ttc:2 chooses a font (and a face of a collection)."""
    value = os.environ.get("SHOWCASE_FONT", "")
    if not value:
        return []
    path, _, index = value.rpartition(":")
    return [(path, int(index))] if path and index.isdigit() else [(value, 0)]


@lru_cache(maxsize=1)
def find_font() -> Font:
    """The first available font with Chinese glyphs; raises FontMissing with the fix."""
    for path, index in _override() + list(KNOWN) + _fontconfig():
        if Path(path).is_file() and has_glyphs(path, index):
            return Font(path, index)
    raise FontMissing()
