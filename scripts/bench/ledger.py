"""Benchmark: `showcase validate` of a city-size service ledger (台账).

A synthetic organisation (bench/synth.py: volunteers' YAML files, teams, projects) with
ROWS ledger rows over ten years, kept either as one file per year (data/records/2016.csv …,
how a city keeps them) or as one big file (--single). Every run is its own process, so
wall time and peak RSS are that run's alone: cold (no cache) and warm (the fold cached).

    cd scripts && python -m bench.ledger --rows 1000000,5000000
    cd scripts && python -m bench.ledger --rows 5000000 --single
    cd scripts && python -m bench.ledger --rows 50000000 --no-warm      (once, by hand: RSS)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from bench import synth

VERSION = 1  # bump when the generated ledger changes
HOURS = ("1", "1.5", "2", "2.5", "3", "4", "6", "0.5", "1.25", "2.333")


def make_project(root: Path, rows: int, volunteers: int, single: bool, seed: int = 1) -> dict:
    """The synthetic organisation with `rows` ledger rows (regenerated only when asked for other ones)."""
    marker = root / ".done"
    key = json.dumps([synth.VERSION, VERSION, rows, volunteers, single, seed])
    if marker.exists() and marker.read_text() == key:
        return json.loads((root / ".counts").read_text())
    counts = synth.generate(root, volunteers, seed, rows_per_year=0)
    # synth's honor lists may name a volunteer who did not consent (validate refuses them): not a ledger matter
    shutil.rmtree(root / "data" / "honors")
    records = root / "data" / "records"
    shutil.rmtree(records)
    records.mkdir()
    rng = random.Random(seed)
    vids = [f"v{i:06d}" for i in range(volunteers)]
    projects = [f"project-{i:05d}" for i in range(max(1, volunteers // 10))]
    years = list(range(2016, 2026))
    per_year = [rows // len(years) + (1 if i < rows % len(years) else 0) for i in range(len(years))]
    header = "date,volunteer,hours,category,project,beneficiaries,note\n"
    out = (records / "ledger.csv").open("w", encoding="utf-8") if single else None
    if out:
        out.write(header)
    size = 0
    for year, n in zip(years, per_year):
        days = [(date(year, 1, 1) + timedelta(days=d)).isoformat() for d in range(365)]
        fh = out or (records / f"{year}.csv").open("w", encoding="utf-8")
        if not out:
            fh.write(header)
        choice, rand = rng.choice, rng.random
        for start in range(0, n, 100000):
            lines = []
            for _ in range(min(100000, n - start)):
                proj = choice(projects) if rand() < 0.3 else ""
                lines.append(f"{choice(days)},{choice(vids)},{choice(HOURS)},{choice(synth.CATEGORIES)},"
                             f"{proj},{int(rand() * 30)},入户走访\n")
            fh.write("".join(lines))
        if not out:
            fh.close()
    if out:
        out.close()
    size = sum(p.stat().st_size for p in records.iterdir())
    counts.update(ledger_rows=rows, ledger_files=1 if single else len(years), ledger_mb=round(size / 2**20, 1))
    (root / ".counts").write_text(json.dumps(counts))
    marker.write_text(key)
    return counts


def _tree_rss(pid: int) -> int:
    """Memory (bytes) of a process and all its descendants (the fold's worker processes): the sum
    of their proportional set sizes, so pages a forked worker shares with its parent count once."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, StopIteration, ValueError):
            pass
    return total


def run(cmd: list[str], cwd: Path) -> dict:
    """Wall seconds, CPU seconds and peak memory of one `showcase` process (and its workers)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, "SHOWCASE_LANG": "zh"},
                                stdout=subprocess.DEVNULL, stderr=err)
        peak, done = [0], threading.Event()

        def sample():
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{err.read().decode('utf-8', 'replace')[-3000:]}")
    return {"s": seconds, "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss * 1024,
            "tree": max(peak[0], usage.ru_maxrss * 1024)}


def measure(rows: int, work: Path, volunteers: int, single: bool, warm: bool) -> dict:
    project = work / f"ledger-{rows}-{volunteers}-{'one' if single else 'years'}"
    counts = make_project(project, rows, volunteers, single)
    cache = project / ".cache" / "showcase"
    shutil.rmtree(project / ".cache", ignore_errors=True)
    cmd = [sys.executable, "-m", "showcase", "validate"]
    result = {"rows": rows, "files": counts["ledger_files"], "mb": counts["ledger_mb"], "volunteers": volunteers}
    runs = {"cold": None, "ledger": None, "warm": None} if warm else {"cold": None}
    for name in runs:
        if name == "ledger":  # the other records' caches kept: what the ledger alone costs
            for old in cache.glob("ledger-*"):
                old.unlink()
        r = run(cmd, project)
        result.update({f"{name}_s": round(r["s"], 2), f"{name}_cpu_s": round(r["cpu"], 2),
                       f"{name}_mb": round(r["tree"] / 2**20)})
    return result


def report(results: list[dict]) -> str:
    """A Markdown table. cold: no cache at all; ledger: only the ledger's caches removed (the
    volunteers' records cached); warm: everything cached. MB: peak memory of the process and its
    workers (sum of proportional set sizes, sampled every 50 ms); CPU: user + system seconds."""
    head = "| rows | files | MB on disk | volunteers |"
    names = [n for n in ("cold", "ledger", "warm") if f"{n}_s" in results[0]]
    for n in names:
        head += f" {n} s | {n} CPU s | {n} peak MB |"
    lines = [head, "|" + "---:|" * (4 + 3 * len(names))]
    for r in results:
        line = f"| {r['rows']:,} | {r['files']} | {r['mb']} | {r['volunteers']:,} |"
        for n in names:
            line += f" {r[f'{n}_s']} | {r[f'{n}_cpu_s']} | {r[f'{n}_mb']} |"
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="1000000,5000000", help="comma-separated row counts")
    # not 10,000: synth then makes team 25 of volunteers who all did not consent (validate refuses it)
    ap.add_argument("--volunteers", type=int, default=10500)
    ap.add_argument("--single", action="store_true", help="one big file instead of one per year")
    ap.add_argument("--no-warm", action="store_true", help="skip the warm (cached) run")
    ap.add_argument("--work", type=Path, default=Path("/tmp/showcase-bench"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for rows in (int(r) for r in args.rows.split(",") if r):
        results.append(measure(rows, args.work, args.volunteers, args.single, not args.no_warm))
        print(json.dumps(results[-1]), flush=True)
    print(report(results))


if __name__ == "__main__":
    main()
