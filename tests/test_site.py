"""The built site as a reader gets it: pages, figures, links, privacy, safety."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, TODAY, Project

PAGE_KINDS = [
    "index.html", "about.html",
    "volunteers/index.html", "volunteers/page/2.html", "volunteers/tan-xiaoming.html",
    "teams/index.html", "teams/mengxi-keji.html",
    "projects/index.html", "projects/keji-zhunong.html",
    "organizations/index.html", "organizations/zhaigan.html",
    "stories/index.html", "stories/2025-08-20-shiyongjun.html",
    "honors/index.html", "honors/2025.html", "honors/2026.html",
    "stats/index.html", "wishes/index.html",
]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(path: Path) -> str:
    return " ".join(soup(path).get_text(" ").split())


@pytest.fixture(scope="module")
def sample_model():
    from showcase.model import pipeline
    from showcase.records import load

    m, _ = pipeline.build_model(load.Paths.at(REPO), TODAY)
    return m


@pytest.mark.parametrize("page", PAGE_KINDS)
def test_every_page_kind_exists(sample_site, page):
    html = soup(sample_site / page)
    assert html.find("h1"), page
    assert html.find("html")["lang"] == "zh"


def test_extra_files(sample_site):
    for name in ("stats/figures.csv", "stats/figures.json", "stories/feed.xml", "sitemap.xml",
                 "search/search_index.json", "volunteers/cards.js"):
        assert (sample_site / name).stat().st_size > 0, name


def test_profile_shows_the_models_figures(sample_site, sample_model):
    v = sample_model.volunteers["tan-xiaoming"]
    text = text_of(sample_site / "volunteers/tan-xiaoming.html")
    assert f"服务时长 {v.hours:,.1f} 小时".replace(".0 ", " ") in text
    assert f"服务次数 {v.services:,} 次" in text
    assert "★" * v.star in text and "五星志愿者" in text and v.star == 5
    assert "青溪县 › 孟溪镇" in text
    assert "政策法规宣传员" in text and "党员就是要把群众的事当成自己的事" in text
    # highlights as a timeline, honors, teams, projects, pairings, related story
    assert "2019年6月30日 被评为孟溪镇优秀共产党员" in text
    assert "2025 · 优秀党员志愿者" in text and "2026 · 争六星·六月评星表彰" in text
    assert "孟溪镇科技助农服务队" in text and "科技助农·产业帮扶" in text
    assert "留守儿童家庭（孟溪镇）" in text
    assert "谭小明：用双语把政策讲进田间地头" in text


def test_stats_match_the_model(sample_site, sample_model):
    t = sample_model.totals
    data = json.loads((sample_site / "stats/figures.json").read_text(encoding="utf-8"))
    assert data["totals"]["volunteers"] == t.volunteers == 36  # the unpublished one counts
    assert data["totals"]["hours"] == round(t.hours, 1)
    assert data["totals"]["services"] == t.services == 1346
    assert sum(r["services"] for r in data["by_month"]) == t.services
    assert sum(r["volunteers"] for r in data["stars"]) == t.volunteers
    assert len(data["top"]) == 10
    rows = list(csv.reader(io.StringIO((sample_site / "stats/figures.csv").read_text(encoding="utf-8-sig"))))
    assert ["services", str(t.services)] in rows
    text = text_of(sample_site / "stats/index.html")
    assert "志愿者人数 36" in text and "服务价值 53.51万元" in text


def test_charts_have_titles_and_tables(sample_site):
    html = soup(sample_site / "stats/index.html")
    charts = html.select("svg.vs-chart")
    assert len(charts) == 7
    for chart in charts:
        assert chart["role"] == "img"
        title = chart.find("title", id=chart["aria-labelledby"])
        assert title and title.get_text().strip()
    assert len(html.find_all("table")) >= 7
    for table in html.find_all("table"):
        assert table.find("th")


def test_internal_links_resolve(sample_site):
    broken = []
    for page in sample_site.rglob("*.html"):
        for tag, attr in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src"), ("source", "srcset")):
            for el in soup(page).find_all(tag):
                for url in (el.get(attr) or "").split(","):
                    url = url.strip().split(" ")[0]
                    if not url or url.startswith(("#", "mailto:", "tel:", "data:")):
                        continue
                    parts = urlsplit(url)
                    if parts.scheme or parts.netloc:
                        continue
                    if page.name == "404.html":
                        # served for any missing path, so its links are absolute under site_url
                        assert url.startswith("/showcase/"), url
                        target = sample_site / unquote(parts.path).removeprefix("/showcase/")
                    else:
                        assert not url.startswith("/"), f"{page}: absolute link {url} breaks under a sub-path"
                        target = (page.parent / unquote(parts.path)).resolve()
                    if target.is_dir():
                        target = target / "index.html"
                    if not target.exists():
                        broken.append(f"{page.relative_to(sample_site)} → {url}")
    assert broken == []


def test_links_go_both_ways(sample_site):
    def hrefs(page):
        return {a["href"] for a in soup(sample_site / page).find_all("a", href=True)}

    assert "../teams/mengxi-keji.html" in hrefs("volunteers/tan-xiaoming.html")
    assert "../volunteers/tan-xiaoming.html" in hrefs("teams/mengxi-keji.html")
    assert "../projects/keji-zhunong.html" in hrefs("teams/mengxi-keji.html")
    assert "../teams/mengxi-keji.html" in hrefs("projects/keji-zhunong.html")
    assert "../honors/2025.html" in hrefs("volunteers/tan-xiaoming.html")
    assert "../volunteers/tan-xiaoming.html" in hrefs("honors/2025.html")
    assert "../stories/2026-03-12-shuangyu-xuanjiang.html" in hrefs("volunteers/tan-xiaoming.html")
    assert "../volunteers/tan-xiaoming.html" in hrefs("stories/2026-03-12-shuangyu-xuanjiang.html")
    assert "../organizations/mengxi.html" in hrefs("volunteers/tan-xiaoming.html")
    assert "../volunteers/wang-jianguo.html" in hrefs("organizations/zhaigan.html")


def test_unconsented_volunteer_leaves_no_trace(sample_site):
    # 袁芳 (yuan-fang) has consent.publish: false; she is in a team (an honor list may not name her at all).
    assert not (sample_site / "volunteers/yuan-fang.html").exists()
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".xml", ".csv", ".txt"):
            content = path.read_text(encoding="utf-8", errors="ignore")
            assert "袁芳" not in content and "yuan-fang" not in content, path
    # …yet she is counted in the totals
    assert json.loads((sample_site / "stats/figures.json").read_text())["totals"]["volunteers"] == 36


def test_private_fields_never_reach_the_site(sample_site):
    phones = set()
    for path in (REPO / "data/volunteers").glob("*.yml"):
        m = re.search(r"phone: '(\d+)'", path.read_text(encoding="utf-8"))
        if m:
            phones.add(m.group(1))
    assert len(phones) > 30
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".xml", ".csv"):
            content = path.read_text(encoding="utf-8", errors="ignore")
            assert not [p for p in phones if p in content], path


def test_public_notice_shows_only_name_unit_and_post(sample_site):
    text = text_of(sample_site / "honors/2026.html")
    assert "公示中：2026年11月20日 至 2026年12月4日" in text
    assert "陈志远 县司法局 法律援助员" in text
    assert "追回欠薪" not in text  # the citation waits for the end of the notice
    final = text_of(sample_site / "honors/2025.html")
    assert "十年如一日用双语宣讲惠民政策" in final and "公示中" not in final


def test_honor_roll_and_home_point_at_the_current_list(sample_site):
    text = text_of(sample_site / "index.html")
    assert "最新表彰：2026 年度志愿服务表彰 公示中" in text
    assert "志愿者人数 36" in text
    assert "谭小明" in text  # featured


def test_volunteer_grid_pages_and_filters(sample_site, sample_model):
    first = soup(sample_site / "volunteers/index.html")
    cards = first.select("li.vs-card")
    assert len(cards) == 24
    second = soup(sample_site / "volunteers/page/2.html").select("li.vs-card")
    assert len(second) == sample_model.totals.published_volunteers - 24
    hours = [float(c["data-hours"]) for c in cards + second]
    assert hours == sorted(hours, reverse=True)
    assert first.select_one("#vs-filter select[name=org] option[value=mengxi]")
    assert first.select_one("#vs-filter select[name=star] option[value='5']")
    data = json.loads((sample_site / "volunteers/cards.js").read_text(encoding="utf-8")
                      .removeprefix("window.SHOWCASE_CARDS=").rstrip(";\n"))
    assert len(data) == sample_model.totals.published_volunteers
    assert data[0][:2] == ["tan-xiaoming", "谭小明"]


def test_search_index_holds_people_not_full_pages(sample_site):
    index = json.loads((sample_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = {d["location"]: d for d in index["docs"]}
    tan = entries["volunteers/tan-xiaoming.html"]
    assert tan["title"] == "谭小明"  # one word: jieba learnt the name
    assert "政策法规宣传员" in tan["text"].replace("\u200b", "")
    assert "孟溪镇" in tan["text"].replace("\u200b", "")
    assert "teams/mengxi-keji.html" in entries and "projects/keji-zhunong.html" in entries
    # hand-written stories stay indexed by their full text
    assert any(loc.startswith("stories/2025-08-20-shiyongjun.html") for loc in entries)
    assert not any(loc.startswith("volunteers/page/") for loc in entries)


def test_feed_and_sitemap(sample_site):
    feed = ET.parse(sample_site / "stories/feed.xml").getroot()
    items = feed.findall("channel/item")
    assert [i.findtext("title") for i in items][0] == "“四点半课堂”点亮留守童心"
    assert items[0].findtext("link") == "https://qingxi-zhiyuan.github.io/showcase/stories/2026-06-18-sidianban.html"
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://qingxi-zhiyuan.github.io/showcase/volunteers/tan-xiaoming.html" in sitemap
    assert "yuan-fang" not in sitemap


def test_no_request_leaves_the_readers_machine(sample_site):
    for page in sample_site.rglob("*.html"):
        if "wechat" in page.relative_to(sample_site).parts:
            continue  # 公众号 articles: their images are at the published address for the editor to fetch
        html = soup(page)
        for inert in html.find_all("template"):  # never rendered, nothing in it fetched (test_wechat.py)
            inert.decompose()
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "srcset")):
            for el in html.find_all(tag):
                if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload", "preconnect",
                                          "dns-prefetch", "manifest", "prefetch"} & set(el.get("rel", [])):
                    continue  # canonical and alternate links name pages; browsers do not fetch them
                url = el.get(attr) or ""
                assert not url.startswith(("http:", "https:", "//")), f"{page}: {tag} {url}"
        assert "fonts.googleapis" not in str(html) and "fonts.gstatic" not in str(html)


def test_profiles_are_not_in_the_navigation(sample_site):
    nav = soup(sample_site / "volunteers/tan-xiaoming.html").select_one("nav.md-nav--primary")
    assert nav is not None
    assert not nav.select('a[href$="tan-xiaoming.html"]')
    assert len(nav.select("a.md-nav__link")) < 20


# -- purpose-made cases ------------------------------------------------------------------

HOSTILE = """
<script>alert('story')</script>
<img src=x onerror="alert('img')">
[click](javascript:alert('link'))
<a href="JaVaScRiPt:alert('mixed')">mixed</a>
<iframe src="https://evil.example"></iframe>
<p style="background:url(javascript:alert(1))" onclick="alert('p')">styled</p>
<svg onload="alert('svg')"></svg>
**粗体**仍然保留
"""


def test_scripts_from_records_are_stripped(project):
    project.edit("data/volunteers/alice.yml", "story: 谭小明走遍了全镇的村寨。",
                 "story: |\n" + "\n".join("  " + line for line in HOSTILE.strip().splitlines()))
    project.edit("data/volunteers/alice.yml", "motto: 把群众的事当成自己的事",
                 "motto: '<script>alert(\"motto\")</script>'")
    project.write("content/stories/2025-07-01-x.md",
                  "---\ntitle: 坏故事\ndate: 2025-07-01\n---\n\n# 坏故事\n" + HOSTILE)
    run = project.run("build")
    assert run.code == 0, run.text
    for page in ("site/volunteers/alice.html", "site/stories/2025-07-01-x.html"):
        html = project.read(page)
        body = html[html.find("<article"):html.find("</article>")]
        assert "<strong>粗体</strong>" in body
        # the story's 公众号 article rides inert in a <template> with its own inline styles (ours,
        # from site/wechat.py's stylesheet; test_wechat.py checks them): no record's style there either
        outside = re.sub(r"<template>.*?</template>", "", body, flags=re.S)
        for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "style="):
            assert bad not in outside.lower(), (page, bad)
            assert bad == "style=" or bad not in body.lower(), (page, bad)
        assert "background:url" not in body
    # the motto is shown as text, escaped
    assert "&lt;script&gt;alert(&#34;motto&#34;)&lt;/script&gt;" in project.read("site/volunteers/alice.html")


def test_pagination_and_single_page(project):
    project.edit("mkdocs.yml", 'today: "2026-11-24"', 'today: "2026-11-24"\n      per_page: 1')
    run = project.run("build")
    assert run.code == 0, run.text
    assert project.path("site/volunteers/page/2.html").exists()
    assert not project.path("site/volunteers/page/3.html").exists()  # carol is not published
    pager = soup(project.path("site/volunteers/index.html")).select_one("nav.vs-pager")
    assert [a.get_text() for a in pager.find_all("a")] == ["2", "下一页"]


def test_public_fields_limit_what_profiles_show(project):
    project.edit("data/site.yml", "  points_per_service: 1", "  points_per_service: 1\n  public_fields: [organization, post]")
    project.edit("data/volunteers/alice.yml", "story: 谭小明走遍了全镇的村寨。", "story: 谭小明走遍了全镇的村寨。\npledge: 我承诺")
    assert project.run("build").code == 0
    text = text_of(project.path("site/volunteers/alice.html"))
    assert "政策法规宣传员" in text and "寨杆村" in text
    for hidden in ("服务时长", "把群众的事当成自己的事", "走遍了全镇", "我承诺"):
        assert hidden not in text, hidden
    tags = [t.get_text() for t in soup(project.path("site/volunteers/alice.html")).select(".vs-profile .vs-tag")]
    assert tags == ["政策法规宣传员"]  # the status (党员) is not public


def test_site_in_english(project):
    project.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nlocale: en")
    run = project.run("build")
    assert run.code == 0, run.text
    text = text_of(project.path("site/volunteers/alice.html"))
    assert "Service hours 101 h" in text
    assert "Party member" in text


def test_build_is_deterministic(project, tmp_path):
    assert project.run("build").code == 0
    first = {p.relative_to(project.path("site")): p.read_bytes() for p in project.path("site").rglob("*") if p.is_file()}
    assert project.run("build").code == 0
    second = {p.relative_to(project.path("site")): p.read_bytes() for p in project.path("site").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


# -- review fixes: what a reader sees ------------------------------------------------------

def figures(path: Path) -> dict[str, str]:
    """A page's figures (label → value with unit) exactly as written, spaces included."""
    return {f.dt.get_text(): f.dd.get_text() for f in soup(path).select(".vs-figure")}


