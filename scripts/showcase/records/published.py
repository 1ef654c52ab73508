"""Every text the site will publish, and what must never be in it.

Not a hand-picked list of fields: every text value of every record kind (titles, names of teams
and projects, partners, highlights, citations, the `*_en` fields of every language…) and every
Markdown page under content/ (stories, index.md, about.md, content/<lang>/…: front matter and
body), searched as a reader will see them (`privacy.inspect`). Left out are only the fields that
are never published: `private`, `consent`, contact fields (`contact…`, the organisation's own
published contact for notices), settings that are not text (dates, numbers, photo file names,
references to ids), `ledger_columns`, and the files of volunteers without consent, of whom
nothing is published. A record with `allow_contact: true` may carry numbers and addresses (its
meaning is unchanged); names of people without consent are refused everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from . import privacy
from . import schema as S
from .load import RawData, RawDoc, read_front_matter
from .types import Records
from .yamlio import Mapping, Sequence, read_text
from ..text import messages as msg
from ..text.messages import Problem

NEVER_PUBLISHED = {"private", "consent", "allow_contact", "ledger_columns"}
NOT_TEXT = {"photo", "date", "boolean", "point", "ref"}
TEXT_FILES = (".txt", ".csv", ".tsv", ".json", ".yml", ".yaml", ".js", ".css")  # in content/, beside the pages
NUMBERS = {"number", "integer"}  # published as figures: scanned only when long enough to be a phone or ID
LONG_NUMBER = 10**6
# Fields of type "raw", checked item by item in validate: the table of their items.
RAW_ITEMS = {"awards": S.AWARD, "recipients": S.RECIPIENT}


# Between the texts of a file looked at together: nothing found runs across it (no digit, letter,
# separator or character of a name).
SEPARATOR = "\n|\n"


def _skipped(key) -> bool:
    key = str(key)
    return key in NEVER_PUBLISHED or key.startswith("contact")


def _value(value, spec, name: str, line: int) -> Iterator[tuple[str, int, str]]:
    """(field, line, text) of each text in one value, as the data contract types it (`spec`
    None: an untyped value, such as a page's own front matter)."""
    kind = spec.type if spec is not None else None
    if kind in NOT_TEXT:
        return
    if kind in NUMBERS:
        if _long_number(value):
            yield name, line, str(value)  # value: 13812345678 in an outcome
        return
    last = name.rsplit(".", 1)[-1]
    if isinstance(value, Mapping):
        fields = spec.fields if kind == "mapping" else RAW_ITEMS.get(last) if kind == "raw" else None
        for key, item in value.items():
            if not _skipped(key):
                yield from _value(item, fields.get(key) if fields else None, f"{last}.{key}",
                                  value.line_of(key))
    elif isinstance(value, Sequence):
        item_spec = spec.item if kind == "list" else S.F("mapping", fields=RAW_ITEMS[last]) \
            if kind == "raw" and last in RAW_ITEMS else None
        for i, item in enumerate(value):
            if kind == "raw" and not isinstance(item, Mapping):
                continue  # a recipient written as an id
            yield from _value(item, item_spec, name, value.line_of(i))
    elif isinstance(value, str):
        yield name, line, value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and kind in ("text", "markdown", None):
        yield name, line, str(value)  # motto: 13812345678 is published as text; so is an untyped value


def _long_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) >= LONG_NUMBER


def _mapping_texts(data, fields) -> Iterator[tuple[str, int, str]]:
    if isinstance(data, Mapping):
        for key, value in data.items():
            if not _skipped(key):
                yield from _value(value, fields.get(key) if fields else None, str(key), data.line_of(key))


_PLANS: dict = {}
_SKIP, _TEXT, _TEXTS, _MAPPINGS, _MAPPING, _ANY, _NUMBER = range(7)


