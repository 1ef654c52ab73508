"""`showcase import roster`: the roster (花名册) → one data/volunteers/<id>.yml per person.

A row becomes name, gender, status, organization (its id, found by the unit's
name), teams, post, specialties and joined; phone, ID number, address and email
go under `private:`, which never reaches the site. A new record is not
published until the officer records consent (`consent: {publish: false}`).

A row is the same person as an existing record when its 编号 column names
that record, or its ID number matches, or name and unit match. Existing
records are left alone unless `--update` is given; then only the fields the
roster fills are changed, line by line, keeping the file's comments. With any
error in the roster nothing is written.
"""

from __future__ import annotations

import re
import time as clock
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import atomic, slug
from ..records import yamlio
from .scaffold import CONSENT_COMMENT
from ..text import messages as msg
from . import sheet as sh
from .directory import Directory, person_key
from .importer import COLUMNS as LEDGER_COLUMNS, Result as _Result, _Problems, row_list
from ..records.load import Paths
from ..text.messages import Problem
from ..records.types import STATUSES
from ..records.schema import ID_RE, Bad, closest
from .yamledit import EditError, dump_mapping, set_fields

ROSTER_COLUMNS = {
    **{k: v for k, v in LEDGER_COLUMNS.items() if v in ("name", "organization", "ignore")},
    "编号": "id", "志愿者编号": "id", "id": "id",
    "性别": "gender", "政治面貌": "status",
    "岗位": "post", "志愿岗位": "post", "服务岗位": "post", "职务": "post",
    "特长": "specialties", "专长": "specialties", "技能": "specialties", "特长/技能": "specialties",
    "手机": "phone", "电话": "phone", "手机号": "phone", "手机号码": "phone", "联系电话": "phone",
    "联系方式": "phone", "手机/电话": "phone",
    "身份证号": "id_number", "身份证号码": "id_number", "身份证": "id_number", "公民身份号码": "id_number",
    "邮箱": "email", "电子邮箱": "email", "email": "email",
    "住址": "address", "地址": "address", "家庭住址": "address", "居住地址": "address", "现住址": "address",
    "加入时间": "joined", "入队时间": "joined", "注册时间": "joined", "注册日期": "joined", "加入日期": "joined",
    "服务队": "teams", "所在服务队": "teams", "所属服务队": "teams",
}
PRIVATE = ("phone", "id_number", "address", "email")
PUBLIC_ORDER = ("name", "gender", "status", "organization", "teams", "post", "specialties", "joined")

STATUS_WORDS = {
    "中共党员": "党员", "共产党员": "党员", "党员": "党员", "中国共产党党员": "党员",
    "中共预备党员": "预备党员", "预备党员": "预备党员",
    "入党积极分子": "入党积极分子", "积极分子": "入党积极分子",
    "共青团员": "共青团员", "团员": "共青团员", "共青团": "共青团员",
    "群众": "群众",
}
GENDER_WORDS = {"男": "男", "男性": "男", "女": "女", "女性": "女", "m": "男", "f": "女"}
PRIVATE_COMMENT = "   # 仅内部留存，不会出现在网站上"


@dataclass
class Result(_Result):
    created: list = field(default_factory=list)    # (path, name)
    updated: list = field(default_factory=list)    # (path, fields)
    unchanged: int = 0


@dataclass
class Person:
    row: int
    values: dict            # public fields
    private: dict
    id: str | None = None   # from the 编号 column


