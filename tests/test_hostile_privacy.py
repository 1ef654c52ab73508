"""Personal data written where a hand-picked list of fields, or a plain pattern, would miss it.

A number in a story's title, an `_en` text, a pairing's partner, a team's name, an organisation's
name, an award's title; a landline with its area code, or a local one after 电话; a number split
by Markdown emphasis or an HTML comment, written with entities, zero-width characters or
full-width digits, with +86; in content/index.md, a page such as content/about.md, an English
story under content/en/; and the name of a volunteer without consent in someone else's text.

Each case goes through the real commands: `validate` and `build` exit with 1 and print where it
is (file:line field) with the number masked, the site built before is left byte for byte, and
the number is in no file of it.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import Project, make_photo
from showcase.records import privacy

FOUND = "不能出现在公开的网站上。请删掉它；如果本人同意公开，请在这个文件里加一行 allow_contact: true"




STORY = "content/stories/2025-06-01-tan.md"

# case: (file, text replaced or None to append, new text, the message, what must never be shown)
CASES = {
    "story title": (STORY, "title: 谭小明的故事", "title: 谭小明的故事（电话13812345678）",
                    f"{STORY}:2 title: 这里有手机号码（138****5678），{FOUND}", "13812345678"),
    "an _en field": ("data/volunteers/alice.yml", None, "motto_en: call me on 13712345678\n",
                     "data/volunteers/alice.yml:13 motto_en: 这里有手机号码（137****5678）", "13712345678"),
    "English story_en, a block": ("data/volunteers/bob.yml", None, "story_en: |\n  She helps.\n  Reach her at 15912345678.\n",
                                  "data/volunteers/bob.yml:9 story_en: 这里有手机号码（159****5678）", "15912345678"),
    "pairing partner": ("data/pairings.yml", "partner: 脱贫户（寨杆村）", "partner: 脱贫户（电话13612345678）",
                        "data/pairings.yml:2 partner: 这里有手机号码（136****5678）", "13612345678"),
    "team name": ("data/teams/team-a.yml", "name: 红马甲服务队", "name: 红马甲服务队（报名13512345678）",
                  "data/teams/team-a.yml:1 name: 这里有手机号码（135****5678）", "13512345678"),
    "landline with area code": ("data/projects/proj-a.yml", None, "summary: 咨询电话 0851-22345678\n",
                                "data/projects/proj-a.yml:9 summary: 这里有电话号码（0851-****5678）", "22345678"),
    "split by emphasis": (STORY, None, "\n热线 138**1234**5678\n",
                          f"{STORY}:12 body: 这里有手机号码（138****5678）", "1234**5678"),
    "split by a comment, on the home page": ("content/index.md", None, "\n电话 139<!-- 不显示 -->2345 6789\n",
                                             "content/index.md:5 body: 这里有手机号码（139****6789）", "2345 6789"),
    "entities": ("data/teams/team-a.yml", None, "description: 热线 &#49;&#51;&#56;12340001\n",
                 "data/teams/team-a.yml:5 description: 这里有手机号码（138****0001）", "12340001"),
    "zero-width characters": ("data/wishes.yml", "wish: 一副助听器", "wish: 一副助听器，联系137\u200b1234\u00ad0002",
                              "data/wishes.yml:7 wish: 这里有手机号码（137****0002）", "1234\u00ad0002"),
    "full-width digits in an award's title": ("data/honors/2025.yml", "title: 优秀党员志愿者",
                                              "title: 优秀党员志愿者（１５８１２３４０００３）",
                                              "data/honors/2025.yml:3 awards.title: 这里有手机号码（158****0003）",
                                              "１２３４０００３"),
    "+86 in an organisation's name": ("data/organizations.yml", "name: 县医院", "name: 县医院（+86 186 1234 0004）",
                                      "data/organizations.yml:13 name: 这里有手机号码（186****0004）", "1234 0004"),
    "local number on content/about.md": ("content/about.md", "", "---\ntitle: 关于我们\n---\n\n# 关于我们\n\n服务热线：8765 4321\n",
                                         "content/about.md:7 body: 这里有电话号码（****4321）", "8765 4321"),
    "ID number in a page's front matter": ("content/about.md", "", "---\ntitle: 关于我们\ndescription: 身份证 110101199003077571\n---\n\n正文\n",
                                           "content/about.md:3 description: 这里有身份证号码（110101********7571）",
                                           "110101199003077571"),
    "English story under content/en/": ("content/en/stories/2025-06-01-tan.md", "",
                                        "---\ntitle: Tan Xiaoming\ndate: 2025-06-01\n---\n\n# Tan Xiaoming\n\nCall him on 139 1234 0005.\n",
                                        "content/en/stories/2025-06-01-tan.md:8 body: 这里有手机号码（139****0005）",
                                        "1234 0005"),
    "unconsented name in another's motto": ("data/volunteers/bob.yml", None, "motto: 和王秘密一起服务群众\n",
                                            "data/volunteers/bob.yml:7 motto: 这里写到了“王秘密”，而这位志愿者"
                                            "（data/volunteers/carol.yml）没有同意公开", "王秘密"),
    "unconsented name split by emphasis in a story": (STORY, None, "\n他和**王**秘密一起走访。\n",
                                                      f"{STORY}:12 body: 这里写到了“王秘密”", "秘密"),
    "unconsented name in a team's name": ("data/teams/team-a.yml", "name: 红马甲服务队", "name: 王秘密红马甲服务队",
                                          "data/teams/team-a.yml:1 name: 这里写到了“王秘密”", "王秘密"),
}


def _break(project: Project, rel: str, old, new: str) -> None:
    if old is None:
        project.append(rel, new)
    elif old == "":
        project.write(rel, new)
    else:
        project.edit(rel, old, new)
    if rel.startswith("content/en/"):
        project.append("data/site.yml", "languages: [zh, en]\n")


@pytest.mark.parametrize("case", list(CASES))
def test_validate_and_build_refuse_and_leave_the_site(site_project, case):
    rel, old, new, message, secret = CASES[case]
    before = site_project.tree()
    assert before, "the site was built"
    _break(site_project, rel, old, new)
    check = site_project.run("validate")
    assert check.code == 1, check.text
    assert message in check.text, check.text
    build = site_project.run("build")
    assert build.code == 1, build.text
    assert message in build.err, build.text
    assert site_project.tree() == before
    assert site_project.leaks(secret) == []
    digits = re.sub(r"\D", "", secret)
    if digits:
        assert digits not in check.text + build.text, "a number is never printed in full"


def test_the_message_in_english(project):
    project.append("data/volunteers/bob.yml", "motto_en: With Wang Mimi\nmotto: 和王秘密一起\n")
    project.append("data/volunteers/carol.yml", "name_en: Wang Mimi\n")
    messages = project.messages("en")
    assert messages == [
        "data/volunteers/bob.yml:7 motto_en: this names 'Wang Mimi', a volunteer (data/volunteers/carol.yml) who "
        "has not agreed to be published: their name must not appear on the site. Remove the name; if the person "
        "has agreed, write consent: {publish: true} in data/volunteers/carol.yml",
        "data/volunteers/bob.yml:8 motto: this names '王秘密', a volunteer (data/volunteers/carol.yml) who "
        "has not agreed to be published: their name must not appear on the site. Remove the name; if the person "
        "has agreed, write consent: {publish: true} in data/volunteers/carol.yml",
    ]


def test_a_number_is_never_shown_whole_in_a_message(project):
    project.append("data/volunteers/alice.yml", "pledge: 电话 13812345678，座机 (0851) 2234 5678，身份证 110101199003077571\n")
    text = " ".join(project.messages() + project.messages("en"))
    for whole in ("13812345678", "22345678", "110101199003077571"):
        assert whole not in re.sub(r"\D", "", text.replace("0851", ""))  # no digits run into each other
    assert "138****5678" in text and "0851-****5678" in text and "110101********7571" in text


# -- what is not taken for personal data -----------------------------------------------------

def test_figures_dates_and_consented_names_pass(project):
    project.append("data/projects/proj-a.yml", "summary: 2018-2025年帮扶资金 4526000 元，受益 20240305 人次，编号 3000-5000\n")
    project.append(STORY, "\n谭小明和李桂芳 2025年6月1日走访，费用 12000000 元。\n")
    assert project.messages() == []


def test_a_name_a_consenting_volunteer_also_bears_is_not_flagged(project):
    project.append("data/volunteers/bob.yml", "motto: 和王秘密一起服务群众\n")
    project.write("data/volunteers/dave.yml", "name: 王秘密\norganization: town\nconsent: {publish: true}\n")
    assert project.messages() == []


def test_a_longer_consented_name_and_a_common_word_are_not_flagged(project):
    project.write("data/volunteers/dave.yml", "name: 王秘密强\norganization: town\nconsent: {publish: true}\n")
    project.write("data/volunteers/erin.yml", "name: 文明\norganization: town\nconsent: {publish: false}\n")
    project.append("data/volunteers/bob.yml", "motto: 和王秘密强一起建设新时代文明实践站\n")
    assert project.messages() == []
    project.edit("data/volunteers/bob.yml", "和王秘密强一起", "和王秘密一起")
    assert [m.split(":", 2)[:2] for m in project.messages()] == [["data/volunteers/bob.yml", "7 motto"]]


def test_allow_contact_keeps_numbers_but_not_unconsented_names(project):
    project.append("data/volunteers/alice.yml", "allow_contact: true\nmotto_en: hotline 13812345678\npledge: 和王秘密一起\n")
    assert [m.split(" ", 2)[:2] for m in project.messages()] == [["data/volunteers/alice.yml:15", "pledge:"]]


def test_unconsented_volunteers_own_file_is_not_scanned(project):
    project.append("data/volunteers/carol.yml", "motto: 我是王秘密，电话13812345678\n")
    assert project.messages() == []


def test_tag_attributes_are_published_too(project):
    project.append(STORY, '\n<a href="tel:13812345678">打电话</a>\n')
    assert project.messages() == [f"{STORY}:12 body: 这里有手机号码（138****5678），{FOUND}"]


# -- the finder, fuzzed -------------------------------------------------------------------

NUMBERS = ("13812345678", "+86 139 1234 5678", "0851-22345678", "110101199003077571", "a.b@example.com",
           "１３８１２３４５６７８", "138**1234**5678", "138<!--x-->12345678", "&#49;3812345678",
           "1\u200b38\u00ad12345678")
HIDDEN = privacy.Names({"王秘密": "carol.yml", "Wang Mimi": "carol.yml", "袁芳": "yuan.yml"}, {"谭小明"})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200), st.sampled_from(NUMBERS), st.text(max_size=50))
@example("", "13812345678", "")
@example("<!--", "13812345678", "-->")
@example("&#", "13812345678", ";**_~`")
def test_the_finder_never_raises_and_always_masks(before, number, after):
    text = before + number + after
    found = privacy.find(text)
    hits = privacy.inspect(text, HIDDEN) + privacy.inspect(text, HIDDEN, contact=False)
    assert all(0 <= h.line <= text.count("\n") for h in hits)
    digits = re.sub(r"\D", "", privacy.normalise(number).text)
    for kind, preview in found:
        assert preview.count("*") >= 3, preview
        if kind != "email":
            shown = re.sub(r"\D", "", preview)
            assert len(shown) <= 10 and (not digits or digits not in shown), preview
    for hit in hits:
        assert hit.kind == "name" or hit.shown.count("*") >= 3


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_inspect_never_raises_on_any_text(text):
    for hit in privacy.inspect(text, HIDDEN):
        assert 0 <= hit.line <= text.count("\n")
        assert hit.kind == "name" or "*" in hit.shown


@pytest.mark.parametrize("text", ["学习袁 芳同志", "向袁·芳看齐", "袁\n芳（一位老党员）", "王 秘 密的事迹"])
def test_a_hidden_name_split_by_a_space_dot_or_line_break_is_found(text):
    assert [n for n, _ in HIDDEN.find(text)] in (["袁芳"], ["王秘密"]), text


def test_a_split_name_in_a_motto_stops_the_build(site_project):
    before = site_project.tree()
    site_project.edit("data/volunteers/alice.yml", "motto:", "motto: 向王·秘密学习。")
    run = site_project.run("build")
    assert run.code == 1, run.text
    assert "data/volunteers/alice.yml" in run.text and "王秘密" in run.text
    assert site_project.tree() == before


def test_a_phone_number_written_as_an_outcome_figure_is_found(project):
    project.edit("data/projects/proj-a.yml", "value: 452600, unit: 元", "value: 13812345678, unit: 号")
    assert project.messages() == [
        "data/projects/proj-a.yml:7 outcomes.value: 这里有手机号码（138****5678），" + FOUND]
    project.edit("data/projects/proj-a.yml", "value: 13812345678, unit: 号", "value: 45260000, unit: 元")
    assert project.messages() == []  # a large figure is a figure


def test_a_number_as_a_pages_title_is_found(project):
    project.write("content/p.md", "---\ntitle: 13812345678\n---\n# 页面\n")
    assert project.messages() == ["content/p.md:2 title: 这里有手机号码（138****5678），" + FOUND]


@pytest.mark.parametrize("name, shown", [
    ("stories/2025-07-01-13712345678.md", "文件名里有手机号码（137****5678）"),
    ("stories/2025-07-01-王秘密.md", "文件名里有王秘密"),
    ("stories/13612345678.jpg", "文件名里有手机号码（136****5678）"),
])
def test_a_number_or_hidden_name_in_a_file_name_is_found(site_project, name, shown):
    if name.endswith(".md"):
        site_project.write("content/" + name, "---\ntitle: 一篇事迹\ndate: 2025-07-01\n---\n\n正文。\n")
    else:
        make_photo(site_project.path("content/" + name))
    site_project.refused(f"content/{name} {shown}。")


def test_a_text_file_beside_the_pages_is_read_as_the_reader_would(project):
    project.write("content/stories/list.csv", "项目,联系\n送医下乡,13812345678\n")
    assert project.messages() == ["content/stories/list.csv:2 这里有手机号码（138****5678），" + FOUND]
