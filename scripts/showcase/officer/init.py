"""`showcase init DIR`: a project for a new organisation, or a copy of the sample one.

A new project holds `mkdocs.yml`, `data/` with one small valid record of each
kind (commented in Chinese; the example volunteer stays off the site until
consent is recorded), `content/` (home, about, one example story),
`.gitignore` and the GitHub Pages workflow. Nothing of the sample
organisation is in it. `--sample` copies the sample organisation instead.

Existing files are never overwritten: a folder that is not empty is refused
unless `force`, and even then only missing files are added.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Template

from . import atomic, scaffold, slug
from .directory import Directory
from ..records.load import Paths
from ..records.schema import Bad, web_address
from ..records.validate import DEFAULT_CATEGORIES
from .yamledit import dump_value

PROJECT = Path(__file__).parent / "templates" / "project"
WORKFLOW = ".github/workflows/pages.yml"
# The sample organisation: in a wheel it is package data (setup.py copies it);
# in a checkout it is the repository's own data/ and content/.
SAMPLE_PARTS = ("mkdocs.yml", "data", "content", "theme_overrides")
PACKAGED_SAMPLE = Path(__file__).resolve().parent.parent / "sample"
CHECKOUT = Path(__file__).resolve().parents[3]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store")


class InitError(Bad):
    """A folder or a value `showcase init` cannot use."""


@dataclass
class Essentials:
    name: str
    short_name: str = ""
    url: str = ""

    def __post_init__(self):
        self.name = (self.name or "").strip()
        self.short_name = (self.short_name or "").strip() or self.name
        self.url = (self.url or "").strip()
        if not self.name:
            raise InitError("init.no_name")
        if self.url:
            if not web_address(self.url):
                raise InitError("init.bad_url", value=self.url)
            if not self.url.endswith("/"):
                self.url += "/"


@dataclass
class Outcome:
    root: Path
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def sample_source() -> Path:
    for root in (PACKAGED_SAMPLE, CHECKOUT):
        if (root / "data" / "site.yml").is_file() and (root / "mkdocs.yml").is_file():
            return root
    raise InitError("init.no_sample")


def _org_id(short_name: str) -> str:
    candidate = slug.name_slug(short_name, "benji").replace("-", "")[:24]
    return candidate if re.fullmatch(r"[a-z][a-z0-9]*", candidate) else "benji"


def new_project(e: Essentials, today: date) -> dict[str, bytes]:
    """Every file of a new organisation's project, by its path in the project."""
    org = _org_id(e.short_name)
    url_line = (f"url: {e.url}                # 发布网址：二维码、分享图和 RSS 订阅要用" if e.url else
                "# url: https://用户名.github.io/仓库名/   # 发布网址：二维码、分享图和 RSS 要用；"
                "用 GitHub Pages 发布时会自动得到，不用填")
    values = {"name": e.name, "name_yaml": dump_value(e.name), "short_name": dump_value(e.short_name),
              "url_line": url_line, "org_id": org, "today": today.isoformat(), "year": str(today.year)}
    files: dict[str, bytes] = {}
    for path in sorted(p for p in PROJECT.rglob("*") if p.is_file()):
        rel = path.relative_to(PROJECT).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel not in ("mkdocs.yml", "pages.yml", "gitignore"):
            text = Template(text).substitute(values)
            text = "".join(scaffold.align(line) for line in text.splitlines(keepends=True))
        target = {"gitignore": ".gitignore", "pages.yml": WORKFLOW,
                  "content/stories/shili.md": f"content/stories/{today.isoformat()}-shili.md"}.get(rel, rel)
        files[target] = text.encode("utf-8")
    d = Directory(Paths.at(Path(".")), organizations={org: (e.short_name, e.short_name, None)},
                  categories={cid: cid for cid, _, _ in DEFAULT_CATEGORIES})
    examples = {"volunteer": ("zhang-san", "张三（示例）"), "team": ("shili-dui", "示例服务队"),
                "project": ("shili-xiangmu", "示例项目"), "honor": (str(today.year), None)}
    for kind, (rid, name) in examples.items():
        files[f"data/{scaffold.KINDS[kind]}/{rid}.yml"] = \
            scaffold.render(kind, rid, d, today, name).encode("utf-8")
    files[f"data/records/{today.year}.csv"] = (
        "date,volunteer,hours,category,project,beneficiaries,points,note\n"
        f"{today.isoformat()},zhang-san,2,{DEFAULT_CATEGORIES[0][0]},shili-xiangmu,,,示例记录：请换成真实的台账\n"
    ).encode("utf-8")
    return files


def sample_project() -> dict[str, bytes]:
    """The sample organisation's files, by their path in the project."""
    source = sample_source()
    files: dict[str, bytes] = {}
    for part in SAMPLE_PARTS:
        path = source / part
        if path.is_file():
            files[part] = path.read_bytes()
        elif path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not IGNORED(str(f.parent), [f.name]):
                    files[f.relative_to(source).as_posix()] = f.read_bytes()
    for rel in (".gitignore", WORKFLOW):
        if rel not in files:
            files[rel] = (PROJECT / {".gitignore": "gitignore", WORKFLOW: "pages.yml"}[rel]).read_bytes()
    return files


def create(root: Path, files: dict[str, bytes], force: bool = False) -> Outcome:
    """Write `files` under `root`; never overwrites a file, refuses a non-empty folder unless `force`."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise InitError("init.not_a_folder", folder=str(root))
    if root.is_dir() and any(root.iterdir()) and not force:
        raise InitError("init.not_empty", folder=str(root))
    out = Outcome(root)
    for rel, data in files.items():
        if atomic.write_new(root / rel, data):
            out.written.append(rel)
        else:
            out.kept.append(rel)
    return out
