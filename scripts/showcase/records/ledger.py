"""The service ledger (台账): read once, row by row, into running totals.

A ledger holds tens of thousands of rows a year, so it is never kept as row
objects: each file is folded into totals per volunteer, project, category and
month in one pass, and the result is cached by the file's content hash, so an
unchanged ledger costs nothing on the next build. Checks that need other
records (does this volunteer exist? is this date in the future?) run on the
folded result, which keeps the first line of every id and date for messages.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..text import messages as msg
from . import cache, privacy, tables, yamlio
from ..text.messages import Problem
from .schema import LEDGER_FIELDS, LEDGER_REQUIRED, Bad, F, _number_text, closest, parse_date

CACHE_VERSION = 6  # 3: empty files, broken quotes and ' cells (tables.py); 4: beneficiary_rows;
# 5: project_last (sitemap dates); 6: project_years and category_years (the annual report)
_MAYBE_PRIVATE = re.compile(r"\d{7}|[@＠]")  # a cheap test before the full search, row by row
MAX_HOURS_PER_ROW = 24
MAX_LISTED = 20  # errors of one kind listed per file before a summary line
MAX_LEDGER_BYTES = 512 * 1024 * 1024

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
    """Folds rows into a LedgerFile; the hot loop of a build on a big ledger."""

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
            key = (cat, day.year)
            cy = out.category_years.get(key)
            if cy is None:
                cy = out.category_years[key] = [0.0, 0, 0]
            cy[0] += h
            cy[1] += 1
            cy[2] += b
        if proj:
            pr = out.projects.get(proj)
            if pr is None:
                pr = out.projects[proj] = [0.0, 0, 0]
                first[("project", proj)] = line
            pr[0] += h
            pr[1] += 1
            pr[2] += b
            if day > out.project_last.get(proj, day.min):
                out.project_last[proj] = day
            key = (vol, proj)
            out.volunteer_projects[key] = out.volunteer_projects.get(key, 0) + 1
            key = (proj, day.year)
            py = out.project_years.get(key)
            if py is None:
                py = out.project_years[key] = [0.0, 0, 0]
            py[0] += h
            py[1] += 1
            py[2] += b
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


def _fold_csv(text: str, out: LedgerFile) -> None:
    if not text.strip():
        out.problems.append(Problem(out.rel, None, None, "ledger.empty"))
        return
    reader = tables.rows(text)
    try:
        _, header = next(reader, (1, None))
        if header is None:
            return
        index = _columns(header, out.rel, out.problems)
        if index is None:
            return
        width = len(header)
        cols = [index.get(f, -1) for f in ("date", "volunteer", "hours", "category", "project",
                                            "beneficiaries", "points", "note")]
        fold = _Fold(out)
        row_fn = fold.row
        seen = 0
        for line, row in reader:
            if len(row) != width:
                if not any(cell.strip() for cell in row):
                    continue  # blank line
                if len(row) < width:
                    row = row + [""] * (width - len(row))
                elif any(cell.strip() for cell in row[width:]):
                    fold.problem(line, None, "ledger.row_length", got=len(row), expected=width)
                    continue
            seen += 1
            vals = [row[i].strip() if i >= 0 else "" for i in cols]
            if "'" in vals[7][:1] + vals[1][:1] + vals[3][:1] + vals[4][:1]:
                # a note or id the import wrote with a leading ' (so that Excel does not run it)
                vals = [tables.restore(v) for v in vals]
            row_fn(line, *vals)
        if not seen:
            out.problems.append(Problem(out.rel, None, None, "ledger.no_rows", {}, "warning"))
        fold.finish()
    except tables.CsvBroken as broken:  # the rows from here on cannot be trusted: the file is refused
        out.problems.append(Problem(out.rel, broken.line, None, broken.code, broken.params))


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


def fold_file(raw: bytes, path: Path, rel: str) -> LedgerFile:
    """One ledger file's bytes folded into totals."""
    out = LedgerFile(rel)
    text = yamlio.decode(raw, rel, out.problems)
    if text is not None:
        if path.suffix.lower() == ".csv":
            _fold_csv(text, out)
        else:
            _fold_yaml(text, out)
    return out


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
    raws, failed = {}, []
    for path, rel in zip(paths, rels):
        try:
            size = path.stat().st_size
            if size > MAX_LEDGER_BYTES:
                failed.append(Problem(rel, None, None, "file.too_large", {
                    "size": round(size / 2**20, 1), "limit": MAX_LEDGER_BYTES // 2**20}))
                continue
            raws[rel] = (path, path.read_bytes())
        except OSError as exc:
            failed.append(Problem(rel, None, None, "file.unreadable", {"detail": exc.strerror or str(exc)}))
    digests = {rel: _digest(raw) for rel, (_, raw) in raws.items()}
    key = hashlib.sha256(repr((CACHE_VERSION, sorted(digests.items()),
                               sorted(category_of.items()))).encode()).hexdigest()[:32]
    merged_path = cache_dir / f"ledger-all-{key}.pickle" if cache_dir else None
    ledger = cache.read(merged_path) if merged_path else None
    if ledger is None:
        files = []
        for rel, (path, raw) in raws.items():
            one = cache_dir / f"ledger-v{CACHE_VERSION}-{digests[rel]}-{_digest(rel.encode())[:8]}.pickle" \
                if cache_dir else None
            folded = cache.read(one) if one else None
            if folded is None:
                folded = fold_file(raw, path, rel)
                if one:
                    cache.write(one, folded)
            files.append(folded)
        raws.clear()  # the bytes are not needed any more; a large ledger is large
        ledger = combine(files, category_of)
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
