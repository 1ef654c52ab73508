"""The annual report (年度报告) of the sample: its figures against the ledger itself, the year
before, the people it names, its charts' tables, its poster and its English twin."""

from __future__ import annotations

import csv
import html
import json
import re

import pytest
from PIL import Image

from conftest import REPO, SAMPLE_URL

LEDGER = REPO / "data" / "records"


def _ledger_year(year: int) -> dict:
    """The year's figures straight from the sample's CSV files, without the program."""
    hours, services, served, people, projects = 0.0, 0, 0, set(), {}
    for path in sorted(LEDGER.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if not row["date"].startswith(f"{year}-"):
                    continue
                hours += float(row["hours"])
                services += 1
                served += int(row["beneficiaries"] or 0)
                people.add(row["volunteer"])
                if row["project"]:
                    projects[row["project"]] = projects.get(row["project"], 0.0) + float(row["hours"])
    return {"hours": round(hours, 1), "services": services, "beneficiaries": served,
            "volunteers_active": len(people), "projects_active": len(projects),
            "top_project": max(projects.items(), key=lambda kv: kv[1]) if projects else None}


def _page(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _figures(page: str) -> dict:
    """Each figure card's key and number, as the reader sees them."""
    return {key: _number(value) for key, value in
            re.findall(r'<div class="vs-figure" data-figure="(\w+)"><dt>[^<]*</dt><dd><strong>([^<]+)</strong>', page)}


def _compare(page: str) -> dict:
    """The comparison table: key -> (this year, the year before, change) as text."""
    rows = re.findall(r'<tr data-figure="(\w+)"><th scope="row">[^<]*</th><td>([^<]*)</td><td>([^<]*)</td>'
                      r'<td>([^<]*)</td></tr>', page)
    return {key: (now, before, change) for key, now, before, change in rows}


def test_a_page_per_year_with_data_and_an_index(sample_site):
    index = _page(sample_site, "annual/index.html")
    for year in (2025, 2026):
        assert f'href="{year}.html"' in index
    # 2024 has no ledger row, honor, story or new volunteer in the sample: no report
    assert not (sample_site / "annual/2024.html").exists()
    assert (sample_site / "annual/2017.html").exists()  # new volunteers only
    stats = _page(sample_site, "stats/index.html")
    assert 'href="../annual/2025.html"' in stats and 'href="../annual/index.html"' in stats
    assert 'href="../annual/2025.html"' in _page(sample_site, "honors/index.html")
    assert 'href="../annual/2026.html"' in _page(sample_site, "honors/2026.html")


@pytest.mark.parametrize("year", [2025, 2026])
def test_figures_equal_the_ledger_and_the_stats_page(sample_site, year):
    expected = _ledger_year(year)
    page = _page(sample_site, f"annual/{year}.html")
    shown = _figures(page)
    top = expected.pop("top_project")
    for key, value in expected.items():
        assert shown[key] == value, key
    assert shown["new_volunteers"] == 0  # a 0 the records know is shown
    # the top project of the year, by the year's hours (not all years')
    section = page.split('id="projects"', 1)[1]
    first = re.search(r'<tr><td>1</td><th scope="row"><a href="\.\./projects/([\w-]+)\.html">[^<]+</a></th><td>([^<]+)</td>',
                      section)
    assert (first.group(1), _number(first.group(2))) == (top[0], round(top[1], 1))
    by_year = {r["year"]: r for r in json.loads(_page(sample_site, "stats/figures.json"))["by_year"]}
    assert shown["hours"] == by_year[year]["hours"]
    assert shown["services"] == by_year[year]["services"]
    assert shown["beneficiaries"] == by_year[year]["beneficiaries"]
    stories = len(list((REPO / "content" / "stories").glob(f"{year}-*.md")))
    assert shown["stories"] == stories


def test_the_year_before_beside_it(sample_site):
    page = _page(sample_site, "annual/2026.html")
    rows = _compare(page)
    now, before = _ledger_year(2026), _ledger_year(2025)
    for key in ("hours", "services", "beneficiaries", "volunteers_active", "projects_active"):
        shown_now, shown_before, change = rows[key]
        assert _number(shown_now) == now[key] and _number(shown_before) == before[key]
        pct = round((now[key] - before[key]) * 100 / before[key], 1)
        sign = "+" if pct > 0 else "−" if pct < 0 else ""
        assert change == f"{sign}{abs(pct):g}%", key
    assert "2025 年" in page and "与上年对比" in page


def test_a_first_year_shows_no_change(sample_site):
    # 2025 is the ledger's first year and 2024 has no report: nothing to compare with
    for year in (2025, 2010):
        page = _page(sample_site, f"annual/{year}.html")
        assert "vs-change" not in page and "与上年对比" not in page
    # 2010: only new volunteers are known; the ledger's figures are left out, not shown as 0
    shown = _figures(_page(sample_site, "annual/2010.html"))
    assert shown == {"new_volunteers": 1}


def test_new_volunteers_are_only_the_consented(sample_site):
    volunteers = REPO / "data" / "volunteers"
    joined_2017, hidden = [], []
    for path in volunteers.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        name = re.search(r"^name:\s*(\S+)", text, re.M).group(1)
        if re.search(r"^joined:\s*2017-", text, re.M):
            (hidden if re.search(r"publish:\s*false", text) else joined_2017).append(name)
    assert hidden, "the sample has an unconsented volunteer who joined in 2017"
    page = _page(sample_site, "annual/2017.html")
    section = page.split('id="new-volunteers"', 1)[1]
    listed = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section)
    assert sorted(listed) == sorted(joined_2017)
    for name in hidden:
        for path in sample_site.rglob("annual/*.html"):
            assert name not in path.read_text(encoding="utf-8"), path


def test_every_chart_has_a_data_table(sample_site):
    page = _page(sample_site, "annual/2026.html")
    charts = re.findall(r'<svg class="vs-chart".*?<title id="[^"]+">([^<]+)</title>', page, re.S)
    assert len(charts) == 3
    for heading in ("各月服务时长", "按服务类别", "按组织"):
        assert f"<caption>{heading}</caption>" in page
    # the month chart and its table hold the same months
    table = page.split("<caption>各月服务时长</caption>", 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<tr><th scope=\"row\">\d+月</th>", table)) == 11  # January to today's November


