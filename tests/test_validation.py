"""Each kind of mistake an officer can make gets a message naming file, line,
field and the fix — in Chinese by default, in English with --lang en."""

import pytest


def only(project, lang="zh"):
    """The single message the mistake produced."""
    messages = project.messages(lang)
    assert len(messages) == 1, messages
    return messages[0]


def test_the_mini_project_is_valid(project):
    assert project.messages() == []


def test_missing_required_field(project):
    project.edit("data/volunteers/alice.yml", "name: 谭小明\n", "")
    assert only(project) == "data/volunteers/alice.yml:1 name: 缺少必填字段“name”。请加上一行 name: …"


def test_unknown_field_suggests_the_nearest(project):
    project.edit("data/volunteers/alice.yml", "motto:", "moto:")
    assert only(project) == "data/volunteers/alice.yml:9 moto: “moto”不是可用的字段（您是否想写“motto”？）"
    assert only(project, "en") == ("data/volunteers/alice.yml:9 moto: 'moto' is not a known field "
                                   "(did you mean 'motto'?)")


def test_misspelt_required_field_is_both_unknown_and_missing(project):
    project.edit("data/volunteers/alice.yml", "organization: village", "orgnization: village")
    assert project.messages() == [
        "data/volunteers/alice.yml:3 orgnization: “orgnization”不是可用的字段（您是否想写“organization”？）",
        "data/volunteers/alice.yml:1 organization: 缺少必填字段“organization”。请加上一行 organization: …",
    ]


def test_wrong_type(project):
    project.edit("data/volunteers/alice.yml", "base_hours: 90", "base_hours: 九十")
    assert only(project) == "data/volunteers/alice.yml:7 base_hours: 应为数字，实际是 “九十”。请改正"
    assert only(project, "en") == "data/volunteers/alice.yml:7 base_hours: expected a number, found '九十'. Correct it"


def test_list_expected(project):
    project.edit("data/teams/team-a.yml", "members: [alice, bob]", "members: {alice: 1}")
    assert "data/teams/team-a.yml:4 members: 这里应是一个列表" in only(project)


@pytest.mark.parametrize("value,message", [
    ("2024-02-30", "“2024-02-30”这一天不存在。请核对年月日"),
    ("2023-13-01", "“2023-13-01”这一天不存在。请核对年月日"),
    ("去年春天", "“去年春天”不是有效的日期。请写成 2024-03-05 的形式"),
])
def test_impossible_and_unreadable_dates(project, value, message):
    project.append("data/volunteers/alice.yml", f"joined: {value}\n")
    assert only(project) == f"data/volunteers/alice.yml:13 joined: {message}"


def test_chinese_date_forms_are_understood(project):
    project.append("data/volunteers/alice.yml", "joined: 2012年5月4日\n")
    assert project.messages() == []
    assert project.model().volunteers["alice"].record.joined.isoformat() == "2012-05-04"


def test_unknown_organisation_with_suggestion(project):
    project.edit("data/volunteers/alice.yml", "organization: village", "organization: villag")
    assert only(project) == "data/volunteers/alice.yml:3 organization: “villag”不是已知的组织（您是否想写“village”？）。请改正，或先在 data/organizations.yml 里建立它"
    assert only(project, "en") == ("data/volunteers/alice.yml:3 organization: 'villag' is not a known "
                                   "organisation (did you mean 'village'?). Correct it, or create it first in data/organizations.yml")


def test_unknown_team(project):
    project.edit("data/volunteers/alice.yml", "teams: [team-a]", "teams: [team-b]")
    assert only(project) == "data/volunteers/alice.yml:4 teams: “team-b”不是已知的服务队（您是否想写“team-a”？）。请改正，或先在 data/teams/ 里建立它"


def test_unknown_project(project):
    project.edit("data/records/2025.csv", "2025-03-01,alice,5,policy-outreach,proj-a", "2025-03-01,alice,5,policy-outreach,proj-c")
    assert only(project) == "data/records/2025.csv:2 project: “proj-c”不是已知的项目（您是否想写“proj-a”？）。请改正，或先在 data/projects/ 里建立它"
    project.edit("data/records/2025.csv", "proj-c", "proj-a")
    project.edit("content/stories/2025-06-01-tan.md", "tags: [政策宣讲]", "tags: [政策宣讲]\nprojects: [proj-x]")
    assert only(project) == "content/stories/2025-06-01-tan.md:5 projects: “proj-x”不是已知的项目（您是否想写“proj-a”？）。请改正，或先在 data/projects/ 里建立它"


