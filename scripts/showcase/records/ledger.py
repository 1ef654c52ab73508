"""The service ledger (台账): read once, row by row, into running totals.

A ledger holds tens of thousands of rows a year, so it is never kept as row
objects: each file is folded into totals per volunteer, project, category and
month in one pass, and the result is cached by the file's content hash, so an
unchanged ledger costs nothing on the next build. Checks that need other
records (does this volunteer exist? is this date in the future?) run on the
folded result, which keeps the first line of every id and date for messages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import math
import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..text import messages as msg
from . import cache, privacy, tables, yamlio
from ..text.messages import Problem
from .schema import LEDGER_FIELDS, LEDGER_REQUIRED, Bad, F, _number_text, closest, parse_date

CACHE_VERSION = 4  # 3: empty files, broken quotes and ' cells (tables.py); 4: beneficiary_rows
# (the streaming fold of 5 gives the same LedgerFile as 4: the version stays)
_MAYBE_PRIVATE = re.compile(r"\d{7}|[@＠]")  # a cheap test before the full search, row by row
MAX_HOURS_PER_ROW = 24
MAX_LISTED = 20  # errors of one kind listed per file before a summary line
MAX_LEDGER_BYTES = 512 * 1024 * 1024  # what `import ledger` reads of an existing file; validate streams any size
CACHE_TEXTS = 50_000  # distinct good cell texts remembered per column for the fast path

# Column names accepted in data/records/*.csv besides the English ones.
HEADER_ALIASES = {
    "日期": "date", "服务日期": "date", "编号": "volunteer", "志愿者编号": "volunteer",
    "时长": "hours", "服务时长": "hours", "小时": "hours", "类别": "category",
    "服务类别": "category", "项目": "project", "项目编号": "project",
    "服务人次": "beneficiaries", "人次": "beneficiaries", "积分": "points", "备注": "note",
}


@dataclass
class LedgerFile:
    """One ledger file folded into totals, with what its rows referred to."""

    rel: str
    rows: int = 0
    beneficiary_rows: int = 0  # rows whose 服务人次 cell is filled (0 included): people served is known
    problems: list = field(default_factory=list)  # checks that need only the row itself
    # volunteer id -> [hours, services, beneficiaries, explicit points, rows without points, first, last]
    volunteers: dict = field(default_factory=dict)
    volunteer_years: dict = field(default_factory=dict)     # (volunteer, year) -> hours
    volunteer_projects: dict = field(default_factory=dict)  # (volunteer, project) -> services
    volunteer_categories: dict = field(default_factory=dict)  # (volunteer, category) -> hours
    projects: dict = field(default_factory=dict)     # project -> [hours, services, beneficiaries]
    categories: dict = field(default_factory=dict)   # category as written -> [hours, services, beneficiaries]
    months: dict = field(default_factory=dict)       # (year, month) -> [hours, services, beneficiaries]
    first_lines: dict = field(default_factory=dict)  # (column, value) -> first line it appears on
    dates: dict = field(default_factory=dict)        # date -> first line


def _finite(text: str) -> float | None:
    """The number in a cell, or None for text, nan, inf or 1_5 (Python's float reads it as 15)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and not (isinstance(text, str) and "_" in text) else None


def _number_problem(text: str):
    """(code, params) saying what to write for a cell that is not a plain number (1,5 · 1:30)."""
    try:
        _number_text(text, F("number"))
    except Bad as bad:
        return bad.code, bad.params
    return "field.type", {"expected": msg.type_("number"), "actual": msg.Localised(f"“{text}”", f"'{text}'")}


class _Fold:
    """Folds rows into a LedgerFile; the hot loop of a build on a big ledger."""

    def __init__(self, out: LedgerFile):
        self.out = out
        self.date_cache: dict = {}
        self.counts: dict = {}
        # Texts seen in good cells, for the fast path of _fold_rows (bounded: a free-text note
        # column of all different notes must not make memory grow with rows).
        self.fast_days: dict = {}   # date text -> (date, year, (year, month))
        self.good_hours: dict = {}  # hours text -> hours (0 < hours <= 24)
        self.good_ben: dict = {"": 0}     # 服务人次 text -> number
        self.good_pts: dict = {"": None}  # points text -> points
        self.good_notes: set = {""}       # notes without anything that looks private

    def problem(self, line: int, fieldname: str | None, code: str, severity: str = "error", **params) -> None:
        n = self.counts.get((code, severity), 0) + 1
        self.counts[(code, severity)] = n
        if n <= MAX_LISTED:
            self.out.problems.append(Problem(self.out.rel, line, fieldname, code, params, severity))

    def finish(self) -> LedgerFile:
        for (code, severity), n in self.counts.items():
            if n > MAX_LISTED:
                self.out.problems.append(Problem(self.out.rel, None, None, "ledger.too_many_errors",
                                                 {"count": n - MAX_LISTED}, severity))
        return self.out

    def row(self, line: int, d: str, vol: str, hours: str, cat: str, proj: str, ben: str,
            pts: str, note: str = "") -> None:
        out = self.out
        if note and _MAYBE_PRIVATE.search(note):
            for kind, preview in privacy.find(note):
                self.problem(line, "note", "privacy.found", kind=msg.kind(kind), preview=preview)
        elif len(self.good_notes) < CACHE_TEXTS:
            self.good_notes.add(note)
        day = self.date_cache.get(d)
        if day is None:
            try:
                day = parse_date(d)
            except Bad as bad:
                self.problem(line, "date", bad.code, **bad.params)
                return
            self.date_cache[d] = day
            self.fast_days[d] = (day, day.year, (day.year, day.month))
            out.dates.setdefault(day, line)
        h = _finite(hours)
        if h is None:
            bad_hours = str(hours).strip()
            if not bad_hours:
                self.problem(line, "hours", "ledger.cell_empty", field="hours")
            else:
                code, params = _number_problem(bad_hours)
                self.problem(line, "hours", code, **params)
            return
        if h < 0 or h != h:
            self.problem(line, "hours", "field.negative", value=hours)
            return
        if h > MAX_HOURS_PER_ROW:
            self.problem(line, "hours", "ledger.hours_absurd", value=hours)
            return
        if h == 0:
            self.problem(line, "hours", "ledger.hours_zero", severity="warning")
        elif len(self.good_hours) < CACHE_TEXTS:
            self.good_hours[hours] = h
        b = 0
        if ben:
            bf = _finite(ben)
            if bf is not None and bf < 0:
                self.problem(line, "beneficiaries", "field.negative", value=ben)
                return
            if bf is None or bf != int(bf):
                self.problem(line, "beneficiaries", "field.type", expected=msg.type_("integer"),
                             actual=msg.Localised(f"“{ben}”", f"'{ben}'"))
                return
            b = int(bf)
            if len(self.good_ben) < CACHE_TEXTS:
                self.good_ben[ben] = b
        p = None
        if pts:
            p = _finite(pts)
            if p is None:
                self.problem(line, "points", "field.type", expected=msg.type_("number"),
                             actual=msg.Localised(f"“{pts}”", f"'{pts}'"))
                return
            if p < 0:
                self.problem(line, "points", "field.negative", value=pts)
                return
            if len(self.good_pts) < CACHE_TEXTS:
                self.good_pts[pts] = p
        if not vol:
            self.problem(line, "volunteer", "ledger.cell_empty", field="volunteer")
            return
        self.add(line, day, vol, h, cat, proj, ben, b, p)

    def add(self, line, day, vol, h, cat, proj, ben, b, p) -> None:
        """The totals of one good row (the fast path of _fold_rows does the same inline)."""
        out = self.out
        out.rows += 1
        if ben:
            out.beneficiary_rows += 1
        first = out.first_lines
        v = out.volunteers.get(vol)
        if v is None:
            v = out.volunteers[vol] = [0.0, 0, 0, 0.0, 0, day, day]
            first[("volunteer", vol)] = line
        v[0] += h
        v[1] += 1
        v[2] += b
        if p is None:
            v[4] += 1
        else:
            v[3] += p
        if day < v[5]:
            v[5] = day
        elif day > v[6]:
            v[6] = day
        key = (vol, day.year)
        out.volunteer_years[key] = out.volunteer_years.get(key, 0.0) + h
        if cat:
            c = out.categories.get(cat)
            if c is None:
                c = out.categories[cat] = [0.0, 0, 0]
                first[("category", cat)] = line
            c[0] += h
            c[1] += 1
            c[2] += b
            key = (vol, cat)
            out.volunteer_categories[key] = out.volunteer_categories.get(key, 0.0) + h
        if proj:
            pr = out.projects.get(proj)
            if pr is None:
                pr = out.projects[proj] = [0.0, 0, 0]
                first[("project", proj)] = line
            pr[0] += h
            pr[1] += 1
            pr[2] += b
            key = (vol, proj)
            out.volunteer_projects[key] = out.volunteer_projects.get(key, 0) + 1
        key = (day.year, day.month)
        m = out.months.get(key)
        if m is None:
            m = out.months[key] = [0.0, 0, 0]
        m[0] += h
        m[1] += 1
        m[2] += b


def _columns(header: list[str], rel: str, problems: list[Problem]) -> dict | None:
    """Index of each known column, reporting unknown and missing ones."""
    index = {}
    for i, name in enumerate(header):
        name = name.strip().lstrip("\ufeff")
        key = HEADER_ALIASES.get(name, name.lower())
        if key in LEDGER_FIELDS:
            index[key] = i
        elif name:
            guess = closest(name.lower(), LEDGER_FIELDS)
            problems.append(Problem(rel, 1, name, "ledger.header_unknown",
                                    {"field": name, "suggestion": msg.suggestion(guess)}))
    missing = [f for f in LEDGER_REQUIRED if f not in index]
    for name in missing:
        problems.append(Problem(rel, 1, name, "ledger.header_missing", {"field": name}))
    return None if missing else index


def _fold_csv(fh, out: LedgerFile) -> None:
    """Fold CSV text read line by line from `fh` (memory does not grow with rows)."""
    head = fh.readline()
    prefix = [head]
    while head and not head.strip():  # only blank lines so far: is the whole file blank?
        head = fh.readline()
        prefix.append(head)
    if not head:
        out.problems.append(Problem(out.rel, None, None, "ledger.empty"))
        return
    lines = itertools.chain(prefix, fh)
    reader = csv.reader(lines, strict=True)
    prev = 0  # the physical line the previous row ended on
    try:
        try:
            header = next(reader)
        except StopIteration:
            return
        prev = reader.line_num
        index = _columns(header, out.rel, out.problems)
        if index is None:
            return
        width = widest = len(header)
        cols = [index.get(f, -1) for f in ("date", "volunteer", "hours", "category", "project",
                                            "beneficiaries", "points", "note")]
        fold = _Fold(out)
        seen = _fold_rows(reader, width, widest, cols, fold, out, prev)
        if not seen:
            out.problems.append(Problem(out.rel, None, None, "ledger.no_rows", {}, "warning"))
        fold.finish()
    except tables.CsvBroken as broken:  # the rows from here on cannot be trusted: the file is refused
        out.problems.append(Problem(out.rel, broken.line, None, broken.code, broken.params))


def _fold_rows(reader, width, widest, cols, fold, out, prev) -> int:
    """The hot loop: each CSV row checked and added to the totals.

    A row whose cells were all seen before in good rows (the same date, hours, 服务人次, points
    and note texts: most rows of a big ledger) is added right here; any other row goes through
    `_Fold.row`, which checks each cell and says what is wrong, and learns the good texts.
    Totals are added row by row in file order, so the sums (floats) are the same to the last bit
    as a row-by-row fold's.
    """
    i_d, i_v, i_h, i_c, i_p, i_b, i_pts, i_n = cols
    days = fold.fast_days
    good_hours, good_ben, good_pts, good_notes = fold.good_hours, fold.good_ben, fold.good_pts, fold.good_notes
    volunteers, vyears, vcats, vprojs = out.volunteers, out.volunteer_years, out.volunteer_categories, \
        out.volunteer_projects
    categories, projects, months, first = out.categories, out.projects, out.months, out.first_lines
    row_fn = fold.row
    seen = rows = ben_rows = 0
    line_num = type(reader).line_num.__get__
    try:
        for row in reader:
            end = line_num(reader)
            start = prev + 1
            prev = end
            if end > start and widest >= 3:  # a quoted cell with line breaks, or a quote left open (tables.rows)
                tables.check_breaks(row, start, end, widest)
            n = len(row)
            if n != width:
                if n > widest:
                    widest = n
                if not any(cell.strip() for cell in row):
                    continue  # blank line
                if n < width:
                    row = row + [""] * (width - n)
                elif any(cell.strip() for cell in row[width:]):
                    fold.problem(start, None, "ledger.row_length", got=n, expected=width)
                    continue
            seen += 1
            d = row[i_d].strip()
            vol = row[i_v].strip()
            hours = row[i_h].strip()
            cat = row[i_c].strip() if i_c >= 0 else ""
            proj = row[i_p].strip() if i_p >= 0 else ""
            ben = row[i_b].strip() if i_b >= 0 else ""
            pts = row[i_pts].strip() if i_pts >= 0 else ""
            note = row[i_n].strip() if i_n >= 0 else ""
            dd = days.get(d)
            h = good_hours.get(hours)
            b = good_ben.get(ben)
            if (dd is None or h is None or b is None or not vol or note not in good_notes
                    or pts not in good_pts or "'" in note[:1] + vol[:1] + cat[:1] + proj[:1]):
                if "'" in note[:1] + vol[:1] + cat[:1] + proj[:1]:
                    # a note or id the import wrote with a leading ' (so that Excel does not run it)
                    d, vol, hours, cat, proj, ben, pts, note = (
                        tables.restore(v) for v in (d, vol, hours, cat, proj, ben, pts, note))
                row_fn(start, d, vol, hours, cat, proj, ben, pts, note)
                continue
            p = good_pts[pts]
            day, year, ym = dd
            # -- the totals of one good row: keep in step with _Fold.add --
            rows += 1
            if ben:
                ben_rows += 1
            v = volunteers.get(vol)
            if v is None:
                v = volunteers[vol] = [0.0, 0, 0, 0.0, 0, day, day]
                first[("volunteer", vol)] = start
            v[0] += h
            v[1] += 1
            v[2] += b
            if p is None:
                v[4] += 1
            else:
                v[3] += p
            if day < v[5]:
                v[5] = day
            elif day > v[6]:
                v[6] = day
            key = (vol, year)
            vyears[key] = vyears.get(key, 0.0) + h
            if cat:
                c = categories.get(cat)
                if c is None:
                    c = categories[cat] = [0.0, 0, 0]
                    first[("category", cat)] = start
                c[0] += h
                c[1] += 1
                c[2] += b
                key = (vol, cat)
                vcats[key] = vcats.get(key, 0.0) + h
            if proj:
                pr = projects.get(proj)
                if pr is None:
                    pr = projects[proj] = [0.0, 0, 0]
                    first[("project", proj)] = start
                pr[0] += h
                pr[1] += 1
                pr[2] += b
                key = (vol, proj)
                vprojs[key] = vprojs.get(key, 0) + 1
            m = months.get(ym)
            if m is None:
                m = months[ym] = [0.0, 0, 0]
            m[0] += h
            m[1] += 1
            m[2] += b
    except csv.Error as exc:
        raise tables.broken(exc, prev + 1, line_num(reader)) from None
    finally:
        out.rows += rows
        out.beneficiary_rows += ben_rows
    return seen


def _fold_yaml(text: str, out: LedgerFile) -> None:
    before = len(out.problems)
    data = yamlio.parse(text, out.rel, out.problems)
    if data is None:
        if len(out.problems) == before:  # nothing but comments or blanks: not a ledger of no rows
            out.problems.append(Problem(out.rel, None, None, "ledger.empty"))
        return
    if not isinstance(data, yamlio.Sequence):
        out.problems.append(Problem(out.rel, getattr(data, "line", 1), None, "yaml.not_list",
                                    {"actual": msg.Localised("其他内容", "something else")}))
        return
    fold = _Fold(out)
    for i, item in enumerate(data):
        line = data.line_of(i)
        if not isinstance(item, yamlio.Mapping):
            fold.problem(line, None, "yaml.not_mapping", actual=msg.Localised("其他内容", "something else"))
            continue
        unknown = [k for k in item if k not in LEDGER_FIELDS]
        for k in unknown:
            fold.problem(item.line_of(k), k, "field.unknown", field=k,
                         suggestion=msg.suggestion(closest(k, LEDGER_FIELDS)))
        missing = [k for k in LEDGER_REQUIRED if item.get(k) in (None, "")]
        for k in missing:
            fold.problem(line, k, "field.required", field=k)
        if unknown or missing:
            continue
        vals = ["" if item.get(k) is None else str(item.get(k)).strip()
                for k in ("date", "volunteer", "hours", "category", "project", "beneficiaries", "points", "note")]
        fold.row(line, *vals)
    fold.finish()


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:32]


