"""The sample site in a real headless Chromium, served under a sub-path and from file://.

Screenshots of every page kind at phone and desktop size go to build/screens/
(not committed) for people to look at.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import SUBPATH, SiteServer, external_blocker, launch
from conftest import REPO

playwright_api = pytest.importorskip("playwright.sync_api")

SCREENS = REPO / "build" / "screens"
KINDS = {
    "home": "index.html",
    "volunteers": "volunteers/index.html",
    "profile": "volunteers/tan-xiaoming.html",
    "profile-photo": "volunteers/lin-feng.html",
    "teams": "teams/index.html",
    "team": "teams/dongmen-hongmajia.html",
    "projects": "projects/index.html",
    "project": "projects/jiankang-zhitongche.html",
    "organizations": "organizations/index.html",
    "organization": "organizations/mengxi.html",
    "stories": "stories/index.html",
    "story": "stories/2025-08-20-shiyongjun.html",
    "honors": "honors/index.html",
    "honor-notice": "honors/2026.html",
    "honor-final": "honors/2025.html",
    "stats": "stats/index.html",
    "wishes": "wishes/index.html",
}
SIZES = {"phone": (390, 844), "desktop": (1366, 768)}


@pytest.fixture(scope="module")
def server(sample_site, tmp_path_factory):
    s = SiteServer(sample_site, tmp_path_factory.mktemp("www"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page_at(browser):
    pages = []

    def open_(url: str, size=(390, 844), scheme="light", attempts=None):
        page = browser.new_page(viewport={"width": size[0], "height": size[1]}, color_scheme=scheme)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        if attempts is not None:
            external_blocker(page, attempts)
        page.goto(url)
        page.wait_for_load_state("load")
        page.errors = errors
        pages.append(page)
        return page

    yield open_
    for p in pages:
        p.close()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_page_kinds_fit_a_phone_and_a_desktop(server, page_at, kind):
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, size in SIZES.items():
        page = page_at(server.base + KINDS[kind], size)
        page.wait_for_timeout(150)
        page.screenshot(path=str(SCREENS / f"{kind}-{name}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind} is {overflow}px wider than a {size[0]}px screen"
        assert page.errors == [], page.errors


def test_dark_palette(server, page_at):
    page = page_at(server.base + "stats/index.html", scheme="dark")
    page.screenshot(path=str(SCREENS / "stats-phone-dark.png"), full_page=True)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == "slate"
    bar = page.evaluate("getComputedStyle(document.querySelector('.vs-chart__bar')).fill")
    text = page.evaluate("getComputedStyle(document.querySelector('.vs-chart__label')).fill")
    assert bar != text and text != "rgb(0, 0, 0)"  # labels stay readable on the dark background


def test_search_finds_a_chinese_name(server, page_at):
    page = page_at(server.base + "index.html", (1366, 768))
    page.click("input.md-search__input")
    page.keyboard.type("谭小明")
    page.keyboard.press("End")  # typed CJK text arrives without key events; this sends one
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    assert any("/showcase/volunteers/tan-xiaoming.html" in h for h in hrefs), hrefs


def _search(page, query: str) -> list[str]:
    """The result list's pages, best first, as site paths (volunteers/lin-feng.html)."""
    page.click("input.md-search__input")
    page.keyboard.type(query)
    page.keyboard.press("End")  # typed CJK text arrives without key events; this sends one
    try:
        page.wait_for_selector(".md-search-result__item", timeout=5000)
    except playwright_api.TimeoutError:
        return []
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [urlsplit(h).path.split(f"/{SUBPATH}/", 1)[-1] for h in hrefs]


TAN = "volunteers/tan-xiaoming.html"
JUSTICE = ["volunteers/chen-zhiyuan.html", "volunteers/dong-haibo.html", "volunteers/guo-qiang.html"]
HOSPITAL = ["volunteers/ma-yuqin.html", "volunteers/zhang-hui.html", "volunteers/song-yajun.html"]
PROPAGANDISTS = {TAN, "volunteers/lin-feng.html", "volunteers/sun-haitao.html", "volunteers/liu-yang.html",
                 "volunteers/deng-yufei.html", "volunteers/xiao-yu.html"}  # the sample's 宣传员, before teams


