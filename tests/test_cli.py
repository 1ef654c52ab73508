"""The command line as an officer uses it: stats, pack, a bilingual site, exit codes."""

import posixpath
import zipfile

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
    again = project.run("pack", "-o", str(tmp_path / "again.zip"))
    assert again.code == 0
    assert (tmp_path / "site.zip").read_bytes() == (tmp_path / "again.zip").read_bytes()


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
    # the story is written in Chinese only: its link leads to the English home
    assert language_link("site/stories/2025-06-01-tan.html") == project.path("site/en/index.html")


def test_site_url_option(project):
    run = project.run("build", "--site-url", "https://org.example/volunteers")
    assert run.code == 0, run.text
    assert "https://org.example/volunteers/volunteers/alice.html" in project.read("site/sitemap.xml")


def test_missing_config_and_unknown_command(project, tmp_path):
    project.remove("mkdocs.yml")
    run = project.run("build")
    assert run.code == 3 and "找不到网站配置文件 mkdocs.yml" in run.err and "Traceback" not in run.text
    assert project.run("frobnicate").code == 2
