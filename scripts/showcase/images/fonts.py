"""Finding a font that has Chinese glyphs, without downloading anything.

Posters and preview cards set Chinese text; a Latin font would draw empty
boxes (tofu). `SHOWCASE_FONT` wins; then the fonts each system ships:
Windows' Microsoft YaHei, SimHei, DengXian or an installed Noto Sans SC (the
system folder and the per-user one); macOS' PingFang, Hiragino Sans GB,
STHeiti or Noto; on Linux (UOS and Kylin included) Debian's fonts-noto-cjk,
then any font fontconfig knows for Chinese. In a collection (.ttc) the
Simplified Chinese face is chosen by its name. A machine without one is told
the fix for that system.
"""

from __future__ import annotations

import os
import platform
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

# File names in the order they are preferred: bold faces first (posters set headlines).
WINDOWS_FILES = ("msyhbd.ttc", "msyhbd.ttf", "msyh.ttc", "msyh.ttf", "simhei.ttf", "Dengb.ttf", "Deng.ttf",
                 "NotoSansSC-Bold.otf", "NotoSansSC-Bold.ttf", "NotoSansSC-VF.ttf", "NotoSansSC-Regular.otf",
                 "NotoSansSC-Regular.ttf", "NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc",
                 "NotoSansCJKsc-Bold.otf", "NotoSansCJKsc-Regular.otf", "simsun.ttc")
MAC_FILES = ("PingFang.ttc", "Hiragino Sans GB.ttc", "STHeiti Medium.ttc", "STHeiti Light.ttc",
             "NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc", "NotoSansSC-Bold.otf",
             "NotoSansSC-Regular.otf", "NotoSansSC-VF.ttf", "Songti.ttc")
MAC_FOLDERS = ("/System/Library/Fonts", "/System/Library/Fonts/Supplemental", "/Library/Fonts",
               "~/Library/Fonts")
_SIMPLIFIED = ("SC", "GB", "CN", "YaHei")  # family names of Simplified Chinese faces
_BOLD = ("Bold", "Semibold", "Medium", "Heavy", "Black")


def _system() -> str:
    return platform.system()  # "Windows", "Darwin", "Linux"; patched in tests


class FontMissing(Exception):
    def __init__(self):
        super().__init__("no CJK font")
        system = _system()
        if system == "Windows":
            key = "font.missing_windows"
        elif system == "Darwin":
            key = "font.missing_macos"
        elif shutil.which("apt-get"):
            key = "font.missing"  # Debian, Ubuntu, UOS, Kylin
        else:
            key = "font.missing_linux"
        self.problem = Problem("-", None, None, key)


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


def _face(path: str) -> int:
    """The face of a collection to use: Simplified Chinese and bold if there is one."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    best, best_score = 0, -1
    for index in range(32):
        try:
            family, style = ImageFont.truetype(path, 12, index=index).getname()
        except OSError:
            break
        family, style = family or "", style or ""
        score = (2 * any(m in family for m in _SIMPLIFIED) + any(b in style for b in _BOLD)
                 - 4 * ("Mono" in family or " UI" in family))
        if score > best_score:
            best, best_score = index, score
    return best


def _in_folders(folders, names) -> list[tuple[str, int]]:
    found = []
    for name in names:
        for folder in folders:
            path = Path(folder).expanduser() / name
            if path.is_file():
                found.append((str(path), _face(str(path))))
    return found


def _system_fonts() -> list[tuple[str, int]]:
    system = _system()
    if system == "Windows":
        folders = [Path(os.environ.get("WINDIR") or r"C:\Windows") / "Fonts"]
        if os.environ.get("LOCALAPPDATA"):  # fonts installed "for this user only"
            folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return _in_folders(folders, WINDOWS_FILES)
    if system == "Darwin":
        return _in_folders(MAC_FOLDERS, MAC_FILES)
    return []


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
    for path, index in _override() + _system_fonts() + list(KNOWN) + _fontconfig():
        if Path(path).is_file() and has_glyphs(path, index):
            return Font(path, index)
    raise FontMissing()
