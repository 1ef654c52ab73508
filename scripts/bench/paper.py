"""Benchmark the printed documents: views, then PDFs compiled cold and from the cache.

    PYTHONPATH=scripts python scripts/bench/paper.py --people 2000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import synth  # noqa: E402
from showcase.images import find_font  # noqa: E402
from showcase.model import pipeline  # noqa: E402
from showcase.paper import PaperStage, job  # noqa: E402
from showcase.records import load  # noqa: E402
from showcase.site.pages import Planner  # noqa: E402
from showcase.site.printed import Printed  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-paper-"))
    try:
        synth.generate(work / "project", args.people)
        # the synthetic honors name some of the one-in-fifty unpublished: publish everyone (the
        # worst case for the records, one PDF per volunteer)
        for f in (work / "project" / "data" / "volunteers").glob("*.yml"):
            f.write_text(f.read_text(encoding="utf-8").replace("consent: {publish: false}",
                                                               "consent: {publish: true}"), encoding="utf-8")
        m, _ = pipeline.build_model(load.Paths.at(work / "project"), date(2026, 11, 24))
        t = time.perf_counter()
        planner = Planner(m, "zh", printed=True, print_records=True)
        jobs = [job(p, k, **d) for p, k, d in Printed(planner, "https://example.org/x/").documents()]
        views = time.perf_counter() - t
        stage = PaperStage(work / "cache", find_font(), workers=args.workers)
        t = time.perf_counter()
        stage.run(jobs)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        stage.run(jobs)
        cached = time.perf_counter() - t
        size = sum(p.stat().st_size for p in (work / "cache" / "paper").glob("*.pdf"))
        print(f"{len(jobs)} PDFs ({stage.workers} workers): views {views:.2f} s, compiled cold {cold:.2f} s "
              f"({cold / len(jobs) * 1000:.1f} ms each), cached {cached:.2f} s; {size / len(jobs) / 1024:.0f} KB each")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