def test_record_markdown_keeps_images_local_and_the_themes_ids(project):
    story = "\n\n".join([
        "![跟踪](https://tracker.example/p.png) ![协议相对](//tracker.example/q.png)",
        "![内嵌](data:image/png;base64,iVBORw0KGgo=) <img src=' HTTPS://tracker.example/r.png' alt='大写'>",
        "![本地](../assets/showcase/logo.svg) [外链](https://example.org/page)",
        "## 冒名标题 {#__drawer}",
        '<div id="__search" class="md-search">冒名</div>',
    ])
    project.edit("data/volunteers/alice.yml", "story: 谭小明走遍了全镇的村寨。",
                 "story: |\n" + "\n".join("  " + line for line in story.splitlines()))
    project.append("content/stories/2025-06-01-tan.md",
                   "\n![跟踪](https://tracker.example/s.png)\n\n## 小标题\n\n"
                   '<div id="__search">冒名</div>\n')
    run = project.run("build")
    assert run.code == 0, run.text
    for page in ("site/volunteers/alice.html", "site/stories/2025-06-01-tan.html"):
        html = soup(project.path(page))
        for inert in html.find_all("template"):  # the 公众号 article: its own QR code's address (test_wechat.py)
            inert.decompose()
        srcs = [img.get("src", "") for img in html.find("article").find_all("img")]
        assert not [s for s in srcs if re.match(r"\s*([a-z][a-z0-9+.-]*:|//)", s, re.I)], (page, srcs)
        # the theme's ids stay unique, on the theme's own elements
        assert [t.name for t in html.find_all(id="__drawer")] == ["input"], page
        assert [t.name for t in html.find_all(id="__search")] == ["input"], page
    profile = soup(project.path("site/volunteers/alice.html")).find("article")
    assert [img["alt"] for img in profile.find_all("img")] == ["本地"]
    assert profile.find("a", string="外链")["rel"] == ["noopener", "noreferrer"]
    fake = profile.find(string="冒名").parent
    assert fake.name == "div" and not fake.get("class") and not fake.get("id")
    # a hand-written page keeps its headings' ids (the table of contents links to them)
    assert soup(project.path("site/stories/2025-06-01-tan.html")).find("h2", string="小标题").get("id")


