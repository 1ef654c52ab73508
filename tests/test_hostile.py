"""Hostile and broken input: always a clean message, never a traceback or a hang.

Hypothesis throws arbitrary text, bytes and structures at the loader and the
validator; classic cases (alias bombs, deep nesting, huge strings, odd
encodings, a 50 MB ledger, the OWASP XSS filter-evasion vectors) are tried
one by one. The number of inputs tried and cleanly answered is written to
build/hostile/ for the closing report.
"""

from __future__ import annotations

import json
import os
import re
import string
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, REPO, copy_fixture, make_photo

REPORT = REPO / "build" / "hostile"
COUNTS: dict[str, list[int]] = {}


def record(kind: str, clean: bool) -> None:
    tried, ok = COUNTS.setdefault(kind, [0, 0])
    COUNTS[kind] = [tried + 1, ok + clean]


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    REPORT.mkdir(parents=True, exist_ok=True)
    (REPORT / f"counts-{os.getpid()}.json").write_text(json.dumps(COUNTS), encoding="utf-8")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    p = copy_fixture("mini", tmp_path_factory.mktemp("hostile") / "mini")
    make_photo(p.path("data/photos/bob.jpg"))
    return p


def clean_messages(project) -> list[str]:
    """Problems as officers see them; any exception fails the test with its traceback."""
    records, problems = project.check()
    lines = [p.format("zh") for p in problems] + [p.format("en") for p in problems]
    for line in lines:
        assert re.match(r"^[\w./\-\u4e00-\u9fff]+(:\d+)? ", line), line
        assert "Traceback" not in line
    return lines


FIELDS = ["name", "organization", "teams", "post", "base_hours", "joined", "highlights", "consent",
          "story", "private", "photo", "categories", "motto", "status", "photo_focus"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=50), st.dates().map(str))
structures = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=5)),
    max_leaves=25)

SETTINGS = settings(max_examples=150, deadline=10_000,  # generous: CI machines are shared
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text_as_a_volunteer_file(base, text):
    base.write("data/volunteers/fuzz.yml", text)
    clean_messages(base)
    record("text as a volunteer file", True)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_volunteer_file(base, data):
    base.path("data/volunteers/fuzz.yml").write_bytes(data)
    clean_messages(base)
    record("bytes as a volunteer file", True)


@SETTINGS
@given(value=st.dictionaries(st.sampled_from(FIELDS), structures, max_size=8))
def test_any_structure_as_a_volunteer(base, value):
    base.write("data/volunteers/fuzz.yml", yaml.safe_dump(value, allow_unicode=True))
    clean_messages(base)
    record("structures as a volunteer", True)


@SETTINGS
@given(value=structures)
def test_any_structure_as_an_honor_list(base, value):
    base.write("data/honors/2024.yml", yaml.safe_dump(value, allow_unicode=True))
    clean_messages(base)
    record("structures as an honor list", True)


cells = st.text(alphabet=string.printable + "日期时长小时，、中文\u200b\ufeff", max_size=12)


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=10), max_size=20))
def test_any_ledger_rows(base, rows):
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["date", "volunteer", "hours", "category", "project", "beneficiaries", "note"])
    w.writerows(rows)
    base.write("data/records/2024.csv", out.getvalue())
    clean_messages(base)
    record("ledger rows", True)


@pytest.fixture
def fresh(project):
    return project


