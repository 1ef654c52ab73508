"""Shareable images: posters (海报, 1080×1920, for WeChat Moments) and link-preview
cards (Open Graph, 1200×630), drawn from plain data and cached by it.

A poster carries the organisation, a title, the photo or avatar, the name,
star level, motto, key figures and a QR code to the page; a rebuild with
unchanged data draws nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from .draw import avatar, draw_lines, fit, hex_rgb, qr, round_face, wrap
from .fonts import Font
from .pool import run_all

VERSION = 5
RED = hex_rgb("#b71c1c")
DARK_RED = hex_rgb("#8e0000")
GOLD = hex_rgb("#f2b233")
INK = hex_rgb("#212121")
GREY = hex_rgb("#5c5f66")
PAPER = hex_rgb("#fbf7f2")
PNG = {"compress_level": 6}


@dataclass(frozen=True)
class CardJob:
    path: str        # where it goes in the site, e.g. posters/volunteers/tan.png
    kind: str        # "volunteer", "honors" or "social"
    data: str        # JSON of what it shows (sorted keys), so the job is hashable and cacheable


def job(path: str, kind: str, **data) -> CardJob:
    return CardJob(path, kind, json.dumps(data, ensure_ascii=False, sort_keys=True))


def _face(face: dict | None, size: int, font: Font) -> Image.Image | None:
    if not face:
        return None
    if face.get("photo"):
        try:
            with Image.open(face["photo"]) as im:
                return im.convert("RGB")
        except OSError:
            pass  # fall back to the avatar
    return avatar(face["id"], face["name"], size, font)


def _band(im: Image.Image, height: int) -> None:
    """A flat red band across the top, edged in a darker red (flat colour keeps the PNG small)."""
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, im.width, height), fill=RED)
    draw.rectangle((0, height - 12, im.width, height), fill=DARK_RED)


def _poster(d: dict, band: int, bold: Font) -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    """The 1080×1920 sheet every poster starts from: paper, the red band, the site's name;
    and the y below that name."""
    im = Image.new("RGB", (1080, 1920), PAPER)
    _band(im, band)
    draw = ImageDraw.Draw(im)
    face, lines = fit(d["site"], bold, 44, 30, 960)
    return im, draw, draw_lines(draw, lines, face, 540, 90, "white")


def volunteer_poster(d: dict, font: Font, bold: Font) -> Image.Image:
    im, draw, y = _poster(d, 700, bold)
    W = im.width
    title_font, lines = fit(d["title"], font, 36, 28, 960)
    y = draw_lines(draw, lines, title_font, W // 2, y + 20, hex_rgb("#ffe0e0"))
    top = max(280, y + 60)  # a wrapped site name or title moves the face down
    face = _face(d.get("face"), 400, bold)
    if face is not None:
        disc = round_face(face, 400, ring=14)
        im.paste(disc, ((W - disc.width) // 2, top), disc)
    name_font, lines = fit(d["name"], bold, 108, 64, 960)
    y = draw_lines(draw, lines, name_font, W // 2, top + 460, INK, 1.2) + 20
    if d.get("stars"):
        draw.text((W / 2, y), "★" * d["stars"], font=bold.at(56), fill=GOLD, anchor="mt")
        y += 76
        draw.text((W / 2, y), d["star_label"], font=font.at(34), fill=GREY, anchor="mt")
        y += 60
    line = " · ".join(x for x in (d.get("org"), d.get("post")) if x)
    if line:
        y = draw_lines(draw, wrap(line, font.at(40), 900, 2), font.at(40), W // 2, y + 10, GREY)
    if d.get("motto"):
        motto = f"“{d['motto']}”"
        y = draw_lines(draw, wrap(motto, font.at(46), 860, 3), font.at(46), W // 2, y + 40, INK, 1.45)
    figures = d.get("figures") or []
    if figures:
        top, box_w, gap = max(y + 60, 1280), 300, 30
        left = (W - len(figures) * box_w - (len(figures) - 1) * gap) // 2
        for i, (label, value, unit) in enumerate(figures):
            x0 = left + i * (box_w + gap)
            draw.rounded_rectangle((x0, top, x0 + box_w, top + 190), radius=24, fill="white",
                                   outline=hex_rgb("#ead9cf"), width=2)
            draw.text((x0 + box_w / 2, top + 36), value, font=bold.at(64), fill=RED, anchor="mt")
            draw.text((x0 + box_w / 2, top + 122), f"{label}{('（' + unit + '）') if unit else ''}",
                      font=font.at(30), fill=GREY, anchor="mt")
    _qr_footer(im, d, font, bold)
    return im


def honors_poster(d: dict, font: Font, bold: Font) -> Image.Image:
    im, draw, y = _poster(d, 420, bold)
    W = im.width
    title_font, lines = fit(d["title"], bold, 76, 52, 940, 3)
    draw_lines(draw, lines, title_font, W // 2, max(190, y + 40), "white", 1.25)
    y = 470
    if d.get("notice"):
        badge = font.at(36)
        text_w = badge.getlength(d["notice"])
        draw.rounded_rectangle(((W - text_w) / 2 - 28, y, (W + text_w) / 2 + 28, y + 64), radius=32,
                               fill=hex_rgb("#8a4b00"))
        draw.text((W / 2, y + 32), d["notice"], font=badge, fill="white", anchor="mm")
        y += 100
    limit = 1450
    for i, award in enumerate(d["awards"]):
        if y > limit - 120:
            # the rest would not fit: say so, the QR code leads to the full list
            draw.text((W / 2, y), d["more"].format(n=len(d["awards"]) - i), font=font.at(36),
                      fill=GREY, anchor="mt")
            break
        draw.text((W / 2, y), award["title"], font=bold.at(54), fill=RED, anchor="mt")
        y += 84
        names = "、".join(award["names"])
        lines = wrap(names, font.at(42), 900)
        room = max(1, int((limit - y) // (42 * 1.5)))
        if len(lines) > room:
            lines = wrap(names, font.at(42), 900, room)
        y = draw_lines(draw, lines, font.at(42), W // 2, y, INK, 1.5) + 50
    _qr_footer(im, d, font, bold)
    return im


def annual_poster(d: dict, font: Font, bold: Font) -> Image.Image:
    """The year's report: its title, then its figures in boxes, two a row, and the QR code."""
    im, draw, y = _poster(d, 520, bold)
    W = im.width
    draw.text((W / 2, max(190, y + 30)), str(d["year"]), font=bold.at(150), fill=GOLD, anchor="mt")
    title_font, lines = fit(d["title"], bold, 64, 44, 940, 2)
    draw_lines(draw, lines, title_font, W // 2, max(370, y + 200), "white", 1.25)
    box_w, box_h, gap = 440, 200, 40
    left = (W - 2 * box_w - gap) // 2
    top = 600
    for i, (label, value, unit) in enumerate(d["figures"][:8]):
        x0 = left + (i % 2) * (box_w + gap)
        y0 = top + (i // 2) * (box_h + 30)
        draw.rounded_rectangle((x0, y0, x0 + box_w, y0 + box_h), radius=24, fill="white",
                               outline=hex_rgb("#ead9cf"), width=2)
        value_font, [text] = fit(value, bold, 72, 40, box_w - 40, 1)
        draw.text((x0 + box_w / 2, y0 + 34), text, font=value_font, fill=RED, anchor="mt")
        caption = f"{label}{('（' + unit + '）') if unit else ''}"
        caption_font, [text] = fit(caption, font, 32, 22, box_w - 30, 1)
        draw.text((x0 + box_w / 2, y0 + 132), text, font=caption_font, fill=GREY, anchor="mt")
    _qr_footer(im, d, font, bold)
    return im


def _qr_footer(im: Image.Image, d: dict, font: Font, bold: Font) -> None:
    W, H = im.size
    draw = ImageDraw.Draw(im)
    draw.line((80, H - 400, W - 80, H - 400), fill=hex_rgb("#ead9cf"), width=2)
    if d.get("url"):
        code = qr(d["url"], 260)
        im.paste(code, (80, H - 350))
        draw.text((380, H - 300), d.get("qr_caption", ""), font=bold.at(40), fill=INK)
        lines = wrap(d.get("footer", ""), font.at(30), W - 380 - 80, 3)
        draw_lines_left(draw, lines, font.at(30), 380, H - 230, GREY)
    else:
        draw.text((W / 2, H - 250), d.get("footer", ""), font=font.at(34), fill=GREY, anchor="mt")


def draw_lines_left(draw, lines, font, x, top, fill, spacing=1.4):
    for i, line in enumerate(lines):
        draw.text((x, top + i * font.size * spacing), line, font=font, fill=fill)


def social_card(d: dict, font: Font, bold: Font) -> Image.Image:
    W, H = 1200, 630
    im = Image.new("RGB", (W, H), RED)
    _band(im, H)
    draw = ImageDraw.Draw(im)
    face = _face(d.get("face"), 300, bold)
    text_w = W - 140 - (360 if face is not None else 0)
    site_font, [site] = fit(d["site"], font, 34, 24, W - 140, 1)
    draw.text((70, 60), site, font=site_font, fill=hex_rgb("#ffe0e0"))
    title_font, title = fit(d["title"], bold, 72, 52, text_w)
    y = 160
    for line in title:
        draw.text((70, y), line, font=title_font, fill="white")
        y += round(title_font.size * 1.33)
    if d.get("subtitle"):
        for line in wrap(d["subtitle"], font.at(38), text_w, 2):
            draw.text((70, y + 20), line, font=font.at(38), fill=hex_rgb("#ffe0e0"))
            y += 54
    if face is not None:
        disc = round_face(face, 300, ring=10)
        im.paste(disc, (W - 70 - disc.width, (H - disc.height) // 2), disc)
    draw.rectangle((0, H - 16, W, H), fill=GOLD)
    return im


DRAW = {"volunteer": volunteer_poster, "honors": honors_poster, "annual": annual_poster,
        "social": social_card}


def render(card: CardJob, font: Font, bold: Font, out: Path) -> None:
    im = DRAW[card.kind](json.loads(card.data), font, bold)
    # 256 colours: a third of the size of full colour, which matters at thousands of posters
    # (GitHub Pages allows 1 GB a site); the small round photo keeps its look.
    im = im.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    im.info = {}  # PNG would write a profile or text found there; a drawn card carries none
    tmp = out.with_name(out.name + ".tmp")
    im.save(tmp, "PNG", **PNG)
    tmp.replace(out)


def _worker(args) -> None:
    card, font, bold, out = args
    render(card, font, bold, Path(out))


class CardStage:
    """Draws the cards that are not in the cache yet, over all cores."""

    def __init__(self, cache_dir: Path, font: Font, bold: Font, workers: int | None = None):
        self.cache = cache_dir / "cards"
        self.font, self.bold = font, bold
        self.workers = workers or os.cpu_count() or 1
        self.rendered = 0

    def key(self, card: CardJob) -> str:
        face = json.loads(card.data).get("face") or {}
        stamp = ""
        if face.get("photo"):
            try:  # the face file is content-addressed already; its size guards against a stale copy
                stamp = str(Path(face["photo"]).stat().st_size)
            except OSError:
                stamp = "missing"
        raw = json.dumps([VERSION, card.kind, card.data, self.font.path, self.font.index,
                          self.bold.path, self.bold.index, stamp])
        return hashlib.sha256(raw.encode()).hexdigest()[:24]

    def run(self, cards: list[CardJob], progress=None) -> list[tuple[str, str]]:
        """(cache file, site path) for every card, drawing the missing ones."""
        self.cache.mkdir(parents=True, exist_ok=True)
        outputs, todo = [], []
        for card in cards:
            out = self.cache / f"{self.key(card)}.png"
            outputs.append((str(out), card.path))
            if not out.exists():
                todo.append((card, self.font, self.bold, str(out)))
        self.rendered = len(todo)
        if not todo:
            return outputs
        for _ in run_all(_worker, todo, self.workers, progress):
            pass
        return outputs
