"""Phone photos made fit to publish: upright, stripped, cropped, resized, cached.

Every output is decoded from the original at reduced scale (JPEG draft mode),
turned upright by its EXIF orientation, converted to sRGB, cropped around the
focal point, and saved as WebP and JPEG at a few widths with no metadata at all
(no EXIF, GPS, XMP, IPTC, ICC or comments). Results are cached by the photo's
content and the settings; file size and modification time tell whether a photo
changed, so an unchanged set costs one stat per photo.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .pool import run_all

VERSION = 4                      # 4: JPEG comments no longer copied into the outputs
MAX_PIXELS = 50_000_000          # a 50-megapixel photo is plenty; 100 MP is refused before decoding
MAX_BYTES = 60 * 2**20
SHAPES = {
    # card and profile faces: square; project photos: 4:3
    "square": {"aspect": 1.0, "widths": (160, 320, 640), "focus": (0.5, 0.35)},
    "wide": {"aspect": 4 / 3, "widths": (320, 640, 1280), "focus": (0.5, 0.5)},
}
SIZES = {"card": "(min-width: 60em) 90px, 80px", "profile": "120px",
         "wide": "(min-width: 76em) 38rem, 100vw"}
WEBP = {"quality": 80, "method": 2}   # method 4 would cost three times as long for ~5 % smaller files
JPEG = {"quality": 82, "optimize": True, "progressive": True}
try:  # iPhone photos (HEIC), as records/photofile.py decides: decoded like any other, saved as WebP/JPEG
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
    HEIF = False
FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "TIFF", "BMP"} | ({"HEIF"} if HEIF else set())

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own decompression-bomb guard, as a second line


@dataclass(frozen=True)
class PhotoJob:
    key: str              # path under data/photos/, as the records name it
    source: Path
    rel: str              # project-relative path, for messages
    shape: str = "square"
    focus: tuple | None = None


@dataclass
class PhotoResult:
    key: str
    picture: dict | None = None      # the view templates use (see images/__init__.py)
    outputs: list | None = None      # (cache file, site path) pairs to publish
    problem: tuple | None = None     # (code, params, severity) when the photo is unusable or changed


def _settings(job: PhotoJob) -> str:
    shape = SHAPES[job.shape]
    return json.dumps([VERSION, job.shape, shape, job.focus, WEBP, JPEG], sort_keys=True)


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "photo"


def _to_srgb(im: Image.Image) -> Image.Image:
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: plain conversion below
    return im


def _flatten(im: Image.Image) -> Image.Image:
    """Any mode to 8-bit RGB; transparency is laid on white."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 256).convert("L")  # 16-bit to 8-bit
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA", "PA"):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im.convert("RGB") if im.mode != "RGB" else im


def _crop(im: Image.Image, aspect: float, focus: tuple) -> Image.Image:
    """The largest crop of `aspect` (width/height) centred as near the focus as the edges allow."""
    w, h = im.size
    if w / h > aspect:
        cw, ch = round(h * aspect), h
    else:
        cw, ch = w, round(w / aspect)
    left = min(max(round(focus[0] * w - cw / 2), 0), w - cw)
    top = min(max(round(focus[1] * h - ch / 2), 0), h - ch)
    return im.crop((left, top, left + cw, top + ch))


def _header_size(raw: bytes) -> tuple[int, int] | None:
    """Width and height read from the header alone, for a file Pillow's guard refuses to open."""
    Image.init()
    for fmt in Image.ID:
        factory, accept = Image.OPEN[fmt]
        if accept is None or accept(raw[:16]):
            try:
                return factory(io.BytesIO(raw)).size  # a plugin's constructor parses the header only
            except Exception:  # noqa: BLE001 - not this format: try the next one
                continue
    return None


def _value_problem(exc: Exception) -> str:
    """A text chunk that would unpack to too much (a 'zTXt bomb'), or any other damage."""
    text = str(exc).lower()
    return "photo.text_bomb" if "too large" in text or "too much memory" in text else "photo.corrupt"