def test_stats_charts_label_what_they_count(sample_site, sample_model):
    html = soup(sample_site / "stats/index.html")
    t = sample_model.totals
    # micro-wishes: a chart like the others, and a table of wishes (not people)
    heading = html.find("h2", id="wishes")
    chart = heading.find_next_sibling()
    assert chart.name == "svg" and chart.find("title", id=chart["aria-labelledby"]).get_text() == "微心愿进度"
    assert [x.get_text() for x in chart.select(".vs-chart__label")] == ["已完成", "已认领", "待认领"]
    table = heading.find_next("table")
    assert [th.get_text() for th in table.thead.find_all("th")] == ["状态", "个数"]
    assert [td.get_text() for td in table.tbody.find_all("td")][0] == str(t.wishes_done)
    # star levels by name, not bare numbers
    stars = html.find("svg", attrs={"aria-labelledby": "c-stars-title"})
    assert [x.get_text() for x in stars.select(".vs-chart__label")] == \
        ["未评星", "一星", "二星", "三星", "四星", "五星"]
    # months as a Chinese reader writes them
    months = html.find("svg", attrs={"aria-labelledby": "c-month-title"})
    labels = [x.get_text() for x in months.select(".vs-chart__label")]
    assert labels[:3] == ["1月", "2025年", "5月"] and "2026年" in labels
    assert months.find("rect").title.get_text().startswith("2025年1月：")
    rows = html.find("h2", id="by-month").find_next("table").tbody.find_all("th")
    assert rows[0].get_text() == "2025年1月"
    assert not re.search(r"\b20\d\d-\d\d\b", html.find("article").get_text())


