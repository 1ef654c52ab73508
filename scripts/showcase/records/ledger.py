"""The service ledger (台账): read once, row by row, into running totals.

A ledger holds up to millions of rows a year, so it is never kept as row
objects: each file is read a block at a time and folded into totals per
volunteer, project, category and month (and pairs of them: PAIR_TOTALS) in one pass (_Columns), and the result is cached by the file's content hash, so an
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
from operator import methodcaller
from pathlib import Path

import numpy as np

from ..text import messages as msg
from . import cache, privacy, tables, yamlio
from ..text.messages import Problem
from .schema import LEDGER_FIELDS, LEDGER_REQUIRED, Bad, F, _number_text, closest, parse_date

CACHE_VERSION = 7  # 3: empty files, broken quotes and ' cells (tables.py); 4: beneficiary_rows;
# 5: project_last (sitemap dates); 6: project_years and category_years (the annual report);
# 7: the streaming, block-at-a-time fold (the same totals; a fresh cache so that no mixed one is read)
_MAYBE_PRIVATE = re.compile(r"\d{7}|[@＠]")  # a cheap test before the full search, row by row
MAX_HOURS_PER_ROW = 24
MAX_LISTED = 20  # errors of one kind listed per file before a summary line
MAX_LEDGER_BYTES = 512 * 1024 * 1024  # what `import ledger` reads of an existing file; validate streams any size
CACHE_TEXTS = 100_000  # distinct cell texts remembered per column (then forgotten: memory stays bounded)
BLOCK_CHARS = 256 * 1024  # text read at a time (about 4,000 rows): memory stays small and warm

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
    project_last: dict = field(default_factory=dict)  # project -> date of its latest row
    categories: dict = field(default_factory=dict)   # category as written -> [hours, services, beneficiaries]
    project_years: dict = field(default_factory=dict)   # (project, year) -> [hours, services, beneficiaries]
    category_years: dict = field(default_factory=dict)  # (category as written, year) -> [hours, services, beneficiaries]
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
    """Folds rows into a LedgerFile one by one: a YAML ledger's rows, and the rows of a CSV file
    that _Columns does not add on its own (bad ones, or ones that may be): the row check."""

    def __init__(self, out: LedgerFile):
        self.out = out
        self.date_cache: dict = {}
        self.counts: dict = {}

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
        day = self.date_cache.get(d)
        if day is None:
            try:
                day = parse_date(d)
            except Bad as bad:
                self.problem(line, "date", bad.code, **bad.params)
                return
            self.date_cache[d] = day
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
        if not vol:
            self.problem(line, "volunteer", "ledger.cell_empty", field="volunteer")
            return
        self.add(line, day, vol, h, cat, proj, ben, b, p)

    def add(self, line, day, vol, h, cat, proj, ben, b, p) -> None:
        """The totals of one good row (a YAML ledger's; a CSV file's are added by _Columns)."""
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
            if _add_to(out.categories, cat, h, b):
                first[("category", cat)] = line
            key = (vol, cat)
            out.volunteer_categories[key] = out.volunteer_categories.get(key, 0.0) + h
            _add_to(out.category_years, (cat, day.year), h, b)
        if proj:
            if _add_to(out.projects, proj, h, b):
                first[("project", proj)] = line
            if day > out.project_last.get(proj, day.min):
                out.project_last[proj] = day
            key = (vol, proj)
            out.volunteer_projects[key] = out.volunteer_projects.get(key, 0) + 1
            _add_to(out.project_years, (proj, day.year), h, b)
        _add_to(out.months, (day.year, day.month), h, b)


def _add_to(totals: dict, key, hours: float, beneficiaries: int) -> bool:
    """One row into a [hours, services, beneficiaries] total; whether the key is new."""
    t = totals.get(key)
    new = t is None
    if new:
        t = totals[key] = [0.0, 0, 0]
    t[0] += hours
    t[1] += 1
    t[2] += beneficiaries
    return new


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
    """Fold CSV text read from `fh` block by block: memory does not grow with rows."""
    head = fh.readline()
    prefix = [head]
    while head and not head.strip():  # only blank lines so far: is the whole file blank?
        head = fh.readline()
        prefix.append(head)
    if not head:
        out.problems.append(Problem(out.rel, None, None, "ledger.empty"))
        return
    reader = csv.reader(iter(prefix), strict=True)
    fold = None
    try:
        try:
            header = next(reader)
            for _ in reader:  # the blank lines before the header
                pass
        except csv.Error as exc:
            raise tables.broken(exc, 1, reader.line_num) from None
        except StopIteration:
            return
        index = _columns(header, out.rel, out.problems)
        if index is None:
            return
        cols = [index.get(f, -1) for f in ("date", "volunteer", "hours", "category", "project",
                                            "beneficiaries", "points", "note")]
        fold = _Columns(out, cols, len(header))
        fold.read(fh, len(prefix))
        if not fold.seen:
            out.problems.append(Problem(out.rel, None, None, "ledger.no_rows", {}, "warning"))
        fold.finish()
    except tables.CsvBroken as broken:  # the rows from here on cannot be trusted: the file is refused
        out.problems.append(Problem(out.rel, broken.line, None, broken.code, broken.params))
    finally:
        if fold is not None:
            fold.totals()


class _Codes(dict):
    """Cell text -> its code, worked out by `fn` the first time a text is met (dict lookups in C)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, text):
        if len(self) >= CACHE_TEXTS:  # a column of all different texts (notes): forget, recompute
            self.clear()
        value = self[text] = self.fn(text)
        return value


