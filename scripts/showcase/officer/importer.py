"""`showcase import ledger`: the service ledger (台账) as kept in Excel → data/records/<year>.csv.

The officer's sheet names people (谭小明), categories (政策法规宣传) and
projects (科技助农) and writes dates and hours as they come (45352, 2024/3/5,
2024年3月5日; 2小时, 90分钟, 1小时30分). Everything is resolved to ids and
checked first; with any error nothing is written, and every message names the
row. Rows already in data/records are skipped, so importing the same sheet
twice changes nothing. Each year's rows go, sorted, into data/records/<year>.csv
in the canonical form the ledger loader reads (header `date,volunteer,hours,
category,project,beneficiaries,points,note`, UTF-8, '\\n' line ends); all the
files of one import are replaced together or not at all.
"""

from __future__ import annotations

import csv
import io
import re
import time as clock
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Callable

from . import atomic, sheet as sh
from ..records import tables, yamlio
from ..records import ledger as ledger_mod
from ..text import messages as msg
from .directory import Directory, person_key
from ..records.load import LEDGER_SUFFIXES, Paths
from ..text.messages import Problem
from ..records.schema import LEDGER_FIELDS, Bad, closest

MAX_LISTED = ledger_mod.MAX_LISTED
MAX_HOURS = ledger_mod.MAX_HOURS_PER_ROW
OLDEST_YEAR = 1949
# A duplicate is a row whose date, volunteer, hours, category, project and people served all agree.
KEY_FIELDS = 6
# What a column can hold; `name` and `organization` find the volunteer's id, `ignore` skips a column.
FIELDS = ("date", "volunteer", "name", "organization", "hours", "minutes", "category", "project",
          "beneficiaries", "points", "note", "checkin", "checkout", "activity", "ignore")

# Header names understood without any set-up (compared without spaces, case or full-width forms).
COLUMNS = {
    **ledger_mod.HEADER_ALIASES,
    **{f: f for f in FIELDS},
    "服务时间": "date", "活动日期": "date", "活动时间": "date",
    "姓名": "name", "志愿者姓名": "name", "志愿者": "name", "名字": "name",
    "单位": "organization", "所在单位": "organization", "工作单位": "organization",
    "所属单位": "organization", "组织": "organization", "所在组织": "organization",
    "所属组织": "organization", "单位/组织": "organization", "id": "volunteer",
    "服务时数": "hours", "时数": "hours", "小时数": "hours", "服务小时": "hours",
    "服务小时数": "hours", "志愿服务时长": "hours",
    "分钟": "minutes", "分钟数": "minutes", "服务分钟": "minutes", "服务分钟数": "minutes",
    "服务类型": "category", "服务领域": "category", "类型": "category",
    "项目名称": "project", "活动项目": "project",
    "受益人次": "beneficiaries", "受益人数": "beneficiaries", "服务人数": "beneficiaries",
    "服务对象人次": "beneficiaries",
    "服务内容": "note", "活动内容": "note", "说明": "note",
    "序号": "ignore", "行号": "ignore",
    # the check-in exports of volunteer platforms (志愿汇, 中国志愿服务网, i志愿):
    # date and hours come from the times someone signed in and out
    "签到时间": "checkin", "签到": "checkin", "签到日期时间": "checkin",
    "签退时间": "checkout", "签退": "checkout", "签退日期时间": "checkout",
    "活动名称": "activity", "活动": "activity", "活动标题": "activity",
}
# A 服务时长 beside check-in and check-out times is the platform's credited hours: used when it is
# no longer than the time between them (a lunch break taken off, rounded down to half hours),
# with this much slack for rounding up to the next quarter of an hour; longer is an error.
CHECKIN_SLACK = 0.25
MINUTE_UNITS = ("分钟", "分", "min", "mins", "minutes")

_HOURS = re.compile(
    r"^(?:(\d+(?:\.\d+)?)(?:个)?(半)?(?:小时|钟头|时|h|hr|hrs|hours?))?"
    r"(?:(\d+(?:\.\d+)?)(?:分钟|分|min|mins|minutes?|m))?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_NUMBER = re.compile(r"[零一二两三四五六七八九十]+")


def _arabic(match: re.Match) -> str:
    """两 → 2, 十二 → 12, 二十四 → 24, 四十五 → 45 (enough for hours and minutes)."""
    s = match.group(0)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return str(_DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0))
    return "".join(str(_DIGITS[c]) for c in s if c in _DIGITS)


