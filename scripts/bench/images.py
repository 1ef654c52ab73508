"""Benchmark of the photo stage: N phone-size JPEGs (4032×3024), cold and warm.

    python -m showcase.images.bench --photos 1000

Prints photos per second on a cold cache for each shape the site renders (faces:
square, 160–640 px; project photos: 4:3, 320–1280 px), the warm rebuild time
(every photo cached), peak memory, and the time to draw one poster and one card.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from bench import synth
from showcase.images import CardStage, PhotoJob, PhotoStage, find_font, job
from showcase.images.photos import SHAPES


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
        cold, jobs, results = {}, [], {}
        for shape in SHAPES:
            some = [PhotoJob(f"{i}.jpg", folder / f"{i}.jpg", f"{i}.jpg", shape) for i in ids]
            stage = PhotoStage(work / "cache", workers=args.workers)
            t0 = time.perf_counter()
            results[shape] = stage.run(some)
            cold[shape] = (time.perf_counter() - t0, stage)
            jobs += some
        t1 = time.perf_counter()
        warm_stage = PhotoStage(work / "cache", workers=args.workers)
        warm_stage.run(jobs)
        warm = time.perf_counter() - t1
        font = find_font()
        cards = CardStage(work / "cache", font, font, workers=1)
        first = results["square"][0]
        files = {site: cache_file for cache_file, site in first.outputs}
        face = {"id": "p00000", "name": "王伟", "photo": files[first.picture["jpeg"][-1]["path"]]}
        posters = [job(f"p{i}.png", "volunteer", site="合成县党员志愿服务总队", title="志愿者风采", name=f"王伟{i}",
                       stars=3, star_label="三星志愿者", org="第1镇1村", post="便民服务员",
                       motto="把群众的事当成自己的事", figures=[["服务时长", "1,234", "小时"]], face=face,
                       url=f"https://bench-zhiyuan.github.io/showcase/volunteers/v{i}.html", qr_caption="扫码查看",
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
        for shape, (seconds, stage) in cold.items():
            bad = sum(1 for r in results[shape] if r.problem and r.problem[2] == "error")
            widths = "/".join(map(str, SHAPES[shape]["widths"]))
            print(f"cold, {shape} ({widths} px, WebP + JPEG): {seconds:.1f} s = {args.photos / seconds:.1f} "
                  f"photos/s on {stage.workers} workers ({stage.rendered} decoded, {bad} failed)")
        print(f"warm: {warm:.2f} s for {len(jobs)} cached photo jobs ({warm_stage.rendered} decoded)")
        print(f"peak RSS of one process: {peak:.0f} MB")
        print(f"poster: {poster_ms:.0f} ms each; preview card: {social_ms:.0f} ms each (one core)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