def test_unknown_category(project):
    project.edit("data/volunteers/alice.yml", "categories: [policy-outreach]", "categories: [policy]")
    assert only(project) == ("data/volunteers/alice.yml:6 categories: “policy”不是已知的服务类别"
                             "（您是否想写“policy-outreach”？）。请改正，或先在 data/categories.yml 里建立它")


def test_category_by_chinese_name_is_accepted(project):
    project.edit("data/volunteers/alice.yml", "categories: [policy-outreach]", "categories: [政策法规宣传, 法律援助]")
    assert project.messages() == []
    assert project.model().volunteers["alice"].categories == ["policy-outreach", "legal-aid"]


def test_unknown_volunteer_suggests_the_id_for_a_name(project):
    project.edit("data/teams/team-a.yml", "leader: alice", "leader: 谭小明")
    assert only(project) == "data/teams/team-a.yml:3 leader: “谭小明”不是已知的志愿者（您是否想写“alice”？）。请改正，或先在 data/volunteers/ 里建立它"


def test_duplicate_ids(project):
    project.edit("data/organizations.yml", "- id: unit", "- id: town")
    messages = project.messages()
    assert messages[0] == ("data/organizations.yml:12 id: 编号“town”重复了（第一次在 data/organizations.yml:4）。"
                           "每个编号只能用一次")


def test_duplicate_honor_year(project):
    project.write("data/honors/2025-supplement.yml", "year: 2025\nawards: []\n")
    assert "data/honors/2025.yml" in only(project) and "编号“2025”重复了" in only(project)


def test_file_name_must_be_an_id(project):
    project.write("data/volunteers/张三.yml", "name: 张三\norganization: town\nconsent: {publish: true}\n")
    assert only(project) == ("data/volunteers/张三.yml 文件名“张三.yml”不能作编号：只能用小写拼音或英文字母、"
                             "数字和连字符，例如 zhang-san.yml")


@pytest.mark.parametrize("hours,message", [
    ("26", "一次服务 26 小时不合常理（一天最多 24 小时）。请核对，或拆成几天记录"),
    ("-6", "不能是负数（-6）。请填 0 或正数"),
    ("六", "应为数字，实际是 “六”。请改正"),
    ("1_5", "应为数字，实际是 “1_5”。请改正"),  # Python's float() reads it as 15
    ("inf", "应为数字，实际是 “inf”。请改正"),
    ('"1,5"', "“1,5”里有逗号，数字里不能写逗号。如果是小数，请写 1.5（用小数点）；如果是整数，请写 15（不加千位逗号）"),
    ("1:30", "“1:30”里有冒号，不能当作数字。时长请写成小时数：1:30 是 1.5 小时，请写 1.5"),
])
def test_ledger_hours(project, hours, message):
    project.edit("data/records/2025.csv", "2025-04-02,alice,6,", f"2025-04-02,alice,{hours},")
    assert only(project) == f"data/records/2025.csv:3 hours: {message}"


@pytest.mark.parametrize("row,message", [
    ("2025-04-02,,6,", "volunteer: 这一行的“volunteer”列是空的。请在这一列填上内容，或删掉这一行"),
    ("2025-04-02,alice,,", "hours: 这一行的“hours”列是空的。请在这一列填上内容，或删掉这一行"),
])
def test_ledger_empty_cell_asks_to_fill_the_column(project, row, message):
    project.edit("data/records/2025.csv", "2025-04-02,alice,6,", row)
    assert only(project) == f"data/records/2025.csv:3 {message}"


@pytest.mark.parametrize("people,message", [
    ("-3", "不能是负数（-3）。请填 0 或正数"),
    ("3.5", "应为整数，实际是 “3.5”。请改正"),
    ("许多", "应为整数，实际是 “许多”。请改正"),
    ("nan", "应为整数，实际是 “nan”。请改正"),
    ("inf", "应为整数，实际是 “inf”。请改正"),
])
def test_ledger_people_served_must_be_a_whole_number(project, people, message):
    project.edit("data/records/2025.csv", "2025-04-03,bob,4,poverty-relief,proj-a,20,",
                 f"2025-04-03,bob,4,poverty-relief,proj-a,{people},")
    assert only(project) == f"data/records/2025.csv:4 beneficiaries: {message}"