def _file_digest(path: Path) -> str:
    """The content hash of a file, read in blocks (a 5-million-row file is not held in memory)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()[:32]


def fold_file(path: Path, rel: str) -> LedgerFile:
    """One ledger file folded into totals; a CSV file is read line by line, whatever its size.

    UTF-8 (with or without BOM) is tried first; a file that is not UTF-8 somewhere is folded
    again from the start as GBK (gb18030), as Excel on Windows saves it (yamlio.decode).
    """
    out = LedgerFile(rel)
    if path.suffix.lower() != ".csv":
        size = path.stat().st_size
        if size > MAX_LEDGER_BYTES:  # a YAML ledger is parsed whole
            out.problems.append(Problem(rel, None, None, "file.too_large", {
                "size": round(size / 2**20, 1), "limit": MAX_LEDGER_BYTES // 2**20}))
            return out
        text = yamlio.decode(path.read_bytes(), rel, out.problems)
        if text is not None:
            _fold_yaml(text, out)
        return out
    try:
        with io.open(path, encoding="utf-8-sig", newline=None) as fh:
            _fold_csv(fh, out)
        return out
    except UnicodeDecodeError:
        pass
    out = LedgerFile(rel)
    out.problems.append(Problem(rel, None, None, "file.gbk", severity="warning"))
    try:
        with io.open(path, encoding="gb18030", newline=None) as fh:
            _fold_csv(fh, out)
        return out
    except UnicodeDecodeError:
        out = LedgerFile(rel)
        out.problems.append(Problem(rel, None, None, "file.encoding"))
        return out


PARALLEL_BYTES = 16 * 2**20  # files to fold worth a second process (both cores) when together larger


def _fold_all(todo: list[tuple[Path, str]]) -> list[LedgerFile]:
    """Each (path, rel) folded, in order; several big files in parallel processes, one per core.

    Each file is folded whole by one process, so its sums are added in its row order, and the
    files are summed in their order afterwards (combine): the same floats as one process gives.
    """
    workers = min(len(todo), os.cpu_count() or 1, 2)
    size = sum(_size(path) for path, _ in todo)
    if workers < 2 or size < PARALLEL_BYTES or "fork" not in mp.get_all_start_methods():
        return [fold_file(path, rel) for path, rel in todo]
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            order = sorted(range(len(todo)), key=lambda i: -_size(todo[i][0]))  # biggest first
            futures = {i: pool.submit(fold_file, *todo[i]) for i in order}
            return [futures[i].result() for i in range(len(todo))]
    except (OSError, BrokenProcessPool):  # no processes to be had here: one after the other
        return [fold_file(path, rel) for path, rel in todo]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass
class Ledger:
    """All ledger files together, category names resolved to ids.

    Besides the totals it keeps, for messages, where each referenced id first
    appears in each file, each file's dates, and the checks that need only a row.
    """

    files: list = field(default_factory=list)
    rows: int = 0
    beneficiary_rows: int = 0  # rows with 服务人次 filled: without any, people served is not known
    volunteers: dict = field(default_factory=dict)
    volunteer_years: dict = field(default_factory=dict)
    volunteer_projects: dict = field(default_factory=dict)
    volunteer_categories: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    months: dict = field(default_factory=dict)
    refs: dict = field(default_factory=dict)      # (column, value) -> [(file, first line), ...]
    dates: list = field(default_factory=list)     # (file, [(date, first line), ...] newest first)
    problems: list = field(default_factory=list)  # row-level problems of every file


def _add_list(target: dict, key, values) -> None:
    have = target.get(key)
    if have is None:
        target[key] = list(values)
    else:
        for i, v in enumerate(values):
            have[i] += v


def combine(files: list[LedgerFile], category_of: dict) -> Ledger:
    """The sum of folded files; `category_of` maps a category as written to its id."""
    ledger = Ledger(files=[f.rel for f in files])
    for f in files:
        ledger.problems.extend(f.problems)
        for key, line in f.first_lines.items():
            ledger.refs.setdefault(key, []).append((f.rel, line))
        ledger.dates.append((f.rel, sorted(f.dates.items(), reverse=True)))
        ledger.rows += f.rows
        ledger.beneficiary_rows += f.beneficiary_rows
        for vol, v in f.volunteers.items():
            have = ledger.volunteers.get(vol)
            if have is None:
                ledger.volunteers[vol] = list(v)
            else:
                for i in range(5):
                    have[i] += v[i]
                have[5] = min(have[5], v[5])
                have[6] = max(have[6], v[6])
        for key, h in f.volunteer_years.items():
            ledger.volunteer_years[key] = ledger.volunteer_years.get(key, 0.0) + h
        for key, n in f.volunteer_projects.items():
            ledger.volunteer_projects[key] = ledger.volunteer_projects.get(key, 0) + n
        for (vol, cat), h in f.volunteer_categories.items():
            key = (vol, category_of.get(cat, cat))
            ledger.volunteer_categories[key] = ledger.volunteer_categories.get(key, 0.0) + h
        for key, values in f.projects.items():
            _add_list(ledger.projects, key, values)
        for cat, values in f.categories.items():
            _add_list(ledger.categories, category_of.get(cat, cat), values)
        for key, values in f.months.items():
            _add_list(ledger.months, key, values)
    return ledger


def read(paths: list[Path], rels: list[str], category_of: dict, cache_dir: Path | None = None) -> Ledger:
    """Every ledger file, folded and summed; unchanged files cost one cache read.

    Each file's fold is cached by its content hash, so a changed file redoes
    only itself; the sum is cached by the hashes of all files (and the category
    names), so an unchanged ledger is one read, however many rows it holds.
    """
    digests, failed = {}, []
    where = dict(zip(rels, paths))
    for path, rel in zip(paths, rels):
        try:
            digests[rel] = _file_digest(path)
        except OSError as exc:
            failed.append(Problem(rel, None, None, "file.unreadable", {"detail": exc.strerror or str(exc)}))
    key = hashlib.sha256(repr((CACHE_VERSION, sorted(digests.items()),
                               sorted(category_of.items()))).encode()).hexdigest()[:32]
    merged_path = cache_dir / f"ledger-all-{key}.pickle" if cache_dir else None
    ledger = cache.read(merged_path) if merged_path else None
    if ledger is None:
        folded, todo = {}, []
        for rel, digest in digests.items():
            one = cache_dir / f"ledger-v{CACHE_VERSION}-{digest}-{_digest(rel.encode())[:8]}.pickle" \
                if cache_dir else None
            folded[rel] = cache.read(one) if one else None
            if folded[rel] is None:
                todo.append((where[rel], rel, one))
        for (_, rel, one), result in zip(todo, _fold_all([(path, rel) for path, rel, _ in todo])):
            folded[rel] = result
            if one:
                cache.write(one, result)
        ledger = combine([folded[rel] for rel in digests], category_of)
        if merged_path:
            cache.prune(cache_dir, "ledger-all-*.pickle")
            cache.write(merged_path, ledger)
    ledger.problems = failed + ledger.problems
    return ledger


def check(ledger: Ledger, ids: dict, category_of: dict, names: dict, today: date) -> list[Problem]:
    """Problems of the ledger: its rows' own, unknown ids (with a guess), dates in the future."""
    problems = list(ledger.problems)
    listed: dict = {}
    for (column, value), places in ledger.refs.items():
        known = category_of if column == "category" else ids.get(column, ())
        if value in known:
            continue
        guess = (names.get(value) if column == "volunteer" else None) or closest(value, known)
        for rel, line in places:
            if listed.get(rel, 0) < MAX_LISTED:
                listed[rel] = listed.get(rel, 0) + 1
                problems.append(Problem(rel, line, column, "ref.unknown", msg.unknown(value, column, guess)))
    for rel, days in ledger.dates:
        future = [(d, line) for d, line in days if d > today]
        for d, line in sorted(future)[:MAX_LISTED]:
            problems.append(Problem(rel, line, "date", "field.future",
                                    {"value": d.isoformat(), "today": today.isoformat()}))
    order = {rel: i for i, rel in enumerate(ledger.files)}
    return sorted(problems, key=lambda p: (order.get(p.path, -1), p.line or 0))