def _plan(fields: dict | None) -> dict:
    """How each key of a table is collected: key -> (how, the plan of its items)."""
    if fields is None:
        return {}
    found = _PLANS.get(id(fields))
    if found is not None and found[0] is fields:
        return found[1]
    plan: dict = {}
    _PLANS[id(fields)] = (fields, plan)  # the table kept beside: its id stays its own
    for key, spec in fields.items():
        kind = spec.type
        if _skipped(key) or kind in NOT_TEXT:
            plan[key] = (_SKIP, None)
        elif kind in NUMBERS:
            plan[key] = (_NUMBER, None)
        elif kind in ("text", "markdown", "id"):
            plan[key] = (_TEXT, None)
        elif kind == "list" and spec.item.type in ("text", "markdown"):
            plan[key] = (_TEXTS, None)
        elif kind == "list" and spec.item.type == "mapping":
            plan[key] = (_MAPPINGS, _plan(spec.item.fields))
        elif kind == "raw" and key in RAW_ITEMS:
            plan[key] = (_MAPPINGS, _plan(RAW_ITEMS[key]))
        elif kind == "mapping":
            plan[key] = (_MAPPING, _plan(spec.fields))
        elif kind == "list":
            plan[key] = (_SKIP, None)  # lists of references or numbers
        else:
            plan[key] = (_ANY, None)
    return plan