@pytest.mark.parametrize("points,message", [
    ("-1", "不能是负数（-1）。请填 0 或正数"),
    ("inf", "应为数字，实际是 “inf”。请改正"),
])
def test_ledger_points(project, points, message):
    project.edit("data/records/2025.csv", "2025-04-03,bob,4,poverty-relief,proj-a,20,3,",
                 f"2025-04-03,bob,4,poverty-relief,proj-a,20,{points},")
    assert only(project) == f"data/records/2025.csv:4 points: {message}"


def test_ledger_zero_hours_is_a_warning(project):
    project.edit("data/records/2025.csv", "2025-04-02,alice,6,", "2025-04-02,alice,0,")
    assert only(project) == ("data/records/2025.csv:3 hours: [提醒] 时长是 0：这次服务不计时长，但仍计一次服务和积分。"
                             "如果是漏填，请补上时长")
    assert project.run("validate").code == 0  # a warning does not stop the build


def test_unknown_id_without_a_close_match_says_where_to_create_it(project):
    project.edit("data/volunteers/alice.yml", "organization: village", "organization: nowhere")
    assert only(project) == ("data/volunteers/alice.yml:3 organization: “nowhere”不是已知的组织。"
                             "请改正，或先在 data/organizations.yml 里建立它")
    assert only(project, "en") == ("data/volunteers/alice.yml:3 organization: 'nowhere' is not a known "
                                   "organisation. Correct it, or create it first in data/organizations.yml")


@pytest.mark.parametrize("text,field,line", [
    ("joined: 2030-01-01\n", "joined", 13),
    ("highlights:\n  - {date: 2027-05-01, text: 当选优秀志愿者}\n", "highlights.date", 14),
])
def test_dates_that_have_not_happened_yet(project, text, field, line):
    project.append("data/volunteers/alice.yml", text)
    value = "2030-01-01" if field == "joined" else "2027-05-01"
    assert only(project) == (f"data/volunteers/alice.yml:{line} {field}: 日期 {value} 还没有到（今天是 2026-11-24）。"
                             "请核对日期")


def test_ledger_unknown_volunteer(project):
    project.edit("data/records/2025.csv", "2025-04-02,alice,6,", "2025-04-02,alise,6,")
    assert only(project) == "data/records/2025.csv:3 volunteer: “alise”不是已知的志愿者（您是否想写“alice”？）。请改正，或先在 data/volunteers/ 里建立它"


def test_ledger_row_in_the_future(project):
    project.edit("data/records/2025.csv", "2025-04-02,alice,6,", "2027-01-02,alice,6,")
    assert only(project) == "data/records/2025.csv:3 date: 日期 2027-01-02 还没有到（今天是 2026-11-24）。请核对日期"


def test_ledger_bad_date_and_short_row(project):
    project.append("data/records/2025.csv", "2025-02-30,alice,1,,,,,\n2025-06-01,alice,1,,,,,,,extra\n")
    assert project.messages() == [
        "data/records/2025.csv:6 date: “2025-02-30”这一天不存在。请核对年月日",
        "data/records/2025.csv:7 这一行有 10 列，但表头有 8 列。请检查是否多了或少了逗号",
    ]


def test_ledger_header_typo(project):
    project.edit("data/records/2025.csv", "date,volunteer,hours,", "date,volunteer,hour,")
    assert project.messages() == [
        "data/records/2025.csv:1 hour: “hour”不是台账的列（您是否想写“hours”？）",
        "data/records/2025.csv:1 hours: 台账缺少“hours”列。第一行应是列名：date,volunteer,hours,category,project,beneficiaries,points,note",
    ]


def test_ledger_many_errors_are_summarised(project):
    rows = "".join(f"2025-06-01,nobody{i},30,,,,,\n" for i in range(30))
    project.append("data/records/2025.csv", rows)
    messages = project.messages()
    hours = [m for m in messages if "不合常理" in m]
    assert len(hours) == 20
    assert "data/records/2025.csv 此文件还有 10 处同类问题未一一列出" in messages


def test_yaml_ledger(project):
    project.write("data/records/2024.yml", "- {date: 2024-05-01, volunteer: alice, hours: 2}\n"
                                           "- {date: 2024-05-02, volunteer: alice, hours: 30}\n")
    assert only(project) == "data/records/2024.yml:2 hours: 一次服务 30 小时不合常理（一天最多 24 小时）。请核对，或拆成几天记录"