_COUNT = re.compile(r"^(\d+)(?:人次|人)?$")


def parse_hours(value, minutes: bool = False) -> float:
    """Hours from a cell: 2, 1.5, 2小时, 90分钟, 1小时30分, 1个半小时, 半小时, 1:30 (a time cell too)."""
    if isinstance(value, time):
        return value.hour + value.minute / 60 + value.second / 3600
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value / 60 if minutes else float(value)
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).lower()
    s = _CHINESE_NUMBER.sub(_arabic, s)
    if s == "半小时":
        return 0.5
    try:
        n = float(s)
    except ValueError:
        pass
    else:
        if n == n:
            return n / 60 if minutes else n
    m = _CLOCK.match(s)
    if m:
        return int(m.group(1)) + int(m.group(2)) / 60
    m = _HOURS.match(s)
    if s and m and (m.group(1) or m.group(3)):
        hours = float(m.group(1) or 0) + (0.5 if m.group(2) else 0)
        return hours + float(m.group(3) or 0) / 60
    raise Bad("import.hours", value=sh.shown(value))


_STAMP = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ t]*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}(?:\.\d+)?)秒?)?)?$")


_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$")


def parse_stamp(value, epoch=sh.EXCEL_EPOCH, day: date | None = None) -> datetime:
    """A check-in or check-out time: a date-and-time cell, an Excel serial with a fraction
    (45721.35), or text such as 2026-03-05 08:30, 2026/3/5 8:30:00 or 2026年3月5日 8:30; a time
    alone (8:30, a time cell) on `day`, the sheet's 日期. A date without a time is refused:
    the hours come from the times."""
    if day is not None:
        if isinstance(value, time):
            return datetime.combine(day, value).replace(microsecond=0)
        m = _TIME.match(unicodedata.normalize("NFKC", str(value)).strip())
        if m and int(m.group(1)) < 24 and int(m.group(2)) < 60 and int(m.group(3) or 0) < 60:
            return datetime(day.year, day.month, day.day, int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value <= sh.MAX_SERIAL and not float(value).is_integer():
            return (epoch + timedelta(seconds=round(float(value) * 86400))).replace(microsecond=0)
        raise Bad("import.checkin_time", value=sh.shown(value))
    if isinstance(value, date):
        raise Bad("import.checkin_time", value=sh.shown(value))
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip().lower()
    m = _STAMP.match(s)
    if not m or m.group(4) is None:
        raise Bad("import.checkin_time", value=sh.shown(value))
    y, mo, d, h, mi = (int(m.group(i)) for i in range(1, 6))
    try:
        return datetime(y, mo, d, h, mi, int(float(m.group(6) or 0)))
    except ValueError:
        raise Bad("field.date_impossible", value=sh.shown(value)) from None


def _cached(cache: dict, raw, convert):
    """convert(raw), or the Bad it raised, computed once per distinct cell value."""
    found = cache.get(raw)
    if found is None:
        try:
            found = convert(raw)
        except Bad as bad:
            found = bad
        cache[raw] = found
    return found


def number_text(value: float) -> str:
    """A number as the canonical ledger writes it: 2, 1.5, 1.33 (hundredths at most)."""
    value = round(value, 2) + 0.0
    return f"{value:.2f}".rstrip("0").rstrip(".")


def render(rows) -> bytes:
    """The canonical ledger file of these rows: the full header, rows sorted.

    A cell Excel would run as a formula (a note "=1+2", "@某某") is written with a leading '
    (tables.neutralise); the ledger loader and `existing` read it back as the officer wrote it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(LEDGER_FIELDS)
    writer.writerows(tables.neutral_row(row) for row in sorted(rows))
    return buf.getvalue().encode("utf-8")


def row_list(rows: list[int]) -> msg.Localised:
    """Row numbers for a message: 3、8、12 (and how many more)."""
    shown = [str(r) for r in rows[:10]]
    more = len(rows) - len(shown)
    return msg.Localised("、".join(shown) + (f" 等共 {len(rows)}" if more else ""),
                         ", ".join(shown) + (f" and {more} more" if more else ""))


def column_map(d: Directory) -> tuple[dict, list[Problem]]:
    """Header names → fields: the built-in ones and site.yml's `ledger_columns`, checked."""
    columns = {sh.normalise_header(k): v for k, v in COLUMNS.items()}
    problems: list[Problem] = []
    custom = d.site.get("ledger_columns") if d.site is not None else None
    if custom is None:
        return columns, problems
    line = d.site.line_of("ledger_columns")
    if not isinstance(custom, yamlio.Mapping):
        problems.append(Problem(d.site_rel, line, "ledger_columns", "yaml.not_mapping",
                                {"actual": msg.Localised("其他内容", "something else")}))
        return columns, problems
    for header, value in custom.items():
        target = str(value).strip() if isinstance(value, str) else value
        if target not in FIELDS:
            problems.append(Problem(d.site_rel, custom.line_of(header), "ledger_columns",
                                    "import.columns_field", {
                                        "header": header, "value": value,
                                        "suggestion": msg.suggestion(closest(str(value), FIELDS)),
                                        "choices": ", ".join(FIELDS)}))
        else:
            columns[sh.normalise_header(header)] = target
    return columns, problems


@dataclass
class Result:
    """What an import did, for the summary and the exit code."""

    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)      # (code, params): information, not problems
    rows: int = 0
    written: int = 0
    duplicates: int = 0
    files: list = field(default_factory=list)      # paths changed, relative to the project
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


