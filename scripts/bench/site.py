"""Benchmark: our build of a synthetic organisation against a bare mkdocs-material build.

For each N it builds (1) our site for N volunteers, cold (no cache) and warm,
and (2) a bare mkdocs-material site of N plain Markdown pages of similar size,
out of the navigation — the engine's floor. Every build runs in its own
process, so wall time and peak RSS are that build's alone. Ratios to the bare
build are printed beside the raw figures, so the results hold on a noisy
machine.

    make bench    (or: cd scripts && python -m bench.site --sizes 1000,5000,10000,20000)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import synth

PAGE = """---
title: {title}
---

# {title}

{body}

- 岗位：便民服务员
- 所在单位：第{n}镇{n}村
- 服务时长：{n} 小时

{body}
"""

BARE_YML = """site_name: 基准
docs_dir: docs
""" + synth.ENGINE_YML + """not_in_nav: |
  /p/*
nav:
  - index.md
"""


def settle(cwd: Path) -> None:
    """Wait until the previous build's old site is deleted, so builds do not overlap."""
    deadline = time.monotonic() + 300
    while list(cwd.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.sync()


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (bytes) and standard output of one process."""
    settle(cwd)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, "SHOWCASE_LANG": "zh", **(env or {})},
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{err.read().decode('utf-8', 'replace')[-3000:]}")
        return seconds, usage.ru_maxrss * 1024, out.read().decode("utf-8", "replace")


IMAGES = re.compile(r"(\d+) 张图片（本次新绘制 (\d+) 张）")


def images_of(summary: str) -> dict:
    """Images published and newly drawn, as the build's summary tells the officer."""
    m = IMAGES.search(summary)
    return {"files": int(m[1]), "drawn": int(m[2])} if m else {}


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


KINDS = ("posters", "social cards", "photos", "pdfs", "wechat articles", "volunteer pages", "card grid", "other pages", "search",
         "stats", "sitemap", "feed", "assets", "other")


def kind_of(rel: str) -> str:
    """The kind of a site file (path relative to the site, another language's copy under en/ alike)."""
    parts = rel.split("/")
    if parts[0] == "en" and len(parts) > 1:
        parts = parts[1:]
    top, name = parts[0], parts[-1]
    if name.endswith(".pdf"):  # 志愿服务记录, 公示, 光荣榜, annual reports
        return "pdfs"
    if top == "wechat":  # 公众号 articles and their QR codes
        return "wechat articles"
    if top == "posters":
        return "posters"
    if parts[:2] == ["images", "social"]:
        return "social cards"
    if parts[:2] == ["images", "photos"]:
        return "photos"
    if top == "volunteers":
        grid = name in ("index.html", "cards.js") or (len(parts) > 2 and parts[1] == "page")
        return "card grid" if grid else "volunteer pages"
    if top == "search":
        return "search"
    if top == "stats":
        return "stats"
    if name.startswith("sitemap.xml"):
        return "sitemap"
    if name == "feed.xml":
        return "feed"
    if top == "assets":
        return "assets"
    return "other pages" if name.endswith(".html") else "other"


def site_size(site: Path, volunteers: int) -> dict:
    """The site's bytes: in all, per volunteer, by kind (files and bytes), and the share of the
    copies of other languages (en/…)."""
    kinds = {k: {"files": 0, "bytes": 0} for k in KINDS}
    total = other_languages = 0
    for p in sorted(site.rglob("*")):
        if not p.is_file():
            continue
        rel, size = p.relative_to(site).as_posix(), p.stat().st_size
        kinds[kind_of(rel)]["files"] += 1
        kinds[kind_of(rel)]["bytes"] += size
        total += size
        if rel.startswith("en/"):
            other_languages += size
    return {"bytes": total, "kb_per_volunteer": round(total / 1024 / max(1, volunteers), 1),
            "other_languages_bytes": other_languages, "kinds": kinds}


def size_report(size: dict) -> str:
    """The breakdown as a table: kind, files, MB, KB per volunteer and per file, share."""
    n = size["volunteers"]
    rows = [("kind", "files", "MB", "KB/volunteer", "KB/file", "share")]
    for kind, k in sorted(size["kinds"].items(), key=lambda kv: -kv[1]["bytes"]):
        if k["files"]:
            rows.append((kind, k["files"], round(k["bytes"] / 2**20, 2), round(k["bytes"] / 1024 / n, 1),
                         round(k["bytes"] / 1024 / k["files"], 1), f'{100 * k["bytes"] / size["bytes"]:.0f} %'))
    rows.append(("all", sum(k["files"] for k in size["kinds"].values()), round(size["bytes"] / 2**20, 2),
                 size["kb_per_volunteer"], "", "100 %"))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).rjust(w) for c, w in zip(row, widths)) for row in rows)


def bare_site(root: Path, n: int) -> int:
    """N Markdown pages of about the size of a profile, plus a home page."""
    if (root / ".done").exists() and (root / ".done").read_text() == str(n):
        return n
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs" / "p"
    docs.mkdir(parents=True)
    body = synth.STORY.format(name="王伟", org="第1镇1村", he="他", post="便民服务")
    for i in range(n):
        (docs / f"{i:06d}.md").write_text(PAGE.format(title=f"志愿者{i}", body=body, n=i % 20 + 1),
                                          encoding="utf-8")
    (root / "docs" / "index.md").write_text("# 基准\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(BARE_YML, encoding="utf-8")
    (root / ".done").write_text(str(n))
    return n


def ours(root: Path, n: int, photo_share: float, seed: int) -> dict:
    marker = root / ".done"
    key = json.dumps([synth.VERSION, n, photo_share, seed])
    if not (marker.exists() and marker.read_text() == key):
        counts = synth.generate(root, n, seed, photo_share)
        marker.write_text(key)
        (root / ".counts").write_text(json.dumps(counts))
    return json.loads((root / ".counts").read_text())


def measure(n: int, work: Path, photo_share: float, seed: int) -> dict:
    py = sys.executable
    project = work / f"ours-{n}"
    counts = ours(project, n, photo_share, seed)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    cold, cold_rss, cold_out = run([py, "-m", "showcase", "build"], project)
    # two warm builds, the faster counted, as for the bare site below: the same rule for both
    w1, w1_rss, _ = run([py, "-m", "showcase", "build"], project)
    w2, w2_rss, warm_out = run([py, "-m", "showcase", "build"], project)
    warm, warm_rss = min(w1, w2), max(w1_rss, w2_rss)
    site = project / "site"
    pages = len(list(site.rglob("*.html")))
    profiles = [p.stat().st_size for p in (site / "volunteers").glob("v*.html")]
    index = site / "search" / "search_index.json"

    bare = work / f"bare-{n}"
    bare_site(bare, n)
    shutil.rmtree(bare / "site", ignore_errors=True)
    b1, b1_rss, _ = run([py, "-m", "mkdocs", "build", "-q"], bare)
    b2, b2_rss, _ = run([py, "-m", "mkdocs", "build", "-q"], bare)
    bare_s, bare_rss = min(b1, b2), max(b1_rss, b2_rss)
    bare_pages = len(list((bare / "site").rglob("*.html")))
    bare_profiles = [p.stat().st_size for p in (bare / "site" / "p").glob("*.html")]
    bare_index = bare / "site" / "search" / "search_index.json"

    result = {
        "n": n, "counts": counts, "pages": pages,
        "cold_s": round(cold, 2), "warm_s": round(warm, 2),
        "cold_ms_per_page": round(1000 * cold / pages, 2), "warm_ms_per_page": round(1000 * warm / pages, 2),
        "peak_rss_mb": round(max(cold_rss, warm_rss) / 2**20), "output_mb": round(tree_size(site) / 2**20, 1),
        "profile_kb_median": round(statistics.median(profiles) / 1024, 1),
        "profile_kb_max": round(max(profiles) / 1024, 1),
        "search_index_mb": round(index.stat().st_size / 2**20, 2),
        "bare_pages": bare_pages, "bare_s": round(bare_s, 2),
        "bare_ms_per_page": round(1000 * bare_s / bare_pages, 2),
        "bare_peak_rss_mb": round(bare_rss / 2**20), "bare_output_mb": round(tree_size(bare / "site") / 2**20, 1),
        "bare_page_kb_median": round(statistics.median(bare_profiles) / 1024, 1),
        "bare_search_index_mb": round(bare_index.stat().st_size / 2**20, 2),
    }
    result["warm_ratio"] = round(result["warm_ms_per_page"] / result["bare_ms_per_page"], 2)
    result["cold_ratio"] = round(result["cold_ms_per_page"] / result["bare_ms_per_page"], 2)
    result["images_cold"], result["images_warm"] = images_of(cold_out), images_of(warm_out)
    result["size"] = {**site_size(site, n), "volunteers": n}
    return result


def report(results: list[dict]) -> str:
    rows = [("N", "pages", "cold s", "warm s", "warm ms/page", "bare ms/page", "warm/bare",
             "cold/bare", "peak RSS MB", "bare RSS MB", "site MB", "profile KB (med/max)",
             "search MB (ours/bare)", "site KB/volunteer")]
    for r in results:
        rows.append((r["n"], r["pages"], r["cold_s"], r["warm_s"], r["warm_ms_per_page"], r["bare_ms_per_page"],
                     r["warm_ratio"], r["cold_ratio"], r["peak_rss_mb"], r["bare_peak_rss_mb"], r["output_mb"],
                     f'{r["profile_kb_median"]}/{r["profile_kb_max"]}',
                     f'{r["search_index_mb"]}/{r["bare_search_index_mb"]}', r["size"]["kb_per_volunteer"]))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).rjust(w) for c, w in zip(row, widths)) for row in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark the build against bare mkdocs-material.")
    ap.add_argument("--sizes", default="1000,5000,10000,20000")
    ap.add_argument("--photo-share", type=float, default=0.02,
                    help="share of volunteers with a phone-size photo (default 0.02)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path(__file__).resolve().parents[2] / "build" / "bench")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"N = {n} …", file=sys.stderr, flush=True)
        results.append(measure(n, args.work.resolve(), args.photo_share, args.seed))
        print(report(results[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    (args.work / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report(results))
    for r in results:
        print(f"\nsite size by kind, N = {r['n']}:\n{size_report(r['size'])}")
    print(f"\nfull figures: {args.work / 'results.json'}")


if __name__ == "__main__":
    main()