def render(job: PhotoJob, raw: bytes, digest: str, out_dir: Path) -> PhotoResult:
    """Decode, normalise and write every variant of one photo into out_dir (a worker's task)."""
    shape = SHAPES[job.shape]
    warning = None
    try:
        im = Image.open(io.BytesIO(raw))
    except (UnidentifiedImageError, OSError):
        if raw[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):  # an iPhone's HEIC
            return PhotoResult(job.key, problem=("photo.corrupt", {"detail": "HEIC"}, "error") if HEIF
                               else ("photo.heic", {}, "error"))
        return PhotoResult(job.key, problem=("photo.not_image", {}, "error"))
    except Image.DecompressionBombError:
        w, h = _header_size(raw) or (0, 0)
        mp = round(w * h / 10**6) or f"> {2 * MAX_PIXELS // 10**6}"  # Pillow refuses above twice the limit
        return PhotoResult(job.key, problem=("photo.too_large", {"mp": mp, "limit": MAX_PIXELS // 10**6}, "error"))
    except ValueError as exc:  # a PNG text chunk unpacking beyond Pillow's MAX_TEXT_CHUNK, before the pixels
        return PhotoResult(job.key, problem=(_value_problem(exc), {"detail": str(exc)[:80]}, "error"))
    except Exception as exc:  # noqa: BLE001 - a crafted header may break a plugin in any way: never a traceback
        return PhotoResult(job.key, problem=("photo.corrupt", {"detail": str(exc)[:80]}, "error"))
    if im.format not in FORMATS:
        return PhotoResult(job.key, problem=("photo.format", {"format": im.format}, "error"))
    w, h = im.size
    if w * h > MAX_PIXELS:
        return PhotoResult(job.key, problem=("photo.too_large", {"mp": round(w * h / 10**6),
                                                                 "limit": MAX_PIXELS // 10**6}, "error"))
    if getattr(im, "n_frames", 1) > 1 and im.format != "MPO":
        warning = ("photo.animated", {"frames": im.n_frames}, "warning")
    widest = max(shape["widths"])
    if im.format in ("JPEG", "MPO"):
        im.draft("RGB", (widest, widest))  # decode at 1/2, 1/4 or 1/8 scale when that is enough
    try:
        im.load()
        im = ImageOps.exif_transpose(im)
        im = _flatten(_to_srgb(im))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        return PhotoResult(job.key, problem=(_value_problem(exc), {"detail": str(exc)[:80]}, "error"))
    im = _crop(im, shape["aspect"], job.focus or shape["focus"])
    im.info = {}  # Pillow writes a JPEG comment, XMP or a profile it finds here into every output
    stem = _slug(Path(job.key).stem)
    folder = f"images/photos/{digest[:12]}"
    webp, jpeg, outputs = [], [], []
    out_dir.mkdir(parents=True, exist_ok=True)
    widths = sorted({min(x, im.width) for x in shape["widths"]})  # never larger than the photo
    source = im
    for width in reversed(widths):  # largest first: each smaller one is made from the one before
        height = round(width / shape["aspect"])
        variant = source.resize((width, height), Image.LANCZOS, reducing_gap=3.0) if width != source.width else source
        source = variant
        for ext, params, bucket in (("webp", WEBP, webp), ("jpg", JPEG, jpeg)):
            name = f"{stem}-{width}.{ext}"
            tmp = out_dir / (name + ".tmp")
            variant.save(tmp, "WEBP" if ext == "webp" else "JPEG", **params)
            tmp.replace(out_dir / name)
            bucket.append({"path": f"{folder}/{name}", "width": width, "height": height})
            outputs.append((str(out_dir / name), f"{folder}/{name}"))
    webp.sort(key=lambda v: v["width"])
    jpeg.sort(key=lambda v: v["width"])
    fallback = next((v for v in jpeg if v["width"] >= 320), jpeg[-1])
    picture = {"webp": webp, "jpeg": jpeg, "fallback": fallback, "sizes": SIZES, "thumb": jpeg[0]["path"],
               "width": im.width, "height": im.height}
    manifest = {"picture": picture, "outputs": [[Path(a).name, b] for a, b in outputs],
                "warning": warning}
    (out_dir / "picture.json").write_text(json.dumps(manifest), encoding="utf-8")
    return PhotoResult(job.key, picture, outputs, warning)


def _worker(args) -> PhotoResult:
    job, digest, out_dir = args
    try:
        raw = job.source.read_bytes()
    except OSError as exc:
        return PhotoResult(job.key, problem=("file.unreadable", {"detail": exc.strerror or str(exc)}, "error"))
    return render(job, raw, digest, Path(out_dir))


class PhotoStage:
    """Normalises the photos a site uses, in parallel, doing no work for unchanged ones."""

    def __init__(self, cache_dir: Path, workers: int | None = None):
        self.cache = cache_dir / "photos"
        self.index_path = cache_dir / "photos-index.json"
        self.workers = workers or os.cpu_count() or 1
        self.rendered = 0   # photos decoded in this run (0 on a warm run)
        self.written = 0    # files those photos made
        try:
            self.index = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}

    def _digest(self, job: PhotoJob) -> str | None:
        """Content and settings hash, from the stat-keyed index when the file has not changed."""
        try:
            st = job.source.stat()
        except OSError:
            return None
        if st.st_size > MAX_BYTES:
            return None
        stamp = [st.st_mtime_ns, st.st_size, _settings(job)]
        hit = self.index.get(f"{job.key}|{job.shape}")
        if hit and hit[0] == stamp:
            return hit[1]
        h = hashlib.sha256(_settings(job).encode())
        with job.source.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()[:24]
        self.index[f"{job.key}|{job.shape}"] = [stamp, digest]
        return digest

    def _cached(self, job: PhotoJob, digest: str) -> PhotoResult | None:
        folder = self.cache / digest
        try:
            manifest = json.loads((folder / "picture.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        outputs = [(str(folder / name), site) for name, site in manifest["outputs"]]
        warning = tuple(manifest["warning"]) if manifest.get("warning") else None
        return PhotoResult(job.key, manifest["picture"], outputs, warning)

    def run(self, jobs: list[PhotoJob], progress=None) -> list[PhotoResult]:
        results, todo = [], []
        for job in jobs:
            if job.source.is_file() and job.source.stat().st_size > MAX_BYTES:
                results.append(PhotoResult(job.key, problem=("photo.too_large_file", {
                    "mb": round(job.source.stat().st_size / 2**20), "limit": MAX_BYTES // 2**20}, "error")))
                continue
            digest = self._digest(job)
            cached = self._cached(job, digest) if digest else None
            if cached:
                results.append(cached)
            else:
                todo.append((job, digest or "unreadable", str(self.cache / (digest or "unreadable"))))
        if todo:
            self.rendered = len(todo)
            for result in run_all(_worker, todo, self.workers, progress):
                results.append(result)
                self.written += len(result.outputs or [])
        _save_index(self.index_path, self.index)
        return results


def _save_index(path: Path, index: dict) -> None:
    """The cache's index of what was made from what; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index), encoding="utf-8")
    except OSError:
        pass


# -- images beside the pages (content/): published under their own name, stripped -------------------

CLEAN_VERSION = 1
_MARKER = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")   # the next marker after entropy-coded data
_JPEG_KEEP = {0xE0: b"JFIF\0", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}  # picture, colour; not metadata
_PNG_KEEP = {b"PLTE", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs",
             b"acTL", b"fcTL", b"fdAT"}
_GIF_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")  # the loop count of an animation


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".heif"}


def is_image(name: str) -> bool:
    return Path(name).suffix.lower() in IMAGE_SUFFIXES


@dataclass(frozen=True)
class FileJob:
    source: Path
    rel: str              # project-relative path, for messages (content/stories/a.jpg)


def _strip_jpeg(raw: bytes) -> bytes:
    """The same JPEG without EXIF (GPS), XMP, IPTC, comments or anything after its end: the
    picture data is copied byte for byte. Also ends an MPO (multi-picture) file after its first image."""
    out, pos, n = [b"\xff\xd8"], 2, len(raw)
    while pos + 2 <= n:
        if raw[pos] != 0xFF:
            raise ValueError("JPEG marker expected")
        marker = raw[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xD9:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            out.append(raw[pos:pos + 2])
            pos += 2
            continue
        if pos + 4 > n:
            break
        end = pos + 2 + int.from_bytes(raw[pos + 2:pos + 4], "big")
        if end > n:
            break
        if marker == 0xDA:  # a scan: its header, then entropy-coded data up to the next marker
            found = _MARKER.search(raw, end)
            if not found:
                break
            end = found.start()
        metadata = 0xE0 <= marker <= 0xEF or marker == 0xFE  # APP0…APP15 (EXIF, XMP, IPTC …), COM
        sig = _JPEG_KEEP.get(marker)
        if not metadata or (sig and raw[pos + 4:pos + 4 + len(sig)] == sig):
            out.append(raw[pos:end])
        pos = end
    raise ValueError("image file is truncated")


def _strip_png(raw: bytes) -> bytes:
    """The same PNG with only the chunks that draw the picture: no text (tEXt, zTXt, iTXt), eXIf or tIME."""
    out, pos, n = [raw[:8]], 8, len(raw)
    while pos + 12 <= n:
        length = int.from_bytes(raw[pos:pos + 4], "big")
        kind = raw[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > n:
            break
        if kind[:1].isupper() or kind in _PNG_KEEP:  # critical chunks, and the ancillary ones kept
            out.append(raw[pos:end])
        if kind == b"IEND":
            return b"".join(out)
        pos = end
    raise ValueError("image file is truncated")


def _strip_webp(raw: bytes) -> bytes:
    """The same WebP without its EXIF and XMP chunks (and their flags)."""
    chunks, pos, n = [], 12, min(len(raw), 8 + int.from_bytes(raw[4:8], "little"))
    while pos + 8 <= n:
        kind, size = raw[pos:pos + 4], int.from_bytes(raw[pos + 4:pos + 8], "little")
        end = pos + 8 + size + (size & 1)
        if pos + 8 + size > n:
            raise ValueError("image file is truncated")
        if kind not in (b"EXIF", b"XMP "):
            chunk = raw[pos:end]
            if kind == b"VP8X":
                chunk = chunk[:8] + bytes([chunk[8] & ~0x0C]) + chunk[9:]  # no EXIF, no XMP
            chunks.append(chunk)
        pos = end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _strip_gif(raw: bytes) -> bytes:
    """The same GIF without comments or application blocks (XMP), the animation's loop count kept."""
    def blocks(pos: int) -> int:  # past a chain of data sub-blocks
        while raw[pos]:
            pos += raw[pos] + 1
        return pos + 1

    pos = 13 + (3 * 2 ** ((raw[10] & 7) + 1) if raw[10] & 0x80 else 0)
    out = [raw[:pos]]
    try:
        while raw[pos] != 0x3B:
            start = pos
            if raw[pos] == 0x21:
                label = raw[pos + 1]
                pos = blocks(pos + 2)
                keep = label != 0xFE and (label != 0xFF or raw[start + 3:start + 14] in _GIF_APPS)
            elif raw[pos] == 0x2C:
                packed = raw[pos + 9]
                pos += 10 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
                pos = blocks(pos + 1)
                keep = True
            else:
                raise ValueError("GIF block expected")
            if keep:
                out.append(raw[start:pos])
    except IndexError:
        raise ValueError("image file is truncated") from None
    return b"".join(out) + b"\x3b"


def _reencoded(im: Image.Image, fmt: str) -> bytes:
    """Turned upright and saved anew with no metadata (the colour profile kept)."""
    icc = im.info.get("icc_profile")
    im = ImageOps.exif_transpose(im)
    im.info = {}
    buf = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        im.save(buf, "JPEG", quality=92, optimize=True, **extra)
    elif fmt == "WEBP":
        im.save(buf, "WEBP", quality=92, **extra)
    elif fmt == "TIFF":
        im.save(buf, "TIFF", compression="tiff_lzw", **extra)
    else:
        im.save(buf, fmt, **extra)
    return buf.getvalue()


def _orientation(im: Image.Image, raw: bytes) -> int:
    """The EXIF orientation, read from the header (a PNG's eXIf chunk found without decoding)."""
    try:
        if im.format == "PNG":
            pos, exif = 8, Image.Exif()
            while pos + 12 <= len(raw) and raw[pos + 4:pos + 8] not in (b"eXIf", b"IEND"):
                pos += 12 + int.from_bytes(raw[pos:pos + 4], "big")
            if raw[pos + 4:pos + 8] != b"eXIf":
                return 1
            exif.load(raw[pos + 8:pos + 8 + int.from_bytes(raw[pos:pos + 4], "big")])
            return int(exif.get(0x0112, 1))
        if im.format in ("JPEG", "MPO", "WEBP"):
            return int(im.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 - a damaged EXIF block is cut out all the same
        pass
    return 1


def clean(raw: bytes) -> bytes:
    """An image as it may be published under its own name: no EXIF, GPS, XMP, IPTC, text or
    comments. JPEG, PNG, WebP and GIF keep their picture data byte for byte (the metadata
    blocks are cut out); a photo the camera stored sideways is turned upright and saved anew
    (JPEG quality 92), as is a TIFF; a BMP holds no metadata and is kept as it is. An iPhone's
    HEIC becomes a JPEG (upright, no metadata) under its own name: browsers go by the content."""
    im = Image.open(io.BytesIO(raw))
    fmt = "JPEG" if im.format == "MPO" else im.format
    if fmt not in FORMATS:
        raise ValueError(f"{fmt} images are not supported")
    if im.width * im.height > MAX_PIXELS:
        raise Image.DecompressionBombError(f"{im.width} × {im.height}")
    if fmt == "HEIF":  # few browsers show HEIC (WeChat's does not): a JPEG, under the file's own name
        im.load()
        return _reencoded(im.convert("RGB") if im.mode not in ("RGB", "L") else im, "JPEG")
    if fmt == "TIFF" or _orientation(im, raw) != 1:
        im.load()
        return _reencoded(im, fmt)
    if fmt == "BMP":
        return raw
    return {"JPEG": _strip_jpeg, "PNG": _strip_png, "WEBP": _strip_webp, "GIF": _strip_gif}[fmt](raw)


class CleanStage:
    """Strips the images beside the pages, doing no work for unchanged ones (the cache of photos)."""

    def __init__(self, cache_dir: Path):
        self.cache = cache_dir / "content"
        self.index_path = cache_dir / "content-index.json"
        self.cleaned = 0   # images stripped in this run (0 on a warm run)
        try:
            self.index = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}

    def run(self, jobs: list[FileJob]) -> list[PhotoResult]:
        """One result per job: `outputs` holds (cleaned file, rel), or `problem` says why not."""
        results = [self._one(job) for job in jobs]
        _save_index(self.index_path, self.index)
        return results

    def _one(self, job: FileJob) -> PhotoResult:
        try:
            st = job.source.stat()
            if st.st_size > MAX_BYTES:
                return PhotoResult(job.rel, problem=("photo.too_large_file", {
                    "mb": round(st.st_size / 2**20), "limit": MAX_BYTES // 2**20}, "error"))
            stamp = [st.st_mtime_ns, st.st_size, CLEAN_VERSION]
            hit = self.index.get(job.rel)
            target = self.cache / hit[1] / job.source.name if hit and hit[0] == stamp else None
            if target is not None and target.is_file():
                return PhotoResult(job.rel, outputs=[(str(target), job.rel)])
            raw = job.source.read_bytes()
        except OSError as exc:
            return PhotoResult(job.rel, problem=("file.unreadable", {"detail": exc.strerror or str(exc)}, "error"))
        digest = hashlib.sha256(b"%d|" % CLEAN_VERSION + raw).hexdigest()[:24]
        target = self.cache / digest / job.source.name
        if not target.is_file():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", Image.DecompressionBombWarning)
                    data = clean(raw)
            except UnidentifiedImageError:
                return PhotoResult(job.rel, problem=("photo.not_image", {}, "error"))
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                w, h = _header_size(raw) or (0, 0)
                return PhotoResult(job.rel, problem=("photo.too_large", {
                    "mp": round(w * h / 10**6), "limit": MAX_PIXELS // 10**6}, "error"))
            except Exception as exc:  # noqa: BLE001 - a hostile file: its name and the reason, never a traceback
                return PhotoResult(job.rel, problem=(_value_problem(exc), {"detail": str(exc)[:80]}, "error"))
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
            self.cleaned += 1
        self.index[job.rel] = [stamp, digest]
        return PhotoResult(job.rel, outputs=[(str(target), job.rel)])