class _Problems:
    """Row problems, at most MAX_LISTED of each kind, then one line counting the rest."""

    def __init__(self, rel: str, out: list):
        self.rel, self.out, self.counts = rel, out, {}

    def add(self, row, column, code, severity="error", /, **params) -> None:
        n, _ = self.counts.get(code, (0, severity))
        self.counts[code] = (n + 1, severity)
        if n < MAX_LISTED:
            self.out.append(Problem(self.rel, row, column, code, params, severity))

    def finish(self) -> None:
        for code, (n, severity) in self.counts.items():
            if n > MAX_LISTED:
                self.out.append(Problem(self.rel, None, None, "ledger.too_many_errors",
                                        {"count": n - MAX_LISTED}, severity))


_CANON = {  # how a value already in the ledger is written canonically
    "date": lambda self, v: sh.to_date(v).isoformat(),
    "hours": lambda self, v: number_text(float(v)),
    "category": lambda self, v: self.d.categories.get(person_key(v), v),
    "beneficiaries": lambda self, v: str(int(float(v))),
    "points": lambda self, v: number_text(float(v)),
}


class LedgerImport:
    def __init__(self, paths: Paths, d: Directory, today: date):
        self.paths, self.d, self.today = paths, d, today
        self.result = Result()
        self._canon_cache: dict = {}

    # -- the sheet -------------------------------------------------------------------

    def run(self, source: Path, rel: str, sheet_name: str | None = None, dry_run: bool = False,
            progress: Callable[[int, int | None], None] | None = None) -> Result:
        """Import `source`; raises sheet.SheetError when the file cannot be read at all."""
        started = clock.monotonic()
        result = self.result
        columns, problems = column_map(self.d)
        result.problems += problems
        sheet = sh.open_sheet(source, rel, sheet_name)
        try:
            header, rows = sh.find_header(sheet, columns.get)
            if header is None:
                result.problems.append(Problem(rel, None, None, "import.no_header",
                                               {"scan": sh.HEADER_SCAN}))
            else:
                if sheet.name is None:
                    result.notes.append(("import.reading_csv", {"file": rel, "row": header.row}))
                else:
                    result.notes.append(("import.reading", {"sheet": sheet.name, "row": header.row}))
                if sheet.others:
                    result.notes.append(("import.other_sheets", {"others": "、".join(sheet.others)}))
                parsed = self.read_rows(rel, header, rows, sheet, progress)
        finally:
            sheet.close()
        if header is not None and not result.failed:
            self.store(rel, parsed, dry_run)
        result.seconds = clock.monotonic() - started
        return result

    def columns(self, rel: str, header: sh.Header) -> dict | None:
        """Column index of each field; None (with problems) when a needed column is missing."""
        index, ignored = header.index()
        out = self.result.problems
        if ignored:
            out.append(Problem(rel, header.row, None, "import.columns_ignored",
                               {"columns": "、".join(ignored)}, "warning"))
        for fname, cols in index.items():
            if len(cols) > 1 and fname != "note":
                out.append(Problem(rel, header.row, None, "import.column_twice", {
                    "first": header.texts[cols[0]], "second": header.texts[cols[1]], "field": fname}))
        found = "、".join(t for t in header.texts if t) or "-"
        if "checkin" in index or "checkout" in index:  # a check-in export: the times give date and hours
            needs = (("checkin", ("checkin",), "签到时间"), ("checkout", ("checkout",), "签退时间"))
        else:
            needs = (("date", ("date",), "日期"), ("hours", ("hours", "minutes"), "时长"))
        for need, alternatives, example in needs + (("name", ("name", "volunteer"), "姓名"),):
            if not any(a in index for a in alternatives):
                out.append(Problem(rel, header.row, None, "import.column_missing", {
                    "column": example, "row": header.row, "found": found,
                    "example": "ledger_columns: {服务日期: date, 志愿者姓名: name, 服务时长: hours}"}))
        if any(p.is_error for p in out):
            return None
        return index

    def read_rows(self, rel: str, header: sh.Header, rows, sheet: sh.Sheet, progress) -> list:
        """Each data row checked and resolved: (row number, canonical row)."""
        index = self.columns(rel, header)
        if index is None:
            return []
        absent = len(header.texts)  # the index of a column the sheet does not have: always empty
        texts = header.texts + [""]
        first = {f: cols[0] for f, cols in index.items()}
        c_date, c_vid, c_name, c_org, c_cat, c_proj, c_ben, c_pts, c_in, c_out, c_act = (
            first.get(f, absent) for f in ("date", "volunteer", "name", "organization", "category",
                                           "project", "beneficiaries", "points", "checkin", "checkout",
                                           "activity"))
        if "hours" in first:
            c_hours, in_minutes = first["hours"], header.units[first["hours"]] in MINUTE_UNITS
        elif "minutes" in first:
            c_hours, in_minutes = first["minutes"], True
        else:
            c_hours, in_minutes = absent, False
        checkins = c_in != absent
        note_cols = index.get("note", [])
        used = sorted(i for cols in index.values() for i in cols)

        def to_day(raw) -> str:
            if not sh.filled(raw):
                raise Bad("import.cell_empty", column=texts[c_date])
            day = sh.to_date(raw, sheet.epoch)
            return check_day(day)

        def check_day(day: date) -> str:
            if day.year < OLDEST_YEAR:
                raise Bad("import.date_old", value=day.isoformat())
            if day > self.today:
                raise Bad("field.future", value=day.isoformat(), today=self.today.isoformat())
            return day.isoformat()

        def to_hours(raw) -> str:
            if not sh.filled(raw):
                raise Bad("import.cell_empty", column=texts[c_hours])
            h = parse_hours(raw, in_minutes)
            if h < 0:
                raise Bad("field.negative", value=sh.shown(raw))
            if h > MAX_HOURS:
                raise Bad("ledger.hours_absurd", value=number_text(h))
            return number_text(h)

        def stamp(raw, column: int, on: date | None) -> datetime:
            if not sh.filled(raw):
                raise Bad("import.cell_empty", column=texts[column])
            return parse_stamp(raw, sheet.epoch, on)

        stamps: dict = {}

        def checked_in(number: int, cells) -> tuple | None:
            """(date, hours) of a check-in row, or None with its problems added."""
            on = None  # times alone (8:30) are on the day of the 日期 column, when there is one
            if c_date != absent and sh.filled(cells[c_date]):
                found = _cached(dates, cells[c_date], lambda raw: sh.to_date(raw, sheet.epoch).isoformat())
                if isinstance(found, Bad):
                    problems.add(number, texts[c_date], found.code, **found.params)
                    return None
                on = date.fromisoformat(found)
            start = _cached(stamps, (cells[c_in], on), lambda key: stamp(key[0], c_in, key[1]))
            if isinstance(start, Bad):
                problems.add(number, texts[c_in], start.code, **start.params)
            end = _cached(stamps, (cells[c_out], on), lambda key: stamp(key[0], c_out, key[1])) \
                if sh.filled(cells[c_out]) else Bad("import.checkout_missing", column=texts[c_out])
            if isinstance(end, Bad):
                if end.code == "import.checkout_missing" and isinstance(start, datetime):
                    end.params["start"] = start.isoformat(" ", "minutes")
                elif end.code == "import.checkout_missing":
                    end.params["start"] = sh.shown(cells[c_in]) or "—"
                problems.add(number, texts[c_out], end.code, **end.params)
            if isinstance(start, Bad) or isinstance(end, Bad):
                return None
            shown = {"start": start.isoformat(" ", "minutes"), "end": end.isoformat(" ", "minutes")}
            if end < start:
                problems.add(number, texts[c_out], "import.checkout_before", **shown)
                return None
            if end.date() != start.date():
                problems.add(number, texts[c_out], "import.checkin_days",
                             hours=number_text((end - start).total_seconds() / 3600), **shown)
                return None
            try:
                day = check_day(start.date())
            except Bad as bad:
                problems.add(number, texts[c_in], bad.code, **bad.params)
                return None
            span = (end - start).total_seconds() / 3600
            if c_hours != absent and sh.filled(cells[c_hours]):
                credited = _cached(hours_cache, cells[c_hours], to_hours)
                if isinstance(credited, Bad):
                    problems.add(number, texts[c_hours], credited.code, **credited.params)
                    return None
                if float(credited) > span + CHECKIN_SLACK:
                    problems.add(number, texts[c_hours], "import.checkin_hours", hours=credited,
                                 span=number_text(span), **shown)
                    return None
                return day, credited
            return day, number_text(span)

        problems = _Problems(rel, self.result.problems)
        groups: dict[tuple, list[int]] = {}
        dates: dict = {}
        hours_cache: dict = {}
        people: dict = {}
        out = []
        for number, cells in sh.data_rows(rows, header, used):
            if number % 2000 == 0 and progress:
                progress(number, sheet.total)
            self.result.rows += 1
            # Every cell is checked, so that one run lists all that is wrong with a row.
            ok = True
            if checkins:
                found = checked_in(number, cells)
                ok = found is not None
                day, hours = found or ("", "")
            else:
                day = _cached(dates, cells[c_date], to_day)
                if isinstance(day, Bad):
                    problems.add(number, texts[c_date], day.code, **day.params)
                    ok = False
                hours = _cached(hours_cache, cells[c_hours], to_hours)
                if isinstance(hours, Bad):
                    problems.add(number, texts[c_hours], hours.code, **hours.params)
                    ok = False
            who = (sh.text(cells[c_vid]), sh.text(cells[c_name]), sh.text(cells[c_org]))
            vol = people.get(who)
            if vol is None:
                vol = people[who] = self.resolve(*who, c_vid, c_name if c_name != absent else c_vid)
            if isinstance(vol, tuple):
                groups.setdefault(vol, []).append(number)
                ok = False
            category = self.lookup(cells[c_cat], "category", c_cat, number, groups)
            project = self.lookup(cells[c_proj], "project", c_proj, number, groups)
            activity = sh.text(cells[c_act])
            if activity and project == "":  # an activity named like a project is that project
                project = self.d.projects.get(person_key(activity), "")
                if project:
                    activity = ""
            ok = ok and category is not None and project is not None
            values = []
            for column, read in ((c_ben, self.count), (c_pts, self.points)):
                try:
                    values.append(read(cells[column]))
                except Bad as bad:
                    problems.add(number, texts[column], bad.code, **bad.params)
                    ok = False
            if not ok:
                continue
            ben, pts = values
            note = "；".join(t for t in [activity] + [sh.text(cells[i]) for i in note_cols] if t)
            note = re.sub(r"\s*[\r\n]+\s*", " ", note)
            out.append((number, (day, vol, hours, category, project, ben, pts, note)))
        problems.finish()
        self.report_groups(rel, groups, texts)
        return out

    # -- names to ids -------------------------------------------------------------------

    def resolve(self, vid: str, name: str, org: str, c_vid: int, c_name: int):
        """The volunteer's id, or a tuple naming the problem (rows with it are grouped)."""
        d = self.d
        name = person_key(name)
        if vid:
            if vid not in d.volunteers:
                return ("unknown_id", c_vid, vid)
            person = d.volunteers[vid]
            if name and person.name and person_key(name) != person_key(person.name):
                return ("mismatch", c_name, name, vid, person.name)
            return vid
        if not name:
            return ("empty", c_name)
        ids = d.by_name.get(person_key(name), [])
        if not ids and name in d.volunteers:  # an id typed into the name column
            return name
        if len(ids) > 1 and org:
            unit = d.organization(org)
            if unit is not None:
                below = d.under(unit)
                ids = [i for i in ids if d.volunteers[i].organization in below] or ids
        if len(ids) == 1:
            return ids[0]
        if not ids:
            return ("unknown_name", c_name, name)
        return ("ambiguous", c_name, name, tuple(ids))

    def lookup(self, value, kind: str, col: int, number: int, groups):
        """A category or project id from its id or name; '' when empty, None when unknown."""
        if not sh.filled(value):
            return ""
        table = self.d.categories if kind == "category" else self.d.projects
        key = person_key(sh.text(value))
        found = table.get(key)
        if found is None:
            groups.setdefault(("unknown", col, sh.text(value), kind), []).append(number)
        return found

    @staticmethod
    def count(value) -> str:
        if not sh.filled(value):
            return ""
        s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", sh.text(value)))
        m = _COUNT.match(s)
        if not m:
            raise Bad("import.count", value=sh.shown(value))
        return str(int(m.group(1)))

    @staticmethod
    def points(value) -> str:
        if not sh.filled(value):
            return ""
        try:
            p = float(unicodedata.normalize("NFKC", sh.text(value)))
            if p < 0 or p != p:
                raise ValueError
        except ValueError:
            raise sh.number_error(value, "number") from None
        return number_text(p)

    def report_groups(self, rel: str, groups: dict, texts) -> None:
        d, out = self.d, self.result.problems
        for key, rows in sorted(groups.items(), key=lambda kv: kv[1][0]):
            kind, col = key[0], key[1]
            column = texts[col] or None
            params = {"rows": row_list(rows)}
            if kind == "unknown_name":
                guess = closest(key[2], [p.name for p in d.volunteers.values() if p.name])
                code, params = "import.unknown_name", {**params, "value": key[2],
                                                        "suggestion": msg.suggestion(guess)}
            elif kind == "unknown_id":
                code, params = "import.unknown", {**params, "value": key[2], "kind": msg.kind("volunteer"),
                                                  "suggestion": msg.suggestion(closest(key[2], d.volunteers))}
            elif kind == "unknown":
                table = d.categories if key[3] == "category" else d.projects
                code, params = "import.unknown", {**params, "value": key[2], "kind": msg.kind(key[3]),
                                                  "suggestion": msg.suggestion(closest(key[2], table))}
            elif kind == "mismatch":
                code, params = "import.name_mismatch", {**params, "value": key[2], "id": key[3],
                                                        "expected": key[4]}
            elif kind == "ambiguous":
                listed = "、".join(f"{i}（{d.org_label(d.volunteers[i].organization)}）" for i in key[3])
                code, params = "import.ambiguous_name", {**params, "value": key[2], "count": len(key[3]),
                                                         "candidates": listed}
            else:
                code, params = "import.volunteer_empty", params
            out.append(Problem(rel, rows[0], column, code, params))

    # -- data/records ---------------------------------------------------------------------

    def existing(self):
        """Rows already in data/records: (key → where it is, year → rows of <year>.csv)."""
        known: dict[tuple, tuple[str, int]] = {}
        years: dict[str, list] = {}
        folder = self.paths.data / "records"
        if not folder.is_dir():
            return known, years
        for path in sorted(folder.iterdir()):
            if (path.name.startswith((".", "~$")) or not path.is_file()
                    or path.suffix.lower() not in LEDGER_SUFFIXES):
                continue
            rel = self.paths.rel(path)
            target = re.fullmatch(r"\d{4}\.csv", path.name) is not None
            rows = self.read_existing(path, rel, target)
            if rows is None:
                continue
            for line, row in rows:
                known.setdefault(tuple(row[:KEY_FIELDS]), (rel, line))
            if target:
                years[path.stem] = [row for _, row in rows]
        return known, years

    def read_existing(self, path: Path, rel: str, target: bool):
        """(line, canonical row) of a ledger file; None when it is not readable as one.

        A file this import would rewrite must be readable entirely, or nothing is written."""
        problems: list[Problem] = []
        text = yamlio.read_text(path, rel, problems, ledger_mod.MAX_LEDGER_BYTES)
        rows: list = []
        if text is not None and path.suffix.lower() == ".csv":
            reader = tables.rows(text)
            try:
                _, header = next(reader, (1, None))
                index = ledger_mod._columns(header, rel, problems) if header else {}
                if index is not None:
                    for line, cells in reader:
                        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                            problems.append(Problem(rel, line, None, "ledger.row_length",
                                                    {"got": len(cells), "expected": len(header)}))
                        elif any(c.strip() for c in cells):
                            rows.append((line, self.canonical(
                                {f: tables.restore(cells[i].strip()) for f, i in index.items()
                                 if i < len(cells)})))
            except tables.CsvBroken as broken:
                problems.append(Problem(rel, broken.line, None, broken.code, broken.params))
        elif text is not None:
            data = yamlio.parse(text, rel, problems)
            if isinstance(data, yamlio.Sequence):
                for i, item in enumerate(data):
                    if isinstance(item, yamlio.Mapping):
                        rows.append((data.line_of(i), self.canonical(
                            {k: "" if v is None else str(v).strip() for k, v in item.items()})))
        errors = [p for p in problems if p.is_error]
        if target and errors:
            self.result.problems += errors
            self.result.problems.append(Problem(rel, None, None, "import.target_invalid"))
            return None
        return rows

    def canonical(self, vals: dict) -> tuple:
        """A row already in the ledger, in canonical form where its values allow (else as written)."""
        return tuple(self._canon(f, vals.get(f, "")) if f in _CANON else vals.get(f, "")
                     for f in LEDGER_FIELDS)

    def _canon(self, fname: str, value: str) -> str:
        key = (fname, value)
        found = self._canon_cache.get(key)
        if found is None:
            try:
                found = _CANON[fname](self, value) if value else ""
            except (Bad, ValueError):
                found = value
            self._canon_cache[key] = found
        return found

    def store(self, rel: str, parsed: list, dry_run: bool) -> None:
        """Skip duplicates, then write each year's file (all of them, or none)."""
        result = self.result
        known, years = self.existing()
        if result.failed:
            return
        seen: dict[tuple, int] = {}
        new: dict[str, list] = {}
        repeats, already = [], []
        for number, row in parsed:
            key = row[:KEY_FIELDS]
            if key in seen:
                repeats.append((number, seen[key]))
            elif key in known:
                already.append((number, known[key]))
            else:
                seen[key] = number
                new.setdefault(row[0][:4], []).append(row)
        result.duplicates = len(repeats) + len(already)
        self.report_duplicates(rel, repeats, already, len(parsed))
        contents = {}
        for year, rows in sorted(new.items()):
            path = self.paths.data / "records" / f"{year}.csv"
            data = render(years.get(year, []) + rows)
            if not path.exists() or path.read_bytes() != data:
                contents[path] = data
            result.written += len(rows)
        result.files = [self.paths.rel(p) for p in contents]
        if not dry_run and contents:
            try:
                atomic.write_files(contents)
            except OSError as exc:  # a read-only project or data/records (all files or none are written)
                folder = self.paths.rel(next(iter(contents)).parent)
                result.problems.append(Problem(folder, None, None, "import.unwritable",
                                               {"folder": folder, "detail": exc.strerror or str(exc)}))
                result.files = []

    def report_duplicates(self, rel: str, repeats, already, total) -> None:
        result = self.result
        problems = _Problems(rel, result.problems)
        for number, first in repeats:
            problems.add(number, None, "import.duplicate_row", "warning", first=first)
        if already and len(already) == total:
            result.notes.append(("import.all_known", {"rows": total}))
        else:
            for number, (where, line) in already:
                problems.add(number, None, "import.duplicate_known", "warning", file=where, line=line)
        problems.finish()
