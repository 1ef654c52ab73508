"""Values an officer did not mean, taken on trust, or explained on the wrong line: refused, with
the message saying where and what to write.

- YAML 1.2 core rules, numbers in plain decimal only: `1:30` is not 90, `010` is not 8, `yes` is
  text; a number written with a comma or a colon is refused with what to write.
- Consent is the boolean true, never a text that looks like yes; merge keys (<<) work.
- A volunteer named on an honor list must have consented; a story dated ahead is flagged.
- A Chinese colon, a full-width space, a tab, a line indented too far: named on their own line.
- An id that would take the place of one of the site's own pages is refused.

Each case reads what the officer reads (the message with file:line and field) and, through the
real command, that `validate` and `build` exit with 1 and that site/ is left byte for byte.
"""

from __future__ import annotations

import math
import re

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st



def only(project, lang="zh"):
    messages = project.messages(lang)
    assert len(messages) == 1, messages
    return messages[0]


# -- through the real command: validate and build refuse, the site stays as it was -----------



BROKEN = {
    "hours with a colon": ("data/volunteers/alice.yml", "base_hours: 90", "base_hours: 1:30",
                           "data/volunteers/alice.yml:7 base_hours: “1:30”里有冒号"),
    "hours with a comma": ("data/volunteers/alice.yml", "base_hours: 90", "base_hours: 1,5",
                           "data/volunteers/alice.yml:7 base_hours: “1,5”里有逗号"),
    "consent as text": ("data/volunteers/alice.yml", "publish: true", 'publish: "true"',
                        "data/volunteers/alice.yml:12 consent.publish: 本人是否同意，只能写 true"),
    "unconsented honoree": ("data/honors/2025.yml", "      - bob\n", "      - bob\n      - carol\n",
                            "data/honors/2025.yml:10 recipients: “carol”（王秘密）没有同意公开"),
    "chinese colon": ("data/volunteers/alice.yml", "post: 政策法规宣传员", "post：政策法规宣传员",
                      "data/volunteers/alice.yml:5 第 5 列是中文冒号“：”"),
    "reserved id": ("data/organizations.yml", "- id: unit", "- id: index",
                    "data/organizations.yml:12 id: “index”是网站自己页面用的名字"),
    "story years ahead": ("content/stories/2025-06-01-tan.md", "date: 2025-06-01", "date: 2062-06-01",
                          "content/stories/2025-06-01-tan.md:3 date: 日期 2062-06-01 比今天（2026-11-24）晚了一年多"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_validate_and_build_refuse_and_leave_the_site(site_project, case):
    rel, old, new, message = BROKEN[case]
    before = site_project.tree()
    assert before, "the site was built"
    site_project.edit(rel, old, new)
    check = site_project.run("validate")
    assert check.code == 1, check.text
    assert message in check.err, check.err
    assert "Traceback" not in check.text
    build = site_project.run("build")
    assert build.code == 1, build.text
    assert message in build.err
    assert "Traceback" not in build.text
    assert site_project.tree() == before
    assert not [p for p in site_project.root.iterdir() if ".building" in p.name]


# -- YAML 1.2 core: numbers in plain decimal, yes/no/on/off are text --------------------------

@pytest.mark.parametrize("value,message", [
    ("1:30", "“1:30”里有冒号，不能当作数字。时长请写成小时数：1:30 是 1.5 小时，请写 1.5"),
    ("2:20", "“2:20”里有冒号，不能当作数字。时长请写成小时数：2:20 是 2.33 小时，请写 2.33"),
    ("1,5", "“1,5”里有逗号，数字里不能写逗号。如果是小数，请写 1.5（用小数点）；如果是整数，请写 15（不加千位逗号）"),
    ("'1,5'", "“1,5”里有逗号，数字里不能写逗号。如果是小数，请写 1.5（用小数点）；如果是整数，请写 15（不加千位逗号）"),
    ("1,000,000", "“1,000,000”里有逗号，数字里不能写逗号。请写 1000000（不加千位逗号）"),
    ("1_000", "应为数字，实际是 “1_000”。请改正"),
    ("0o17", "应为数字，实际是 “0o17”。请改正"),
    ("0x1F", "应为数字，实际是 “0x1F”。请改正"),
    ("yes", "应为数字，实际是 “yes”。请改正"),
])
def test_a_number_the_officer_did_not_mean_is_refused(project, value, message):
    project.edit("data/volunteers/alice.yml", "base_hours: 90", f"base_hours: {value}")
    assert only(project) == f"data/volunteers/alice.yml:7 base_hours: {message}"


def test_hours_with_a_colon_in_english(project):
    project.edit("data/volunteers/alice.yml", "base_hours: 90", "base_hours: 1:30")
    assert only(project, "en") == ("data/volunteers/alice.yml:7 base_hours: '1:30' has a colon and is not a "
                                   "number. Write hours as a number: 1:30 is 1.5 hours, so write 1.5")


@pytest.mark.parametrize("value,hours", [("010", 10), ("+12", 12), ("1.5", 1.5), ("1e2", 100),
                                         ("'12'", 12), ("１２", 12)])
def test_plain_decimal_numbers_are_read_as_written(project, value, hours):
    project.edit("data/volunteers/alice.yml", "base_hours: 90", f"base_hours: {value}")
    assert project.messages() == []
    assert project.model().volunteers["alice"].record.base_hours == hours


@pytest.mark.parametrize("field,value", [("motto", "0777"), ("motto", "1:30"), ("motto", "yes"),
                                         ("motto", "1e3"), ("post", "010"), ("name", "no")])
def test_text_written_as_digits_or_yes_stays_as_written(project, field, value):
    old = {"motto": "motto: 把群众的事当成自己的事", "post": "post: 政策法规宣传员", "name": "name: 谭小明"}[field]
    project.edit("data/volunteers/alice.yml", old, f"{field}: {value}")
    assert project.messages() == []
    assert getattr(project.model().volunteers["alice"].record, field) == value


def test_an_id_written_as_digits_stays_text(project):
    project.append("data/organizations.yml", "- id: 010\n  name: 城西社区\n  parent: town\n")
    project.edit("data/volunteers/bob.yml", "organization: town", "organization: 010")
    assert project.messages() == []
    m = project.model()
    assert "010" in m.organizations and m.volunteers["bob"].record.organization == "010"


# The reference: YAML 1.2.2 core schema, 10.3.2 Tag Resolution, with integers in base 10 only
# (0o17 and 0x1F, core integers in octal and hexadecimal, stay text: no officer writes them).
CORE_INT = re.compile(r"[-+]?[0-9]+")
CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
CORE_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
CORE_NAN = re.compile(r"\.(nan|NaN|NAN)")
CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
CORE_NULL = {"null", "Null", "NULL", "~", ""}


def core(text: str):
    if text in CORE_NULL:
        return None
    if text in CORE_BOOL:
        return CORE_BOOL[text]
    if CORE_INT.fullmatch(text):
        return int(text, 10)
    if CORE_FLOAT.fullmatch(text) or CORE_INF.fullmatch(text) or CORE_NAN.fullmatch(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return text


plain = st.text(alphabet="0123456789+-.eE_:,xXoObBtrueTRUEfalsFALSnNIiyYoOnNffl~ ", min_size=1, max_size=10)


EXAMPLES = ("1:30", "010", "0o17", "0x1F", "1_000", "1,5", "yes", "No", "on", "OFF", "y", "1e3", ".5", "+1",
            "-0", "1.", ".inf", "-.Inf", ".NaN", "=", "2024-03-05", "True", "~", "null", "190:20:30", "<<")


def _with_examples(test):
    for text in EXAMPLES:
        test = example(text=text)(test)
    return test


@settings(max_examples=600, deadline=None)
@given(text=plain)
@_with_examples
def test_plain_scalars_are_read_by_yaml_1_2_core_rules(text):
    from showcase.records import yamlio

    problems = []
    data = yamlio.parse(f"v: {text}\n", "f.yml", problems)
    if problems or not isinstance(data, dict) or isinstance(data.get("v"), (list, dict)):
        return  # not a plain scalar in this place (a list dash, a comment, a key): YAML's business
    written = text.strip()
    got, want = data["v"], core(written)
    if isinstance(want, float) and math.isnan(want):
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert type(got) in {bool: (bool,), int: (yamlio.Int,), float: (yamlio.Float,), str: (str,),
                             type(None): (type(None),)}[type(want)], (text, got, want)
        assert got == want, (text, got, want)
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        assert str(got) == written  # a number keeps how it was written: an id 010 stays 010
    quoted = yamlio.parse(f"v: '{text}'\n", "f.yml", [])
    assert quoted == {"v": text}


def test_numbers_from_yaml_survive_the_parse_cache(project, tmp_path):
    """The cache pickles parsed files: a number must come back with its text."""
    from showcase.records import load

    project.edit("data/volunteers/alice.yml", "post: 政策法规宣传员", "post: 010")
    for run in range(2):  # the second run reads the cache
        raw = load.load(load.Paths.at(project.root), [], tmp_path / "cache")
        assert any((tmp_path / "cache").iterdir()) or run == 0
        post = next(d.data["post"] for d in raw.volunteers if d.stem == "alice")
        assert (str(post), post) == ("010", 10)


# -- consent is the boolean true -----------------------------------------------------------------

@pytest.mark.parametrize("value,shown", [('"true"', "“true”"), ("是", "“是”"), ("yes", "“yes”"),
                                         ("'yes'", "“yes”"), ("1", "“1”"), ("同意", "“同意”")])
def test_consent_must_be_the_boolean_true(project, value, shown):
    project.edit("data/volunteers/alice.yml", "consent: {publish: true, photo: false}",
                 f"consent: {{publish: {value}, photo: false}}")
    # alice is on the honor list and named in a story: those say so too, once she has not agreed
    messages = project.messages()
    assert messages[0] == (f"data/volunteers/alice.yml:12 consent.publish: 本人是否同意，只能写 true（同意）或 "
                           f"false（不同意），不加引号；实际是 {shown}。本人同意的，请写 consent.publish: true")
    assert not any("没有填写 consent.publish" in m for m in messages)  # not also 'missing'
    assert project.messages("en")[0].startswith("data/volunteers/alice.yml:12 consent.publish: consent is "
                                                "written true (agreed) or false (not agreed), without quotes")
    assert project.check()[0].volunteers["alice"].consent_publish is False


def test_photo_consent_and_allow_contact_are_booleans_too(project):
    project.edit("data/volunteers/bob.yml", "consent: {publish: true, photo: true}",
                 "consent: {publish: true, photo: 'true'}\nallow_contact: 是")
    assert project.messages() == [
        "data/volunteers/bob.yml:6 consent.photo: 本人是否同意，只能写 true（同意）或 false（不同意），不加引号；"
        "实际是 “true”。本人同意的，请写 consent.photo: true",
        "data/volunteers/bob.yml:7 allow_contact: 本人是否同意，只能写 true（同意）或 false（不同意），不加引号；"
        "实际是 “是”。本人同意的，请写 allow_contact: true",
    ]


@pytest.mark.parametrize("value", ["true", "True", "TRUE"])
def test_consent_true_in_any_case_yaml_allows(project, value):
    project.edit("data/volunteers/alice.yml", "publish: true", f"publish: {value}")
    assert project.messages() == []
    assert project.model().volunteers["alice"].published


# -- merge keys work as YAML defines them -------------------------------------------------------

def test_merge_keys_let_records_share_fields(project):
    villages = "".join(f"- <<: *village\n  id: cun-{i}\n  name: 第{i}村\n" for i in range(60))
    project.append("data/organizations.yml", "- &village\n  id: cun-base\n  name: 样板村\n  level: 村\n"
                   "  parent: town\n" + villages)
    assert project.messages() == []
    m = project.model()
    assert all(m.organizations[f"cun-{i}"].record.parent == "town" for i in range(60))
    assert m.organizations["cun-7"].record.name == "第7村" and m.organizations["cun-7"].record.level == "村"


def test_merge_keys_own_keys_win_then_the_first_merged(project):
    project.write("data/projects/proj-b.yml", (
        "name: 项目乙\norganization: town\n"
        "outcomes:\n"
        "  - &trees {label: 植树, value: 3000, unit: 棵}\n"
        "  - &rate {label: 成活率, value: 98, unit: '%'}\n"
        "  - <<: [*rate, *trees]\n"
        "    value: 99\n"))
    assert project.messages() == []
    outcomes = project.model().projects["proj-b"].record.outcomes
    assert [(o.label, o.value, o.unit) for o in outcomes] == [("植树", 3000, "棵"), ("成活率", 98, "%"),
                                                              ("成活率", 99, "%")]


def test_a_key_written_twice_beside_a_merge_is_still_reported(project):
    project.write("data/projects/proj-b.yml", "base: &b {name: 项目乙}\n")
    project.write("data/teams/team-b.yml", "<<: {name: 乙队, organization: town}\nname: 丙队\nname: 丁队\n")
    messages = project.messages()
    assert "data/teams/team-b.yml:3 字段“name”写了两次（第一次在第 2 行）。请删掉其中一个" in messages


def test_a_merge_of_something_else_says_what_merge_takes(project):
    project.write("data/teams/team-b.yml", "name: 乙队\norganization: town\n<<: 3\n")
    assert only(project) == ("data/teams/team-b.yml:3 “<<:”后面只能写一个别名（如 <<: *base）或几个别名组成的列表"
                             "（如 <<: [*a, *b]），而且它们都要指向“字段: 值”的结构")


def test_yaml_1_1_oddities_are_text_not_errors(project):
    project.edit("data/volunteers/alice.yml", "motto: 把群众的事当成自己的事", "motto: =")
    assert project.messages() == []
    assert project.model().volunteers["alice"].record.motto == "="


# -- an honor list names only those who agreed (SPEC: Non-negotiables) --------------------------

NO_CONSENT = ("data/honors/2025.yml:10 recipients: “carol”（王秘密）没有同意公开（data/volunteers/carol.yml 里没有 "
              "consent: {publish: true}），不能列在公开的表彰名单上，名单也不能悄悄少一个人。请取得本人同意后在 "
              "data/volunteers/carol.yml 里写上 consent: {publish: true}，或把此人从这份名单里删掉")


def test_an_honoree_without_consent_is_an_error(project):
    project.edit("data/honors/2025.yml", "      - bob\n", "      - bob\n      - carol\n")
    assert only(project) == NO_CONSENT


def test_an_honoree_without_consent_on_a_list_under_notice_is_an_error(project):
    project.edit("data/honors/2025.yml", "year: 2025\n", "year: 2025\nnotice: {from: 2026-11-20, to: 2026-12-04}\n")
    project.edit("data/honors/2025.yml", "      - bob\n", "      - bob\n      - id: carol\n        citation: 好人\n")
    project.append("data/site.yml", "contact: {phone: 0856-1234567}\n")  # how to object: else a warning too
    assert only(project) == NO_CONSENT.replace(":10 ", ":11 ")


def test_an_honoree_whose_consent_is_missing(project):
    project.edit("data/volunteers/bob.yml", "consent: {publish: true, photo: true}", "")
    messages = project.messages()
    assert any(m.startswith("data/honors/2025.yml:9 recipients: “bob”（李桂芳）没有同意公开") for m in messages), messages


@pytest.mark.parametrize("rel, old, line", [
    ("data/teams/team-a.yml", "leader: alice\nmembers: [alice, bob]", 3),
    ("data/projects/proj-a.yml", "leader: bob", 5),
])
def test_a_leader_without_consent_is_an_error(project, rel, old, line):
    new = old.replace("alice", "carol", 1) if "alice" in old else "leader: carol"
    if "members" in new:
        new = new.replace("[alice, bob]", "[carol, alice, bob]")
    project.edit(rel, old, new)
    assert only(project) == (f"{rel}:{line} leader: 负责人“carol”（王秘密）没有同意公开（data/volunteers/carol.yml 里没有 "
                             "consent: {publish: true}），不能作为负责人显示在网站上。请取得本人同意后在 "
                             "data/volunteers/carol.yml 里写上 consent: {publish: true}，或换一位负责人")


# -- stories dated ahead ---------------------------------------------------------------------

def test_a_story_dated_ahead_is_a_warning_naming_the_date(site_project):
    site_project.edit("content/stories/2025-06-01-tan.md", "date: 2025-06-01", "date: 2026-12-20")
    assert only(site_project) == ("content/stories/2025-06-01-tan.md:3 date: [提醒] 日期 2026-12-20 还没有到"
                                  "（今天是 2026-11-24），这篇事迹仍会发布，并排在最前面。如果日期写错了，请改正")
    run = site_project.run("build")
    assert run.code == 0, run.text
    assert "日期 2026-12-20 还没有到" in run.text


def test_a_story_dated_years_ahead_is_an_error(project):
    project.edit("content/stories/2025-06-01-tan.md", "date: 2025-06-01", "date: 2062-06-01")
    assert only(project) == ("content/stories/2025-06-01-tan.md:3 date: 日期 2062-06-01 比今天（2026-11-24）"
                             "晚了一年多，多半是年份写错了。请改正日期")


def test_story_front_matter_is_read_by_the_same_rules(project):
    project.edit("content/stories/2025-06-01-tan.md", "tags: [政策宣讲]", "tags: [政策宣讲]\nauthor: 010")
    assert project.messages() == []
    assert project.model().records.stories[0].author == "010"
    project.edit("content/stories/2025-06-01-tan.md", "title: 谭小明的故事", "title：谭小明的故事")
    assert only(project) == ("content/stories/2025-06-01-tan.md:2 第 6 列是中文冒号“：”。YAML 只认英文冒号："
                             "请把“title：”改成“title: ”（英文冒号，后面空一格）")


def test_a_story_page_prints_its_front_matter_as_the_records_read_it(site_project):
    """MkDocs reads front matter by YAML 1.1 itself, where 12:30 is 750: the page must not say so."""
    site_project.edit("content/stories/2025-06-01-tan.md", "title: 谭小明的故事", "title: 12:30")
    run = site_project.run("build")
    assert run.code == 0, run.text
    page = site_project.read("site/stories/2025-06-01-tan.html")
    assert "<title>12:30 - 测试志愿服务队</title>" in page and "750" not in page
    assert "<title>12:30</title>" in site_project.read("site/stories/feed.xml")


# -- newcomers' YAML mistakes, named on their own line ---------------------------------------

FULLWIDTH = "全角空格（中文输入法打出的空格）。它看起来像空格，YAML 却不认它：请删掉它，改打一个普通空格（英文输入法下按空格键）"
TAB = "制表符（Tab 键）。它看起来像空格，YAML 却不认它：请删掉它，改打一个普通空格（英文输入法下按空格键）"


@pytest.mark.parametrize("old,new,message", [
    # a Chinese colon: it used to be '缺少冒号' on the line after
    ("post: 政策法规宣传员", "post：政策法规宣传员",
     "5 第 5 列是中文冒号“：”。YAML 只认英文冒号：请把“post：”改成“post: ”（英文冒号，后面空一格）"),
    ("name: 谭小明", "name： 谭小明",
     "1 第 5 列是中文冒号“：”。YAML 只认英文冒号：请把“name：”改成“name: ”（英文冒号，后面空一格）"),
    ("consent: {publish: true, photo: false}", "consent: {publish：true, photo: false}",
     "12 第 18 列是中文冒号“：”。YAML 只认英文冒号：请把“publish：”改成“publish: ”（英文冒号，后面空一格）"),
    # a full-width space after a colon, or as indentation
    ("post: 政策法规宣传员", "post:\u3000政策法规宣传员", f"5 第 6 列有一个{FULLWIDTH}"),
    ("consent: {publish: true, photo: false}", "consent:\n\u3000\u3000publish: true", f"13 第 1 列有一个{FULLWIDTH}"),
    ("consent: {publish: true, photo: false}", "consent:\n  publish: true\n \u3000photo: false",
     f"14 第 2 列有一个{FULLWIDTH}"),
    # a tab, as indentation or after spaces: it used to be PyYAML's English
    ("consent: {publish: true, photo: false}", "consent:\n\tpublish: true", f"13 第 1 列有一个{TAB}"),
    ("consent: {publish: true, photo: false}", "consent:\n  publish: true\n \tphoto: false",
     f"14 第 2 列有一个{TAB}"),
    # a line indented too far, or not in line with its level: it used to be '这里不应出现冒号'
    ("organization: village", "  organization: village",
     "3 这一行比上一行多缩进了 2 个空格，但上一行的“status:”后面已经写了值，下面不能再放字段。"
     "请删掉这一行开头多出的 2 个空格，和上一行对齐"),
    ("consent: {publish: true, photo: false}", "consent:\n  publish: true\n photo: false",
     "14 这一行开头有 1 个空格，和上面的字段对不齐（上面各层开头分别是 2 或 0 个空格）。"
     "同一层的字段开头的空格数必须一样：请增减空格，和它所属的那一层对齐"),
    # a colon without its space, a line without a colon
    ("post: 政策法规宣传员", "post:政策法规宣传员", "5 冒号后面要空一格：请把“post:政策法规宣传员”改成“post: 政策法规宣传员”"),
    ("post: 政策法规宣传员", "post 政策法规宣传员",
     "5 这一行缺少冒号。每一行应写成“字段: 值”（英文冒号，后面空一格），例如 name: 谭小明"),
    # a colon inside a value still says to quote it
    ("post: 政策法规宣传员", "post: 政策: 法规宣传员",
     "5 YAML 格式错误：这里不应出现冒号（值里有冒号时，请给整个值加上引号）。请检查这一行及上一行的缩进、冒号和引号"),
    ("motto: 把群众的事当成自己的事", "motto: @把群众的事当成自己的事",
     "9 值不能以 @ 开头：请给整个值加上引号，例如 motto: '@……'"),
])
def test_newcomer_mistakes_are_named_on_their_line(project, old, new, message):
    project.edit("data/volunteers/alice.yml", old, new)
    assert only(project) == f"data/volunteers/alice.yml:{message}"


def test_newcomer_mistakes_in_english(project):
    project.edit("data/volunteers/alice.yml", "consent: {publish: true, photo: false}",
                 "consent:\n\u3000\u3000publish: true")
    assert only(project, "en") == ("data/volunteers/alice.yml:13 column 1 holds a full-width space (typed with a "
                                   "Chinese input method). It looks like a space, but YAML does not take it for "
                                   "one: delete it and type an ordinary space")


def test_a_chinese_colon_in_a_block_of_text_is_fine(project):
    project.edit("data/volunteers/alice.yml", "story: 谭小明走遍了全镇的村寨。",
                 "story: |\n  时间：2024 年\n  地点：寨杆村\n\n  　　他走遍了全镇的村寨。")
    assert project.messages() == []
    assert "时间：2024 年" in project.model().volunteers["alice"].record.story


def test_a_whole_file_read_as_text_names_the_chinese_colon(project):
    project.write("data/teams/team-b.yml", "name：乙队\n")
    assert only(project) == ("data/teams/team-b.yml:1 第 5 列是中文冒号“：”。YAML 只认英文冒号："
                             "请把“name：”改成“name: ”（英文冒号，后面空一格）")


# -- ids that would take the place of the site's own pages -------------------------------------

@pytest.mark.parametrize("rel", ["data/volunteers/index.yml", "data/teams/page.yml", "data/projects/cards.yml",
                                 "content/stories/feed.md"])
def test_a_file_named_like_one_of_the_sites_pages_is_refused(project, rel):
    source = {"volunteers": "data/volunteers/bob.yml", "teams": "data/teams/team-a.yml",
              "projects": "data/projects/proj-a.yml", "stories": "content/stories/2025-06-01-tan.md"}
    kind = rel.split("/")[1]
    text = project.read(source[kind])
    project.write(rel, text.replace("leader: alice\n", "") if kind == "teams" else text)
    name = rel.rsplit("/", 1)[1]
    stem = name.split(".")[0]
    assert only(project) == (f"{rel} 文件名“{name}”不能用：“{stem}”是网站自己页面用的名字（cards、feed、index、page "
                             "都不能用）。请给文件换个名字，例如加上姓名拼音或日期")


def test_every_file_beside_the_records_pages_is_a_reserved_name(sample_site):
    """The site's own files in a folder of records' pages (index.html, page/, cards.js, feed.xml):
    each must be a name no record may take, so a new one cannot silently clash with a record."""
    from showcase.records.schema import RESERVED_IDS

    root = sample_site.parent
    ids = {
        "volunteers": {p.stem for p in (root / "data/volunteers").glob("*.yml")},
        "teams": {p.stem for p in (root / "data/teams").glob("*.yml")},
        "projects": {p.stem for p in (root / "data/projects").glob("*.yml")},
        "organizations": {str(o["id"]) for o in yaml.safe_load((root / "data/organizations.yml").read_text("utf-8"))},
        "stories": {p.stem for p in (root / "content/stories").glob("*.md")},
        "honors": {p.stem for p in (root / "data/honors").glob("*.yml")},
    }
    folders = {kind: [kind, f"images/social/{kind}", f"posters/{kind}"] for kind in ids}
    checked = 0
    for lang_root in [sample_site] + [p for p in sample_site.iterdir() if p.is_dir() and p.name in ("en", "zh")]:
        for kind, places in folders.items():
            for place in places:
                folder = lang_root / place
                if not folder.is_dir():
                    continue
                for entry in folder.iterdir():
                    stem = entry.name.split(".")[0]
                    if kind == "honors" and entry.suffix == ".pdf":  # 2026-notice.pdf: named by the year
                        stem = stem.rsplit("-", 1)[0]
                    if stem not in ids[kind]:
                        assert stem in RESERVED_IDS, f"{entry.relative_to(sample_site)} is not in RESERVED_IDS"
                        checked += 1
    assert checked >= 10  # index pages, cards.js, page/, feed.xml in both languages


def test_reserved_names_are_kept_by_the_site(sample_site):
    """And the other way: each reserved name is one the site really uses."""
    from showcase.records.schema import RESERVED_IDS

    used = {p.name.split(".")[0] for kind in ("volunteers", "teams", "projects", "organizations", "stories")
            for p in (sample_site / kind).iterdir()}
    assert RESERVED_IDS <= used
