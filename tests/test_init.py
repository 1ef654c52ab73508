"""`showcase init`: a new organisation's project that builds at once and shows nothing of the sample."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


from conftest import REPO, TODAY, Project

NAME = "松桃苗族自治县党员志愿服务队"


def showcase(cwd: Path, *args: str, stdin: str | None = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "SHOWCASE_TODAY": TODAY.isoformat(), "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "showcase", *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_new_organisation_builds_at_once_and_shows_nothing_of_the_sample(tmp_path):
    run = showcase(tmp_path, "init", "松桃", "--name", NAME, "--short-name", "松桃志愿")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "已在 松桃 建立网站项目" in run.stdout and "showcase build" in run.stdout
    root = tmp_path / "松桃"
    made = files(root)
    for needed in ("mkdocs.yml", "data/site.yml", "data/organizations.yml", "data/volunteers/zhang-san.yml",
                   "data/teams/shili-dui.yml", "data/projects/shili-xiangmu.yml", f"data/honors/{TODAY.year}.yml",
                   f"data/records/{TODAY.year}.csv", "data/wishes.yml", "data/pairings.yml",
                   "content/index.md", "content/about.md", ".gitignore", ".github/workflows/pages.yml"):
        assert needed in made, needed
    assert "# " in made["data/volunteers/zhang-san.yml"].decode()  # commented in Chinese
    build = showcase(root, "build")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "0 条提醒" in build.stdout
    site = files(root / "site")
    assert NAME in site["index.html"].decode()
    for rel, data in {**made, **site}.items():
        for word in ("青溪", "Qingxi", "tan-xiaoming", "谭小明", "example.github.io"):
            assert word.encode() not in data, (rel, word)
    # the example volunteer has no consent yet: not on the site
    assert not any("zhang-san" in rel for rel in site)
    assert Project(root).leaks("张三") == []


def test_the_name_is_asked_for_or_required(tmp_path):
    run = showcase(tmp_path, "init", "new")  # stdin is not a terminal: no prompt, a message
    assert run.returncode == 2
    assert "--name" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "new").exists()
    run = showcase(tmp_path, "--lang", "en", "init", "new", "--name", NAME, "--url", "not an address")
    assert run.returncode == 2 and "is not an address" in run.stderr
    assert not (tmp_path / "new").exists()


def test_a_folder_with_files_is_refused_and_force_never_overwrites(tmp_path):
    assert showcase(tmp_path, "init", "org", "--name", NAME).returncode == 0
    record = tmp_path / "org" / "data" / "volunteers" / "zhang-san.yml"
    record.write_text("name: 王芳\norganization: songtao\nconsent: {publish: false}\n", encoding="utf-8")
    (tmp_path / "org" / "content" / "about.md").unlink()
    before = files(tmp_path / "org")

    run = showcase(tmp_path, "init", "org", "--name", "另一个单位")
    assert run.returncode == 2
    assert "已经有文件" in run.stderr and "--force" in run.stderr
    assert files(tmp_path / "org") == before

    run = showcase(tmp_path, "init", "org", "--name", "另一个单位", "--force")
    assert run.returncode == 0, run.stderr
    after = files(tmp_path / "org")
    assert set(after) - set(before) == {"content/about.md"}  # only the missing file came back
    assert all(after[rel] == data for rel, data in before.items())
    assert "保持不变" in run.stdout


def test_sample_gives_the_sample_organisation(tmp_path):
    run = showcase(tmp_path, "init", "try", "--sample")
    assert run.returncode == 0, run.stderr
    made = files(tmp_path / "try")
    for part in ("data", "content"):
        assert {k: v for k, v in made.items() if k.startswith(part + "/")} == \
            {f"{part}/{k}": v for k, v in files(REPO / part).items()}
    assert made["mkdocs.yml"] == (REPO / "mkdocs.yml").read_bytes()
    check = showcase(tmp_path / "try", "validate")
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_projects_get_the_same_workflow_as_this_repository():
    from showcase.officer import init

    assert (init.PROJECT / "pages.yml").read_bytes() == (REPO / ".github/workflows/pages.yml").read_bytes()