def _collect_any(value, out: list) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out.append(str(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            if not _skipped(key):
                _collect_any(item, out)
    elif isinstance(value, list):
        for item in value:
            _collect_any(item, out)


def _collect_mapping(data, plan: dict, out: list) -> None:
    """Every text `_mapping_texts` would yield, without their places: the cheap first look."""
    for key, value in data.items():
        how, sub = plan.get(key) or ((_SKIP, None) if _skipped(key) else (_ANY, None))
        if how == _SKIP:
            continue
        if how == _NUMBER:
            if _long_number(value):
                out.append(str(value))
            continue
        if value.__class__ is str:
            out.append(value)
        elif how == _TEXTS and isinstance(value, list):
            out.extend(v if v.__class__ is str else str(v) for v in value)
        elif how == _MAPPINGS and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _collect_mapping(item, sub, out)
        elif how == _MAPPING and isinstance(value, dict):
            _collect_mapping(value, sub, out)
        elif how == _TEXT and isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append(str(value))
        elif how in (_ANY, _TEXT):
            _collect_any(value, out)


def _allows_contact(data, fields: dict | None) -> bool:
    """`allow_contact: true`, read as validation reads it (a wrong value is an error there)."""
    value = data.get("allow_contact") if isinstance(data, Mapping) else None
    spec = (fields or {}).get("allow_contact") or S.F("boolean")
    try:
        return value is not None and S.convert_value(value, spec, None, "allow_contact", 0) is True
    except S.Bad:
        return False


class _Scan:
    def file_name(self, rel: str, name: str) -> None:
        """A file of content/ is published under its own name, which is in its address and the
        search index: no number and no unconsented name in it either."""
        for hit in privacy.inspect(name, self.names, True):
            shown = hit.shown if hit.kind == "name" else f"{msg.kind(hit.kind).zh}（{hit.shown}）"
            shown_en = hit.shown if hit.kind == "name" else f"{msg.kind(hit.kind).en} ({hit.shown})"
            self.problems.append(Problem(rel, None, None, "privacy.file_name",
                                         {"what": msg.Localised(shown, shown_en)}))

    def __init__(self, names: privacy.Names):
        self.names = names
        self.problems: list[Problem] = []
        self.seen: set = set()

    def text(self, rel: str, name: str | None, line: int | None, text: str, contact: bool,
             first: int | None = None) -> None:
        """Report what `text` holds. `line` is its field's line; `first` the line of its first
        line of text (a body's; by default the field's, or the next for a block scalar `|`)."""
        if not text:
            return
        hits = privacy.inspect(text, self.names, contact)
        if not hits:
            return
        if first is None and line is not None:
            first = line + 1 if "\n" in text else line
        for hit in hits:
            at = None if first is None else first + hit.line
            if hit.kind == "name":
                problem = Problem(rel, at, name, "privacy.unconsented",
                                  {"name": hit.shown, "file": self.names.owner[hit.shown]})
            else:
                problem = Problem(rel, at, name, "privacy.found",
                                  {"kind": msg.kind(hit.kind), "preview": hit.shown})
            key = (rel, at, name, problem.code, hit.shown)
            if key not in self.seen:
                self.seen.add(key)
                self.problems.append(problem)

    def doc(self, doc: RawDoc | None, fields: dict, listed: bool = False, stem: bool = False) -> None:
        """Every text of a file (`stem`: its name too, the address of its page)."""
        if doc is None or doc.data is None:
            return
        items = doc.data if listed and isinstance(doc.data, Sequence) else [doc.data]
        contact = not _allows_contact(doc.data, fields)  # a list file has none
        strings: list[str] = [doc.stem] if stem else []
        plan = _plan(fields)
        for item in items:
            if isinstance(item, Mapping):
                _collect_mapping(item, plan, strings)
        # one look at the whole file first; field by field only where something was found
        if not privacy.inspect(SEPARATOR.join(strings), self.names, contact):
            return
        if stem:
            self.text(doc.rel, "id", None, doc.stem, True)
        for item in items:
            for name, line, text in _mapping_texts(item, fields):
                self.text(doc.rel, name, line, text, contact)

    def page(self, rel: str, data, body: str, body_line: int, fields: dict | None) -> None:
        contact = not _allows_contact(data, fields)
        for name, line, text in _mapping_texts(data, fields):
            self.text(rel, name, line, text, contact)
        self.text(rel, "body", body_line, body, contact, first=body_line)


def names_of(records: Records, raw: RawData) -> privacy.Names:
    hidden, shown = {}, set()
    for v in records.volunteers.values():
        own = [n for n in (v.name, v.name_en) if n]
        if v.consent_publish:
            shown.update(own)
        else:
            for n in own:
                hidden.setdefault(n, v.src.path if v.src else v.id)
    return privacy.Names(hidden, shown)


def pages(content: Path) -> list[Path]:
    """Every Markdown page MkDocs would publish from content/ (dot files and folders are not)."""
    if not content.is_dir():
        return []
    return sorted(p for p in content.rglob("*.md")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(content).parts))


def check(raw: RawData, records: Records) -> list[Problem]:
    """Personal data and names of people without consent in anything that will be published:
    an error each, naming file, line and field, the number masked."""
    scan = _Scan(names_of(records, raw))
    scan.doc(raw.site, S.SITE)
    scan.doc(raw.organizations, S.ORGANIZATION, listed=True)
    scan.doc(raw.categories, S.CATEGORY, listed=True)
    hidden = {v.id for v in records.volunteers.values() if not v.consent_publish}
    for kind, fields in (("volunteers", S.VOLUNTEER), ("teams", S.TEAM), ("projects", S.PROJECT)):
        for doc in getattr(raw, kind):
            if kind == "volunteers" and doc.stem in hidden:
                continue  # nothing of theirs is published
            scan.doc(doc, fields, stem=True)
    for doc in raw.honors:
        scan.doc(doc, S.HONORS)
    scan.doc(raw.wishes, S.WISH, listed=True)
    scan.doc(raw.pairings, S.PAIRING, listed=True)
    paths = raw.paths
    stories = {doc.rel: doc for doc in raw.stories}
    for path in pages(paths.content):
        rel = paths.rel(path)
        doc = stories.get(rel)
        if doc is not None:
            data, body, body_line = doc.data, doc.body, doc.body_line
        else:
            data, body, body_line = read_front_matter(path, rel, [])  # its own problems are MkDocs'
        if data is None:  # front matter that cannot be read: the whole file, as text
            body, body_line = read_text(path, rel, []) or "", 1
        scan.page(rel, data, body, body_line, S.STORY if doc is not None else S.PAGE)
    if paths.content.is_dir():
        for folder, dirs, files in os.walk(paths.content):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                rel = paths.rel(Path(folder) / name)
                scan.file_name(rel, name.rsplit(".", 1)[0])
                if name.lower().endswith(TEXT_FILES):  # published as they are: read as the reader would
                    text = read_text(Path(folder) / name, rel, [])
                    scan.text(rel, None, 1, text or "", True, first=1)
            for name in dirs:
                scan.file_name(paths.rel(Path(folder) / name), name)
    problems = scan.problems
    for w in records.wishes:
        if privacy.looks_like_a_name(w.requester):
            problems.append(Problem(w.src.path, w.src.line_of("requester"), "requester", "privacy.name",
                                    {"value": w.requester}, "warning"))
    for p in records.pairings:
        if privacy.looks_like_a_name(p.partner):
            problems.append(Problem(p.src.path, p.src.line_of("partner"), "partner", "privacy.name",
                                    {"value": p.partner}, "warning"))
    return problems