def test_poster_links_back_to_the_page(sample_site):
    zxingcpp = pytest.importorskip("zxingcpp")
    page = _page(sample_site, "annual/2026.html")
    assert 'href="../posters/annual/2026.png"' in page
    with Image.open(sample_site / "posters/annual/2026.png") as im:
        assert im.size == (1080, 1920)
        found = [r.text for r in zxingcpp.read_barcodes(im)]
    assert found == [SAMPLE_URL + "annual/2026.html"]


def test_english_report(sample_site):
    page = _page(sample_site, "en/annual/2026.html")
    assert "Volunteer service in 2026: annual report" in page
    assert "Beside the year before" in page and "Hours by month" in page
    body = html.unescape(page.split('<article', 1)[1].split("</article>", 1)[0])
    for word in ("年度数据", "与上年对比", "参与服务的志愿者", "比上年"):
        assert word not in body


def test_no_pdf_link_when_printing_is_off(site_project):
    assert 'href="2025.pdf"' in site_project.read("site/annual/2025.html")
    site_project.edit("mkdocs.yml", '      today: "2026-11-24"', '      today: "2026-11-24"\n      printed: false')
    assert site_project.run("build").code == 0
    page = site_project.read("site/annual/2025.html")
    assert "<h1" in page and "2025.pdf" not in page
    assert not list(site_project.path("site").rglob("*.pdf"))


