"""The generated stand-in for a photo: one character of the name on a colour.

Shared by the web pages (a CSS class per colour) and the Pillow images
(posters, preview cards), so a person looks the same everywhere. The colour
depends only on the id, so it never changes between builds.
"""

from __future__ import annotations

import hashlib

# 24 colours dark enough for white text (contrast ≥ 4.5:1), evenly around the wheel.
PALETTE = (
    "#b3261e", "#a52714", "#9c3d00", "#8a4b00", "#7a5400", "#5f6100", "#3f6b00", "#1f6f00",
    "#00731f", "#007046", "#006c62", "#006878", "#00648c", "#005fa3", "#0057b8", "#3b4fc4",
    "#5546c7", "#6a3dc2", "#7c33b8", "#8c2aa8", "#992393", "#a1207a", "#a8225f", "#ad2343",
)


def colour_index(vid: str) -> int:
    digest = hashlib.sha256(vid.encode("utf-8")).digest()
    return digest[0] % len(PALETTE)


def colour(vid: str) -> str:
    return PALETTE[colour_index(vid)]


def initial(name: str) -> str:
    """The character shown: the surname of a Chinese name, the first letter otherwise."""
    name = (name or "").strip()
    if not name:
        return "?"
    first = name[0]
    return first.upper() if first.isascii() else first
