"""Printed A4 PDFs (公示, 正式名单, 光荣榜, 志愿服务记录), read back as an office would: the
text poppler extracts, the fonts it finds embedded, the page size, the bytes of two builds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_fixture, make_photo

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext, pdffonts, pdfinfo) is not installed")

CONTACT = """
contact:
  office: 县委组织部党员教育科
  phone: 0856-1234567
  email: jiaoyu@example.gov.cn
  address: 青溪县迎宾大道 18 号
"""
MARKUP = '#sys.exit() $x^2$ *粗* ] \\ #import "x.typ" [链接](http://a) <b>'
UNBROKEN = "W" * 1990  # the longest a citation may be, with no place to break a line
NOTICE_2026 = """year: 2026
title: 2026 年度志愿服务表彰
notice: {from: 2026-11-20, to: 2026-12-04}
awards:
  - title: 优秀党员志愿者
    issuer: 县委组织部
    date: 2026-12-10
    recipients:
      - alice
      - bob
  - title: 优秀志愿服务队
    issuer: 县委组织部
    date: 2026-12-10
    recipients:
      - team: team-a
"""
CLOSED_2025 = """
  - title: 争六星·六月评星表彰
    rating: six-stars
    issuer: 镇党委
    date: 2025-07-10
    notice: {from: 2025-07-01, to: 2025-07-08}
    recipients:
      - {id: alice, score: 98}
