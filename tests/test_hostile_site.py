"""The site folder and the build's own files: nothing of the officer's is ever deleted, an
interrupted or failed build leaves the old site and no temporary folder, and validate reads
mkdocs.yml as build does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TODAY


def leftovers(project) -> list[str]:
    return sorted(p.name for p in project.root.glob(".*") if ".building-" in p.name or ".old-" in p.name)


@pytest.mark.parametrize("value", ["data", ".", "content", "data/site", "theme_overrides"])
def test_a_site_dir_that_would_delete_the_officers_files_is_refused(project, value):
    project.write("theme_overrides/main.html", '{% extends "base.html" %}\n')
    before = project.tree("data") | project.tree("content") | project.tree("theme_overrides")
    project.edit("mkdocs.yml", "docs_dir: content\n", f"docs_dir: content\nsite_dir: {value}\n")
    line = project.read("mkdocs.yml").splitlines().index(f"site_dir: {value}") + 1
    run = project.run("build")
    assert run.code == 3, run.text
    assert f"mkdocs.yml:{line} site_dir: 网站文件夹" in run.err and "请把网站文件夹改成单独的文件夹" in run.err, run.err
    assert "Traceback" not in run.text
    assert project.tree("data") | project.tree("content") | project.tree("theme_overrides") == before
    check = project.run("validate")  # validate finds it too, with the same words
    assert check.code == 1 and f"mkdocs.yml:{line} site_dir: 网站文件夹" in check.err, check.text
    english = project.run("build", lang="en")
    assert "the site folder" in english.err and "such as site" in english.err, english.err
    # plain `mkdocs build` (the plugin) refuses it before MkDocs empties the folder; MkDocs itself
    # refuses a site_dir that holds docs_dir or lies in it, before any plugin runs
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project.root, capture_output=True, text=True)
    own = "should not be within the 'site_dir'" if value in (".", "content") else f"mkdocs.yml:{line} site_dir: 网站文件夹"
    assert mkdocs.returncode != 0 and own in mkdocs.stderr, mkdocs.stderr
    assert project.tree("data") | project.tree("content") | project.tree("theme_overrides") == before


def test_the_site_dir_option_is_checked_too(project, tmp_path):
    assert project.run("build").code == 0
    site = project.tree()
    run = project.run("build", "-d", "data")
    assert run.code == 3 and "showcase build -d data: 网站文件夹 data 就是或包含数据文件夹" in run.err, run.err
    assert (project.root / "data/site.yml").is_file() and project.tree() == site
    run = project.run("build", "-d", str(project.root.parent))  # a parent of the project
    assert run.code == 3 and "项目文件夹" in run.err, run.err
    other = tmp_path / "notes"
    other.mkdir()
    (other / "plan.docx").write_text("mine", encoding="utf-8")  # a folder of other files
    run = project.run("build", "-d", str(other))
    assert run.code == 3 and "不像以前生成的网站" in run.err, run.err
    assert (other / "plan.docx").read_text(encoding="utf-8") == "mine"
    assert project.run("build", "-d", "site").code == 0  # a site built before may be built over


def test_site_dir_option_on_a_two_language_site(project):
    project.append("data/site.yml", "languages: [zh, en]\n")
    run = project.run("build", "-d", "out")
    assert run.code == 0, run.text
    assert (project.root / "out/index.html").is_file() and (project.root / "out/en/index.html").is_file()
    assert 'lang="en"' in project.read("out/en/volunteers/alice.html")
    assert not (project.root / "site").exists() and leftovers(project) == []


def _start_build(project):
    env = {**os.environ, "SHOWCASE_TODAY": TODAY.isoformat(), "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "showcase", "build"], cwd=project.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_the_old_site_and_no_temporary_folder(project, signum):
    assert project.run("build").code == 0
    project.edit("data/volunteers/alice.yml", "motto: 把群众的事当成自己的事", "motto: 新的座右铭")
    (project.root / ".cache").rename(project.root / ".cache-kept")  # a cold build: slow enough to stop midway
    site = project.tree()
    proc = _start_build(project)
    deadline = time.monotonic() + 120
    while not list(project.root.glob(".site.building-*/*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "已中断" in err and "Traceback" not in out + err, err
    assert leftovers(project) == [] and project.tree() == site


def test_a_failed_swap_keeps_the_old_site(project, monkeypatch):
    from showcase.engine import build as engine

    assert project.run("build").code == 0
    site = project.tree()
    monkeypatch.chdir(project.root)
    real = Path.rename

    def refuse(self, target):
        if ".building-" in self.name:  # the new site into place: refused (a file open on Windows)
            raise PermissionError(13, "Permission denied")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", refuse)
    job = engine.SiteBuild("mkdocs.yml")
    with pytest.raises(engine.Failed) as failed:
        job.run()
    assert failed.value.code == engine.EXIT_BUILD and "放不到" in failed.value.message
    assert "原有的网站没有改动" in failed.value.message
    assert leftovers(project) == [] and project.tree() == site


@pytest.mark.parametrize("change,where,words", [
    ("bogus_option: 1\n", "bogus_option: [提醒] 没有这一项设置", None),
    ("theme:\n  name: material\n   bad: [\n", "网站配置文件写法有误", None),
    ("use_directory_urls: maybe\n", "use_directory_urls: 这一项设置有误", None),
])
def test_validate_reads_mkdocs_yml_as_build_does(project, change, where, words):
    project.append("mkdocs.yml", change)
    build, check = project.run("build"), project.run("validate")
    shown = [line for line in build.text.splitlines() if "mkdocs.yml:" in line]
    assert shown and shown[0] in check.text and where in shown[0], (build.text, check.text)
    assert shown[0].startswith("mkdocs.yml:") and shown[0].split()[0].split(":")[1].isdigit()
    assert check.code == (0 if "[提醒]" in where else 1) and build.code == (0 if "[提醒]" in where else 3)


def test_a_wrong_plugin_option_names_its_line(project):
    project.edit("mkdocs.yml", 'today: "2026-11-24"', 'today: "2026-11-24"\n      per_page: many')
    line = project.read("mkdocs.yml").splitlines().index("      per_page: many") + 1
    for run in (project.run("build"), project.run("validate")):
        assert f"mkdocs.yml:{line} showcase: per_page: 这一项设置有误" in run.err, run.err
        assert run.code in (1, 3) and "Traceback" not in run.text