def test_fits_phone_and_desktop_screens(sample_site, tmp_path):
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    from browser import SiteServer, launch
    from test_browser import SCREENS

    server = SiteServer(sample_site, tmp_path / "srv")
    SCREENS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            for width, height in ((390, 844), (1366, 768)):
                page = browser.new_page(viewport={"width": width, "height": height})
                for path in ("annual/2026.html", "annual/2010.html", "en/annual/2025.html", "annual/index.html"):
                    page.goto(server.base + path)
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"
                    assert page.locator("h1").first.is_visible()
                    page.screenshot(path=str(SCREENS / f"annual-{path.replace('/', '-')}-{width}.png"),
                                    full_page=True)
                page.close()
            browser.close()
    finally:
        server.close()


def test_ledger_files_add_up_by_project_and_category_per_year(tmp_path):
    from showcase.records import ledger

    header = "date,volunteer,hours,category,project,beneficiaries\n"
    (tmp_path / "one.csv").write_text(header + "2025-03-01,a,2,环境卫生,p1,3\n2026-01-02,a,1.5,环境卫生,p1,\n",
                                      encoding="utf-8")
    (tmp_path / "two.csv").write_text(header + "2025-12-31,b,4,环境卫生,p1,2\n2025-05-05,b,1,便民服务,,\n",
                                      encoding="utf-8")
    one = ledger.fold_file(tmp_path / "one.csv", "data/records/one.csv")  # read from the file, block by block
    two = ledger.fold_file(tmp_path / "two.csv", "data/records/two.csv")
    total = ledger.combine([one, two], {"环境卫生": "environment", "便民服务": "convenience"})
    assert total.project_years == {("p1", 2025): [6.0, 2, 5], ("p1", 2026): [1.5, 1, 0]}
    assert total.category_years == {("environment", 2025): [6.0, 2, 5], ("environment", 2026): [1.5, 1, 0],
                                    ("convenience", 2025): [1.0, 1, 0]}


def test_record_text_is_escaped_and_a_long_word_breaks_no_layout(site_project, tmp_path):
    long = "<script>alert(1)</script>" + "W" * 75  # as long as a name may be, one unbreakable word
    site_project.edit("data/projects/proj-a.yml", "name: 科技助农", f"name: '{long}'")
    site_project.append("data/volunteers/carol.yml", "joined: 2025-02-01\n")  # unconsented, new in 2025
    run = site_project.run("build")
    assert run.code == 0, run.text
    page = site_project.read("site/annual/2025.html")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert [p for p in site_project.leaks("王秘密") if "annual" in p] == []  # carol has not consented
    assert "new-volunteers" not in page  # the only one new in 2025 is not named
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    from browser import SiteServer, launch

    server = SiteServer(site_project.root / "site", tmp_path / "srv")
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(server.base + "annual/2025.html")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the report is {overflow}px wider than the phone"
            browser.close()
    finally:
        server.close()


def test_each_report_has_its_a4_pdf_with_the_pages_figures(sample_site):
    from test_paper import flat, fonts, info

    page = _page(sample_site, "annual/2026.html")
    assert 'href="2026.pdf"' in page
    pdf = sample_site / "annual/2026.pdf"
    assert info(pdf)["Page size"].split()[:3] == ["595.276", "x", "841.89"]
    assert fonts(pdf) and all(row[-5] == "yes" for row in fonts(pdf))  # emb
    printed = flat(pdf)
    assert "2026年度志愿服务报告" in printed
    for key, (now, before, change) in _compare(page).items():
        assert now.replace(" ", "") in printed and change in printed, key
    for year in (2025, 2017):
        assert (sample_site / f"annual/{year}.pdf").is_file()
    # the 2017 report names its new volunteers, and only those who consented
    text_2017 = flat(sample_site / "annual/2017.pdf")
    section = _page(sample_site, "annual/2017.html").split('id="new-volunteers"', 1)[1]
    for name in re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section):
        assert name in text_2017
    for path in (REPO / "data" / "volunteers").glob("*.yml"):
        record = path.read_text(encoding="utf-8")
        if re.search(r"publish:\s*false", record):
            name = re.search(r"^name:\s*(\S+)", record, re.M).group(1)
            for pdf in sample_site.glob("annual/*.pdf"):
                assert name not in flat(pdf), (name, pdf)
