"""Drawing pieces shared by posters and preview cards: Chinese line breaking,
the generated avatar, round faces and QR codes."""

from __future__ import annotations

import io

import segno
from PIL import Image, ImageDraw

from . import avatar as avatar_colours
from .fonts import Font

# Punctuation that may not begin a line, and that may not end one (basic 禁则).
NO_START = set("，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}")
NO_END = set("（《「『【〔〈“‘([{")


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def wrap(text: str, font, width: int, max_lines: int | None = None) -> list[str]:
    """Lines of `text` no wider than `width`, broken between characters as Chinese is,
    keeping Latin words whole and punctuation off the start of a line, with no
    lonely character left on the last line when narrower lines avoid it."""
    lines = _wrap(text, font, width, max_lines)
    if len(lines) >= 2 and len(lines[-1]) <= 2 and not lines[-1].endswith("…"):
        for narrower in range(int(width * 0.95), int(width * 0.6), -max(1, width // 40)):
            trial = _wrap(text, font, narrower, max_lines)
            if len(trial) != len(lines) or trial[-1].endswith("…"):
                break
            if len(trial[-1]) > 2:
                return trial
    return lines


def _wrap(text: str, font, width: int, max_lines: int | None) -> list[str]:
    tokens, word = [], ""
    for ch in text.replace("\n", " "):
        if ch.isascii() and (ch.isalnum() or ch in "-_.'/@"):
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    lines, line = [], ""
    for tok in tokens:
        if not line and tok == " ":
            continue
        if font.getlength(line + tok) <= width or not line:
            line += tok
            continue
        if tok in NO_START and len(line) > 1:
            # pull the last character down with the punctuation
            lines.append(line[:-1])
            line = line[-1] + tok
        elif line[-1] in NO_END and len(line) > 1:
            lines.append(line[:-1])
            line = line[-1] + tok
        else:
            lines.append(line.rstrip())
            line = tok.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = lines[:max_lines - 1] + [last + "…"]
    return lines


def fit(text: str, font: Font, size: int, smallest: int, width: int, max_lines: int = 2):
    """(font, lines) for `text` within `width`: the largest size from `size` down to `smallest`
    that holds it on one line, else wrapped at `smallest` (and smaller still for an unbreakable
    word), so that no character runs off the picture."""
    for s in range(size, smallest - 1, -2):
        if font.at(s).getlength(text) <= width:
            return font.at(s), [text]
    s = smallest
    while True:
        face = font.at(s)
        lines = wrap(text, face, width, max_lines)
        if s <= 12 or max(face.getlength(line) for line in lines) <= width:
            return face, lines
        s -= 2


def draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], font, centre_x: int, top: int,
               fill, spacing: float = 1.35) -> int:
    """Centred lines from `top`; returns the y below the last line."""
    size = font.size
    for i, line in enumerate(lines):
        draw.text((centre_x, top + i * size * spacing), line, font=font, fill=fill, anchor="mt")
    return int(top + len(lines) * size * spacing)


def avatar(vid: str, name: str, size: int, font: Font) -> Image.Image:
    """The generated face: one character of the name on the volunteer's colour (deterministic)."""
    im = Image.new("RGB", (size, size), hex_rgb(avatar_colours.colour(vid)))
    draw = ImageDraw.Draw(im)
    draw.text((size / 2, size / 2), avatar_colours.initial(name), font=font.at(int(size * 0.48)),
              fill="white", anchor="mm")
    return im


def round_face(face: Image.Image, size: int, ring: int = 0, ring_colour="white") -> Image.Image:
    """`face` cropped to a circle of `size`, with an optional ring, on a transparent square."""
    face = face.convert("RGB")
    side = min(face.size)
    left, top = (face.width - side) // 2, (face.height - side) // 2
    face = face.crop((left, top, left + side, top + side)).resize((size, size), Image.LANCZOS)
    scale = 4  # draw the mask large and shrink it, for a smooth edge
    mask = Image.new("L", (size * scale, size * scale), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size * scale - 1, size * scale - 1), fill=255)
    mask = mask.resize((size, size), Image.LANCZOS)
    out = Image.new("RGBA", (size + 2 * ring, size + 2 * ring), (0, 0, 0, 0))
    if ring:
        ring_mask = Image.new("L", ((size + 2 * ring) * scale,) * 2, 0)
        ImageDraw.Draw(ring_mask).ellipse((0, 0, (size + 2 * ring) * scale - 1, (size + 2 * ring) * scale - 1), fill=255)
        out.paste(Image.new("RGBA", out.size, ring_colour), mask=ring_mask.resize(out.size, Image.LANCZOS))
    out.paste(face, (ring, ring), mask)
    return out


def qr(url: str, size: int) -> Image.Image:
    """A QR code of `url`, `size` pixels wide, quiet zone included."""
    code = segno.make(url, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=4)[0]
    buf = io.BytesIO()
    code.save(buf, kind="png", scale=max(1, size // modules), border=4)
    buf.seek(0)
    return Image.open(buf).convert("RGB").resize((size, size), Image.NEAREST)
