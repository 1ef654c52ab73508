"""How long `showcase import ledger` takes on a big ledger: python -m showcase.importer_bench [ROWS].

Makes a throw-away project with 600 volunteers and a .xlsx ledger of ROWS
rows (default 100,000) written by openpyxl in write-only mode, the way an
officer's sheet looks: a merged title row, Chinese headers, real date cells
and Excel serials, hours such as 2小时 / 90分钟 / 1.5, categories by name.
It then times the import, and a second import of the same file (every row a
duplicate, nothing written). Target: 100,000 rows in at most 10 seconds.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅德海春燕文斌"
CATEGORIES = ["政策法规宣传", "医疗保健", "扶贫帮困", "环境卫生", "便民服务", "法律援助", "文体活动"]
HOURS = ["2小时", "90分钟", 1.5, 3, "1小时30分", "4", 2.5, "半小时"]


def make_project(root: Path, people: int = 600) -> list[str]:
    data = root / "data"
    (data / "volunteers").mkdir(parents=True)
    (data / "records").mkdir()
    (data / "site.yml").write_text("name: 测试\n", encoding="utf-8")
    (data / "organizations.yml").write_text("- id: town\n  name: 孟溪镇\n", encoding="utf-8")
    rng = random.Random(1)
    names: list[str] = []
    seen = set()
    while len(names) < people:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in seen:
            seen.add(name)
            names.append(name)
    for i, name in enumerate(names):
        (data / "volunteers" / f"v{i}.yml").write_text(
            f"name: {name}\norganization: town\nconsent: {{publish: true}}\n", encoding="utf-8")
    return names


def make_ledger(path: Path, names: list[str], rows: int) -> None:
    import openpyxl
    from openpyxl.worksheet.cell_range import CellRange

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.merged_cells.ranges.add(CellRange("A1:G1"))
    ws.append(["青溪县志愿服务台账"])
    ws.append(["日期", "姓名", "服务时长（小时）", "服务类别", "项目", "服务人次", "备注"])
    rng = random.Random(2)
    start = date(2023, 1, 1)
    for i in range(rows):
        day = start + timedelta(days=rng.randrange(700))
        when = day if i % 3 else (day - date(1899, 12, 30)).days  # every third a bare serial
        ws.append([when, rng.choice(names), rng.choice(HOURS), rng.choice(CATEGORIES), None,
                   rng.randrange(0, 30) or None, f"第 {i} 次服务"])
    wb.save(path)


def main(argv: list[str]) -> int:
    from showcase.officer.directory import read
    from showcase.officer.importer import LedgerImport
    from showcase.records.load import Paths

    rows = int(argv[0]) if argv else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        names = make_project(root)
        sheet = root / "ledger.xlsx"
        t = time.monotonic()
        make_ledger(sheet, names, rows)
        print(f"wrote {rows:,} rows to a .xlsx in {time.monotonic() - t:.1f} s "
              f"({sheet.stat().st_size / 2**20:.1f} MB)")
        timings = []
        for attempt in ("first import", "same file again"):
            t = time.monotonic()
            paths = Paths.at(root)
            d, problems = read(paths)
            result = LedgerImport(paths, d, date(2030, 1, 1)).run(sheet, "ledger.xlsx")
            seconds = time.monotonic() - t
            timings.append(seconds)
            errors = [p.format("en") for p in result.problems if p.is_error]
            assert not problems and not errors, (problems, errors[:5])
            print(f"{attempt}: {seconds:.2f} s — {result.rows:,} rows read, {result.written:,} written, "
                  f"{result.duplicates:,} duplicates, files: {', '.join(result.files) or 'none'}")
        verdict = "ok" if timings[0] <= 10 * rows / 100_000 else "TOO SLOW"
        print(f"{rows / timings[0]:,.0f} rows/s on the first import: {verdict} (target: 100,000 rows in 10 s)")
        return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
