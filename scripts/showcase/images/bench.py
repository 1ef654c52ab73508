"""Benchmark of the photo stage: N phone-size JPEGs (4032×3024), cold and warm.

    python -m showcase.images.bench --photos 1000

Prints photos per second on a cold cache, the warm rebuild time (every photo
cached), peak memory, and the time to draw one poster and one preview card.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from .. import synth
from . import CardStage, PhotoJob, PhotoStage, find_font, job


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--photos", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="showcase-images-"))
    try:
        folder = work / "photos"
        folder.mkdir()
        started = time.perf_counter()
        ids = [f"p{i:05d}" for i in range(args.photos)]
        synth._photos(folder, ids, seed=1)
        made = time.perf_counter() - started
        jobs = [PhotoJob(f"{i}.jpg", folder / f"{i}.jpg", f"{i}.jpg", "square") for i in ids]
        stage = PhotoStage(work / "cache", workers=args.workers)
        t0 = time.perf_counter()
        results = stage.run(jobs)
        cold = time.perf_counter() - t0
        bad = [r for r in results if r.problem and r.problem[2] == "error"]
        t1 = time.perf_counter()
        warm_stage = PhotoStage(work / "cache", workers=args.workers)
        warm_stage.run(jobs)
        warm = time.perf_counter() - t1
        font = find_font()
        cards = CardStage(work / "cache", font, font, workers=1)
        face = {"id": "p00000", "name": "王伟", "photo": results[0].outputs[-1][0]}
        posters = [job(f"p{i}.png", "volunteer", site="合成县党员志愿服务总队", title="志愿者风采", name=f"王伟{i}",
                       stars=3, star_label="三星志愿者", org="第1镇1村", post="便民服务员",
                       motto="把群众的事当成自己的事", figures=[["服务时长", "1,234", "小时"]], face=face,
                       url=f"https://example.github.io/showcase/volunteers/v{i}.html", qr_caption="扫码查看",
                       footer="合成县") for i in range(20)]
        t2 = time.perf_counter()
        cards.run(posters)
        poster_ms = 1000 * (time.perf_counter() - t2) / len(posters)
        socials = [job(f"s{i}.png", "social", site="合成县", title=f"王伟{i}", subtitle="便民服务员", face=face)
                   for i in range(20)]
        t3 = time.perf_counter()
        cards.run(socials)
        social_ms = 1000 * (time.perf_counter() - t3) / len(socials)
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        print(f"{args.photos} photos of 4032×3024 made in {made:.1f} s")
        print(f"cold: {cold:.1f} s = {args.photos / cold:.1f} photos/s on {stage.workers} workers "
              f"({stage.rendered} decoded, {len(bad)} failed)")
        print(f"warm: {warm:.2f} s for {args.photos} cached photos ({warm_stage.rendered} decoded)")
        print(f"peak RSS of one process: {peak:.0f} MB")
        print(f"poster: {poster_ms:.0f} ms each; preview card: {social_ms:.0f} ms each (one core)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