CASES = {
    "deep nesting": "name: " + "[" * 5000 + "]" * 5000,
    "deep mappings": "".join(" " * i + f"k{i}:\n" for i in range(1500)),
    "huge string": "name: " + "长" * 3_000_000 + "\norganization: town\n",
    "many keys": "".join(f"k{i}: {i}\n" for i in range(20000)),
    "alias bomb": "a: &a [x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(24)),
    "recursive alias": "a: &a [*a]\n",
    "python tag": "name: !!python/object/apply:os.system ['true']\n",
    "binary tag": "name: !!binary aGVsbG8=\n",
    "two documents": "name: 甲\n---\nname: 乙\n",
    "tabs": "name:\t甲\n\torganization: town\n",
    "control characters": "name: \x00\x01\x02\n",
    "lone surrogate escape": 'name: "\\ud800"\n',
    "emoji and rtl": "name: 😀\u202eevil\u202c\norganization: town\nconsent: {publish: true}\n",
    "null key": "~: 1\nname: 甲\n",
    "list key": "? [a, b]\n: 1\n",
    "duplicate keys": "name: 甲\nname: 乙\n",
    "only a comment": "# nothing\n",
    "a list instead of a mapping": "- name: 甲\n",
    "a scalar": "just text\n",
    "an unclosed bracket": "name: [甲\n",
    "an unclosed brace": "name: {甲\n",
    "an unreadable YAML version": "%YAML 9.9\n---\nname: 甲\n",
    "a bare alias": "name: *\n",
    "a bare anchor": "name: &\n",
    "a bad unicode escape": 'name: "\\ud800"\n',
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_yaml_cases(fresh, case):
    fresh.write("data/volunteers/hostile.yml", CASES[case])
    started = time.monotonic()
    lines = clean_messages(fresh)
    assert time.monotonic() - started < 20, "took too long"
    if case not in ("emoji and rtl",):
        assert any(line.startswith("data/volunteers/hostile.yml") for line in lines), lines
    chinese = lines[:len(lines) // 2]  # clean_messages gives the zh lines, then the en ones
    for english in ("while ", "expected", "found ", "exceeded", "could not", "but found"):
        assert not any(english in line for line in chinese), (english, chinese)  # PyYAML's own words
    record("classic hostile YAML", True)


@pytest.mark.parametrize("encoding,expect", [
    ("utf-8-sig", None), ("utf-16", "不是 UTF-8 编码，也不是 GBK 编码"), ("gbk", "GBK 编码"),
])
def test_encodings(fresh, encoding, expect):
    text = fresh.read("data/volunteers/alice.yml")
    fresh.path("data/volunteers/alice.yml").write_bytes(text.encode(encoding))
    lines = clean_messages(fresh)
    if expect is None:
        assert lines == []
    else:
        assert any(expect in line for line in lines), lines
    record("encodings", True)


def test_crlf_and_bom_in_a_ledger(fresh):
    text = fresh.read("data/records/2025.csv").replace("\n", "\r\n")
    fresh.path("data/records/2025.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert clean_messages(fresh) == []
    assert fresh.model().totals.services == 4
    record("encodings", True)


def test_gbk_ledger_as_excel_saves_it(fresh):
    text = fresh.read("data/records/2025.csv").replace("政策法规宣传", "政策法规宣传")
    fresh.path("data/records/2025.csv").write_bytes(text.encode("gbk"))
    lines = clean_messages(fresh)
    assert lines[0].startswith("data/records/2025.csv [提醒] 文件是 GBK 编码")
    assert fresh.model().categories["policy-outreach"].figures.hours == 11
    record("encodings", True)


def test_a_50_mb_ledger(fresh):
    row = "2025-06-01,alice,2,policy-outreach,proj-a,3,入户走访宣传惠民政策并登记群众诉求\n"
    count = 50 * 2**20 // len(row.encode("utf-8")) + 1
    with fresh.path("data/records/big.csv").open("w", encoding="utf-8") as fh:
        fh.write("date,volunteer,hours,category,project,beneficiaries,note\n")
        fh.write(row * count)
    assert fresh.path("data/records/big.csv").stat().st_size >= 50 * 2**20
    started = time.monotonic()
    assert clean_messages(fresh) == []
    seconds = time.monotonic() - started
    assert fresh.model().volunteers["alice"].services == count + 2
    print(f"50 MB ledger ({count} rows) checked in {seconds:.1f} s")
    record("large files", True)


def test_xss_vectors_are_neutralised(project):
    vectors = (FIXTURES / "xss-vectors.txt").read_text(encoding="utf-8").splitlines()
    story = "\n\n".join(vectors)
    project.edit("data/volunteers/alice.yml", "story: 谭小明走遍了全镇的村寨。",
                 "story: |\n" + "\n".join("  " + line for line in story.splitlines()))
    project.append("data/teams/team-a.yml", "description: |\n" + "\n".join("  " + v for v in vectors) + "\n")
    project.write("content/stories/2025-07-01-xss.md", "---\ntitle: XSS\ndate: 2025-07-01\n---\n\n# XSS\n\n" + story + "\n")
    run = project.run("build")
    assert run.code == 0, run.text
    for page in ("volunteers/alice.html", "teams/team-a.html", "stories/2025-07-01-xss.html"):
        html = project.read(f"site/{page}")
        wechat = []
        article = BeautifulSoup(html, "html.parser").find("article")
        tags = article.find_all(True)
        box = article.select_one("[data-vs-wechat]")
        if box is not None:  # our own copy button; its 公众号 article (inline styles) checked the same way
            wechat = BeautifulSoup(box.template.decode_contents(), "html.parser").find_all(True)
            assert wechat and all(set(t.attrs) <= {"style", "href", "src", "alt", "width", "height", "loading",
                                                   "colspan", "rowspan", "start"} for t in wechat)
            box.decompose()
            tags = article.find_all(True) + wechat
        for tag in tags:
            assert tag.name not in ("script", "iframe", "object", "embed", "frame", "frameset", "form",
                                    "input", "button", "meta", "base", "link", "style", "svg", "math",
                                    "video", "template", "noscript", "bgsound"), (page, str(tag)[:80])
            if tag.name == "source":  # only our own responsive images use it
                assert tag.parent.name == "picture", (page, str(tag)[:80])
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on"), (page, attr)
                assert attr.lower() not in ("background", "dynsrc", "lowsrc", "formaction"), (page, attr)
                assert attr.lower() != "style" or any(tag is w for w in wechat), (page, attr)  # the article's own
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not re.match(r"\s*(javascript|vbscript|data):", text, re.I), (page, attr, text)
        record("XSS vectors", True)
    for v in vectors:
        record("XSS vectors (each)", True)


TITLE = "<img src=x onerror=alert(1)>"
FIELD_VECTORS = ['<script>alert(2)</script>', '"><svg onload=alert(3)>', "</title><script>alert(4)</script>"]


def _live_markup(rel: str, html: str) -> list[str]:
    """Elements, attributes and URLs a vector would make live in this HTML (a page, or a search
    entry's or a feed item's HTML)."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name in ("iframe", "object", "embed") or (tag.name == "img" and tag.get("src") == "x"):
            found.append(f"{rel}: {str(tag)[:80]}")
        if tag.name == "script" and ("alert(" in tag.get_text() or "xss" in str(tag.get("src", ""))):
            found.append(f"{rel}: {str(tag)[:80]}")
        for attr, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on") or re.match(r"\s*(javascript|vbscript):", text, re.I):
                found.append(f"{rel}: {attr}={text[:60]}")
    return found


def test_titles_and_fields_are_escaped_in_every_output_file(project):
    """A story's front matter and the records' names, mottos and titles reach the theme's <head>,
    header and heading, link previews, the search index and the feed: as text, on every page of
    both languages; and the reader sees the title as written (no &amp;lt;)."""
    from xml.etree import ElementTree

    a, b, c = FIELD_VECTORS
    project.edit("content/stories/2025-06-01-tan.md", "title: 谭小明的故事",
                 f"title: '{TITLE}'\ndescription: '{c}'\nsummary: '{b}'")
    project.edit("data/volunteers/alice.yml", "name: 谭小明", "name: '谭小明{a}'")
    project.edit("data/volunteers/alice.yml", "motto: 把群众的事当成自己的事", f"motto: '{b}'")
    project.edit("data/teams/team-a.yml", "name: 红马甲服务队", f"name: '红马甲{b}'")
    project.edit("data/projects/proj-a.yml", "name: 科技助农", f"name: '{c}'")
    project.edit("data/honors/2025.yml", "title: 优秀党员志愿者", f"title: '优秀{a}'")
    project.edit("data/site.yml", "name: 测试志愿服务队", f"name: '测试{b}'")
    project.append("data/site.yml", "languages: [zh, en]\n")
    run = project.run("build")
    assert run.code == 0, run.text
    site = project.root / "site"
    found, files = [], 0
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            found += _live_markup(rel, path.read_text(encoding="utf-8"))
        elif path.name == "search_index.json":  # the theme shows titles and text as HTML
            for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
                found += _live_markup(f"{rel} {doc['location']}", doc["title"] + doc["text"])
        elif path.suffix == ".xml":  # the feed's <description> is HTML; titles are plain text in RSS
            for el in ElementTree.fromstring(path.read_bytes()).iter():
                found += _live_markup(f"{rel} <{el.tag}>", el.text or "") if el.tag == "description" else []
        else:
            continue
        files += 1
    assert files > 40 and found == [], found[:20]
    for page in ("stories/2025-06-01-tan.html", "en/stories/2025-06-01-tan.html"):
        soup = BeautifulSoup(project.read(f"site/{page}"), "html.parser")
        assert soup.title.get_text().startswith(TITLE + " - "), soup.title
        assert soup.select_one(".md-header__topic .md-ellipsis + * , [data-md-component=header-topic] .md-ellipsis"
                               ).get_text(strip=True) == TITLE
        # a story's description is its summary (its own `description` only without one)
        assert soup.find("meta", attrs={"name": "description"})["content"] == b
        assert soup.find("meta", property="og:description")["content"] == b
        assert soup.find("meta", property="og:title")["content"] == TITLE
    index = json.loads(project.read("site/search/search_index.json"))["docs"]
    entry = next(d for d in index if d["location"] == "projects/proj-a.html")
    assert BeautifulSoup(entry["title"], "html.parser").get_text().replace("\u200b", "") == c
    project_page = BeautifulSoup(project.read("site/projects/proj-a.html"), "html.parser")
    assert project_page.title.get_text().startswith(c + " - ") and project_page.h1.get_text() == c
    feed = ElementTree.fromstring(project.read("site/stories/feed.xml").encode("utf-8"))
    item = feed.find("channel/item")
    assert item.findtext("title") == TITLE
    assert BeautifulSoup(item.findtext("description"), "html.parser").get_text() == b
    for leak in ("&amp;lt;", "&amp;amp;lt;"):  # escaped twice: a reader would see &lt;
        assert project.leaks(leak) == [] or all(p.endswith(".xml") for p in project.leaks(leak)), project.leaks(leak)
    record("XSS vectors in titles and fields", True)
