"""Printed documents (A4 PDF, fonts embedded and subset, text extractable), typeset with typst.

Plain Python, no MkDocs and no records: the engine hands it jobs made of plain view dicts
(`site/printed.py`) and publishes its outputs.

- `PaperStage(cache_dir, font).run([job(path, kind, **data)])` → (cache file, site path) pairs,
  compiling only the documents not in the cache. `kind` names a template of `templates/`:
  "notice" (公示), "roll" (光荣榜), "list" (正式名单), "record" (志愿服务记录).

Why typst (from PyPI, no system package): a Chinese A4 notice in about 0.2 s cold and 10–20 ms
with a warm compiler, fonts embedded as subsets, Chinese line breaking, and the same bytes on every
build once the document's date is left out (`set document(date: none)`). Records' text reaches
the templates as JSON data (`sys.inputs`), never spliced into markup: no record can run typst code.
"""

from __future__ import annotations

from .stage import PaperJob, PaperStage, job

__all__ = ["PaperJob", "PaperStage", "job"]