def test_team_leader_not_member(project):
    project.edit("data/teams/team-a.yml", "members: [alice, bob]", "members: [bob]")
    project.edit("data/volunteers/alice.yml", "teams: [team-a]\n", "")
    assert only(project) == "data/teams/team-a.yml:3 leader: 队长“alice”不在本队的 members 名单里。请把 alice 加进 members"


def test_honor_recipient_that_does_not_exist(project):
    project.edit("data/honors/2025.yml", "      - bob", "      - caroline")
    assert only(project) == "data/honors/2025.yml:9 recipients: “caroline”不是已知的志愿者或服务队（您是否想写“carol”？）。请改正，或先在 data/volunteers/ 或 data/teams/ 里建立它"


def test_honor_team_recipient_that_does_not_exist(project):
    project.edit("data/honors/2025.yml", "team: team-a", "team: team-z")
    assert only(project) == ("data/honors/2025.yml:12 recipients.team: “team-z”不是已知的服务队"
                             "（您是否想写“team-a”？）。请改正，或先在 data/teams/ 里建立它")


def test_notice_window_too_short(project):
    project.edit("data/honors/2025.yml", "year: 2025\n", "year: 2025\nnotice: {from: 2025-12-01, to: 2025-12-04}\n")
    assert only(project) == ("data/honors/2025.yml:2 notice: 公示期只有 4 个工作日（2025-12-01 至 2025-12-04），"
                             "至少需要 5 个工作日。请把 notice 的 to 日期推后")


def test_notice_window_over_a_weekend_counts_working_days(project):
    # Friday 2025-11-28 to Thursday 2025-12-04: 7 days, 5 working days: enough
    project.edit("data/honors/2025.yml", "year: 2025\n", "year: 2025\nnotice: {from: 2025-11-28, to: 2025-12-04}\n")
    assert project.messages() == []


def test_notice_window_over_national_day_counts_the_holidays_out(project):
    project.edit("data/honors/2025.yml", "year: 2025\n", "year: 2025\nnotice: {from: 2025-10-01, to: 2025-10-08}\n")
    assert only(project) == ("data/honors/2025.yml:2 notice: 公示期只有 0 个工作日（2025-10-01 至 2025-10-08），"
                             "至少需要 5 个工作日。请把 notice 的 to 日期推后")


def test_photo_missing(project):
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg", "photo: Bob.jpg")
    assert only(project) == ("data/volunteers/bob.yml:4 photo: 找不到照片“Bob.jpg”。照片应放在 data/photos/ 下，"
                             "文件名要一致（区分大小写）")


@pytest.mark.parametrize("path", ["../site.yml", "/etc/passwd", "sub/../../x.jpg"])
def test_photo_path_outside_the_photo_folder(project, path):
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg", f"photo: '{path}'")
    assert "指向 data/photos/ 以外的地方" in only(project)


def test_photo_symlink_outside_is_refused(project, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"x")
    project.path("data/photos/link.jpg").symlink_to(secret)
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg", "photo: link.jpg")
    assert "指向 data/photos/ 以外的地方" in only(project)


def test_cycle_in_the_organisation_tree(project):
    project.edit("data/organizations.yml", "  name: 青溪县\n", "  name: 青溪县\n  parent: village\n")
    assert only(project) == ("data/organizations.yml:3 parent: 组织的上级关系形成了循环：county → village → town → county。"
                             "请改正其中一个 parent")


def test_yaml_syntax_error_names_the_line(project):
    project.edit("data/volunteers/alice.yml", "post: 政策法规宣传员", "post: 政策: 法规宣传员")
    assert only(project) == ("data/volunteers/alice.yml:5 YAML 格式错误：这里不应出现冒号（值里有冒号时，请给整个值加上引号）。"
                             "请检查这一行及上一行的缩进、冒号和引号")


def test_duplicate_key(project):
    project.edit("data/volunteers/alice.yml", "post: 政策法规宣传员", "post: 政策法规宣传员\npost: 又一个")
    assert only(project) == "data/volunteers/alice.yml:6 字段“post”写了两次（第一次在第 5 行）。请删掉其中一个"


def test_enumerated_values(project):
    project.edit("data/volunteers/alice.yml", "status: 党员", "status: 党员同志")
    assert only(project) == "data/volunteers/alice.yml:2 status: “党员同志”不是可选的值。可选：党员、预备党员、入党积极分子、共青团员、群众"


