"""Fixtures: a small purpose-made project, and the sample site built once.

`project` copies tests/fixtures/mini into a temporary folder; a test changes
one file to make one mistake, runs the real command, and reads what an officer
would read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))  # scripts/bench: the synthetic organisation (not in the wheel)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 11, 24)
# The sample ships without an address (an intranet or a USB stick needs none); its site is built
# as GitHub Actions builds it, with the address Pages gives, so QR codes, previews and the feed exist.
SAMPLE_URL = "https://qingxi-zhiyuan.github.io/showcase/"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class Project:
    """A throw-away copy of a project that tests can break on purpose."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def append(self, rel: str, text: str) -> None:
        self.write(rel, self.read(rel) + text)

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def run(self, *args: str, lang: str | None = None, timeout: int = 300) -> Run:
        env = {**os.environ, "SHOWCASE_TODAY": TODAY.isoformat(), "PYTHONWARNINGS": "ignore"}
        cmd = [sys.executable, "-m", "showcase"]
        if lang:
            cmd += ["--lang", lang]
        proc = subprocess.run(cmd + list(args), cwd=self.root, env=env, capture_output=True,
                              text=True, timeout=timeout)
        return Run(proc.returncode, proc.stdout, proc.stderr)

    def tree(self, rel: str = "site") -> dict[str, str]:
        """Every file under `rel` with a hash of its bytes: compare before and after a failed build."""
        return tree(self.root / rel)

    def leaks(self, needle: str, rel: str = "site") -> list[str]:
        """Files under `rel` that contain `needle` as text, HTML-escaped or JSON-escaped."""
        forms = {needle, json.dumps(needle)[1:-1], json.dumps(needle, ensure_ascii=False)[1:-1],
                 needle.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}
        blobs = {f.encode("utf-8") for f in forms if f}
        return sorted(p.relative_to(self.root / rel).as_posix() for p in (self.root / rel).rglob("*")
                      if p.is_file() and any(b in p.read_bytes() for b in blobs))

    def refused(self, *expected: str, commands=("validate", "build"), code: int = 1) -> None:
        """Each command stops with exit `code` and every `expected` text, no traceback; site/ is as
        it was before."""
        before = self.tree()
        for command in commands:
            run = self.run(*command.split())
            assert run.code == code, run.text
            assert all(e in run.text for e in expected), run.text
            assert "Traceback" not in run.text and "内部出错" not in run.text, run.text
        assert self.tree() == before

    def check(self):
        """Records and problems, in-process (fast path for the many validation tests)."""
        from showcase.model import pipeline
        from showcase.records import load

        return pipeline.check(load.Paths.at(self.root), TODAY)

    def messages(self, lang: str = "zh") -> list[str]:
        _, problems = self.check()
        return [p.format(lang) for p in problems]

    def model(self):
        from showcase.model import pipeline
        from showcase.records import load

        m, _ = pipeline.build_model(load.Paths.at(self.root), TODAY)
        return m


def tree(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def make_photo(path: Path, size=(64, 48), colour=(200, 30, 30)) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG")


def copy_fixture(name: str, dest: Path) -> Project:
    shutil.copytree(FIXTURES / name, dest)
    return Project(dest)


@pytest.fixture
def project(tmp_path) -> Project:
    p = copy_fixture("mini", tmp_path / "mini")
    make_photo(p.path("data/photos/bob.jpg"))
    return p


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The shipped sample organisation, built once with a fixed date and the published address."""
    dest = tmp_path_factory.mktemp("sample") / "project"
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(
        ".venv", "site", ".git", ".cache", "build", "__pycache__", "*.egg-info", ".pytest_cache", "tests"))
    run = Project(dest).run("build", "--site-url", SAMPLE_URL)
    assert run.code == 0, run.text
    return dest / "site"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Project:
    """The mini project with its site built once; tests break a copy of it (site_project)."""
    p = copy_fixture("mini", tmp_path_factory.mktemp("built") / "mini")
    make_photo(p.path("data/photos/bob.jpg"))
    run = p.run("build")
    assert run.code == 0, run.text
    return p


@pytest.fixture
def site_project(built, tmp_path) -> Project:
    """A copy of the mini project with a site already built: a failed build must leave it as it is."""
    dest = tmp_path / "mini"
    shutil.copytree(built.root, dest, symlinks=True)
    return Project(dest)

