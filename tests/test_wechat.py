"""公众号 articles (site/wechat.py): one per story and per honor year, as the WeChat editor keeps them
(inline styles only, links as end notes, images and the QR code at the published address), and the
page's “复制到公众号” button, pasted in a real Chromium into an editable box treated as the editor does."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import SiteServer, external_blocker, launch
from conftest import SAMPLE_URL, copy_fixture, make_photo

STORY = "stories/2025-06-01-tan.html"
LINKS_STORY = """---
title: 红马甲进社区
date: 2025-09-01
author: 红马甲服务队<script>alert(1)</script>
volunteers: [alice]
---

# 红马甲进社区

服务队和[县志愿者协会](https://assoc.example.org/about?a=1&b=2)一起走进社区，
[谭小明](../volunteers/alice.html)讲了政策，详见[公众号上的报道](https://mp.weixin.qq.com/s/abc)。
也可以看<https://plain.example.org/>或回到[本页开头](#top)。

![社区服务现场](img/scene.jpg)

<script>alert("x")</script>

**志愿服务**让社区更温暖。
"""
LONG_TITLE = "<script>alert(1)</script>" + "长" * 60  # titles are at most 100 characters
LONG_STORY = f"""---
title: "{LONG_TITLE}"
date: 2025-10-01
---

<script>alert(2)</script>{"长" * 5000}{"W" * 3000}
"""
NOTICE_AWARD = """  - title: 五星志愿者<b>粗</b>
    issuer: 县志愿者协会
    date: 2026-11-20
    notice: {from: 2026-11-20, to: 2026-12-04}
    recipients:
      - id: alice
        citation: 这段评语在公示期内不该出现。
"""


def _project(tmp_path_factory, name: str, address: bool):
    p = copy_fixture("mini", tmp_path_factory.mktemp(name) / "mini")
    make_photo(p.path("data/photos/bob.jpg"))
    make_photo(p.path("content/stories/img/scene.jpg"), size=(120, 80))
    p.write("content/stories/2025-09-01-links.md", LINKS_STORY)
    p.write("content/stories/2025-10-01-long.md", LONG_STORY)
    p.append("data/honors/2025.yml", NOTICE_AWARD)
    if not address:
        p.edit("mkdocs.yml", f"site_url: {SAMPLE_URL}\n", "")
    run = p.run("build")
    assert run.code == 0, run.text
    return p


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    return _project(tmp_path_factory, "wechat", address=True)


@pytest.fixture(scope="module")
def unaddressed(tmp_path_factory):
    return _project(tmp_path_factory, "wechat-noaddr", address=False)


def _article(project, path: str) -> BeautifulSoup:
    return BeautifulSoup(project.read(f"site/wechat/{path}"), "html.parser")


def _kept_by_the_editor(soup: BeautifulSoup):
    return soup.body


# -- the files -------------------------------------------------------------------------------

def test_every_story_and_honor_year_has_its_article(built):
    site = built.path("site")
    stories = sorted(p.relative_to(site).as_posix() for p in (site / "stories").glob("*.html")
                     if p.name != "index.html")
    years = sorted(p.relative_to(site).as_posix() for p in (site / "honors").glob("*.html")
                   if p.name != "index.html")
    assert stories == [STORY] and years == ["honors/2025.html"]
    for page in stories + years:
        text = built.read(f"site/wechat/{page}")
        for banned in ("class=", "id=", "<style", "<script", "<link"):
            assert banned not in text, (page, banned)
        body = BeautifulSoup(text, "html.parser").body
        elements = body.find_all(True)
        assert elements
        unstyled = [e.name for e in elements if e.name != "br" and not e.get("style")]
        assert unstyled == [], (page, unstyled)
        # the page offers it: the button, the download link and the article inert in a <template>
        html = BeautifulSoup(built.read(f"site/{page}"), "html.parser")
        box = html.select_one("[data-vs-wechat]")
        assert box.select_one("button[data-vs-wechat-copy]").get_text(strip=True) == "复制到公众号"
        download = box.find("a", attrs={"download": True})
        assert download.get_text(strip=True) == "下载文章"
        assert (built.path("site") / Path(page).parent / download["href"]).resolve() == \
            (site / "wechat" / page).resolve()
        assert box.template is not None


def test_the_story_article_shows_the_story(built):
    body = _article(built, STORY).body
    assert body.h1.get_text() == "谭小明的故事"
    assert "他把政策讲进了田间地头。" in body.get_text()
    assert "2025年6月1日" in body.get_text()
    h1 = body.h1["style"]
    assert "color: #b71c1c" in h1 and "font-size: 22px" in h1


def test_the_qr_code_closes_the_article_and_opens_the_page(built):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    for page in (STORY, "honors/2025.html"):
        body = _article(built, page).body
        img = body.find_all("img")[-1]
        assert img["src"] == SAMPLE_URL + f"wechat/qr/{page[:-5]}.png"
        assert "扫码查看网页版" in img.parent.get_text()
        png = built.path("site/" + img["src"][len(SAMPLE_URL):])
        codes = zxingcpp.read_barcodes(Image.open(png))
        assert [c.text for c in codes] == [SAMPLE_URL + page]


def test_links_become_numbered_notes_and_images_absolute(linked):
    soup = _article(linked, "stories/2025-09-01-links.html")
    body = soup.body
    text = body.get_text()
    # no link to another site survives; 公众号 links do, as the editor keeps them
    hrefs = [a["href"] for a in body.find_all("a")]
    assert hrefs == ["https://mp.weixin.qq.com/s/abc"]
    assert "县志愿者协会[1]" in text and "谭小明[2]" in text
    notes = body.find("h3", string="注释")
    assert notes is not None
    listed = notes.find_next_sibling("p").get_text()
    assert "[1] 县志愿者协会：https://assoc.example.org/about?a=1&b=2" in listed
    assert f"[2] 谭小明：{SAMPLE_URL}volunteers/alice.html" in listed
    assert "[3]" not in listed  # an address shown as itself and a link inside the page: no note
    assert "https://plain.example.org/" in text and "本页开头" in text
    # the story's picture, at the published address (the editor fetches it from there)
    scene = [i for i in body.find_all("img") if i.get("alt") == "社区服务现场"]
    assert len(scene) == 1 and scene[0]["src"].startswith(SAMPLE_URL + "stories/img/scene")
    assert linked.path("site/" + scene[0]["src"][len(SAMPLE_URL):]).is_file()
    # record text stays text
    raw = linked.read("site/wechat/stories/2025-09-01-links.html")
    assert "<script" not in raw and 'alert("x")' not in raw
    assert "红马甲服务队&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "没有填写发布网址" not in text


def test_without_an_address_the_article_says_so_and_has_no_qr(unaddressed):
    body = _article(unaddressed, "stories/2025-09-01-links.html").body
    first = body.section.find(True)
    assert first.name == "p" and "没有填写发布网址" in first.get_text() and first.get("style")
    assert body.find_all("img") == []  # no QR code, and the picture is marked for a hand upload
    assert "〔此处插入图片：社区服务现场（网站里的文件 stories/img/scene.jpg），请手动上传〕" in body.get_text()
    # a link inside the site has no address to give: its text stays, without a note
    text = body.get_text()
    assert "谭小明" in text and "谭小明[" not in text and "[1] 县志愿者协会：https://assoc.example.org" in text
    assert not unaddressed.path("site/wechat/qr").exists()
    assert "没有填写发布网址" in _article(unaddressed, "honors/2025.html").get_text()


def test_the_honor_article_gives_recipients_and_the_notice_window(linked):
    body = _article(linked, "honors/2025.html").body
    text = body.get_text()
    assert body.h1.get_text() == "2025 年度荣誉"
    titles = [h.get_text() for h in body.find_all("h2")]
    assert titles == ["优秀党员志愿者", "优秀志愿服务队", "五星志愿者<b>粗</b>公示中"]
    assert "谭小明 · 寨杆村 · 政策法规宣传员" in text
    assert "十年如一日宣讲政策。" in text  # the citation of a final list
    notice = body.find_all("h2")[2]
    after = "".join(e.get_text() for e in notice.find_next_siblings())
    assert "2026年11月20日 至 2026年12月4日" in after
    assert "这段评语在公示期内不该出现" not in text  # during the window: name, unit and post only
    assert "<b>" not in str(body.find_all("h2")[2]).replace("&lt;b&gt;", "")


def test_a_long_hostile_title_stays_text_and_fits_a_phone(linked):
    raw = linked.read("site/wechat/stories/2025-10-01-long.html")
    assert "<script" not in raw and "&lt;script&gt;" in raw
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(linked.path("site/wechat/stories/2025-10-01-long.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        browser.close()


def test_the_page_weight_the_article_adds(linked):
    """The article rides in the page (a <template>: not rendered, its images not loaded)."""
    page = linked.read(f"site/{STORY}")
    article = BeautifulSoup(page, "html.parser").select_one("[data-vs-wechat] template").decode_contents()
    assert len(article.encode()) < 6_000  # a short story's article (measured: about 2.3 KB)


# -- copied in a real browser ------------------------------------------------------------------

PASTE_AS_THE_EDITOR = """(el) => {
  el.querySelectorAll("style, script, link, meta").forEach(e => e.remove());
  el.querySelectorAll("[class]").forEach(e => e.removeAttribute("class"));
  el.querySelectorAll("[id]").forEach(e => e.removeAttribute("id"));
  el.querySelectorAll("a").forEach(a => {
    if (!/^https:\\/\\/mp\\.weixin\\.qq\\.com\\//.test(a.getAttribute("href") || "")) a.replaceWith(...a.childNodes);
  });
}"""
LOOKS = """(el) => Array.from(el.querySelectorAll("h1, h2, p, strong, sup")).map(e => {
  const s = getComputedStyle(e);
  return [e.tagName, s.color, s.fontSize, s.fontWeight, s.borderLeftWidth, s.borderLeftColor, s.textAlign];
})"""


@pytest.fixture(scope="module")
def server(linked, tmp_path_factory):
    s = SiteServer(linked.path("site"), tmp_path_factory.mktemp("www-wechat"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def chromium():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.mark.parametrize("size", [(390, 844), (1366, 768)], ids=["phone", "desktop"])
@pytest.mark.parametrize("origin", ["file", "http"])
@pytest.mark.parametrize("path", ["clipboard", "fallback"])
def test_copy_to_wechat_pastes_the_article_with_its_styles(chromium, server, linked, size, origin, path):
    story = "stories/2025-09-01-links.html"
    url = (linked.path(f"site/{story}").as_uri() if origin == "file" else server.base + story)
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    if path == "fallback":
        context.add_init_script("delete window.ClipboardItem;")
    # nothing leaves the machine: the story page's attempts are counted, the others' (the pasted
    # article's images at the published address) just refused
    context.route("**/*", lambda r: r.abort() if r.request.url.startswith(("http://", "https://"))
                  and not r.request.url.startswith("http://127.0.0.1") else r.continue_())
    attempts: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    external_blocker(page, attempts)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    button = page.locator("[data-vs-wechat-copy]")
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    assert page.evaluate("typeof ClipboardItem") == ("function" if path == "clipboard" else "undefined")
    button.click()
    status = page.locator("[data-vs-wechat] [role=status]")
    status.wait_for(state="visible")
    page.wait_for_function("document.querySelector('[data-vs-wechat] [role=status]').textContent.length > 0")
    assert status.inner_text().startswith("已复制")
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]

    article = context.new_page()  # the article's own file: how it should look
    article.goto(linked.path(f"site/wechat/{story}").as_uri())
    expected = article.evaluate(LOOKS, article.locator("body").element_handle())
    expected_text = article.locator("body").inner_text()

    editor = context.new_page()
    editor.set_content('<!DOCTYPE html><meta charset="utf-8"><div contenteditable="true" '
                       'style="width:600px;min-height:200px"></div>')
    box = editor.locator("[contenteditable]")
    box.click()
    editor.keyboard.press("Control+V")
    editor.wait_for_function("document.querySelector('[contenteditable]').textContent.length > 0")
    box.evaluate(PASTE_AS_THE_EDITOR)
    pasted = box.evaluate(LOOKS)
    assert pasted == expected
    assert box.inner_text().split() == expected_text.split()
    assert box.evaluate("el => el.querySelector('h1').style.color") == "rgb(183, 28, 28)"
    assert errors == [] and attempts == []
    context.close()


def test_two_builds_make_the_same_articles(linked):
    before = linked.tree("site/wechat")
    run = linked.run("build")
    assert run.code == 0, run.text
    assert linked.tree("site/wechat") == before and len(before) == 8  # 3 stories and a year: articles, QR codes


def test_when_no_copy_works_the_article_is_selected_for_ctrl_c(chromium, linked):
    """Neither the rich-text clipboard nor execCommand: the page says 请按 Ctrl+C, and Ctrl+C copies."""
    story = "stories/2025-09-01-links.html"
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    context.route("**/*", lambda r: r.abort() if r.request.url.startswith("https://") else r.continue_())
    context.add_init_script("delete window.ClipboardItem; document.execCommand = function () { return false; };")
    page = context.new_page()
    page.goto(linked.path(f"site/{story}").as_uri())
    page.locator("[data-vs-wechat-copy]").click()
    status = page.locator("[data-vs-wechat] [role=status]")
    assert status.inner_text().startswith("文章已选中：请按 Ctrl+C")
    selected = page.evaluate("String(window.getSelection())")
    assert "红马甲进社区" in selected and "注释" in selected
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the offscreen copy stays off screen
    page.keyboard.press("Control+C")
    editor = context.new_page()
    editor.set_content('<div contenteditable="true" style="min-height:100px"></div>')
    editor.locator("[contenteditable]").click()
    editor.keyboard.press("Control+V")
    editor.wait_for_function("document.querySelector('[contenteditable]').textContent.length > 0")
    h1 = editor.locator("[contenteditable] h1")
    assert h1.inner_text() == "红马甲进社区"
    assert h1.evaluate("e => getComputedStyle(e).color") == "rgb(183, 28, 28)"
    context.close()
