"""Records, first step: find and parse the officer's files, without judging their content.

The result is raw parsed YAML with line numbers, one entry per file (or per
story front matter); validation turns it into typed records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import cache as stored, yamlio
from ..text.messages import Problem

YAML_SUFFIXES = (".yml", ".yaml")
LEDGER_SUFFIXES = (".csv", ".yml", ".yaml")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass
class Paths:
    """Where the project keeps its records, relative paths for messages."""

    root: Path
    data: Path
    content: Path

    @classmethod
    def at(cls, root: Path | str, data: str = "data", content: str = "content") -> "Paths":
        root = Path(root).resolve()
        return cls(root, root / data, root / content)

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def photos(self) -> Path:
        return self.data / "photos"


@dataclass
class RawDoc:
    rel: str
    data: object
    stem: str = ""
    path: Path | None = None
    body: str = ""       # a story's Markdown after its front matter
    body_line: int = 1


@dataclass
class RawData:
    paths: Paths
    site: RawDoc | None = None
    organizations: RawDoc | None = None
    categories: RawDoc | None = None
    volunteers: list = field(default_factory=list)
    teams: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    honors: list = field(default_factory=list)
    wishes: RawDoc | None = None
    pairings: RawDoc | None = None
    stories: list = field(default_factory=list)
    ledger_files: list = field(default_factory=list)


class ParseCache:
    """Parsed YAML by file, reused while a file keeps its size and modification time.

    Parsing ten thousand volunteer files is most of a large build's reading
    time; unchanged files need not be parsed again.
    """

    VERSION = 2  # 2: YAML 1.2 core rules (1:30, 010, yes stay text), numbers keep their text

    def __init__(self, folder: Path | None):
        self.path = folder / f"records-v{self.VERSION}.pickle" if folder else None
        self.entries: dict = {}
        self.used: dict = {}
        entries = stored.read(self.path)
        self.entries = entries if isinstance(entries, dict) else {}

    def load(self, path: Path, rel: str, problems: list[Problem]):
        try:
            st = path.stat()
        except OSError:
            return yamlio.load_file(path, rel, problems)
        stamp = (st.st_mtime_ns, st.st_size)
        hit = self.entries.get(rel)
        if hit and hit[0] == stamp:
            data, found = hit[1], hit[2]
        else:
            found = []
            data = yamlio.load_file(path, rel, found)
        self.used[rel] = (stamp, data, found)
        problems.extend(found)
        return data

    def save(self) -> None:
        if self.used != self.entries:
            stored.write(self.path, self.used)


def _doc(paths: Paths, path: Path, problems: list[Problem], cache: ParseCache) -> RawDoc:
    rel = paths.rel(path)
    return RawDoc(rel, cache.load(path, rel, problems), path.stem, path)


def _optional(paths: Paths, name: str, problems: list[Problem], cache: ParseCache) -> RawDoc | None:
    for suffix in YAML_SUFFIXES:
        path = paths.data / f"{Path(name).stem}{suffix}"
        if path.is_file():
            return _doc(paths, path, problems, cache)
    return None


def _folder(paths: Paths, name: str, suffixes, problems: list[Problem]) -> list[Path]:
    folder = paths.data / name
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or path.name in ("README.md", "README.txt"):
            continue
        if path.is_file() and path.suffix.lower() in suffixes:
            found.append(path)
        elif path.is_file():
            problems.append(Problem(paths.rel(path), None, None, "file.unexpected",
                                    {"expected": " / ".join(suffixes), "name": path.name},
                                    severity="warning"))
    return found


def read_front_matter(path: Path, rel: str, problems: list[Problem]):
    """The YAML front matter of a Markdown page (line numbers of the file), its body and the body's line."""
    text = yamlio.read_text(path, rel, problems)
    if text is None:
        return None, "", 1
    match = _FRONT_MATTER.match(text)
    if not match:
        empty = yamlio.Mapping()
        empty.line, empty.key_lines = 1, {}
        return empty, text, 1
    body_line = text.count("\n", 0, match.end()) + 1
    return yamlio.parse(match.group(1) or "", rel, problems, first_line=2), text[match.end():], body_line


def front_matter(text: str):
    """A page's front matter read as the records read it (YAML 1.2 core), problems left to validation:
    the engine prints these values, not MkDocs' own YAML 1.1 reading (where 12:30 is 750)."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    return yamlio.parse(match.group(1) or "", "", [], first_line=2) if match else None


def load(paths: Paths, problems: list[Problem], cache_dir: Path | None = None) -> RawData:
    """Parse every record file under data/ and every story under content/stories/."""
    cache = ParseCache(cache_dir)
    raw = _load(paths, problems, cache)
    cache.save()
    return raw


def _load(paths: Paths, problems: list[Problem], cache: ParseCache) -> RawData:
    raw = RawData(paths)
    if not paths.data.is_dir():
        problems.append(Problem(paths.rel(paths.data), None, None, "file.missing",
                                {"hint": "data/"}))
        return raw
    raw.site = _optional(paths, "site.yml", problems, cache)
    if raw.site is None:
        problems.append(Problem(paths.rel(paths.data / "site.yml"), None, None, "file.missing",
                                {"hint": "site.yml: name: …"}))
    raw.organizations = _optional(paths, "organizations.yml", problems, cache)
    if raw.organizations is None:
        problems.append(Problem(paths.rel(paths.data / "organizations.yml"), None, None,
                                "file.missing", {"hint": "organizations.yml: - id: … name: …"}))
    raw.categories = _optional(paths, "categories.yml", problems, cache)
    raw.wishes = _optional(paths, "wishes.yml", problems, cache)
    raw.pairings = _optional(paths, "pairings.yml", problems, cache)
    for kind in ("volunteers", "teams", "projects", "honors"):
        docs = []
        for path in _folder(paths, kind, YAML_SUFFIXES, problems):
            before = len(problems)
            doc = _doc(paths, path, problems, cache)
            if doc.data is None and len(problems) == before:
                problems.append(Problem(doc.rel, None, None, "file.empty"))
            docs.append(doc)
        setattr(raw, kind, docs)
    raw.ledger_files = _folder(paths, "records", LEDGER_SUFFIXES, problems)
    stories = paths.content / "stories"
    if stories.is_dir():
        for path in sorted(stories.glob("*.md")):
            if path.name.lower() in ("index.md", "readme.md"):
                continue
            rel = paths.rel(path)
            data, body, body_line = read_front_matter(path, rel, problems)
            raw.stories.append(RawDoc(rel, data, path.stem, path, body, body_line))
    return raw
