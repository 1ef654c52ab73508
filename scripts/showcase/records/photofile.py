"""Photo files a build can use: each one's header and structure read, never its pixels.

`showcase validate` refuses here, once, everything the image stage of a build would
refuse: an empty file, a file that is no image (SVG, a web page, text), a format the
build cannot decode (an iPhone's HEIC), a file cut short, a picture too large to
decode safely (a "decompression bomb"), a PNG whose compressed text would unpack to
too much; and it warns of an extension that does not match the content. Reading a
phone photo's header and walking its markers costs about a millisecond; the pixels
are decoded only by the build (`images/photos.py`, which keeps the same limits; a
test holds the two in step).

Which formats can be decoded is decided here: an iPhone's HEIC photo is read through
pillow-heif, registered below as one more Pillow opener (images/photos.py registers it too,
and a test holds the two in step). Without pillow-heif a HEIC photo is refused by
`decodable()`, with how to convert it.
"""

from __future__ import annotations

import io
import os
import re
import struct
import warnings
import zlib
from pathlib import Path

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from ..text.messages import Problem

try:  # HEIC/HEIF (iPhone photos), decoded by libheif
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
    HEIF = False

MAX_PIXELS = 50_000_000          # as images/photos.py: above it a photo is refused before decoding
MAX_BYTES = 60 * 2**20
FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "TIFF", "BMP"} | ({"HEIF"} if HEIF else set())
# .heic is an image name even without pillow-heif: such a file is refused, never published as it is
SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".png": "PNG", ".webp": "WEBP",
            ".gif": "GIF", ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP", ".heic": "HEIF", ".heif": "HEIF"}
RIGHT_SUFFIX = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif",
                "TIFF": ".tif", "BMP": ".bmp", "HEIF": ".heic"}
HEIC_BRANDS = (b"ftypheic", b"ftypheix", b"ftypheim", b"ftypheis", b"ftyphevc", b"ftyphevx",
               b"ftypmif1", b"ftypmsf1", b"ftypavif")
CODES = ("photofile.empty", "photofile.too_large_file", "photofile.heic", "photofile.svg",
         "photofile.not_image", "photofile.format", "photofile.too_large", "photofile.truncated",
         "photofile.text_bomb", "photofile.corrupt")   # the errors --keep-going may turn into warnings

_seen: dict = {}   # (path, size, mtime) -> findings: a photo used by many records is read once


def is_image_name(name: str) -> bool:
    return Path(name).suffix.lower() in SUFFIXES


def decodable(raw: bytes) -> str | None:
    """Why bytes Pillow cannot identify are still no photo we can use: 'heic' (pillow-heif is
    missing), 'corrupt' (a HEIC that pillow-heif cannot read), 'svg' or None."""
    if raw[4:12] in HEIC_BRANDS:
        return "corrupt" if HEIF else "heic"
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in raw[:4096].lower():
        return "svg"
    return None


def inspect(path: Path) -> list[tuple[str, dict, str]]:
    """(code, params, severity) for each thing wrong with one photo file: an error, or warnings."""
    try:
        st = path.stat()
    except OSError as exc:
        return [("file.unreadable", {"detail": exc.strerror or str(exc)}, "error")]
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _seen:
        _seen[key] = _inspect(path, st.st_size)
    return _seen[key]