def test_alias_bomb_is_refused(project):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    project.write("data/volunteers/bomb.yml", bomb)
    messages = project.messages()
    assert any("YAML 别名（* 引用）用得太多" in m and m.startswith("data/volunteers/bomb.yml:") for m in messages)


def test_tags_that_build_objects_are_refused(project):
    project.write("data/volunteers/evil.yml", "name: !!python/object/apply:os.system ['echo pwned']\n")
    assert only(project).startswith("data/volunteers/evil.yml:1 不支持 YAML 标签 tag:yaml.org,2002:python/object/apply:os.system")


def test_gbk_file_is_read_with_a_warning(project):
    project.path("data/volunteers/alice.yml").write_bytes(project.read("data/volunteers/alice.yml").encode("gbk"))
    assert only(project) == "data/volunteers/alice.yml [提醒] 文件是 GBK 编码，已自动按 GBK 读取；建议另存为 UTF-8 编码"
    assert project.model().volunteers["alice"].record.name == "谭小明"


def test_missing_consent_is_a_warning(project):
    project.edit("data/honors/2025.yml", "      - bob\n", "")  # an honoree must have consented: an error
    project.edit("data/projects/proj-a.yml", "leader: bob\n", "")  # so must a leader
    project.edit("data/volunteers/bob.yml", "consent: {publish: true, photo: true}", "")
    assert only(project) == ("data/volunteers/bob.yml:1 consent.publish: [提醒] 没有填写 consent.publish: true，"
                             "此人不会出现在网站上。取得本人同意后请加上 consent: {publish: true}")


def test_all_problems_are_reported_at_once(project):
    project.edit("data/volunteers/alice.yml", "organization: village", "organization: villag")
    project.edit("data/teams/team-a.yml", "leader: alice", "leader: alicia")
    project.edit("data/records/2025.csv", "2025-04-02,alice,6,", "2025-04-02,alice,60,")
    assert len(project.messages()) == 3


def test_story_front_matter_is_checked(project):
    project.edit("content/stories/2025-06-01-tan.md", "volunteers: [alice, carol]", "volunteers: [alicia]")
    assert only(project) == ("content/stories/2025-06-01-tan.md:5 volunteers: “alicia”不是已知的志愿者"
                             "（您是否想写“alice”？）。请改正，或先在 data/volunteers/ 里建立它")


# -- through the command, as an officer runs it ----------------------------------------

def test_validate_command_exit_codes_and_no_traceback(project):
    ok = project.run("validate")
    assert ok.code == 0, ok.text
    assert "数据检查通过：3 名志愿者、1 支服务队、1 个项目、4 条台账记录" in ok.text
    project.edit("data/volunteers/alice.yml", "organization: village", "organization: villag")
    bad = project.run("validate")
    assert bad.code == 1
    assert "data/volunteers/alice.yml:3 organization: “villag”不是已知的组织（您是否想写“village”？）" in bad.err
    assert "发现 1 处错误、0 处提醒" in bad.err
    assert "Traceback" not in bad.text


def test_validate_in_english(project):
    project.edit("data/volunteers/alice.yml", "organization: village", "organization: villag")
    run = project.run("validate", lang="en")
    assert run.code == 1
    assert "data/volunteers/alice.yml:3 organization: 'villag' is not a known organisation (did you mean 'village'?)" in run.err
    assert "1 errors and 0 warnings" in run.err


def test_failed_build_writes_nothing(project):
    first = project.run("build")
    assert first.code == 0, first.text
    before = {p: p.stat().st_mtime_ns for p in project.path("site").rglob("*")}
    project.edit("data/volunteers/alice.yml", "base_hours: 90", "base_hours: 九十")
    run = project.run("build")
    assert run.code == 1
    assert "data/volunteers/alice.yml:7 base_hours: 应为数字" in run.err
    assert "Traceback" not in run.text
    after = {p: p.stat().st_mtime_ns for p in project.path("site").rglob("*")}
    assert after == before
    assert not [p for p in project.root.iterdir() if ".building" in p.name]


def test_plain_mkdocs_build_reports_records_errors_without_traceback(project):
    import subprocess
    import sys

    project.edit("data/volunteers/alice.yml", "organization: village", "organization: villag")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project.root,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "data/volunteers/alice.yml:3 organization: “villag”不是已知的组织" in proc.stderr
    assert "Traceback" not in proc.stderr