def test_outcomes_and_money_as_chinese_readers_write_them(sample_site):
    assert figures(sample_site / "projects/keji-zhunong.html")["帮扶资金"] == "45.26万元"
    assert figures(sample_site / "projects/lvhua-qingxi.html")["苗木成活率"] == "100%"
    stats = figures(sample_site / "stats/index.html")
    assert stats["服务价值"] == "53.51万元" and stats["累计服务时长"] == "2.14万小时"


def test_money_in_english_has_both_decimals_or_none(project):
    project.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nlocale: en")
    project.edit("data/site.yml", "hour_value_yuan: 20", "hour_value_yuan: 20.25")
    project.edit("data/projects/proj-a.yml", "  - {label: 植树, value: 3000, unit: 棵}",
                 "  - {label: 植树, value: 3000, unit: 棵}\n  - {label: 户均增收, value: 1234.5, unit: 元}\n"
                 "  - {label: 成活率, value: 100, unit: '%'}")
    run = project.run("build")
    assert run.code == 0, run.text
    outcomes = figures(project.path("site/projects/proj-a.html"))
    assert outcomes["帮扶资金"] == "¥452,600" and outcomes["户均增收"] == "¥1,234.50"
    assert outcomes["成活率"] == "100%"
    value = project.model().totals.economic_value
    assert round(value * 100) % 100  # the case under test: yuan and fen
    assert figures(project.path("site/stats/index.html"))["Economic value"] == f"¥{value:,.2f}"


