"""The published address: without one, posters still come (without a QR code) and the build says
once what QR codes, previews and the feed need; a placeholder address is never printed in a QR code."""

from __future__ import annotations

import pytest
from PIL import Image

MINI_URL = "site_url: https://qingxi-zhiyuan.github.io/showcase/\n"


def qr_codes(project) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    with Image.open(project.path("site/posters/volunteers/alice.png")) as im:
        return [r.text for r in zxingcpp.read_barcodes(im)]


def test_with_an_address_the_poster_carries_it(project):
    run = project.run("build")
    assert run.code == 0, run.text
    assert qr_codes(project) == ["https://qingxi-zhiyuan.github.io/showcase/volunteers/alice.html"]
    assert "没有发布网址" not in run.text
    assert project.path("site/stories/feed.xml").is_file()


def test_without_an_address_posters_come_and_the_summary_says_what_is_missing(project):
    project.edit("mkdocs.yml", MINI_URL, "")
    run = project.run("build")
    assert run.code == 0, run.text
    assert run.text.count("没有发布网址") == 1
    assert "--site-url" in run.text and "0 条提醒" in run.text  # a note, not a warning
    assert project.path("site/posters/volunteers/alice.png").is_file()
    assert qr_codes(project) == []
    assert not project.path("site/stories/feed.xml").exists()
    en = project.run("build", lang="en")
    assert en.text.count("No published address") == 1


@pytest.mark.parametrize("where, value, named", [
    ("site.yml", "https://example.github.io/showcase/", "data/site.yml:"),
    ("mkdocs.yml", "https://www.example.com/", "mkdocs.yml: site_url:"),
    ("--site-url", "http://localhost:8000/", "--site-url:"),
    ("--site-url", "http://127.0.0.1:8000/", "--site-url:"),
])
def test_a_placeholder_address_is_refused_for_qr_codes(project, where, value, named):
    project.edit("mkdocs.yml", MINI_URL, "")
    args = ["build"]
    if where == "site.yml":
        project.append("data/site.yml", f"url: {value}\n")
    elif where == "mkdocs.yml":
        project.edit("mkdocs.yml", "docs_dir: content\n", f"site_url: {value}\ndocs_dir: content\n")
    else:
        args += ["--site-url", value]
    run = project.run(*args)
    assert run.code == 0, run.text
    line = next(line for line in run.text.splitlines() if "示例网址" in line)
    assert named in line and value.rstrip("/") in line, line
    assert "1 条提醒" in run.text
    assert qr_codes(project) == []
    for f in project.path("site").rglob("*"):
        if f.is_file() and f.suffix in (".html", ".xml", ".json", ".png"):
            assert value.rstrip("/").encode() not in f.read_bytes(), f
    assert project.run(*args, "--strict").code == 4  # a placeholder is a mistake: --strict stops on it


def test_validate_names_a_placeholder_in_site_yml(project):
    project.append("data/site.yml", "url: https://example.github.io/showcase/\n")
    run = project.run("validate")
    assert run.code == 0
    assert "data/site.yml:" in run.text and "示例网址" in run.text