class _Ids(dict):
    """Ids (volunteers, categories, projects, pairs of them) -> 0, 1, 2… in order of first use."""

    def __init__(self):
        super().__init__()
        self.names: list = []

    def __missing__(self, name) -> int:
        code = self[name] = len(self.names)
        self.names.append(name)
        return code

    __call__ = dict.__getitem__


class _Pairs:
    """Pairs of codes (as one 64-bit number) -> slots 0, 1, 2… in order of first use, looked up
    a block at a time in sorted arrays (no Python loop over the rows): a big one, and a small one
    of the pairs found lately, merged into the big one now and then."""

    def __init__(self):
        self.tables = [(np.empty(0, np.int64), np.empty(0, np.int64))] * 2  # (sorted keys, their slots)
        self.chunks: list = []  # the keys in slot order, as found
        self.n = 0

    def many(self, keys: "np.ndarray") -> "np.ndarray":
        out = np.full(len(keys), -1, np.int64)
        miss = np.arange(len(keys))
        for table, slots in self.tables:
            if len(table):
                wanted = keys[miss]
                pos = np.minimum(np.searchsorted(table, wanted), len(table) - 1)
                found = table[pos] == wanted
                out[miss[found]] = slots[pos[found]]
                miss = miss[~found]
                if not len(miss):
                    return out
        new, first, inverse = np.unique(keys[miss], return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # in the order the rows use them first
        slots = np.empty(len(new), np.int64)
        slots[order] = np.arange(self.n, self.n + len(new))
        out[miss] = slots[inverse.reshape(-1)]
        self.chunks.append(new[order])
        self.n += len(new)
        (big, big_slots), (small, small_slots) = self.tables
        at = np.searchsorted(small, new)
        small, small_slots = np.insert(small, at, new), np.insert(small_slots, at, slots)
        if len(small) > max(4096, len(big) // 8):
            at = np.searchsorted(big, small)
            big, big_slots = np.insert(big, at, small), np.insert(big_slots, at, small_slots)
            small, small_slots = small[:0], small_slots[:0]
        self.tables = [(big, big_slots), (small, small_slots)]
        return out

    @property
    def names(self) -> list:
        return np.concatenate(self.chunks).tolist() if self.chunks else []


class _Sums:
    """Per-code totals in numpy arrays that grow: float columns are added row by row in order
    (numpy's ufunc.at is unbuffered and sequential), so each sum is the same float as `+=` in a
    Python loop over the rows gives."""

    def __init__(self, kinds: str):
        self.kinds = kinds  # one letter per column: f float (0.0), i integer (0)
        self.cols = [np.zeros(1024, np.float64 if k == "f" else np.int64) for k in kinds]

    def fit(self, n: int) -> None:
        if n > len(self.cols[0]):
            size = max(n, 2 * len(self.cols[0]))
            for i, col in enumerate(self.cols):
                grown = np.zeros(size, col.dtype)
                grown[:len(col)] = col
                self.cols[i] = grown

    def add(self, i: int, codes, values) -> None:
        np.add.at(self.cols[i], codes, values)

    def values(self, code: int) -> list:
        return [float(col[code]) if k == "f" else int(col[code]) for k, col in zip(self.kinds, self.cols)]


# Totals by pairs of a CSV file's rows: LedgerFile field, first and second of the pair, what is
# summed (hours; services: rows; or all three: [hours, services, people served]). A new total by
# pairs is one line here (and its field in LedgerFile, _Fold.add for YAML files and combine).
PAIR_TOTALS = (
    ("volunteer_years", "volunteer", "year", "hours"),
    ("volunteer_categories", "volunteer", "category", "hours"),
    ("volunteer_projects", "volunteer", "project", "services"),
    ("category_years", "category", "year", "all"),
    ("project_years", "project", "year", "all"),
)
_PAIR_KINDS = {"hours": "f", "services": "i", "all": "fii"}

_NO = -1       # a cell that needs the full row check (bad, or one that may be: see _Columns.row_codes)
_EMPTY = -2    # an optional cell left empty
_BIG = 2**40   # 服务人次 at least this large are summed as Python integers (numpy's are 64-bit)


class _Columns(_Fold):
    """The fold of a CSV file, a block of rows at a time.

    Each cell text is looked up once per distinct text (dates, hours, ids repeat): a row whose
    cells are all plainly good is added with numpy, in row order; any other row goes through
    `_Fold.row`, which says what is wrong exactly as a row-by-row fold does, and the rows it
    accepts are added in their place among the others. Memory grows with distinct volunteers,
    categories, projects, months and dates, never with rows.
    """

    def __init__(self, out: LedgerFile, cols: list[int], width: int):
        super().__init__(out)
        self.cols, self.width, self.widest = cols, width, width
        self.seen = 0
        self.vols, self.cats, self.projs = _Ids(), _Ids(), _Ids()
        self.pairs = {name: (_Pairs(), _Sums(_PAIR_KINDS[value])) for name, *_, value in PAIR_TOTALS}
        self.months_ids = _Ids()
        self.days: list = []       # day code -> date
        self.day_code: dict = {}   # date -> day code
        self.day_info = np.zeros((0, 3), np.int64)  # day code -> ordinal, year, month id
        self.day_first: dict = {}  # day code -> first line
        self.vol_sums = _Sums("fiifi")  # hours, services, people served, points, rows without points
        self.vol_span = [np.zeros(1024, np.int64), np.zeros(1024, np.int64)]  # first, last day ordinal
        self.proj_last = np.zeros(1024, np.int64)  # project code -> its latest day's ordinal
        self.cat_sums, self.proj_sums, self.month_sums = _Sums("fii"), _Sums("fii"), _Sums("fii")
        self.first_vol, self.first_cat, self.first_proj = {}, {}, {}  # code -> first line accepted
        self.first_month: dict = {}
        self.big: dict = {}  # (kind, code) -> people served from rows of _BIG or more (kind: a pair's name)
        self.rows_n = self.ben_rows = 0
        strip = str.strip
        self.m_date = _Codes(lambda t: self._day(strip(t)))
        self.m_vol = _Codes(lambda t: self._id(self.vols, strip(t), required=True))
        self.m_cat = _Codes(lambda t: self._id(self.cats, strip(t)))
        self.m_proj = _Codes(lambda t: self._id(self.projs, strip(t)))
        self.m_hours = _Codes(lambda t: _plain_hours(strip(t)))
        self.m_ben = _Codes(lambda t: _plain_ben(strip(t)))
        self.m_pts = _Codes(lambda t: _plain_points(strip(t)))
        self.m_note = _Codes(lambda t: _plain_note(strip(t)))

    # -- cell texts to codes --

    def _day(self, text: str) -> int:
        try:
            return self._day_of(parse_date(text))
        except Bad:
            return _NO

    def _day_of(self, day: date) -> int:
        code = self.day_code.get(day)
        if code is None:
            code = self.day_code[day] = len(self.days)
            self.days.append(day)
            month = self.months_ids((day.year, day.month))
            self.day_info = np.vstack([self.day_info, [[day.toordinal(), day.year, month]]])
        return code

    @staticmethod
    def _id(ids: _Ids, text: str, required: bool = False) -> int:
        if not text:
            return _NO if required else _EMPTY
        if text[:1] == "'":  # may be one the import wrote with a leading ' (tables.restore)
            return _NO
        return ids(text)

    # -- reading --

    def read(self, fh, line: int) -> None:
        """Every row after the header (which ended on `line`), in blocks of text."""
        width, split = self.width, methodcaller("split", ",")
        limit = csv.field_size_limit()
        while True:
            block = fh.read(BLOCK_CHARS)
            if not block:
                return
            if block[-1] != "\n":
                block += fh.readline()
            lines = block.split("\n")
            ends = lines[-1] == ""
            if ends:
                lines.pop()
            if '"' in block or "\0" in block or (len(block) > limit and max(map(len, lines)) > limit):
                # quoted cells (maybe over lines), or a cell over the csv module's limit: the csv
                # module reads the rest, row by row, and says what is wrong where
                text = [x + "\n" for x in lines]
                if not ends:
                    text[-1] = lines[-1]
                self._read_csv(itertools.chain(text, fh), line)
                return
            commas = list(map(str.count, lines, itertools.repeat(",", len(lines))))
            if min(commas) == width - 1 == max(commas):  # every line a row of the header's width
                flat = ",".join(lines).split(",")
                self._batch([flat[k::width] for k in range(width)], len(lines),
                            np.arange(line + 1, line + 1 + len(lines)), {})
            else:
                self._uneven(list(map(split, lines)), range(line + 1, line + 1 + len(lines)))
            line += len(lines)

    def _uneven(self, rows, lines) -> None:
        """Rows of another width than the header's: blank lines, short rows, cells too many."""
        width = self.width
        keep, at, bad = [], [], {}
        for row, line in zip(rows, lines):
            n = len(row)
            if n != width:
                if n > self.widest:
                    self.widest = n
                if not any(cell.strip() for cell in row):
                    continue  # blank line
                if n < width:
                    row = row + [""] * (width - n)
                elif any(cell.strip() for cell in row[width:]):
                    bad[len(keep)] = n  # said in row order with the others' problems
            keep.append(row)
            at.append(line)
        if keep:
            self._batch(list(zip(*keep)), len(keep), np.array(at, np.int64), bad)

    def _read_csv(self, lines, prev: int) -> None:
        """The rest of the file through the csv module (tables.rows' checks), in batches."""
        reader = csv.reader(lines, strict=True)
        line_num = type(reader).line_num.__get__
        batch, at = [], []
        last = prev  # the line the previous row ended on
        try:
            for row in reader:
                end = line_num(reader) + prev
                start, last = last + 1, end
                if end > start and self.widest >= 3:
                    tables.check_breaks(row, start, end, self.widest)
                batch.append(row)
                at.append(start)
                if len(batch) >= 2048:
                    self._uneven(batch, at)
                    batch, at = [], []
        except csv.Error as exc:
            self._uneven(batch, at)
            raise tables.broken(exc, last + 1, line_num(reader) + prev) from None
        except tables.CsvBroken:
            self._uneven(batch, at)
            raise
        self._uneven(batch, at)

    # -- a block of rows --

    def _batch(self, columns: list, n: int, lines, bad: dict) -> None:
        """n rows, given as their columns (the header's), beginning on `lines`; `bad`: index ->
        number of cells, of rows with cells beyond the header's."""
        empty = ("",) * n
        i_d, i_v, i_h, i_c, i_p, i_b, i_pts, i_n = (columns[i] if i >= 0 else empty for i in self.cols)
        d = np.fromiter(map(self.m_date.__getitem__, i_d), np.int64, n)
        v = np.fromiter(map(self.m_vol.__getitem__, i_v), np.int64, n)
        h = np.fromiter(map(self.m_hours.__getitem__, i_h), np.float64, n)
        c = np.fromiter(map(self.m_cat.__getitem__, i_c), np.int64, n)
        p = np.fromiter(map(self.m_proj.__getitem__, i_p), np.int64, n)
        b = np.fromiter(map(self.m_ben.__getitem__, i_b), np.int64, n)
        pts = np.fromiter(map(self.m_pts.__getitem__, i_pts), np.float64, n)
        ok = np.fromiter(map(self.m_note.__getitem__, i_n), np.bool_, n)
        self.seen += n - len(bad)
        ok &= (d >= 0) & (v >= 0) & (h > 0) & (c != _NO) & (p != _NO) & (b >= 0) & (pts != _NO)
        # dates: the first line of each (rows with a good date, whatever else is wrong in them)
        parsed = d >= 0
        if bad:
            ok[list(bad)] = False
            parsed[list(bad)] = False
        if parsed.any():
            days, first = np.unique(d[parsed], return_index=True)
            at = lines[parsed][first]
            for day, line in zip(days.tolist(), at.tolist()):
                self.day_first.setdefault(day, line)
        bigs = []
        if not ok.all():
            for i in np.flatnonzero(~ok).tolist():
                line = int(lines[i])
                if i in bad:
                    self.problem(line, None, "ledger.row_length", got=bad[i], expected=self.width)
                    continue
                vals = [columns[k][i].strip() if k >= 0 else "" for k in self.cols]
                if "'" in vals[7][:1] + vals[1][:1] + vals[3][:1] + vals[4][:1]:
                    # a note or id the import wrote with a leading ' (so that Excel does not run it)
                    vals = [tables.restore(x) for x in vals]
                self.accepted = None
                self.row(line, *vals)
                got = self.accepted
                if got is None:
                    continue
                day, vol, hours, cat, proj, ben, people, points = got
                d[i] = self._day_of(day)
                v[i] = self.vols(vol)
                h[i] = hours
                c[i] = self.cats(cat) if cat else _EMPTY
                p[i] = self.projs(proj) if proj else _EMPTY
                if people >= _BIG:
                    bigs.append((i, people))
                    people = 0
                b[i] = 2 * people + (1 if ben else 0)
                pts[i] = _EMPTY if points is None else points
                ok[i] = True
        if not ok.all():
            keep = np.flatnonzero(ok)
            d, v, h, c, p, b, pts, lines = d[keep], v[keep], h[keep], c[keep], p[keep], b[keep], pts[keep], lines[keep]
            index_of = {int(k): j for j, k in enumerate(keep.tolist())}
            bigs = [(index_of[i], people) for i, people in bigs]
        if len(d):
            self._add(d, v, h, c, p, b, pts, lines, bigs)

    def _add(self, d, v, h, c, p, b, pts, lines, bigs) -> None:
        """The totals of good rows, in their order: keep in step with _Fold.add."""
        n = len(d)
        people, filled = b >> 1, b & 1
        self.rows_n += n
        self.ben_rows += int(filled.sum())
        info = self.day_info[d]
        ordinal, year, month = info[:, 0], info[:, 1], info[:, 2]
        for i, pp in bigs:
            for kind, code in (("v", int(v[i])), ("c", int(c[i])), ("p", int(p[i])), ("m", int(month[i]))):
                if code >= 0:
                    self.big[(kind, code)] = self.big.get((kind, code), 0) + pp
        self._firsts(self.first_vol, v, lines)
        vs = self.vol_sums
        vs.fit(len(self.vols.names))
        if len(self.vol_span[0]) < len(vs.cols[0]):
            self.vol_span = [np.concatenate([a, np.zeros(len(vs.cols[0]) - len(a), np.int64)])
                             for a in self.vol_span]
        new = np.flatnonzero(self.vol_span[0][v] == 0)
        if len(new):
            self.vol_span[0][v[new]] = ordinal[new]
            self.vol_span[1][v[new]] = ordinal[new]
        np.minimum.at(self.vol_span[0], v, ordinal)
        np.maximum.at(self.vol_span[1], v, ordinal)
        vs.add(0, v, h)
        vs.add(1, v, 1)
        vs.add(2, v, people)
        has = pts != _EMPTY
        vs.add(3, v[has], pts[has])
        vs.add(4, v[~has], 1)
        self._firsts(self.first_month, month, lines)
        for codes, ids, firsts, sums in ((c, self.cats, self.first_cat, self.cat_sums),
                                         (p, self.projs, self.first_proj, self.proj_sums)):
            has = codes >= 0
            if has.any():
                cc = codes[has]
                self._firsts(firsts, cc, lines[has])
                sums.fit(len(ids.names))
                sums.add(0, cc, h[has])
                sums.add(1, cc, 1)
                sums.add(2, cc, people[has])
                if ids is self.projs:  # project_last: the latest day of each project
                    if len(self.proj_last) < len(sums.cols[0]):
                        self.proj_last = np.concatenate(
                            [self.proj_last, np.zeros(len(sums.cols[0]) - len(self.proj_last), np.int64)])
                    np.maximum.at(self.proj_last, cc, ordinal[has])
        # the totals by pairs (PAIR_TOTALS): rows whose both codes are there, in row order
        code = {"volunteer": v, "category": c, "project": p, "year": year}
        for name, first, second, what in PAIR_TOTALS:
            a, b = code[first], code[second]
            has = (a >= 0) & (b >= 0)
            if not has.any():
                continue
            pairs, sums = self.pairs[name]
            slots = pairs.many((a[has] << 32) + b[has])
            sums.fit(pairs.n)
            if what == "services":
                sums.add(0, slots, 1)
            else:
                sums.add(0, slots, h[has])
                if what == "all":
                    sums.add(1, slots, 1)
                    sums.add(2, slots, people[has])
                    if bigs:
                        slot_of = np.full(n, -1, np.int64)
                        slot_of[has] = slots
                        for i, pp in bigs:
                            if slot_of[i] >= 0:
                                key = (name, int(slot_of[i]))
                                self.big[key] = self.big.get(key, 0) + pp
        ms = self.month_sums
        ms.fit(len(self.months_ids.names))
        ms.add(0, month, h)
        ms.add(1, month, 1)
        ms.add(2, month, people)

    @staticmethod
    def _firsts(firsts: dict, codes, lines) -> None:
        """The first line of each code not met before (in the order met)."""
        u, first = np.unique(codes, return_index=True)
        new = [(int(at), int(code)) for code, at in zip(u.tolist(), lines[first].tolist()) if code not in firsts]
        for at, code in sorted(new):
            firsts[code] = at

    def add(self, line, day, vol, h, cat, proj, ben, b, p) -> None:
        """A row `_Fold.row` accepted: added by _batch in its place among the others."""
        self.accepted = (day, vol, h, cat, proj, ben, b, p)

    def totals(self) -> None:
        """The sums into the LedgerFile, as dictionaries in the order a row-by-row fold makes them."""
        out = self.out
        out.rows += self.rows_n
        out.beneficiary_rows += self.ben_rows
        big = self.big
        days = self.days
        firsts = []
        vol_names, vs = self.vols.names, self.vol_sums
        for code, line in sorted(self.first_vol.items(), key=lambda kv: kv[1]):
            row = vs.values(code)
            row[2] += big.get(("v", code), 0)
            first = date.fromordinal(int(self.vol_span[0][code]))
            last = date.fromordinal(int(self.vol_span[1][code]))
            out.volunteers[vol_names[code]] = row + [first, last]
            firsts.append((line, 0, ("volunteer", vol_names[code])))
        for kind, order, ids, firsts_of, sums, target in (
                ("c", 1, self.cats, self.first_cat, self.cat_sums, out.categories),
                ("p", 2, self.projs, self.first_proj, self.proj_sums, out.projects)):
            for code, line in sorted(firsts_of.items(), key=lambda kv: kv[1]):
                row = sums.values(code)
                row[2] += big.get((kind, code), 0)
                target[ids.names[code]] = row
                if kind == "p" and self.proj_last[code] > 1:  # as _Fold.add: a day after date.min
                    out.project_last[ids.names[code]] = date.fromordinal(int(self.proj_last[code]))
                firsts.append((line, order, ("category" if kind == "c" else "project", ids.names[code])))
        for line, _, key in sorted(firsts):
            out.first_lines[key] = line
        names = {"volunteer": vol_names, "category": self.cats.names, "project": self.projs.names, "year": None}
        for name, first, second, _ in PAIR_TOTALS:
            pairs, sums = self.pairs[name]
            target, a, b = getattr(out, name), names[first], names[second]
            if len(sums.kinds) == 1:
                totals = sums.cols[0][:pairs.n].tolist()
            else:  # [hours, services, people served] by pair
                totals = [list(row) for row in zip(*(col[:pairs.n].tolist() for col in sums.cols))]
                for slot, row in enumerate(totals):
                    row[2] += big.get((name, slot), 0)
            for slot, key in enumerate(pairs.names):
                x, y = key >> 32, key & 0xFFFFFFFF
                target[(a[x] if a else x, b[y] if b else y)] = totals[slot]
        for code, line in sorted(self.first_month.items(), key=lambda kv: kv[1]):
            row = self.month_sums.values(code)
            row[2] += big.get(("m", code), 0)
            out.months[self.months_ids.names[code]] = row
        first = dict(out.dates)  # the rows _Fold.row checked noted theirs already
        for code, line in self.day_first.items():
            if first.get(days[code], line) >= line:
                first[days[code]] = line
        out.dates.clear()
        out.dates.update(sorted(first.items(), key=lambda kv: kv[1]))


def _plain_hours(text: str) -> float:
    """Hours a row may have without a word said (0 < h <= 24), else _NO (the row check says why)."""
    h = _finite(text)
    return h if h is not None and 0 < h <= MAX_HOURS_PER_ROW else _NO


def _plain_ben(text: str) -> int:
    """2 × people served + 1 when the cell is filled; _NO for what the row check must look at."""
    if not text:
        return 0
    bf = _finite(text)
    if bf is None or bf < 0 or bf != int(bf) or int(bf) >= _BIG:
        return _NO
    return 2 * int(bf) + 1


def _plain_points(text: str) -> float:
    if not text:
        return _EMPTY
    p = _finite(text)
    return p if p is not None and p >= 0 else _NO


def _plain_note(text: str) -> bool:
    return not text or (text[:1] != "'" and not _MAYBE_PRIVATE.search(text))


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


def _fold_all(todo: list[tuple[Path, str]]):
    """Each (path, rel) folded, yielded in order; several big files in parallel processes, one
    per core.

    Each file is folded whole by one process, so its sums are added in its row order, and the
    files are summed in their order afterwards (combine): the same floats as one process gives.
    """
    workers = min(len(todo), os.cpu_count() or 1, 2)
    size = sum(_size(path) for path, _ in todo)
    done = 0
    if workers >= 2 and size >= PARALLEL_BYTES and "forkserver" in mp.get_all_start_methods():
        try:
            # forkserver, not fork: a forked copy of this process would soon hold its own copy
            # of all the records read so far (reference counts write to every page it touches)
            context = mp.get_context("forkserver")
            context.set_forkserver_preload([__name__])
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                order = sorted(range(len(todo)), key=lambda i: -_size(todo[i][0]))  # biggest first
                futures = {i: pool.submit(fold_file, *todo[i]) for i in order}
                while done < len(todo):
                    result = futures.pop(done).result()  # dropped once summed: memory for one file
                    done += 1
                    yield result
        except (OSError, BrokenProcessPool):  # no processes to be had here: one after the other
            pass
    for path, rel in todo[done:]:
        yield fold_file(path, rel)


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
    project_last: dict = field(default_factory=dict)  # project -> date of its latest row
    categories: dict = field(default_factory=dict)
    project_years: dict = field(default_factory=dict)   # (project, year) -> [hours, services, beneficiaries]
    category_years: dict = field(default_factory=dict)  # (category id, year) -> [hours, services, beneficiaries]
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


def combine(files, category_of: dict) -> Ledger:
    """The sum of folded files (any iterable: each may be dropped once summed); `category_of`
    maps a category as written to its id."""
    ledger = Ledger()
    for f in files:
        ledger.files.append(f.rel)
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
        for key, day in f.project_last.items():
            ledger.project_last[key] = max(day, ledger.project_last.get(key, day))
        for cat, values in f.categories.items():
            _add_list(ledger.categories, category_of.get(cat, cat), values)
        for key, values in f.months.items():
            _add_list(ledger.months, key, values)
        for key, values in f.project_years.items():
            _add_list(ledger.project_years, key, values)
        for (cat, year), values in f.category_years.items():
            _add_list(ledger.category_years, (category_of.get(cat, cat), year), values)
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
        ones = {rel: cache_dir / f"ledger-v{CACHE_VERSION}-{digest}-{_digest(rel.encode())[:8]}.pickle"
                if cache_dir else None for rel, digest in digests.items()}
        todo = [(where[rel], rel) for rel, one in ones.items() if not (one and one.exists())]
        folding = _fold_all(todo)

        def files():
            """Each file's fold in order, from its cache or folded now (and cached)."""
            for rel, one in ones.items():
                folded = cache.read(one) if one and (where[rel], rel) not in todo else None
                if folded is None:
                    folded = next(folding) if (where[rel], rel) in todo else fold_file(where[rel], rel)
                    if one:
                        cache.write(one, folded)
                yield folded

        ledger = combine(files(), category_of)
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