def test_filtered_grid_pages_like_the_static_pages(project):
    playwright_api = pytest.importorskip("playwright.sync_api")
    from browser import launch

    project.edit("mkdocs.yml", 'today: "2026-11-24"', 'today: "2026-11-24"\n      per_page: 1')
    run = project.run("build")
    assert run.code == 0, run.text
    assert len(soup(project.path("site/volunteers/index.html")).select("li.vs-card")) == 1
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            # both published volunteers are under the county: the filter keeps them, one a page
            page.goto(project.path("site/volunteers/index.html").as_uri() + "#org=county")
            page.wait_for_selector("#vs-grid[data-filtered]")
            assert page.locator("#vs-grid li.vs-card").count() == 1
            assert page.locator("#vs-grid .vs-pager button").all_inner_texts() == ["1", "2"]
        finally:
            browser.close()


def test_profile_shows_fulfilled_micro_wishes(sample_site, sample_model):
    wishes = sample_model.volunteers["zeng-xianrong"].wishes
    assert wishes
    html = soup(sample_site / "volunteers/zeng-xianrong.html")
    heading = html.find("h2", string="认领的微心愿")
    items = [" ".join(li.get_text(" ").split()) for li in heading.find_next("ul").find_all("li")]
    assert items[0] == "想要一台能听戏的收音机（孤寡老人（石桥村）） 已完成 2025年3月10日"
    assert len(items) == len(wishes)