class RosterImport:
    def __init__(self, paths: Paths, d: Directory):
        self.paths, self.d = paths, d
        self.result = Result()

    def run(self, source: Path, rel: str, sheet_name: str | None = None, update: bool = False,
            dry_run: bool = False) -> Result:
        started = clock.monotonic()
        result = self.result
        sheet = sh.open_sheet(source, rel, sheet_name)
        try:
            header, rows = sh.find_header(sheet, {sh.normalise_header(k): v
                                                  for k, v in ROSTER_COLUMNS.items()}.get)
            people = self.read(rel, header, rows, sheet) if header else []
        finally:
            sheet.close()
        if header is None:
            result.problems.append(Problem(rel, None, None, "roster.no_header", {"scan": sh.HEADER_SCAN}))
        contents = self.plan(rel, people, update)
        if not result.failed and contents and not dry_run:
            atomic.write_files(contents)
        result.seconds = clock.monotonic() - started
        return result

    # -- reading --------------------------------------------------------------------

    def read(self, rel: str, header: sh.Header, rows, sheet: sh.Sheet) -> list[Person]:
        result = self.result
        index, ignored = header.index()
        if ignored:
            result.problems.append(Problem(rel, header.row, None, "roster.columns_ignored",
                                           {"columns": "、".join(ignored)}, "warning"))
        found = "、".join(t for t in header.texts if t) or "-"
        for need, example in (("name", "姓名"), ("organization", "单位")):
            if need not in index:
                result.problems.append(Problem(rel, header.row, None, "roster.column_missing",
                                               {"column": example, "row": header.row, "found": found}))
        if result.failed:
            return []
        absent = len(header.texts)
        col = {f: cols[0] for f, cols in index.items()}
        texts = header.texts
        problems = _Problems(rel, result.problems)
        groups: dict[tuple, list[int]] = {}
        people = []
        for number, cells in sh.data_rows(rows, header, sorted(col.values())):
            def cell(name):
                return cells[col.get(name, absent)]

            result.rows += 1
            values, private, ok = {}, {}, True
            name = sh.text(cell("name"))
            if not name:
                problems.add(number, texts[col["name"]], "import.cell_empty", column=texts[col["name"]])
                continue
            values["name"] = person_key(name)
            unit = sh.text(cell("organization"))
            org = self.d.organization(unit) if unit else None
            if not unit:
                problems.add(number, texts[col["organization"]], "import.cell_empty",
                             column=texts[col["organization"]])
                ok = False
            elif org is None:
                groups.setdefault(("organization", unit), []).append(number)
                ok = False
            else:
                values["organization"] = org
            for fname, table in (("gender", GENDER_WORDS), ("status", STATUS_WORDS)):
                raw = sh.text(cell(fname))
                if raw:
                    value = table.get(unicodedata.normalize("NFKC", raw).lower().replace(" ", ""))
                    if value is None:
                        choices = "、".join(STATUSES) if fname == "status" else "男、女"
                        problems.add(number, texts[col[fname]], "roster.value_left_out", "warning",
                                     value=raw, choices=choices)
                    else:
                        values[fname] = value
            if "teams" in col and sh.filled(cell("teams")):
                teams = []
                for t in _split(sh.text(cell("teams"))):
                    tid = self.d.teams.get(person_key(t))
                    if tid is None:
                        groups.setdefault(("team", t), []).append(number)
                        ok = False
                    elif tid not in teams:
                        teams.append(tid)
                values["teams"] = teams
            if sh.text(cell("post")):
                values["post"] = sh.text(cell("post"))
            if sh.text(cell("specialties")):
                values["specialties"] = list(dict.fromkeys(_split(sh.text(cell("specialties")))))
            if sh.filled(cell("joined")):
                try:
                    values["joined"] = sh.to_date(cell("joined"), sheet.epoch)
                except Bad as bad:
                    problems.add(number, texts[col["joined"]], bad.code, **bad.params)
                    ok = False
            for fname in PRIVATE:
                raw = cell(fname)
                if not sh.filled(raw):
                    continue
                if fname == "id_number" and isinstance(raw, (int, float)) and abs(raw) >= 1e14:
                    problems.add(number, texts[col[fname]], "roster.id_number_numeric", "warning",
                                 value=f"{Decimal(f'{raw:.15g}'):f}")  # as Excel shows it: 15 digits
                    continue
                value = sh.text(raw)
                private[fname] = value.upper() if fname == "id_number" else value
            pid = sh.text(cell("id")) or None
            if pid is not None and not ID_RE.match(pid):
                problems.add(number, texts[col["id"]], "field.id", value=pid)
                ok = False
            if ok:
                people.append(Person(number, values, private, pid))
        problems.finish()
        for (kind, value), numbers in sorted(groups.items(), key=lambda kv: kv[1][0]):
            known = self.d.organization_names() if kind == "organization" else self.d.teams
            result.problems.append(Problem(rel, numbers[0], texts[col[kind]], "import.unknown", {
                "value": value, "kind": msg.kind(kind), "rows": row_list(numbers),
                "suggestion": msg.suggestion(closest(value, known))}))
        return people

    # -- matching and writing ---------------------------------------------------------

    def match(self, p: Person) -> str | tuple | None:
        """The existing record this row is about: its id, None for a new person, or a tuple (ambiguous)."""
        d = self.d
        if p.id:
            return p.id if p.id in d.volunteers else None
        number = p.private.get("id_number")
        if number:
            for person in d.volunteers.values():
                if person.id_number == number:
                    return person.id
        same = [i for i in d.by_name.get(person_key(p.values["name"]), [])
                if d.volunteers[i].organization == p.values.get("organization")]
        if len(same) > 1:
            return tuple(same)
        return same[0] if same else None

    def plan(self, rel: str, people: list[Person], update: bool) -> dict:
        """New file contents by path; reports what will be created, updated or left alone."""
        result, d = self.result, self.d
        problems = _Problems(rel, result.problems)
        folder = self.paths.data / "volunteers"
        taken = {p.stem for p in folder.glob("*")} if folder.is_dir() else set()
        taken |= set(d.volunteers)
        earlier_rows: dict[tuple, list[Person]] = {}
        contents: dict[Path, bytes] = {}
        for p in people:
            keys = _keys(p)
            earlier = next((q for k in keys for q in earlier_rows.get(k, ()) if _same(p, q)), None)
            if earlier is not None:
                problems.add(p.row, None, "roster.same_person", first=earlier.row)
                continue
            for k in keys:
                earlier_rows.setdefault(k, []).append(p)
            found = self.match(p)
            if isinstance(found, tuple):
                problems.add(p.row, None, "roster.ambiguous", value=p.values["name"],
                             files="、".join(d.volunteers[i].rel for i in found))
                continue
            if found is None:
                self.create(p, rel, taken, contents)
                continue
            person = d.volunteers[found]
            if not update:
                problems.add(p.row, None, "roster.exists", "warning", name=p.values["name"], file=person.rel)
                result.unchanged += 1
                continue
            self.change(p, person, rel, contents, problems)
        problems.finish()
        return contents

    def create(self, p: Person, rel: str, taken: set, contents: dict) -> None:
        d = self.d
        pid = p.id or slug.unique(slug.name_slug(p.values["name"]), taken)
        taken.add(pid)
        for other in d.by_name.get(person_key(p.values["name"]), []):
            self.result.problems.append(Problem(rel, p.row, None, "roster.namesake", {
                "name": p.values["name"], "file": d.volunteers[other].rel,
                "unit": d.org_label(d.volunteers[other].organization), "new": f"{pid}.yml", "id": other,
            }, "warning"))
        path = self.paths.data / "volunteers" / f"{pid}.yml"
        values = {k: p.values[k] for k in PUBLIC_ORDER if k in p.values}
        lines = [f"# 志愿者：{p.values['name']}。由花名册 {Path(rel).name} 第 {p.row} 行导入；"
                 f"文件名 {pid}.yml 就是编号。"]
        lines += dump_mapping(values)
        lines += [CONSENT_COMMENT, "consent: {publish: false, photo: false}"]
        if p.private:
            lines += [f"private:{PRIVATE_COMMENT}"] + dump_mapping(p.private, "  ")
        contents[path] = ("\n".join(lines) + "\n").encode("utf-8")
        self.result.created.append((self.paths.rel(path), p.values["name"]))

    def change(self, p: Person, person, rel: str, contents: dict, problems: _Problems) -> None:
        path = self.paths.root / person.rel
        text = path.read_text(encoding="utf-8")
        current = yamlio.parse(text, person.rel, [])  # a mapping: the directory took only those
        updates: dict = {k: v for k, v in p.values.items()
                         if _plain(current.get(k)) != _plain(v)}
        private = current.get("private") if isinstance(current.get("private"), dict) else {}
        changed_private = {k: v for k, v in p.private.items() if _plain(private.get(k)) != v}
        if changed_private:
            updates["private"] = changed_private
        if not updates:
            self.result.unchanged += 1
            return
        try:
            new = set_fields(text, updates)
        except EditError:
            problems.add(p.row, None, "roster.update_failed", file=person.rel,
                         fields="、".join(_names(updates)))
            return
        contents[path] = new.encode("utf-8")
        self.result.updated.append((person.rel, "、".join(_names(updates))))


def _keys(p: Person) -> list[tuple]:
    """Where to look for an earlier row about the same person."""
    keys = [("name", person_key(p.values["name"]), p.values.get("organization"))]
    if p.id:
        keys.append(("id", p.id))
    if p.private.get("id_number"):
        keys.append(("number", p.private["id_number"]))
    return keys


def _same(p: Person, q: Person) -> bool:
    """Two roster rows about one person: same 编号, else same ID number, else same name and unit."""
    if p.id or q.id:
        return p.id == q.id
    a, b = p.private.get("id_number"), q.private.get("id_number")
    if a and b:
        return a == b
    return _keys(p)[0] == _keys(q)[0]


def _split(text: str) -> list[str]:
    return [t for t in re.split(r"[、，,；;/\s]+", text) if t]


def _plain(value):
    """A parsed YAML value as the roster would give it (dates and numbers as text for comparing)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _names(updates: dict) -> list[str]:
    return [f"{k}.{sub}" for k, v in updates.items() if isinstance(v, dict) for sub in v] + \
           [k for k, v in updates.items() if not isinstance(v, dict)]
