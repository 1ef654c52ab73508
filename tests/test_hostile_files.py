"""Hostile files: spreadsheets that are bombs or broken, CSV that misleads the csv module, formulas
in what we write, folders we cannot write, a jieba cache planted in the shared temporary folder.

Each case runs the real command and asserts what the officer reads (the file named, the line
where it matters), the exit code, bounded time (and memory for the bomb), no traceback, and for a
build that fails, site/ unchanged. Spreadsheet fixtures are made here: openpyxl writes a good one,
zipfile crafts the bad ones from it (the 1 GB shared strings are written streaming).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from datetime import date

import openpyxl
import pytest

from conftest import TODAY

HEADER = ["日期", "姓名", "时长", "服务类别", "项目", "服务人次", "备注"]
SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
LEDGER = "data/records/2025.csv"
LEDGER_HEAD = "date,volunteer,hours,category,project,beneficiaries,points,note\n"


def good_xlsx(path, rows=(("2025-06-01", "谭小明", 1, None, None, None, "入户走访"),)):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(HEADER)
    for row in rows:
        ws.append(list(row))
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, as Excel keeps '=… typed with an apostrophe
    wb.save(path)
    return path


def crafted(src, dst, replace: dict | None = None, add=None, level=6):
    """A copy of the .xlsx `src` with parts replaced (name → bytes); `add(zipfile)` adds more."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for info in zin.infolist():
            data = (replace or {}).get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        if add:
            add(zout)
    return dst


def clean(run) -> None:
    assert "Traceback" not in run.text and "程序内部出错" not in run.text, run.text


def records(project) -> dict:
    folder = project.path("data/records")
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def timed(project, *args, **kw):
    started = time.monotonic()
    run = project.run(*args, **kw)
    return run, time.monotonic() - started


# -- spreadsheets -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A 1 MB-ish .xlsx whose shared strings inflate to 1 GB, written 1 MB at a time."""
    folder = tmp_path_factory.mktemp("bomb")
    good = good_xlsx(folder / "good.xlsx")
    unit = b"<si><t>x</t></si>" * 61681  # about 1 MB

    def add(zout):
        with zout.open("xl/sharedStrings.xml", "w") as fh:
            fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(2**30 // len(unit)):
                fh.write(unit)
            fh.write(b"</sst>")

    with zipfile.ZipFile(good) as z:
        types = z.read("[Content_Types].xml").replace(
            b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST}"/></Types>'.encode())
    path = crafted(good, folder / "炸弹.xlsx", {"[Content_Types].xml": types}, add, level=1)
    assert path.stat().st_size < 8 * 2**20
    return path


PEAK = """import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(proc.stdout); sys.stderr.write(proc.stderr)
print("PEAK_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(proc.returncode)
"""


def test_a_shared_strings_bomb_is_refused_at_once(project, bomb):
    shutil.copy(bomb, project.path("炸弹.xlsx"))
    before = records(project)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "showcase", "import", "ledger",
                           "炸弹.xlsx"], cwd=project.root, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "SHOWCASE_TODAY": TODAY.isoformat()})
    seconds = time.monotonic() - started
    err = proc.stderr.splitlines()
    peak_mb = int(err[-1].split()[1]) / 1024
    assert proc.returncode == 2, proc.stderr
    assert err[0].startswith("不能导入“炸弹.xlsx”：其中的“xl/sharedStrings.xml”解压后有 1,023.0 MB，超过上限 32 MB。")
    assert "Traceback" not in proc.stderr
    assert seconds < 10 and peak_mb < 300, (seconds, peak_mb)  # unchecked: > 60 s and growing past 4 GB
    assert records(project) == before
    print(f"1 GB shared strings refused in {seconds:.1f} s, peak {peak_mb:.0f} MB")


def test_a_part_compressed_like_a_bomb_is_refused(project):
    good = good_xlsx(project.path("good.xlsx"))
    crafted(good, project.path("l.xlsx"), add=lambda z: z.writestr("xl/media/pad.bin", b"\0" * (20 * 2**20)))
    run, seconds = timed(project, "import", "ledger", "l.xlsx")
    assert run.code == 2 and seconds < 10
    assert run.err.startswith("不能导入“l.xlsx”：其中的“xl/media/pad.bin”压缩比高达 ")
    assert "（正常的表格不超过 100:1）" in run.err
    clean(run)


LOL = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
       + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
       + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
       b'<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def test_an_entity_bomb_is_refused(project):
    good = good_xlsx(project.path("good.xlsx"))
    crafted(good, project.path("l.xlsx"), {"xl/worksheets/sheet1.xml": LOL})
    run, seconds = timed(project, "import", "ledger", "l.xlsx")
    assert (run.code, seconds < 10) == (2, True)
    assert run.err.startswith("不能导入“l.xlsx”：其中的“xl/worksheets/sheet1.xml”含有 XML 实体声明（DOCTYPE/ENTITY）。")
    clean(run)


XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
       b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
       b'<c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')


@pytest.mark.parametrize("sheet", [LOL, XXE], ids=["entity-bomb", "external-entity"])
def test_calamine_itself_expands_no_entity(tmp_path, monkeypatch, sheet):
    """Behind our own scan: calamine's XML reader (quick-xml) expands no entity, neither a
    billion laughs nor a file of this machine; it refuses the sheet, and that is our message."""
    import re

    from showcase.officer import sheet as sh

    good = good_xlsx(tmp_path / "good.xlsx")
    path = crafted(good, tmp_path / "l.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    monkeypatch.setattr(sh, "_DTD", re.compile(rb"(?!)"))  # our scan finds nothing
    with pytest.raises(sh.SheetError) as err:
        opened = sh.open_sheet(path, "l.xlsx")
        try:
            list(opened.rows)
        finally:
            opened.close()
    assert (err.value.code, err.value.params["path"]) == ("import.xlsx_broken", "l.xlsx")
    assert "entity" in err.value.params["detail"] and "root:" not in err.value.params["detail"]


TRUNCATED = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:G2"/>'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')  # a sheet cut off in its first row


@pytest.mark.parametrize("part,data,expect", [
    ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='1'><c", "“l.xlsx”的内容已损坏，无法读取（"),
    ("xl/worksheets/sheet1.xml", TRUNCATED, "“l.xlsx”的内容已损坏，无法读取（台账: XmlError"),
    ("xl/styles.xml", b"<styleSheet><broken", "“l.xlsx”的内容已损坏，无法读取（"),
    ("xl/workbook.xml", b"\xff\xfe not xml", "“l.xlsx”的内容已损坏，无法读取（"),
    ("[Content_Types].xml", b"<Types", "“l.xlsx”的内容已损坏，无法读取其中的“[Content_Types].xml”（"),
])
def test_broken_xml_and_odd_styles_name_the_file(project, part, data, expect):
    good = good_xlsx(project.path("good.xlsx"))
    crafted(good, project.path("l.xlsx"), {part: data})
    before = records(project)
    run, seconds = timed(project, "import", "ledger", "l.xlsx")
    assert (run.code, seconds < 10) == (2, True), run.text
    assert run.err.startswith(expect), run.err
    assert run.err.rstrip().endswith("没有导入任何内容")
    clean(run)
    assert records(project) == before


def test_an_odd_number_format_is_passed_over(project):
    """A style openpyxl refused (a number format with a non-numeric id) does not hide the cells:
    calamine reads them as they are, the date cell a date."""
    good = good_xlsx(project.path("good.xlsx"), rows=((date(2025, 6, 1), "谭小明", 1.5, None, None, None, "走访"),))
    crafted(good, project.path("l.xlsx"), {"xl/styles.xml": (
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1">'
        b'<numFmt numFmtId="abc" formatCode="0"/></numFmts></styleSheet>')})
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    clean(run)
    assert "2025-06-01,alice,1.5,,,,,走访\n" in project.read(LEDGER)


# -- CSV: the spreadsheet imported, and the ledger -------------------------------------------

OPEN = '"走访'  # a note whose quote is never closed

def test_an_imported_csv_with_an_open_quote_is_refused_with_its_line(project):
    rows = [",".join(HEADER)] + [f"2025-06-{i:02d},谭小明,1,,,,{OPEN if i == 3 else '走访'}" for i in range(1, 23)]
    project.write("l.csv", "\n".join(rows) + "\n")
    before = records(project)
    run = project.run("import", "ledger", "l.csv")
    assert run.code == 2
    assert run.err.startswith("“l.csv”第 4 行有一个引号（\"）没有配对：从这里到第 23 行的内容都被读成了同一格")
    clean(run)
    assert records(project) == before


def test_an_imported_csv_cell_over_the_field_limit(project):
    project.write("l.csv", ",".join(HEADER) + "\n2025-06-01,谭小明,1,,,,短\n2025-06-02,谭小明,1,,,," + "长" * 200_000 + "\n")
    run = project.run("import", "ledger", "l.csv")
    assert run.code == 2
    assert run.err.startswith("“l.csv”从第 3 行开始的一格超过 131072 个字符，无法读取。")
    clean(run)


def test_a_ledger_with_an_open_quote_is_not_taken_as_fewer_rows(project):
    before = project.tree()
    rows = [f"2025-06-{i:02d},alice,1,policy-outreach,,,,{OPEN if i == 3 else '走访'}" for i in range(1, 23)]
    project.write(LEDGER, LEDGER_HEAD + "\n".join(rows) + "\n")
    run = project.run("build")
    assert run.code == 1
    assert (f"{LEDGER}:4 这一行有一个引号（\"）没有配对：从这里到第 23 行的内容都被读成了同一格，后面的行会被漏掉。"
            in run.err)
    clean(run)
    assert project.tree() == before
    assert project.run("validate").code == 1


def test_a_quote_closed_by_a_later_quote_is_found_too(project):
    project.write(LEDGER, LEDGER_HEAD + '2025-06-01,alice,1,,,,,"走访\n2025-06-02,alice,1,,,,,走访\n'
                  '2025-06-03,alice,1,,,,,"院坝会"\n')
    assert any(m.startswith(f"{LEDGER}:2 这一行有一个引号（\"）没有配对：从这里到第 4 行") for m in project.messages())


def test_a_real_line_break_in_a_quoted_note_is_read(project):
    project.write(LEDGER, LEDGER_HEAD + '2025-06-01,alice,1,,,,,"第一行\n第二行"\n2025-06-02,alice,2,,,,,走访\n')
    assert not [m for m in project.messages() if LEDGER in m]
    assert project.model().volunteers["alice"].services == 2


def test_a_ledger_cell_over_the_field_limit(project):
    project.write(LEDGER, LEDGER_HEAD + "2025-06-01,alice,1,,,,,短\n2025-06-02,alice,1,,,,," + "长" * 200_000 + "\n")
    assert f"{LEDGER}:3 从这一行开始的一格超过 131072 个字符，无法读取。通常是某个引号（\"）没有配对，把后面许多行读成了一格；请检查这一行的引号" in project.messages()


def test_an_empty_ledger_is_an_error_and_a_header_alone_a_warning(project):
    before = project.tree()
    project.write(LEDGER, "")
    run = project.run("build")
    assert run.code == 1
    assert f"{LEDGER} 台账文件是空的，连表头都没有，一行记录也读不到。" in run.err
    clean(run)
    assert project.tree() == before
    project.write(LEDGER, LEDGER_HEAD)
    assert any(m.startswith(f"{LEDGER} [提醒] 台账文件只有表头，没有任何记录。") for m in project.messages())
    project.write("data/records/2026.yml", "# 还没有记录\n")
    assert "data/records/2026.yml 台账文件是空的，连表头都没有，一行记录也读不到。如果文件在复制或保存时出了问题，请找回原来的文件；如果不再需要，请删掉它" in project.messages()


# -- formula injection ---------------------------------------------------------------------

@pytest.mark.parametrize("value,written", [
    ("=1+2", "'=1+2"), ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"), ("'普通", "'普通"),
    ("-5", "-5"), ("+2.5", "+2.5"), ("-1e3", "-1e3"), ("走访", "走访"), ("", ""), (-5, -5), (2.5, 2.5), (None, None),
])
def test_neutralise_follows_owasp_and_restore_undoes_it(value, written):
    from showcase.records.tables import neutralise, restore

    assert neutralise(value) == written
    if isinstance(value, str):
        assert restore(written) == value


NOTES = ["=HYPERLINK(\"http://x.example\",\"点我\")", "@SUM(1+1)", "-2+3", "+86 办事", "'=原样"]


def test_import_neutralises_notes_and_they_read_back_as_written(project):
    from showcase.officer.directory import read
    from showcase.officer.importer import LedgerImport
    from showcase.records.load import Paths

    rows = [(f"2025-06-{i + 1:02d}", "谭小明", 1, None, None, None, note) for i, note in enumerate(NOTES)]
    good_xlsx(project.path("l.xlsx"), rows)
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    written = {r[0]: r[-1] for r in csv.reader(io.StringIO(project.read(LEDGER)))}
    assert [written[f"2025-06-{i + 1:02d}"] for i in range(len(NOTES))] == [
        "'=HYPERLINK(\"http://x.example\",\"点我\")", "'@SUM(1+1)", "'-2+3", "'+86 办事", "''=原样"]
    # read back as the officer's text: a second import rewrites the file without doubling the quote
    good_xlsx(project.path("m.xlsx"), [("2025-07-01", "谭小明", 2, None, None, None, "走访")])
    assert project.run("import", "ledger", "m.xlsx").code == 0
    again = {r[0]: r[-1] for r in csv.reader(io.StringIO(project.read(LEDGER)))}
    assert {k: again[k] for k in written} == written
    paths = Paths.at(project.root)
    d, _ = read(paths)
    known, years = LedgerImport(paths, d, TODAY).existing()
    assert sorted(r[-1] for r in years["2025"] if r[0] >= "2025-06") == sorted(NOTES + ["走访"])
    assert [m for m in project.messages() if m.startswith(LEDGER)] == []


def test_the_statistics_csv_cannot_run_a_formula(project):
    project.edit("data/organizations.yml", "name: 青溪县", "name: \"=HYPERLINK(\\\"http://x.example\\\")青溪县\"")
    run = project.run("build")
    assert run.code == 0, run.text
    text = project.read("site/stats/figures.csv").lstrip("\ufeff")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'=HYPERLINK(\"http://x.example\")青溪县" in cells
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert all(c.lstrip("+-").replace(".", "", 1).isdigit() for c in risky), risky  # numbers only


# -- folders we cannot write -----------------------------------------------------------------

def _without_write(project, *folders):
    """The real command as someone who may not write `folders`: chmod a-w; as root (who ignores
    permissions) also without the capabilities that let root ignore them (setpriv)."""
    for folder in folders:
        for path in [project.path(folder), *project.path(folder).rglob("*")]:
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def _run_as(project, prefix, *args):
    env = {**os.environ, "SHOWCASE_TODAY": TODAY.isoformat(), "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(prefix + [sys.executable, "-m", "showcase", *args], cwd=project.root, env=env,
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture
def built(project):
    assert project.run("build").code == 0
    yield project
    for path in [project.root, *project.root.rglob("*")]:  # let pytest remove it
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_a_read_only_cache_folder_builds_without_the_cache(built):
    built.append(LEDGER, "2025-05-06,carol,1,healthcare,,,,义诊\n")
    from conftest import make_photo
    make_photo(built.path("data/photos/bob.jpg"), colour=(20, 130, 200))  # a photo the cache does not hold
    cache, site = built.tree(".cache"), built.tree()
    prefix = _without_write(built, ".cache")
    code, text = _run_as(built, prefix, "build")
    assert code == 0, text
    assert "Traceback" not in text and "Permission denied" not in text
    assert built.tree(".cache") == cache and built.tree() != site


def test_a_read_only_project_says_which_folder(built):
    before = built.tree()
    built.append("content/index.md", "\n新的一段\n")
    prefix = _without_write(built, ".")
    code, text = _run_as(built, prefix, "build")
    assert code == 3
    assert f"不能在文件夹“{built.root.resolve()}”里生成网站（Permission denied）：这个文件夹是只读的" in text
    assert "Traceback" not in text and "程序内部出错" not in text
    assert built.tree() == before


def test_an_import_into_a_read_only_ledger_folder(built):
    before = records(built)
    good_xlsx(built.path("l.xlsx"))
    prefix = _without_write(built, "data/records")
    code, text = _run_as(built, prefix, "import", "ledger", "l.xlsx")
    assert code == 1
    assert "data/records 不能写入文件夹“data/records”（Permission denied），没有导入任何内容" in text
    assert "Traceback" not in text
    assert records(built) == before


# -- jieba's cache ---------------------------------------------------------------------------

def _tmpdir_with_cache(tmp_path, data: bytes):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    tmp.chmod(0o1777)  # like /tmp: anyone may create files, only the owner may replace them
    planted = tmp / "jieba.cache"
    planted.write_bytes(data)
    return tmp, planted


def test_a_garbage_jieba_cache_in_the_temp_folder_is_not_used(project, tmp_path):
    tmp, planted = _tmpdir_with_cache(tmp_path, b"not marshal data at all")
    run = subprocess.run([sys.executable, "-m", "showcase", "build"], cwd=project.root, capture_output=True,
                         text=True, timeout=300, env={**os.environ, "TMPDIR": str(tmp),
                                                      "SHOWCASE_TODAY": TODAY.isoformat()})
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "cache" not in run.stderr.lower()
    assert planted.read_bytes() == b"not marshal data at all"  # neither read nor replaced
    assert project.path(".cache/showcase/jieba.cache").stat().st_size > 1_000_000
    assert sorted(p.name for p in tmp.iterdir()) == ["jieba.cache"]  # nothing left in the temp folder


def test_another_users_jieba_cache_in_the_temp_folder(project, tmp_path):
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to plant a file of another user")
    tmp, planted = _tmpdir_with_cache(tmp_path, b"\0" * 100)
    os.chown(tmp, 65534, 65534)  # the temporary folder, like /tmp, is not ours (nobody's)
    os.chown(planted, 65534, 65534)
    planted.chmod(0o600)  # unreadable, and in a sticky folder not replaceable
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    proc = subprocess.run(prefix + [sys.executable, "-m", "showcase", "build"], cwd=project.root,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TMPDIR": str(tmp), "SHOWCASE_TODAY": TODAY.isoformat()})
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Dump cache file failed" not in proc.stderr
    assert sorted(p.name for p in tmp.iterdir()) == ["jieba.cache"]
