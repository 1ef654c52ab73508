"""Benchmark: the edit loop of `showcase serve` — a volunteer's record saved, until its page shows it.

For each N: the synthetic organisation is built once, `showcase serve` is started on a fixed port
(its posters and QR codes carry the preview's address, so the first start ever on a port draws them
all; later ones find them in the cache, as an officer's machine does), and three times one
volunteer's motto is changed and saved; the time from the save to the moment the preview server answers with the new
motto is that edit's figure (the browser's live reload asks for the page right after the rebuild).

    make bench-edit    (or: cd scripts && python -m bench.edit --sizes 2000,10000)
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.site import ours, run


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, needle: str, limit: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        page = fetch(url)
        if page is not None and needle in page:
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def measure(n: int, work: Path, photo_share: float, seed: int, port: int, edits: int = 3) -> dict:
    project = work / f"ours-{n}"
    ours(project, n, photo_share, seed)
    run([sys.executable, "-m", "showcase", "build"], project)  # the caches, as after a first preview
    record = next(p for p in sorted((project / "data" / "volunteers").glob("*.yml"))
                  if "publish: true" in p.read_text(encoding="utf-8"))
    original = record.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/volunteers/{record.stem}.html"
    log = open(work / f"serve-{n}.log", "w", encoding="utf-8")
    start = time.monotonic()
    server = subprocess.Popen([sys.executable, "-m", "showcase", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    times = []
    try:
        first = wait_for(url, "<html", 1800)
        if first is None:
            raise SystemExit(f"serve did not answer at N = {n}: see {log.name}")
        first = time.monotonic() - start
        for i in range(edits):
            marker = f"基准修改第{i + 1}次{time.time_ns() % 100000}"
            text = re.sub(r"^motto: .*$", f"motto: {marker}", original, count=1, flags=re.M)
            if "motto:" not in original:
                text = original + f"motto: {marker}\n"
            time.sleep(1.5)  # the watcher's own settling time is part of what the officer waits for
            record.write_text(text, encoding="utf-8")
            took = wait_for(url, marker, 600)
            if took is None:
                raise SystemExit(f"the edit did not show at N = {n}: see {log.name}")
            times.append(took)
    finally:
        record.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return {"n": n, "first_s": round(first, 2), "edit_s": [round(t, 2) for t in times],
            "edit_median_s": round(statistics.median(times), 2)}


def report(results: list[dict]) -> str:
    lines = [f"{'N':>6}  {'serve start s':>13}  {'edit → page s (each)':>24}  {'median s':>8}"]
    for r in results:
        each = " ".join(f"{t:.2f}" for t in r["edit_s"])
        lines.append(f"{r['n']:>6}  {r['first_s']:>13.2f}  {each:>24}  {r['edit_median_s']:>8.2f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2000,10000")
    ap.add_argument("--work", type=Path, default=Path(__file__).resolve().parents[2] / "build" / "bench")
    ap.add_argument("--photo-share", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--port", type=int, default=8731)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = [measure(int(n), args.work.resolve(), args.photo_share, args.seed, args.port) for n in args.sizes.split(",")]
    print(report(results))


if __name__ == "__main__":
    main()
