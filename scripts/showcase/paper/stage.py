"""Compile printed documents with typst, one compiler per template and process, cached by a hash
of everything that goes into the bytes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno

from ..images.fonts import Font
from ..images.pool import run_all

VERSION = 1
TEMPLATES = Path(__file__).resolve().parent / "templates"
KINDS = ("notice", "roll", "list", "record", "annual")
# Serif faces an official document prefers when they sit beside the poster font (the posters' own
# family is the fallback; typst takes the first family that has the glyph).
SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC")
IN_PROCESS = 8  # fewer documents than this to compile: no process pool (starting one costs more)


@dataclass(frozen=True)
class PaperJob:
    path: str   # where it goes in the site, e.g. volunteers/tan.pdf
    kind: str   # a template of templates/: notice, roll, list, record, annual
    data: str   # JSON of what it shows (sorted keys): hashable, cacheable, handed to typst as data


def job(path: str, kind: str, **data) -> PaperJob:
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    return PaperJob(path, kind, json.dumps(_breakable(data), ensure_ascii=False, sort_keys=True))


# A run of letters or digits longer than a line (an address pasted without spaces, a "name" of
# 2,000 W's) has nowhere to break and would run off the page: a zero-width space every 16
# characters lets typst wrap it; readers and text extraction see no difference.
_LONG_RUN = re.compile(r"[^\s\u2e80-\u9fff\uff00-\uffef]{40,}")


def _breakable(value):
    if isinstance(value, str):
        if len(value) < 40:  # too short to hold a run of 40: most values
            return value
        return _LONG_RUN.sub(lambda m: "\u200b".join(m[0][i:i + 16] for i in range(0, len(m[0]), 16)), value)
    if isinstance(value, dict):
        return {k: v if k == "url" else _breakable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_breakable(v) for v in value]
    return value


def _siblings(font: Font) -> list[Path]:
    """The poster font's file and the regular and serif faces beside it (the posters use the bold
    face: body text wants the regular one)."""
    path = Path(font.path)
    names = {path.name, path.name.replace("Bold", "Regular"), path.name.replace("bd.", "."),
             path.name.replace("Sans", "Serif"), path.name.replace("Sans", "Serif").replace("Bold", "Regular")}
    return sorted(p for p in (path.with_name(n) for n in names) if p.is_file())


def font_folder(cache: Path, font: Font) -> Path:
    """A folder holding only the fonts the documents use (typst reads font folders, not files):
    links to them, or copies where links are not allowed. typst never looks at the system's fonts,
    so another machine's fonts cannot change a document."""
    files = _siblings(font)
    stamp = hashlib.sha256(json.dumps([(str(p), p.stat().st_size) for p in files]).encode()).hexdigest()[:16]
    folder = cache / f"fonts-{stamp}"
    if not folder.is_dir():
        tmp = cache / f"fonts-{stamp}.tmp{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for p in files:
            try:
                os.symlink(p, tmp / p.name)
            except OSError:
                shutil.copyfile(p, tmp / p.name)
        try:
            tmp.replace(folder)
        except OSError:  # another process made it first
            shutil.rmtree(tmp, ignore_errors=True)
    return folder


@lru_cache(maxsize=1)
def _family(path: str, index: int) -> str:
    from PIL import ImageFont

    return ImageFont.truetype(path, 12, index=index).getname()[0]


def qr_svg(url: str) -> str:
    """The QR code of a page's address as SVG (segno), drawn by typst as a vector image."""
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="svg", border=2, xmldecl=False, svgns=True)
    return buf.getvalue().decode("ascii")


class _Compilers:
    """One typst compiler per template, fonts read once (per process)."""

    def __init__(self, fonts: str, families: list[str]):
        import typst

        self.typst = typst
        self.fonts, self.families = fonts, json.dumps(families)
        self._made: dict = {}

    def pdf(self, job_: PaperJob) -> bytes:
        compiler = self._made.get(job_.kind)
        if compiler is None:
            compiler = self._made[job_.kind] = self.typst.Compiler(
                str(TEMPLATES / f"{job_.kind}.typ"), root=str(TEMPLATES), font_paths=[self.fonts],
                ignore_system_fonts=True)
        url = json.loads(job_.data).get("url")
        inputs = {"data": job_.data, "fonts": self.families, "qr": qr_svg(url) if url else ""}
        return compiler.compile(sys_inputs=inputs)


def _write(out: Path, pdf: bytes) -> None:
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(pdf)
    tmp.replace(out)


_WORKER: _Compilers | None = None


def _init(fonts: str, families: list[str]) -> None:
    global _WORKER
    _WORKER = _Compilers(fonts, families)


def _work(args) -> None:
    job_, out = args
    _write(Path(out), _WORKER.pdf(job_))


class PaperStage:
    """Compiles the documents that are not in the cache yet, over all cores."""

    def __init__(self, cache_dir: Path, font: Font, workers: int | None = None):
        self.cache = Path(cache_dir) / "paper"
        self.font = font
        self.workers = workers or os.cpu_count() or 1
        self.rendered = 0
        self._fingerprint = None

    def fingerprint(self) -> str:
        """What every document's bytes depend on besides its data: the program, the templates,
        typst's version and the fonts."""
        if self._fingerprint is None:
            import typst

            parts = [VERSION, getattr(typst, "__version__", ""), self.font.path, self.font.index]
            parts += [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(TEMPLATES.glob("*.typ"))]
            parts += [(str(p), p.stat().st_size) for p in _siblings(self.font)]
            self._fingerprint = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
        return self._fingerprint

    def key(self, job_: PaperJob) -> str:
        raw = json.dumps([self.fingerprint(), job_.kind, job_.data])
        return hashlib.sha256(raw.encode()).hexdigest()[:24]

    def run(self, jobs: list[PaperJob], progress=None) -> list[tuple[str, str]]:
        """(cache file, site path) for every document, compiling the missing ones."""
        self.cache.mkdir(parents=True, exist_ok=True)
        outputs, todo = [], []
        for j in jobs:
            out = self.cache / f"{self.key(j)}.pdf"
            outputs.append((str(out), j.path))
            if not out.exists():
                todo.append((j, str(out)))
        self.rendered = len(todo)
        if not todo:
            return outputs
        fonts = str(font_folder(self.cache, self.font))
        families = list(SERIF) + [_family(self.font.path, self.font.index)]
        for _ in run_all(_work, todo, self.workers, progress, in_process_below=IN_PROCESS,
                         initializer=_init, initargs=(fonts, families)):
            pass
        return outputs
