"""What the importers need to know of the records already kept: ids and the names behind them.

A spreadsheet names people, units, categories and projects as an officer
writes them (谭小明, 孟溪镇, 政策法规宣传, 科技助农); the records know them by id.
This reads only the files that say which name belongs to which id, so an
import works even while some unrelated record still has a mistake.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..records import load
from ..records.load import Paths
from ..text.messages import Problem
from ..records.schema import ID_RE
from ..records.validate import DEFAULT_CATEGORIES
from ..records.yamlio import Mapping
from ..text.han import HAN_CHAR



def person_key(name) -> str:
    """A name as compared: full-width folded, and without the spaces that align 王  芳."""
    name = unicodedata.normalize("NFKC", str(name)).strip()
    return re.sub(r"\s+", "", name) if HAN_CHAR.search(name) else re.sub(r"\s+", " ", name)


@dataclass
class Person:
    id: str
    name: str
    organization: str | None
    id_number: str | None
    rel: str


@dataclass
class Directory:
    paths: Paths
    volunteers: dict = field(default_factory=dict)      # id -> Person
    by_name: dict = field(default_factory=dict)         # person_key(name) -> [ids]
    organizations: dict = field(default_factory=dict)   # id -> (name, short name, parent)
    categories: dict = field(default_factory=dict)      # id or name -> id
    projects: dict = field(default_factory=dict)        # id or name -> id
    teams: dict = field(default_factory=dict)           # id or name -> id
    site: Mapping | None = None
    site_rel: str = "data/site.yml"

    def organization(self, value: str) -> str | None:
        """The id of the unit named (by id, name or short name), or None."""
        value = person_key(value)
        if value in self.organizations:
            return value
        for oid, (name, short, _) in self.organizations.items():
            if value in (person_key(name), person_key(short or "")):
                return oid
        return None

    def organization_names(self) -> list[str]:
        return [name for name, _, _ in self.organizations.values()]

    def under(self, org: str) -> set:
        """`org` and every unit below it in the tree."""
        out, grew = {org}, True
        while grew:
            more = {oid for oid, (_, _, parent) in self.organizations.items()
                    if parent in out and oid not in out}
            out |= more
            grew = bool(more)
        return out

    def org_label(self, org: str | None) -> str:
        return self.organizations.get(org, (org or "?", None, None))[0]


def _named(items, key_name: str = "name") -> dict:
    out = {}
    for oid, item in items:
        out[oid] = oid
        name = item.get(key_name) if isinstance(item, dict) else None
        if isinstance(name, str) and name.strip():
            out.setdefault(person_key(name), oid)
    return out


def read(paths: Paths) -> tuple[Directory, list[Problem]]:
    """The directory, with the errors of the files it is made of (syntax errors and the like)."""
    everything: list[Problem] = []
    raw = load.load(paths, everything)
    used = {paths.rel(paths.data / name) for name in
            ("site.yml", "site.yaml", "organizations.yml", "organizations.yaml",
             "categories.yml", "categories.yaml")}
    folders = tuple(paths.rel(paths.data / name) + "/" for name in ("volunteers", "teams", "projects"))
    problems = [p for p in everything
                if p.is_error and (p.path in used or p.path.startswith(folders))]
    d = Directory(paths)
    if raw.site is not None and isinstance(raw.site.data, Mapping):
        d.site, d.site_rel = raw.site.data, raw.site.rel
    orgs = raw.organizations.data if raw.organizations else None
    for o in orgs if isinstance(orgs, list) else []:
        if isinstance(o, dict) and isinstance(o.get("id"), (str, int)):
            d.organizations[str(o["id"])] = (str(o.get("name") or o["id"]), o.get("short_name"),
                                             str(o["parent"]) if o.get("parent") else None)
    if raw.categories is None:
        d.categories = {cid: cid for cid, _, _ in DEFAULT_CATEGORIES}
        d.categories.update({person_key(name): cid for cid, name, _ in DEFAULT_CATEGORIES})
    else:
        cats = raw.categories.data if isinstance(raw.categories.data, list) else []
        d.categories = _named((str(c["id"]), c) for c in cats
                              if isinstance(c, dict) and isinstance(c.get("id"), (str, int)))
    for kind, target in (("projects", d.projects), ("teams", d.teams)):
        docs = [doc for doc in getattr(raw, kind) if ID_RE.match(doc.stem)]
        target.update(_named((doc.stem, doc.data) for doc in docs))
    for doc in raw.volunteers:
        data = doc.data
        if not ID_RE.match(doc.stem) or not isinstance(data, dict):
            continue
        name = data.get("name")
        private = data.get("private") if isinstance(data.get("private"), dict) else {}
        number = private.get("id_number")
        person = Person(doc.stem, str(name).strip() if name else "",
                        str(data["organization"]) if data.get("organization") else None,
                        str(number).strip().upper() if number else None, doc.rel)
        d.volunteers[doc.stem] = person
        if person.name:
            d.by_name.setdefault(person_key(person.name), []).append(doc.stem)
    return d, problems
