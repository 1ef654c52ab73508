"""Page bodies kept between builds (site/memo.py): the site is the one a build without them makes,
a change shows at once, and a wrong body in the cache is found and thrown away."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from conftest import Project
from test_shell import figures

from showcase.site import memo
from showcase.site.templates import ViewEnvironment, compiled_cache

QUICK = "  - showcase:\n      posters: false\n      social_cards: false\n"


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    """A synthetic organisation of 60 volunteers, built once (the memo filled)."""
    from bench import synth

    root = tmp_path_factory.mktemp("memo") / "org"
    synth.generate(root, 60, 5, 0.0)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - showcase:\n", QUICK), encoding="utf-8")
    assert Project(root).run("build").code == 0
    return root


def _copy(org, dest) -> Project:
    shutil.copytree(org, dest, symlinks=True)
    return Project(dest)


def _pages(root) -> dict:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _without_memo(project: Project, dest) -> dict:
    """The same project built with page_memo off, in a copy with no cache at all."""
    plain = _copy(project.root, dest)
    shutil.rmtree(plain.path(".cache"), ignore_errors=True)
    plain.edit("mkdocs.yml", "  - showcase:\n", "  - showcase:\n      page_memo: false\n")
    run = plain.run("build")
    assert run.code == 0, run.text
    return _pages(plain.root)


def _differ(a: dict, b: dict) -> list[str]:
    assert a.keys() == b.keys()
    return [k for k in a if a[k] != b[k]]


def _volunteer(project: Project) -> tuple[str, str]:
    """A published volunteer's file and page."""
    for path in sorted(project.path("data/volunteers").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if "publish: true" in text and "motto:" in text:
            return f"data/volunteers/{path.name}", f"volunteers/{path.stem}.html"
    raise AssertionError("no published volunteer with a motto")


def test_a_warm_build_takes_its_pages_from_the_memo_and_is_the_same_site(org, tmp_path):
    project = _copy(org, tmp_path / "org")
    warm = figures(project.root)[0]
    assert warm["pages_from_memo"] >= 60  # every profile, at least
    assert _differ(_pages(project.root), _without_memo(project, tmp_path / "plain")) == []


def test_a_changed_record_shows_and_only_its_pages_are_rendered_again(org, tmp_path):
    project = _copy(org, tmp_path / "org")
    record, page = _volunteer(project)
    text = project.read(record)
    line = next(line for line in text.splitlines() if line.startswith("motto:"))
    project.edit(record, line, "motto: 把温暖送到每一户<b>新的一句</b>")
    project.edit(record, "story: |\n", "story: |\n  **改过的事迹**第一段。\n\n")
    stats = figures(project.root)[0]
    assert "把温暖送到每一户&lt;b&gt;新的一句&lt;/b&gt;" in project.read(f"site/{page}")
    assert "<strong>改过的事迹</strong>第一段。" in project.read(f"site/{page}")  # its Markdown converted anew
    total = len([p for p in (project.root / "site").rglob("*.html")])
    assert 0 < stats["pages_from_memo"] < total
    assert _differ(_pages(project.root), _without_memo(project, tmp_path / "plain")) == []


def test_an_overridden_template_is_used_at_once(org, tmp_path):
    project = _copy(org, tmp_path / "org")
    project.edit("mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: theme_overrides\n")
    ours = Path(memo.__file__).parents[1] / "theme" / "showcase" / "volunteer.html"
    project.write("theme_overrides/showcase/volunteer.html",
                  "<p class=\"ours-overridden\">本单位的样式</p>\n" + ours.read_text(encoding="utf-8"))
    assert project.run("build").code == 0
    _, page = _volunteer(project)
    assert "ours-overridden" in project.read(f"site/{page}")


def test_a_wrong_body_in_the_memo_is_found_and_the_site_is_still_right(org, tmp_path):
    """The failure mode of a memo (a body that is not what rendering gives, as an input the key
    missed would leave): the first body of each template is rendered again and compared."""
    project = _copy(org, tmp_path / "org")
    db = sqlite3.connect(project.path(".cache/showcase/pages.sqlite"))
    with db:
        changed = db.execute("UPDATE pages SET body = body || '<p>陈旧的页面</p>'").rowcount
    db.close()
    assert changed >= 60
    run = project.run("build")
    assert run.code == 0, run.text
    assert "页面缓存与重新生成的结果不一致" in run.text
    assert project.leaks("陈旧的页面") == []
    assert _differ(_pages(project.root), _without_memo(project, tmp_path / "plain")) == []
    again = project.run("build")  # the memo was emptied and filled again with right bodies
    assert "页面缓存" not in again.text and project.leaks("陈旧的页面") == []


def test_only_plain_views_have_a_key(tmp_path):
    m = memo.Memo(tmp_path / "pages.sqlite", "zh", "salt")
    view = {"name": "谭晓明", "hours": 12.5, "n": 3, "on": True, "none": None, "day": date(2026, 1, 2),
            "html": Markup("<b>x</b>"), "rows": [("a", 1)], "by": {2024: "x"}}
    assert m.key("t.html", view, "a.html") is not None
    assert m.key("t.html", view, "a.html") != m.key("t.html", view, "b.html")  # the path counts
    assert m.key("t.html", view, "a.html") != m.key("u.html", view, "a.html")  # the template counts
    assert m.key("t.html", {**view, "html": "<b>x</b>"}, "a.html") != m.key("t.html", view, "a.html")
    assert m.key("t.html", {**view, "hours": 12.500000001}, "a.html") != m.key("t.html", view, "a.html")
    from collections import OrderedDict
    from showcase.records.types import Volunteer

    for odd in ({"x": object()}, {"f": len}, {"f": lambda: 1}, {"d": OrderedDict(a=1)}, {"t": Volunteer},
                {"deep": [{"x": [object()]}]}):
        assert m.key("t.html", odd, "a.html") is None  # rendered every time
    assert m.key("t.html", {"show": {"hours"}, (1, 2): "a tuple key"}, "a.html") is not None
    other = memo.Memo(tmp_path / "pages.sqlite", "zh", "another salt")
    assert other.key("t.html", view, "a.html") != m.key("t.html", view, "a.html")
    m.close()
    other.close()


def test_compiled_templates_are_kept_apart_by_the_environment(tmp_path):
    plain = jinja2.Environment(loader=jinja2.DictLoader({}))
    trimmed = jinja2.Environment(loader=jinja2.DictLoader({}), trim_blocks=True)
    view = ViewEnvironment([str(tmp_path)])
    folders = {compiled_cache(tmp_path / "c", env).directory for env in (plain, trimmed, view)}
    assert len(folders) == 3
    # and one template compiled under each gives what that environment gives
    source = "{% if x %}\n{{ x }}\n{% endif %}\n"
    (tmp_path / "t.html").write_text(source, encoding="utf-8")
    for trim in (False, True, False, True):
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), trim_blocks=trim)
        env.bytecode_cache = compiled_cache(tmp_path / "c", env)
        assert env.get_template("t.html").render(x="a") == jinja2.Environment(trim_blocks=trim).from_string(
            source).render(x="a")


def test_a_damaged_cache_file_is_made_again(org, tmp_path):
    project = _copy(org, tmp_path / "org")
    project.path(".cache/showcase/pages.sqlite").write_bytes(b"\x00not a database\x00" * 1000)
    run = project.run("build")
    assert run.code == 0 and "内部出错" not in run.text, run.text
    assert figures(project.root)[0]["pages_from_memo"] >= 60  # the file was made again and filled
    assert _differ(_pages(project.root), _without_memo(project, tmp_path / "plain")) == []