def _inspect(path: Path, size: int) -> list[tuple[str, dict, str]]:
    if size == 0:
        return [("photofile.empty", {}, "error")]
    if size > MAX_BYTES:
        return [("photofile.too_large_file", {"mb": round(size / 2**20), "limit": MAX_BYTES // 2**20}, "error")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [("file.unreadable", {"detail": exc.strerror or str(exc)}, "error")]
    found = header(raw)
    if found[0] != "ok":
        return [found]
    fmt = found[1]["format"]
    expected = SUFFIXES.get(path.suffix.lower())
    if expected != ("JPEG" if fmt == "MPO" else fmt):
        return [("photofile.extension", {"format": fmt, "ext": path.suffix or "—",
                                         "right": RIGHT_SUFFIX[fmt]}, "warning")]
    return []


def header(raw: bytes) -> tuple[str, dict, str]:
    """('ok', {format, width, height}, '') for a usable photo, else its (code, params, 'error')."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(raw))  # the header only: no pixel is decoded
            fmt, (w, h) = im.format, im.size
    except Image.DecompressionBombError:
        w, h = _header_size(raw)
        return _too_large(w, h)
    except UnidentifiedImageError:
        return (f"photofile.{decodable(raw) or 'not_image'}", {}, "error")
    except ValueError as exc:  # a PNG's text chunk before the pixels unpacks beyond Pillow's limit
        if "too large" in str(exc).lower() or "too much memory" in str(exc).lower():
            return _text_bomb()
        return ("photofile.corrupt", {}, "error")
    except Exception:  # noqa: BLE001 - a crafted header may break a plugin in any way: never a traceback
        return ("photofile.corrupt", {}, "error")
    if fmt not in FORMATS:
        return ("photofile.format", {"format": fmt}, "error")
    if w * h > MAX_PIXELS:
        return _too_large(w, h)
    if w <= 0 or h <= 0:
        return ("photofile.corrupt", {}, "error")
    problem = _structure(raw, fmt)
    if problem:
        return problem
    return ("ok", {"format": fmt, "width": w, "height": h}, "")


def _too_large(w: int, h: int) -> tuple[str, dict, str]:
    return ("photofile.too_large", {"width": w, "height": h, "mp": round(w * h / 10**6),
                                    "limit": MAX_PIXELS // 10**6}, "error")


def _text_bomb() -> tuple[str, dict, str]:
    return ("photofile.text_bomb", {"limit": PngImagePlugin.MAX_TEXT_CHUNK // 2**20}, "error")


def _header_size(raw: bytes) -> tuple[int, int]:
    """Width and height from the header alone, for a file Pillow's guard refuses to open."""
    Image.init()
    for fmt in Image.ID:
        factory, accept = Image.OPEN[fmt]
        if accept is None or accept(raw[:16]):
            try:
                return factory(io.BytesIO(raw)).size  # a plugin's constructor parses the header only
            except Exception:  # noqa: BLE001 - not this format: try the next one
                continue
    return (0, 0)


# -- structure: is the file whole? --------------------------------------------------------------

def _structure(raw: bytes, fmt: str) -> tuple[str, dict, str] | None:
    if fmt in ("JPEG", "MPO"):
        return None if jpeg_end(raw) else ("photofile.truncated", {}, "error")
    if fmt == "PNG":
        return _png(raw)
    if fmt == "WEBP" and len(raw) < 8 + struct.unpack("<I", raw[4:8])[0]:
        return ("photofile.truncated", {}, "error")
    return None  # GIF, TIFF, BMP: a damaged one is named by the build when it decodes it


def jpeg_end(raw: bytes) -> int | None:
    """The offset just after the main image's end marker, or None when the file stops before it.

    The segments before the picture data (EXIF with its thumbnail, which has end markers of its
    own) are stepped over by their lengths; in the picture data a 0xFF byte is never followed by
    0xD9 except at the end, so the first one found there is the end (anything after it, such as
    a phone's motion-photo video, is not part of the picture).
    """
    pos, n = 2, len(raw)
    while pos + 4 <= n:
        if raw[pos] != 0xFF:
            return None
        marker = raw[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:
            return pos + 2
        length = struct.unpack(">H", raw[pos + 2:pos + 4])[0]
        if marker == 0xDA:
            end = raw.find(b"\xff\xd9", pos + 2 + length)
            return None if end < 0 else end + 2
        pos += 2 + length
    return None


def png_chunks(raw: bytes):
    """(type, data) of each chunk up to IEND; raises ValueError when the file stops short."""
    pos, n = 8, len(raw)
    while True:
        if pos + 8 > n:
            raise ValueError("truncated")
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        if pos + 12 + length > n:
            raise ValueError("truncated")
        yield kind, raw[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IEND":
            return


def _png(raw: bytes) -> tuple[str, dict, str] | None:
    """A PNG cut short, or one whose compressed text (zTXt, iTXt, iCCP) unpacks beyond Pillow's
    limits: each chunk is unpacked at most to the limit, so this is bounded in time and memory."""
    total = 0
    try:
        for kind, data in png_chunks(raw):
            packed = None
            if kind in (b"zTXt", b"iCCP"):
                cut = data.find(b"\0")
                packed = data[cut + 2:] if cut >= 0 else b""
            elif kind == b"iTXt":
                cut = data.find(b"\0")
                if cut >= 0 and data[cut + 1:cut + 2] == b"\x01":  # compressed
                    rest = data[cut + 3:]
                    parts = rest.split(b"\0", 2)
                    packed = parts[2] if len(parts) == 3 else b""
            if packed:
                d = zlib.decompressobj()
                try:
                    text = d.decompress(packed, PngImagePlugin.MAX_TEXT_CHUNK)
                except zlib.error:
                    continue  # Pillow skips a text chunk it cannot unpack
                if d.unconsumed_tail:
                    return _text_bomb()
                total += len(text)
                if total > PngImagePlugin.MAX_TEXT_MEMORY:
                    return _text_bomb()
    except ValueError:
        return ("photofile.truncated", {}, "error")
    return None


# -- what validate and the build do with the findings ------------------------------------------

_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_SVG_LINK = re.compile(r"^\s*(javascript|vbscript|data|https?|ftp|file)\s*:|^\s*//", re.I)
_CSS_LINK = re.compile(r"@import|url\(\s*['\"]?\s*(javascript|https?|ftp|file|data)\s*:|url\(\s*['\"]?\s*//", re.I)
SVG_LIMIT = 5 * 1024 * 1024


def svg_problem(raw: bytes) -> tuple[str, dict, str] | None:
    """Why an SVG beside the pages may not be published as it is, or None.

    The site copies content/'s files as they are, and an SVG opened at its own address is a page
    of the site: a script, an event handler (onload=…), embedded HTML or a javascript: link in it
    would run there. A link to another site would fetch from the internet when read."""
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    if len(raw) > SVG_LIMIT:
        return ("photofile.svg_unreadable", {}, "error")
    try:
        root = safe_xml.fromstring(raw)
    except (ParseError, DefusedXmlException, ValueError):
        return ("photofile.svg_unreadable", {}, "error")
    for element in root.iter():
        tag = str(element.tag).rpartition("}")[2].lower()
        if tag in _SVG_ACTIVE:
            return ("photofile.svg_script", {"what": f"<{tag}>"}, "error")
        if tag == "style" and _CSS_LINK.search(element.text or ""):
            return ("photofile.svg_external", {"what": "<style>"}, "error")
        if tag in ("set", "animate", "animatemotion", "animatetransform"):
            target = element.attrib.get("attributeName", "").rpartition(":")[2].lower()
            if target.startswith("on") or target in ("href", "src"):  # an animation that sets a handler or link
                return ("photofile.svg_script", {"what": f"<{tag} attributeName={target}>"}, "error")
        for key, value in element.attrib.items():
            name = key.rpartition("}")[2].lower()
            value = re.sub(r"[\x00-\x20]+", "", value)  # java&#x09;script: is javascript: to a browser
            if name.startswith("on"):
                return ("photofile.svg_script", {"what": f"{name}=…"}, "error")
            if re.search(r"(javascript|vbscript):", value, re.I):
                return ("photofile.svg_script", {"what": f"{name}={value[:40]}"}, "error")
            if name in ("href", "src", "action", "formaction") and _SVG_LINK.match(value):
                bad = re.match(r"\s*(javascript|vbscript)", value, re.I)
                return ("photofile.svg_script" if bad else "photofile.svg_external", {"what": f"{name}={value[:40]}"},
                        "error")
            if name == "style" and _CSS_LINK.search(value):
                return ("photofile.svg_external", {"what": "style=…"}, "error")
    return None


# Files of content/ that a browser runs as a page of the site when opened: published as they are,
# a script in them would run on the site's address.
ACTIVE_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".mht", ".mhtml",
                   ".swf", ".php", ".asp", ".jsp"}
_OTHER_IMAGES: set | None = None


def _other_image_suffix(suffix: str) -> bool:
    """An image format that is not cleaned of its metadata (.jfif, .avif, .jp2…): refused in content/."""
    global _OTHER_IMAGES
    if _OTHER_IMAGES is None:
        Image.init()
        _OTHER_IMAGES = {ext for ext in Image.registered_extensions() if ext not in SUFFIXES} - {".ico", ".svg"}
    return suffix in _OTHER_IMAGES


def content_images(paths) -> list:
    """Problems of the images beside the pages (content/), which the site publishes as files."""
    problems = []
    root = paths.content
    if not root.is_dir():
        return problems
    real_root = os.path.realpath(root) + os.sep
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in list(dirnames):  # MkDocs follows links to folders: one back up never ends
            link = Path(dirpath) / d
            if link.is_symlink():
                target = os.path.realpath(link) + os.sep
                here = os.path.realpath(dirpath) + os.sep
                if here.startswith(target) or real_root.startswith(target):
                    problems.append(Problem(f"{paths.rel(Path(dirpath))}/{d}", None, None, "photofile.link_loop", {}))
                    dirnames.remove(d)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = paths.rel(path)
            suffix = path.suffix.lower()
            if suffix in ACTIVE_SUFFIXES:
                problems.append(Problem(rel, None, None, "photofile.active_file", {"ext": suffix}))
                continue
            if _other_image_suffix(suffix):
                problems.append(Problem(rel, None, None, "photofile.content_format", {"ext": suffix}))
                continue
            if suffix in (".svg", ".svgz"):
                found = svg_problem(_read_svg(path))
                if found:
                    code, params, severity = found
                    problems.append(Problem(rel, None, None, code, {"value": rel, **params}, severity))
                continue
            if not is_image_name(name):
                continue
            for code, params, severity in inspect(path):
                problems.append(Problem(rel, None, None, code, {"value": rel, **params}, severity))
    return problems


def _read_svg(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            raw = fh.read(SVG_LIMIT + 1)
        if path.suffix.lower() == ".svgz":
            import gzip
            with gzip.open(path) as fh:
                raw = fh.read(SVG_LIMIT + 1)
        return raw
    except (OSError, EOFError):  # unreadable, or a damaged .svgz: refused as unreadable
        return b""


def tolerate(problems: list) -> list:
    """With --keep-going: a record's unusable photo is left out (an avatar instead) with a warning."""
    out = []
    for p in problems:
        if p.is_error and p.code in CODES and p.field:
            out.append(Problem(p.path, p.line, p.field, p.code, p.params, "warning"))
            out.append(Problem(p.path, p.line, p.field, "photo.skipped", {}, "warning"))
        else:
            out.append(p)
    return out
