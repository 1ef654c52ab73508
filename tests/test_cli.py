"""The command line as an officer uses it: stats, pack, a bilingual site, exit codes."""

import json
import os
import posixpath
import re
import time
import zipfile
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup


def test_stats_prints_the_headline_figures(project):
    run = project.run("stats")
    assert run.code == 0, run.text
    assert "测试志愿服务队" in run.out
    assert "志愿者人数" in run.out and "  3" in run.out
    assert "累计服务时长" in run.out and "412.5 小时" in run.out
    assert "服务价值" in run.out and "8,250元" in run.out
    english = project.run("stats", lang="en")
    assert "Total hours" in english.out and "412.5 h" in english.out and "¥8,250" in english.out


def test_pack_zips_a_site_that_opens_from_disk(project, tmp_path):
    assert project.run("pack").code == 3  # nothing built yet: says so
    assert project.run("build").code == 0
    run = project.run("pack", "-o", str(tmp_path / "site.zip"))
    assert run.code == 0, run.text
    with zipfile.ZipFile(tmp_path / "site.zip") as zf:
        names = zf.namelist()
        assert "site/index.html" in names and "site/volunteers/alice.html" in names
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert project.path("site/assets/javascripts").is_dir()
        assert not [n for n in names if n.endswith(".map")]  # source maps stay out (2.5 MB of them)
    assert "改过" not in run.text
    again = project.run("pack", "-o", str(tmp_path / "again.zip"))
    assert again.code == 0
    assert (tmp_path / "site.zip").read_bytes() == (tmp_path / "again.zip").read_bytes()
    # a record saved after the build: packing says the zip holds the older site
    record = project.path("data/volunteers/alice.yml")
    later = time.time() + 5
    os.utime(record, (later, later))
    stale = project.run("pack", "-o", str(tmp_path / "stale.zip"))
    assert stale.code == 0
    assert "data/volunteers/alice.yml" in stale.err and "showcase build" in stale.err


def test_bilingual_site(project):
    project.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nname_en: Test Volunteer Corps\nlanguages: [zh, en]")
    project.edit("data/volunteers/alice.yml", "post: 政策法规宣传员", "post: 政策法规宣传员\npost_en: Policy explainer")
    project.write("content/en/index.md", "# Test Volunteer Corps\n\nWelcome.\n")
    run = project.run("build")
    assert run.code == 0, run.text
    zh = project.read("site/volunteers/alice.html")
    en = project.read("site/en/volunteers/alice.html")
    assert "政策法规宣传员" in zh and 'hreflang="en"' in zh
    assert "Policy explainer" in en and "政策法规宣传员" not in en
    assert BeautifulSoup(en, "html.parser").find("html")["lang"] == "en"
    assert "Test Volunteer Corps" in project.read("site/en/index.html")
    assert not project.path("site/en/en").exists()
    assert "Welcome" not in zh and not project.path("site/en/index.md").exists()


def test_bilingual_build_tells_a_photo_warning_once_in_the_officers_language(project):
    project.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nlanguages: [zh, en]")
    project.path("data/photos/bob.jpg").write_bytes(b"not a photo")
    run = project.run("build", "--keep-going")
    assert run.code == 0, run.text
    told = [line for line in run.text.splitlines() if line.startswith("data/volunteers/bob.yml:4 photo:")]
    assert len(told) == 2 and all("[提醒]" in line and "[warning]" not in line for line in told), told
    assert "2 条提醒" in run.out
    run = project.run("build", "--keep-going", lang="en")
    told = [line for line in run.text.splitlines() if line.startswith("data/volunteers/bob.yml:4 photo:")]
    assert len(told) == 2 and all("[warning]" in line and "提醒" not in line for line in told), told


def test_english_site_shows_untranslated_stories_in_chinese(project):
    project.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nlanguages: [zh, en]")
    project.write("content/en/index.md", "# Test Volunteer Corps\n")  # content/en/ has no stories/
    run = project.run("build")
    assert run.code == 0, run.text
    listing = BeautifulSoup(project.read("site/en/stories/index.html"), "html.parser")
    assert listing.select('a[href="2025-06-01-tan.html"]') and "谭小明的故事" in listing.get_text()
    assert "谭小明的故事" in project.read("site/en/stories/2025-06-01-tan.html")
    items = ET.fromstring(project.read("site/en/stories/feed.xml")).findall("channel/item")
    assert [i.findtext("title") for i in items] == ["谭小明的故事"]
    assert items[0].findtext("link") == "https://qingxi-zhiyuan.github.io/showcase/en/stories/2025-06-01-tan.html"
    profile = BeautifulSoup(project.read("site/en/volunteers/alice.html"), "html.parser")
    assert profile.select('a[href="../stories/2025-06-01-tan.html"]')
    assert BeautifulSoup(project.read("site/en/index.html"), "html.parser").select(
        'a[href="stories/2025-06-01-tan.html"]')
    # a translation under the same name wins; the Chinese site keeps its own
    project.write("content/en/stories/2025-06-01-tan.md",
                  "---\ntitle: Tan's story\ndate: 2025-06-01\nvolunteers: [alice]\n---\n\n"
                  "# Tan's story\n\nHe took the policies to the fields.\n")
    run = project.run("build")
    assert run.code == 0, run.text
    story = project.read("site/en/stories/2025-06-01-tan.html")
    assert "He took the policies to the fields." in story and "田间地头" not in story
    items = ET.fromstring(project.read("site/en/stories/feed.xml")).findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Tan's story"]
    assert "田间地头" in project.read("site/stories/2025-06-01-tan.html")
    assert "Tan's story" not in project.read("site/stories/index.html")