"""


def text(pdf: Path, layout: bool = True) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def flat(pdf: Path) -> str:
    """The text without the spaces and line breaks typesetting puts in (CJK–Latin gaps, wraps)."""
    return re.sub(r"[\s\u200b]+", "", text(pdf, layout=False))


def info(pdf: Path) -> dict:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def _project(root: Path):
    p = copy_fixture("mini", root)
    make_photo(p.path("data/photos/bob.jpg"))
    p.append("data/site.yml", CONTACT)
    p.write("data/honors/2026.yml", NOTICE_2026)
    p.edit("data/honors/2025.yml", "citation: 十年如一日宣讲政策。", f"citation: 十年如一日宣讲政策。{UNBROKEN}")
    p.append("data/honors/2025.yml", CLOSED_2025)
    p.edit("data/volunteers/bob.yml", "status: 群众", f"status: 群众\npost: '{MARKUP}'")
    return p


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    p = _project(tmp_path_factory.mktemp("paper") / "mini")
    run = p.run("build")
    assert run.code == 0, run.text
    return p


def _pdfs(p) -> list[Path]:
    found = sorted((p.root / "site").rglob("*.pdf"))
    assert found
    return found


def test_every_pdf_is_a4_with_its_fonts_embedded(printed):
    for pdf in _pdfs(printed):
        i = info(pdf)
        assert "595.276 x 841.89 pts (A4)" in i["Page size"], (pdf, i["Page size"])
        assert 1 <= int(i["Pages"]) <= 3, (pdf, i["Pages"])
        found = fonts(pdf)
        assert found, pdf
        for row in found:
            assert row[-5] == "yes", (pdf, row)  # emb
            assert row[-4] == "yes", (pdf, row)  # subset


def test_the_notice_in_its_window_names_awardees_window_and_contact(printed):
    site = printed.root / "site"
    notice = site / "honors/2026-notice.pdf"
    t = flat(notice)
    assert info(notice)["Title"].strip() == "关于2026年度志愿服务表彰拟表彰对象的公示"
    assert t.startswith("关于2026年度志愿服务表彰拟表彰对象的公示")
    for word in ("谭小明", "李桂芳", "政策法规宣传员", "优秀党员志愿者", "优秀志愿服务队",
                 "公示时间：2026年11月20日至12月4日", "0856-1234567", "jiaoyu@example.gov.cn",
                 "青溪县迎宾大道18号", "县委组织部党员教育科", "县委组织部2026年11月20日"):
        assert word in t, word
    assert "十年如一日" not in t  # a notice shows name, unit and post, not the citation
    # the signature (落款) sits at the right: its line starts far from the left margin
    line = next(line for line in text(notice).splitlines() if "县委组织部" in line and "科" not in line)
    assert len(line) - len(line.lstrip()) > 20, line


def test_a_closed_window_gives_the_formal_list_and_every_year_its_roll(printed):
    site = printed.root / "site"
    assert not (site / "honors/2025-notice.pdf").exists()  # its window closed: no notice any more
    formal = flat(site / "honors/2025-list.pdf")
    assert "争六星·六月评星表彰" in formal and "谭小明" in formal and "2025年7月1日至7月8日" in formal
    roll = flat(site / "honors/2025-roll.pdf")
    assert roll.startswith("测试志愿服务队2025年度光荣榜")
    assert "十年如一日宣讲政策。" in roll and "得分98" in roll and "县委组织部" in roll
    assert not (site / "honors/2026-roll.pdf").exists()  # nothing final in 2026 yet


def test_the_pages_link_their_pdfs(printed):
    site = printed.root / "site"
    year = BeautifulSoup((site / "honors/2026.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in year.select(".vs-pdfs a")]
    assert hrefs == ["2026-notice.pdf"]
    assert "打印 / 下载 PDF" in year.select_one(".vs-pdfs").get_text()
    page = BeautifulSoup((site / "volunteers/alice.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one('.vs-share a[href="alice.pdf"]')
    assert link is not None and link.get_text() == "打印 / 下载 PDF"
    assert (site / "volunteers/alice.pdf").is_file()


def test_a_service_record_shows_the_pages_figures(printed):
    site = printed.root / "site"
    page = BeautifulSoup((site / "volunteers/alice.html").read_text(encoding="utf-8"), "html.parser")
    hours = page.select_one(".vs-figures .vs-figure strong").get_text()
    t = flat(site / "volunteers/alice.pdf")
    assert f"累计服务时长{hours}小时" in t, (hours, t)
    for word in ("志愿服务记录", "谭小明", "政策法规宣传员", "党员", "一星志愿者", "历年服务时长",
                 "台账以前90", "2025", "服务类别", "政策法规宣传", "优秀党员志愿者", "截至2026年11月24日"):
        assert word in t, word


def test_no_unconsented_person_and_no_private_field_in_any_pdf(printed):
    site = printed.root / "site"
    assert not (site / "volunteers/carol.pdf").exists()
    for pdf in _pdfs(printed):
        t = flat(pdf)
        for secret in ("王秘密", "13912345678", "青溪县某街1号", "carol"):
            assert secret not in t, (pdf, secret)


def test_record_text_with_typst_markup_and_long_runs_is_printed_as_text(printed):
    site = printed.root / "site"
    record = text(site / "volunteers/bob.pdf", layout=False)
    assert MARKUP.replace(" ", "") in re.sub(r"\s+", "", record)
    roll = site / "honors/2025-roll.pdf"
    assert int(info(roll)["Pages"]) <= 3
    assert UNBROKEN in re.sub("—[0-9]+—", "", flat(roll))  # page numbers between its pages
    # the unbroken run is wrapped inside the text width: no line of the page runs off it
    widths = [len(line) for line in text(roll).splitlines()]
    assert max(widths) < 120, max(widths)


def test_two_builds_give_the_same_bytes(printed, tmp_path):
    again = _project(tmp_path / "again")
    run = again.run("build")
    assert run.code == 0, run.text
    first = {p.relative_to(printed.root / "site"): p.read_bytes() for p in _pdfs(printed)}
    second = {p.relative_to(again.root / "site"): p.read_bytes() for p in _pdfs(again)}
    assert first.keys() == second.keys()
    assert all(first[k] == second[k] for k in first), [k for k in first if first[k] != second[k]]


def test_a_notice_without_contact_is_warned_naming_the_field(project):
    project.write("data/honors/2026.yml", NOTICE_2026)
    for command in ("validate", "build"):
        run = project.run(command)
        assert run.code == 0, run.text
        line = next((line for line in run.text.splitlines() if "honors/2026.yml" in line), "")
        assert "contact" in line and "提醒" in line and "data/site.yml" in line, run.text
    # a contact in the honors file itself is enough
    project.append("data/honors/2026.yml", CONTACT)
    assert not [m for m in project.messages() if "contact" in m]


def test_the_office_phone_is_not_refused_by_the_privacy_scan(project):
    project.append("data/site.yml", CONTACT.replace("0856-1234567", "13812345678"))
    assert not [m for m in project.messages() if "13812345678" in m or "电话" in m]


def test_the_cache_compiles_a_document_once(tmp_path):
    from showcase.images import find_font
    from showcase.paper import PaperStage, job

    stage = PaperStage(tmp_path, find_font(), workers=1)
    jobs = [job("a.pdf", "roll", lang="zh", site="测试", title="2025年度光荣榜",
                sections=[{"title": "优秀", "note": "", "people": [
                    {"name": "谭小明", "line": "", "citation": "", "score": ""}]}])]
    first = stage.run(jobs)
    assert stage.rendered == 1 and Path(first[0][0]).read_bytes().startswith(b"%PDF")
    assert stage.run(jobs) == first and stage.rendered == 0
