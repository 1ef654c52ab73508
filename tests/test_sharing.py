"""What a shared link, a feed reader and a search engine read of the built site: Open Graph tags on
every page of both languages, the feed's link, items and covers, and the sitemap's dates, which
come from the records, never from the build clock."""

from __future__ import annotations

import csv
import posixpath
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import SAMPLE_URL, TODAY

MINI_URL = "https://qingxi-zhiyuan.github.io/showcase/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def pages(site: Path) -> list[Path]:
    """The site's pages; the 公众号 articles under wechat/ are files to paste elsewhere, not pages."""
    return sorted(p for p in site.rglob("*.html") if "wechat" not in p.relative_to(site).parts)


def meta(soup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def story_dates(root: Path) -> dict[str, str]:
    """Each story's page (relative to the site) and the date its front matter gives."""
    out = {}
    for md in (root / "content/stories").glob("*.md"):
        front = yaml.safe_load(md.read_text(encoding="utf-8").split("---")[1])
        out[f"stories/{md.stem}.html"] = front["date"].isoformat()
    return out


def lastmods(site: Path) -> dict[str, str]:
    """Sitemap address → lastmod."""
    root = ET.parse(site / "sitemap.xml").getroot()
    return {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}


def test_every_page_of_both_languages_says_what_it_is(sample_site):
    project = sample_site.parent
    stories = story_dates(project)
    checked = {"zh": 0, "en": 0}
    for path in pages(sample_site):
        rel = path.relative_to(sample_site).as_posix()
        lang, own = ("en", rel[3:]) if rel.startswith("en/") else ("zh", rel)
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        description = meta(soup, "og:description")
        assert description and description.strip(), rel
        if meta(soup, "description") is not None:  # the theme's own tag says the same
            assert meta(soup, "description") == description, rel
        assert meta(soup, "og:locale") == ("en_US" if lang == "en" else "zh_CN"), rel
        if own in stories:
            assert meta(soup, "og:type") == "article", rel
            assert meta(soup, "article:published_time") == stories[own], rel
        else:
            assert meta(soup, "og:type") == "website", rel
            assert meta(soup, "article:published_time") is None, rel
        checked[lang] += 1
    assert checked["zh"] > 70 and checked["en"] > 70, checked


def test_descriptions_come_from_the_records(sample_site):
    def page(rel):
        return BeautifulSoup((sample_site / rel).read_text(encoding="utf-8"), "html.parser")

    tan = meta(page("volunteers/tan-xiaoming.html"), "og:description")
    assert tan.startswith("谭小明，") and "政策法规宣传员" in tan and "小时" in tan
    story = yaml.safe_load((sample_site.parent / "content/stories/2026-06-18-sidianban.md")
                           .read_text(encoding="utf-8").split("---")[1])
    assert meta(page("stories/2026-06-18-sidianban.html"), "og:description") == story["summary"]
    honors = meta(page("honors/2025.html"), "og:description")
    assert "优秀党员志愿者" in honors
    site = yaml.safe_load((sample_site.parent / "data/site.yml").read_text(encoding="utf-8"))
    for rel in ("volunteers/index.html", "stats/index.html", "teams/index.html", "en/stats/index.html"):
        # a section's own words, not the organisation's description repeated on every page
        assert meta(page(rel), "og:description") != site["description"], rel


def test_every_page_links_the_feed_that_exists(sample_site):
    urlpath = "/" + SAMPLE_URL.split("/", 3)[3]  # /showcase/
    for path in pages(sample_site):
        rel = path.relative_to(sample_site).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        links = soup.find_all("link", attrs={"rel": "alternate", "type": "application/rss+xml"})
        assert len(links) == 1, rel
        href = links[0]["href"]
        assert links[0].get("title"), rel
        if href.startswith("/"):  # the 404 page, served at any depth: the site's own path
            assert href.startswith(urlpath), (rel, href)
            target = sample_site / href[len(urlpath):]
        else:
            assert "://" not in href, (rel, href)
            target = sample_site / posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
        assert target.is_file() and target.name == "feed.xml", (rel, href)
        assert (target.parent.parent == sample_site / "en") == rel.startswith("en/"), (rel, href)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_feed_items_carry_summary_and_cover(sample_site, lang):
    project = sample_site.parent
    site, base = (sample_site / "en", SAMPLE_URL + "en/") if lang == "en" else (sample_site, SAMPLE_URL)
    channel = ET.parse(site / "stories/feed.xml").getroot().find("channel")
    items = {i.findtext("link"): i for i in channel.findall("item")}
    covered = 0
    for md in (project / "content/stories").glob("*.md"):
        front = yaml.safe_load(md.read_text(encoding="utf-8").split("---")[1])
        item = items[base + f"stories/{md.stem}.html"]
        summary = front.get("summary_en", front["summary"]) if lang == "en" else front["summary"]
        assert BeautifulSoup(item.findtext("description"), "html.parser").get_text() == summary
        media = item.find(f"{MEDIA}content")
        if front.get("cover"):
            covered += 1
            url = media.get("url")
            assert url.startswith(base) and url.endswith(".jpg"), url
            image = site / url[len(base):]
            assert image.is_file() and image.read_bytes()[:2] == b"\xff\xd8"  # a published JPEG
            assert b"Exif" not in image.read_bytes()[:4096]  # stripped like every photo
            assert int(media.get("width")) > 0 and int(media.get("height")) > 0
        else:
            assert media is None
    assert covered >= 1


def _ledger_latest(root: Path, vid: str) -> date:
    days = []
    for path in (root / "data/records").glob("*.csv"):
        with path.open(encoding="utf-8") as f:
            days += [date.fromisoformat(r["date"]) for r in csv.DictReader(f) if r["volunteer"] == vid]
    return max(days)


def _volunteer_latest(root: Path, vid: str) -> str:
    """The newest date of a volunteer's records, read straight from the files."""
    vol = yaml.safe_load((root / f"data/volunteers/{vid}.yml").read_text(encoding="utf-8"))
    days = [_ledger_latest(root, vid), vol.get("joined")] + [h["date"] for h in vol.get("highlights", [])]
    for path in (root / "data/honors").glob("*.yml"):
        honors = yaml.safe_load(path.read_text(encoding="utf-8"))
        for award in honors["awards"]:
            ids = [r if isinstance(r, str) else r.get("id") for r in award["recipients"]]
            notice = award.get("notice") or honors.get("notice") or {}
            if vid in ids and (not notice or notice["from"] <= TODAY):  # shown on the page
                # the award's date, and its notice opening and closing once reached
                days += [award.get("date"), notice.get("from"), notice.get("to")]
    for md in (root / "content/stories").glob("*.md"):
        front = yaml.safe_load(md.read_text(encoding="utf-8").split("---")[1])
        if vid in front.get("volunteers", []):
            days.append(front["date"])
    return max(d for d in days if d and d <= TODAY).isoformat()


def test_sitemap_dates_are_the_records_own(sample_site):
    project = sample_site.parent
    build_day = datetime.now(timezone.utc).date().isoformat()
    for site, base in ((sample_site, SAMPLE_URL), (sample_site / "en", SAMPLE_URL + "en/")):
        dates = lastmods(site)
        for rel, day in story_dates(project).items():
            assert dates[base + rel] == day, rel
        for vid in ("tan-xiaoming", "li-guifang", "zhou-xiaoyan"):
            assert dates[base + f"volunteers/{vid}.html"] == _volunteer_latest(project, vid), vid
        records = [loc for loc in dates if re.search(
            r"/(volunteers|teams|projects|organizations|honors|stats|wishes|stories)/", loc)]
        assert len(records) > 60
        for loc in records:
            assert dates[loc] and dates[loc] <= TODAY.isoformat() and dates[loc] != build_day, loc


def test_a_new_ledger_row_moves_the_volunteer_s_date_and_a_summary_stays_text(built, site_project):
    before = lastmods(built.path("site"))[MINI_URL + "volunteers/alice.html"]
    assert before == "2025-12-28"  # the 2025 honor, newer than her ledger rows and the story
    attack = '"><script>alert(1)</script><meta property="og:title" content="x'
    site_project.edit("content/stories/2025-06-01-tan.md", "tags: [政策宣讲]",
                      "tags: [政策宣讲]\nsummary: '" + attack.replace("'", "''") + "'")
    site_project.append("data/records/2025.csv", "2026-11-20,alice,2,policy-outreach,,,,入户走访\n")
    site_project.write("content/index.md", "---\ndate: 2026-01-05\n---\n" + site_project.read("content/index.md"))
    run = site_project.run("build")
    assert run.code == 0, run.text
    dates = lastmods(site_project.path("site"))
    assert dates[MINI_URL + "volunteers/alice.html"] == "2026-11-20"
    assert dates[MINI_URL + "index.html"] == "2026-01-05"  # a hand-written page's own date
    assert dates[MINI_URL + "volunteers/bob.html"] == lastmods(built.path("site"))[MINI_URL + "volunteers/bob.html"]
    for rel in ("stories/2025-06-01-tan.html",):
        html = site_project.read(f"site/{rel}")
        soup = BeautifulSoup(html, "html.parser")
        assert meta(soup, "og:description") == attack and meta(soup, "description") == attack
        assert "alert(1)" not in "".join(s.get_text() for s in soup.find_all("script"))
        assert len(soup.find_all("meta", attrs={"property": "og:title"})) == 1
        assert "<script>alert" not in html


def test_without_an_address_no_page_links_a_feed(project):
    project.edit("mkdocs.yml", f"site_url: {MINI_URL}\n", "")
    run = project.run("build")
    assert run.code == 0, run.text
    site = project.path("site")
    assert not (site / "stories/feed.xml").exists()
    checked = 0
    for path in pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("link", attrs={"type": "application/rss+xml"}) is None, path
        assert meta(soup, "og:description"), path  # the description needs no address
        assert meta(soup, "og:image") is None and meta(soup, "og:url") is None, path
        checked += 1
    assert checked > 5