def test_the_organisation_is_named_in_site_yml_alone(project):
    """Renaming the organisation in data/site.yml renames it everywhere: titles, header, footer,
    og:site_name, feed, search; a site_name left in mkdocs.yml is named, not silently used."""
    project.edit("data/site.yml", "name: 测试志愿服务队\n",
                 "name: 平安县志愿者协会\ndescription: 平安县的志愿服务\nurl: https://zyz.pingan.org.cn/zyz/\n")
    project.edit("content/index.md", "# 测试志愿服务队", "# 首页")
    project.edit("mkdocs.yml", "site_url: https://qingxi-zhiyuan.github.io/showcase/\n", "")
    run = project.run("build")
    assert run.code == 0, run.text
    assert "mkdocs.yml: site_name:" in run.text and "data/site.yml" in run.text  # the stale name, named
    site = project.path("site")
    left = [p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.suffix in (".html", ".xml", ".json", ".js") and "测试志愿服务队" in p.read_text(encoding="utf-8")]
    assert left == []
    home = soup(site / "index.html")
    assert home.title.string.endswith("平安县志愿者协会")
    assert home.find("meta", attrs={"property": "og:site_name"})["content"] == "平安县志愿者协会"
    assert home.find("meta", attrs={"name": "description"})["content"] == "平安县的志愿服务"
    assert "平安县志愿者协会" in (site / "stories" / "feed.xml").read_text(encoding="utf-8")
    assert "<loc>https://zyz.pingan.org.cn/zyz/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    # with mkdocs.yml only referring to site.yml, nothing to warn about
    project.edit("mkdocs.yml", "site_name: 测试志愿服务队\n", "site_name: 见 data/site.yml\n")
    run = project.run("build")
    assert run.code == 0 and "mkdocs.yml:" not in run.text, run.text


def test_a_published_address_that_is_not_one(project):
    project.append("data/site.yml", "url: zyz.pingan.org.cn/zyz\n")
    run = project.run("validate")
    assert run.code == 1
    assert "data/site.yml:" in run.text and "url" in run.text and "https://" in run.text
