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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

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
FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "TIFF", "BMP"}

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


def render(job: PhotoJob, raw: bytes, digest: str, out_dir: Path) -> PhotoResult:
    """Decode, normalise and write every variant of one photo into out_dir (a worker's task)."""
    shape = SHAPES[job.shape]
    warning = None
    try:
        im = Image.open(io.BytesIO(raw))
    except (UnidentifiedImageError, OSError):
        if raw[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
            return PhotoResult(job.key, problem=("photo.heic", {}, "error"))  # an iPhone's HEIC
        return PhotoResult(job.key, problem=("photo.not_image", {}, "error"))
    except Image.DecompressionBombError:
        w, h = _header_size(raw) or (0, 0)
        mp = round(w * h / 10**6) or f"> {2 * MAX_PIXELS // 10**6}"  # Pillow refuses above twice the limit
        return PhotoResult(job.key, problem=("photo.too_large", {"mp": mp, "limit": MAX_PIXELS // 10**6}, "error"))
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
        return PhotoResult(job.key, problem=("photo.corrupt", {"detail": str(exc)[:80]}, "error"))
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
            if len(todo) == 1 or self.workers == 1:
                done = map(_worker, todo)
            else:
                pool = ProcessPoolExecutor(max_workers=min(self.workers, len(todo)))
                done = pool.map(_worker, todo, chunksize=max(1, len(todo) // (self.workers * 8)))
            for i, result in enumerate(done, 1):
                results.append(result)
                self.written += len(result.outputs or [])
                if progress:
                    progress(i, len(todo))
            if len(todo) > 1 and self.workers > 1:
                pool.shutdown()
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            self.index_path.write_text(json.dumps(self.index), encoding="utf-8")
        except OSError:
            pass
        return results