def test_english_site_searches_english_and_chinese(project):
    project.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nlanguages: [zh, en]")
    project.write("content/en/index.md", "# Test Volunteer Corps\n\nVolunteers serving.\n")
    assert project.run("build").code == 0
    zh = json.loads(project.read("site/search/search_index.json"))["config"]
    en = json.loads(project.read("site/en/search/search_index.json"))["config"]
    assert zh["lang"] == ["zh"]
    assert en["lang"] == ["en", "zh"]
    # the theme's queries carry a wildcard and skip the stemmer: a stemmed index (volunt) finds nothing
    assert "stemmer" not in en["pipeline"] and "stopWordFilter" in en["pipeline"]
    assert re.fullmatch(en["separator"], "\u200b")  # Chinese text of the English site still splits


def test_language_links_lead_to_the_same_page(project):
    project.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nlanguages: [zh, en]")
    project.write("content/en/index.md", "# Test Volunteer Corps\n")
    assert project.run("build").code == 0

    def language_link(page):
        soup = BeautifulSoup(project.read(page), "html.parser")
        (a,) = soup.select(".md-copyright a[hreflang]")
        return project.path(posixpath.normpath(posixpath.join(posixpath.dirname(page), a["href"])))

    assert language_link("site/volunteers/alice.html") == project.path("site/en/volunteers/alice.html")
    assert language_link("site/en/volunteers/alice.html") == project.path("site/volunteers/alice.html")
    assert language_link("site/en/index.html") == project.path("site/index.html")
    # the story is written in Chinese only: the English site shows it as it is, under the same name
    assert language_link("site/stories/2025-06-01-tan.html") == project.path("site/en/stories/2025-06-01-tan.html")
    assert language_link("site/en/stories/2025-06-01-tan.html") == project.path("site/stories/2025-06-01-tan.html")


def test_site_url_option(project):
    run = project.run("build", "--site-url", "https://zyz.pingan.org.cn/volunteers")
    assert run.code == 0, run.text
    assert "https://zyz.pingan.org.cn/volunteers/volunteers/alice.html" in project.read("site/sitemap.xml")


def test_missing_config_and_unknown_command(project, tmp_path):
    project.remove("mkdocs.yml")
    run = project.run("build")
    assert run.code == 3 and "找不到网站配置文件 mkdocs.yml" in run.err and "Traceback" not in run.text
    assert project.run("frobnicate").code == 2


def test_a_broken_mkdocs_yml_is_a_message_not_an_internal_error(project):
    assert project.run("build").code == 0
    before = project.read("site/index.html")
    project.append("mkdocs.yml", "theme: [unclosed\n")  # not YAML
    run = project.run("build")
    assert run.code == 3, run.text
    assert "Traceback" not in run.text and "程序内部出错" not in run.text
    assert "mkdocs.yml" in run.text and "网站生成失败" in run.text
    project.edit("mkdocs.yml", "theme: [unclosed\n", "use_directory_urls: maybe\n")  # YAML, a wrong value
    run = project.run("build")
    assert run.code == 3 and "use_directory_urls" in run.text and "程序内部出错" not in run.text, run.text
    assert project.read("site/index.html") == before


def test_an_old_template_override_stops_the_build_with_its_name(project):
    """A copy of a template from before views (it read the record `r`) in the organisation's
    custom_dir: the build stops naming the template, writes nothing, and prints nothing private."""
    assert project.run("build").code == 0
    before = project.read("site/index.html")
    project.write("overrides/showcase/volunteer.html", "<h1>{{ r.name }}</h1>{{ r.private.phone }}\n")
    project.edit("mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    run = project.run("build")
    assert run.code == 3, run.text
    assert "页面模板出错" in run.text and "'r' is undefined" in run.text and "Traceback" not in run.text
    assert project.read("site/index.html") == before
    assert not list(project.root.glob(".site.building-*"))  # no half-written site left behind


def test_the_published_address_in_site_yml_wins_over_mkdocs_yml(project):
    project.append("data/site.yml", "url: https://zyz.pingan.org.cn/zyz/\n")
    run = project.run("build")
    assert run.code == 0, run.text
    assert "mkdocs.yml: site_url:" in run.text  # mkdocs.yml's own address is named
    assert "<loc>https://zyz.pingan.org.cn/zyz/" in project.read("site/sitemap.xml")
    # --site-url wins over both
    run = project.run("build", "--site-url", "https://other-zyz.org.cn/")
    assert run.code == 0 and "mkdocs.yml: site_url:" not in run.text, run.text
    assert "<loc>https://other-zyz.org.cn/" in project.read("site/sitemap.xml")
