"""`showcase new volunteer|team|project|honor ID`: a record file to fill in, a comment on each field.

The templates live in templates/ beside this module. The id is checked (an
ASCII slug, or a year for an honor list) and an existing file is never
overwritten. Required fields are filled with something valid (the first
organisation, the given name), so the new file passes `showcase validate`
at once, and a new volunteer stays off the site until consent is recorded.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from string import Template

from . import atomic, slug
from ..text import fmt
from .directory import Directory
from ..records.schema import ID_RE, Bad
from .yamledit import dump_value

KINDS = {"volunteer": "volunteers", "team": "teams", "project": "projects", "honor": "honors"}
TEMPLATES = Path(__file__).parent / "templates"
CONSENT_COMMENT = ("# 本人同意公开之前，网站上不会出现此人。取得本人同意后把 publish 改成 true；"
                   "同意公开照片再把 photo 改成 true。")
PLACEHOLDER_NAMES = {"volunteer": "（请填写姓名）", "team": "（请填写服务队名称）",
                     "project": "（请填写项目名称）", "honor": ""}
MAX_CHOICES = 8


class ScaffoldError(Bad):
    """A kind, id or file `showcase new` cannot use."""


def _choices(table: dict[str, str]) -> str:
    listed = [f"{i}（{n}）" if n and n != i else i for i, n in list(table.items())[:MAX_CHOICES]]
    more = "……" if len(table) > MAX_CHOICES else ""
    return "、".join(listed) + more if listed else "（还没有，请先在 data/organizations.yml 里添加）"


def check_id(kind: str, record_id: str) -> None:
    """Raise ScaffoldError unless `record_id` can name a `kind` (a year for honors)."""
    if kind not in KINDS:
        raise ScaffoldError("new.kind", kind=kind)
    if kind == "honor":
        if not (re.fullmatch(r"\d{4}", record_id) and 1949 <= int(record_id) <= 2100):
            raise ScaffoldError("new.year", value=record_id)
    elif not ID_RE.match(record_id):
        raise ScaffoldError("new.id", value=record_id, suggestion=slug.name_slug(record_id, "zhang-san"))


def render(kind: str, record_id: str, d: Directory, today: date, name: str | None = None) -> str:
    orgs = {oid: n for oid, (n, _, _) in d.organizations.items()}
    categories = {cid: next((n for n, i in d.categories.items() if i == cid and n != cid), cid)
                  for cid in dict.fromkeys(d.categories.values())}
    values = {
        "id": record_id, "year": record_id, "today": today.isoformat(),
        "name": dump_value(name or PLACEHOLDER_NAMES[kind]),
        "organization": next(iter(orgs), "请填写组织编号"), "org_choices": _choices(orgs),
        "category": next(iter(categories), ""), "category_choices": _choices(categories),
        "consent_comment": CONSENT_COMMENT,
    }
    text = Template((TEMPLATES / f"{kind}.yml").read_text(encoding="utf-8")).substitute(values)
    return "".join(align(line) for line in text.splitlines(keepends=True))


_COMMENTED = re.compile(r"^(\S.*?\S)[ \t]{2,}(# .*\n?)$")
COMMENT_COLUMN = 30


def align(line: str) -> str:
    """Line up a comment at the end of a line once the placeholders are filled in."""

    m = _COMMENTED.match(line)
    if not m:
        return line
    pad = max(2, COMMENT_COLUMN - fmt.display_width(m.group(1)))
    return m.group(1) + " " * pad + m.group(2)


def create(kind: str, record_id: str, d: Directory, today: date, name: str | None = None) -> Path:
    """Write the new record file; raises ScaffoldError for a bad id or an existing file."""
    check_id(kind, record_id)
    folder = d.paths.data / KINDS[kind]
    existing = [p for p in folder.glob(f"{record_id}.*") if p.suffix.lower() in (".yml", ".yaml")] \
        if folder.is_dir() else []
    path = folder / f"{record_id}.yml"
    text = render(kind, record_id, d, today, name)
    if existing or not atomic.write_new(path, text.encode("utf-8")):
        raise ScaffoldError("new.exists", file=d.paths.rel(existing[0] if existing else path))
    return path
