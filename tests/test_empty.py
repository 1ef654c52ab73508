"""Empty parts do not look broken: a section with no records leaves the navigation and the home
page (no dangling link anywhere), and a figure the records cannot know is left out, not shown as 0."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import copy_fixture, make_photo

EMPTY = {"stories/index.html", "honors/index.html", "wishes/index.html"}
FULL = {"index.html", "volunteers/index.html", "teams/index.html", "projects/index.html",
        "stats/index.html", "organizations/index.html"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(path: Path) -> str:
    return " ".join(soup(path).get_text(" ").split())


def without_people_served(p) -> None:
    """The ledger's 服务人次 (beneficiaries) column emptied, every row kept."""
    rows = p.read("data/records/2025.csv").splitlines()
    header = rows[0].split(",")
    i = header.index("beneficiaries")
    out = [rows[0]]
    for row in rows[1:]:
        cells = row.split(",")
        cells[i] = ""
        out.append(",".join(cells))
    p.write("data/records/2025.csv", "\n".join(out) + "\n")


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    """The mini project with no wishes, no stories, no honor lists, no 人次 in the ledger and no
    value of an hour, in two languages."""
    p = copy_fixture("mini", tmp_path_factory.mktemp("empty") / "mini")
    make_photo(p.path("data/photos/bob.jpg"))
    p.write("data/wishes.yml", "[]\n")
    for story in p.path("content/stories").glob("*.md"):
        story.unlink()
    for honors in p.path("data/honors").glob("*.yml"):
        honors.unlink()
    without_people_served(p)
    p.edit("data/site.yml", "  hour_value_yuan: 20\n", "")
    p.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nlanguages: [zh, en]")
    p.edit("mkdocs.yml", "  font: false\n", "  font: false\n  features: [navigation.tabs]\n")
    run = p.run("build")
    assert run.code == 0, run.text
    return p


def nav_targets(page: Path, site: Path, selector: str) -> set[str]:
    """The site paths the page's tabs (or drawer) link to."""
    found = set()
    for a in soup(page).select(selector):
        href = urlsplit(a.get("href", "")).path
        if href:
            found.add((page.parent / unquote(href)).resolve().relative_to(site.resolve()).as_posix())
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["index.html", "volunteers/alice.html", "stats/index.html", "teams/index.html"])
def test_empty_sections_leave_the_tabs_and_the_drawer(empty, lang, page):
    site = empty.path("site") / ("en" if lang == "en" else "")
    for selector in (".md-tabs a", "nav.md-nav--primary a.md-nav__link"):
        targets = nav_targets(site / page, site, selector)
        assert targets & EMPTY == set(), (page, selector)
        assert FULL <= targets, (page, selector)


def test_a_full_project_keeps_every_section(built):
    targets = nav_targets(built.path("site/index.html"), built.path("site"), "nav.md-nav--primary a.md-nav__link")
    assert FULL | EMPTY <= targets


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_home_page_shows_only_what_there_is(empty, built, lang):
    site = empty.path("site") / ("en" if lang == "en" else "")
    home = soup(site / "index.html")
    hrefs = {urlsplit(a["href"]).path for a in home.select("article a[href]")}
    assert not hrefs & EMPTY
    headings = [h.get_text(strip=True) for h in home.select("article h2")]
    # no latest stories, no current honors: the featured volunteers alone
    assert headings == (["先进典型"] if lang == "zh" else ["Featured volunteers"])
    full = [h.get_text(strip=True) for h in soup(built.path("site/index.html")).select("article h2")]
    assert full == ["先进典型", "最新事迹", "最新表彰：2025 年度荣誉"]


def test_an_empty_sections_page_is_still_there_and_says_so(empty):
    # a link to it (a hand-written page, a bookmark, the other language's switch) never breaks
    for lang in ("", "en/"):
        for page in EMPTY:
            text = text_of(empty.path(f"site/{lang}{page}"))
            assert ("这里还没有内容。" if not lang else "Nothing here yet.") in text, page


def dangling(site: Path) -> list[str]:
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue  # served for any missing path: its links are absolute under site_url
        for tag, attr in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src"),
                          ("source", "srcset")):
            for el in soup(page).find_all(tag):
                for url in (el.get(attr) or "").split(","):
                    url = url.strip().split(" ")[0]
                    parts = urlsplit(url)
                    if not url or url.startswith(("#", "mailto:", "tel:", "data:")) or parts.scheme or parts.netloc:
                        continue
                    target = (page.parent / unquote(parts.path)).resolve()
                    if target.is_dir():
                        target = target / "index.html"
                    if not target.exists():
                        broken.append(f"{page.relative_to(site)} → {url}")
    return broken


def test_no_dangling_link_anywhere(empty):
    assert dangling(empty.path("site")) == []


def test_a_figure_the_records_cannot_know_is_left_out(empty):
    for lang, words in (("", ("服务群众", "服务价值", "服务人次")), ("en/", ("People served", "Economic value"))):
        for page in ("index.html", "stats/index.html"):
            text = text_of(empty.path(f"site/{lang}{page}"))
            for word in words:
                assert word not in text, (lang, page, word)
    stats = text_of(empty.path("site/stats/index.html"))
    assert "志愿者人数 3" in stats and "服务次数" in stats  # what the records know is still there
    assert "圆梦微心愿" not in stats and "微心愿进度" not in stats  # no wish at all: nothing to count


def test_a_zero_the_records_know_is_shown(project):
    """服务人次 written as 0 in every row: people served is known, and is 0; so is an hour's value of 0
    hours. The mini project as it is shows the figures with their values."""
    rows = project.read("data/records/2025.csv").splitlines()
    i = rows[0].split(",").index("beneficiaries")
    project.write("data/records/2025.csv", "\n".join(
        [rows[0]] + [",".join(c[:i] + ["0"] + c[i + 1:]) for c in (r.split(",") for r in rows[1:])]) + "\n")
    run = project.run("build")
    assert run.code == 0, run.text
    home = text_of(project.path("site/index.html"))
    assert "服务群众 0" in home
    assert "服务价值" in home
    table = soup(project.path("site/stats/index.html")).find("caption", string="按年度").find_parent("table")
    assert [th.get_text() for th in table.select("thead th")] == ["年份", "服务时长", "服务次数", "服务人次"]