@pytest.mark.parametrize("query,wanted,within,unwanted", [
    # names
    ("谭小明", [TAN], 1, []),
    ("小明", [TAN], 1, []),
    ("林峰", ["volunteers/lin-feng.html"], 1, []),
    # posts: a whole post, and its last word (six volunteers are 宣传员)
    ("政策法规宣传员", [TAN], 1, []),
    ("宣传员", sorted(PROPAGANDISTS), 6, []),
    # units: the unit and its people first; the 县 they share with other units is not enough
    ("县司法局", ["organizations/justice-bureau.html"] + JUSTICE, 6, HOSPITAL),
    ("司法局", JUSTICE, 3, HOSPITAL),
    ("县人民医院", ["organizations/county-hospital.html"] + HOSPITAL, 6, JUSTICE),
    ("孟溪镇", ["organizations/mengxi.html", TAN], 5, JUSTICE + HOSPITAL),
    # words of stories, teams and projects
    ("红马甲", ["teams/dongmen-hongmajia.html"], 3, []),
    ("食用菌", ["stories/2025-08-20-shiyongjun.html"], 1, []),
])
def test_search_by_name_post_or_words(server, page_at, query, wanted, within, unwanted):
    page = page_at(server.base + "index.html", (1366, 768))
    found = _search(page, query)
    assert set(wanted) <= set(found[:within]), found
    assert not set(unwanted) & set(found), found


@pytest.mark.parametrize("query,wanted", [("founded", "en/about.html"), ("volunteers", "en/index.html"),
                                           ("县司法局", "en/organizations/justice-bureau.html")])
def test_english_site_search(server, page_at, query, wanted):
    # English words unstemmed (the theme's wildcard queries would miss a stem), Chinese as on the main site
    page = page_at(server.base + "en/index.html", (1366, 768))
    found = _search(page, query)
    assert wanted in found[:3], found
    assert page.errors == [], page.errors


def test_volunteer_filters_and_sort(server, page_at):
    page = page_at(server.base + "volunteers/index.html")
    assert page.is_visible("#vs-filter")
    page.select_option("select[name=star]", "5")
    page.wait_for_selector("#vs-grid[data-filtered] .vs-card")  # the card data loads on first use
    stars = page.eval_on_selector_all("#vs-grid .vs-card .vs-stars [aria-hidden]", "els => els.map(e => e.textContent)")
    assert stars and set(stars) == {"★★★★★"}
    count = page.inner_text(".vs-filter__count")
    assert count == f"共 {len(stars)} 人"
    page.select_option("select[name=star]", "")
    page.select_option("select[name=org]", "mengxi")  # a township: its villages' people count too
    names = page.eval_on_selector_all("#vs-grid .vs-card__name", "els => els.map(e => e.textContent)")
    assert "王建国" in names and "谭小明" in names and "李桂芳" not in names
    page.select_option("select[name=sort]", "name")
    shown = page.eval_on_selector_all("#vs-grid .vs-card__name", "els => els.map(e => e.textContent)")
    expected = page.evaluate("names => names.slice().sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'))", names)
    assert shown == expected and shown != names  # by pinyin now, no longer by hours
    page.fill("input[name=q]", "科技推广员")
    page.dispatch_event("input[name=q]", "input")
    names = page.eval_on_selector_all("#vs-grid .vs-card__name", "els => els.map(e => e.textContent)")
    assert names == ["王建国"]
    with page.expect_navigation():
        page.click("#vs-grid .vs-card__name a")
    assert page.url.endswith("/showcase/volunteers/wang-jianguo.html")


def test_filters_work_from_file_url(sample_site, page_at):
    page = page_at((sample_site / "volunteers/index.html").as_uri())
    page.select_option("select[name=status]", "共青团员")
    page.wait_for_selector("#vs-grid[data-filtered] .vs-card")
    assert page.inner_text(".vs-filter__count") == "共 6 人"  # the sample's six Youth League members
    assert page.errors == []


def test_pages_open_from_file_url_without_errors(sample_site, page_at):
    attempts: list[str] = []
    for rel in ("index.html", "volunteers/tan-xiaoming.html", "stats/index.html"):
        page = page_at((sample_site / rel).as_uri(), attempts=attempts)
        assert page.errors == [], (rel, page.errors)
        href = page.get_attribute("a.md-tabs__link[href$='index.html'], .md-tabs__link", "href")
        assert href and not href.startswith("/")
    assert attempts == []


def test_honor_roll_prints_on_a4(server, page_at, tmp_path):
    page = page_at(server.base + "honors/2025.html", (1366, 768))
    pdf = tmp_path / "roll.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    import re

    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert boxes == {(b"594.96", b"841.92")} or all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 for w, h in boxes)
    page.emulate_media(media="print")
    assert not page.is_visible(".md-header")
    assert page.is_visible("table")


def test_search_works_from_file_url(sample_site, page_at):
    attempts: list[str] = []
    page = page_at((sample_site / "index.html").as_uri(), (1366, 768), attempts=attempts)
    page.click("input.md-search__input")
    page.keyboard.type("林峰")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    assert any(h.startswith("file://") and "/volunteers/lin-feng.html" in h for h in hrefs), hrefs
    assert attempts == [] and page.errors == []
