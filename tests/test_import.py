"""The officer's import commands: a ledger or a roster kept in Excel, read the way an officer
sees it (files written, messages with row numbers, exit codes), and `showcase new`.

Spreadsheets come from two programs: LibreOffice (committed fixtures, see
tests/fixtures/import/README.md) and openpyxl (written here, one quirk each).
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime

import openpyxl
import pytest

from conftest import FIXTURES

HEADER = ["日期", "姓名", "时长", "服务类别", "项目", "服务人次", "备注"]
MINI_2025 = "data/records/2025.csv"


def xlsx(path, rows, title="台账", before=None, hidden=False):
    """An .xlsx with `rows` on sheet `title`; `before` = (name, rows) puts another sheet first."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if before:
        ws.title = before[0]
        for row in before[1]:
            ws.append(row)
        ws.sheet_state = "hidden" if hidden else "visible"
        ws = wb.create_sheet(title)
        wb.active = 1
    else:
        ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def records(project) -> dict:
    folder = project.path("data/records")
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def lines(run) -> list[str]:
    """What the officer reads, in the order printed: messages (stderr), then the summary (stdout)."""
    return (run.err + run.out).strip().splitlines()


def summary(run) -> str:
    """The summary line without its timing."""
    last = run.out.strip().splitlines()[-1]
    return re.sub(r"，用时 [\d.]+ 秒$|, [\d.]+ s$", "", last)


def copy_fixture(project, name):
    shutil.copy(FIXTURES / "import" / name, project.path(name))
    return name


# -- the ledger -------------------------------------------------------------------------

def test_libreoffice_ledger_with_merged_two_row_header(project):
    name = copy_fixture(project, "ledger-libreoffice.xlsx")
    run = project.run("import", "ledger", name)
    assert run.code == 0, run.text
    assert "读取工作表“2025年台账”，表头在第 3 行" in lines(run)
    assert "文件里还有其他工作表（汇总），没有读取；要导入其中一个，请加 --sheet 工作表名" in lines(run)
    assert summary(run) == "读取 4 行，新写入 4 行，跳过重复 0 行，改动 1 个文件：data/records/2025.csv"
    assert project.read(MINI_2025) == (
        "date,volunteer,hours,category,project,beneficiaries,points,note\n"
        "2025-03-01,alice,5,policy-outreach,proj-a,10,,入村宣讲\n"
        "2025-03-05,alice,2,policy-outreach,proj-a,10,,入户宣讲\n"
        "2025-03-06,bob,1.5,poverty-relief,,20,,技术指导\n"
        "2025-03-10,carol,1.5,healthcare,,,,义诊\n"
        "2025-03-12,alice,1.5,policy-outreach,proj-a,,,院坝会\n"
        "2025-04-02,alice,6,policy-outreach,,,,院坝会\n"
        "2025-04-03,bob,4,poverty-relief,proj-a,20,3,技术指导\n"
        "2025-05-01,carol,2.5,healthcare,,,,义诊\n")
    assert project.messages() == []
    assert project.model().volunteers["alice"].hours == pytest.approx(90 + 5 + 6 + 2 + 1.5)


@pytest.mark.parametrize("name,as_name", [
    ("ledger-libreoffice.xls", None), ("ledger-libreoffice.ods", None),
    ("ledger-libreoffice.xls", "ledger-wps.et"),     # WPS's .et is an .xls inside
    ("ledger-libreoffice.xlsx", "saved-as.xls"),     # an .xlsx given the old name: read by content
])
def test_xls_ods_and_et_read_like_the_xlsx(project, name, as_name):
    """The same sheet saved by LibreOffice as .xls (Excel 97) and .ods: merged title, two-row
    header, real date cells, dates as text and as a serial, hidden sheet passed over."""
    shutil.copy(FIXTURES / "import" / name, project.path(as_name or name))
    run = project.run("import", "ledger", as_name or name)
    assert run.code == 0, run.text
    assert lines(run)[:2] == ["读取工作表“2025年台账”，表头在第 3 行",
                              "文件里还有其他工作表（汇总），没有读取；要导入其中一个，请加 --sheet 工作表名"]
    assert summary(run) == "读取 4 行，新写入 4 行，跳过重复 0 行，改动 1 个文件：data/records/2025.csv"
    for row in ("2025-03-05,alice,2,policy-outreach,proj-a,10,,入户宣讲", "2025-03-06,bob,1.5,poverty-relief,,20,,技术指导",
                "2025-03-10,carol,1.5,healthcare,,,,义诊", "2025-03-12,alice,1.5,policy-outreach,proj-a,,,院坝会"):
        assert row + "\n" in project.read(MINI_2025)
    assert project.messages() == []


def test_a_1904_workbook_counts_its_serials_from_1904(project):
    path = xlsx(project.path("l.xlsx"), [HEADER, [44347, "谭小明", 1]])  # 44347 days after 1904-01-01
    wb = openpyxl.load_workbook(path)
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(path)
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    assert "2025-06-01,alice,1,,,,,\n" in project.read(MINI_2025)


def test_importing_the_same_file_twice_changes_nothing(project):
    name = copy_fixture(project, "ledger-libreoffice.xlsx")
    assert project.run("import", "ledger", name).code == 0
    first = records(project)
    run = project.run("import", "ledger", name)
    assert run.code == 0, run.text
    assert records(project) == first
    assert "全部 4 行都已在 data/records 里（以前导入过），没有改动任何文件" in lines(run)
    assert summary(run) == "读取 4 行，新写入 0 行，跳过重复 4 行，改动 0 个文件"


def test_a_new_year_gets_its_own_file_and_rows_are_sorted(project):
    xlsx(project.path("l.xlsx"), [HEADER, ["2024-12-31", "李桂芳", 3], [datetime(2024, 1, 2), "谭小明", 1],
                                  [date(2025, 7, 1), "王秘密", 2]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    assert summary(run) == ("读取 3 行，新写入 3 行，跳过重复 0 行，改动 2 个文件："
                            "data/records/2024.csv, data/records/2025.csv")
    assert project.read("data/records/2024.csv") == (
        "date,volunteer,hours,category,project,beneficiaries,points,note\n"
        "2024-01-02,alice,1,,,,,\n"
        "2024-12-31,bob,3,,,,,\n")
    assert "2025-07-01,carol,2,,,,,\n" in project.read(MINI_2025)


def test_the_hidden_first_sheet_is_passed_over(project):
    xlsx(project.path("l.xlsx"), [HEADER, ["2025-06-01", "谭小明", "2小时"]],
         before=("填表说明", [["日期", "姓名", "时长"], ["填写年月日", "填写姓名", "填写小时"]]), hidden=True)
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    assert "读取工作表“台账”，表头在第 1 行" in lines(run)
    assert "2025-06-01,alice,2,,,,,\n" in project.read(MINI_2025)


def test_sheet_option_names_the_sheet_and_a_wrong_name_is_a_usage_error(project):
    xlsx(project.path("l.xlsx"), [["说明"]], title="说明", before=("台账", [HEADER]))
    run = project.run("import", "ledger", "l.xlsx", "--sheet", "第二页")
    assert run.code == 2
    assert lines(run) == ["文件里没有名为“第二页”的工作表。有这些工作表：台账、说明"]
    run = project.run("import", "ledger", "l.xlsx", "--sheet", "说明")
    assert run.code == 1
    assert lines(run)[0] == ("l.xlsx 前 10 行里找不到表头：应有“日期”“姓名”“时长”这样的列名。请检查是否选对了"
                             "工作表（--sheet），或在 data/site.yml 的 ledger_columns 里写明本单位用的列名")


def test_unknown_names_and_bad_dates_are_listed_with_their_rows_and_nothing_is_written(project):
    before = records(project)
    xlsx(project.path("l.xlsx"), [
        ["2025年台账"], HEADER,
        ["2025-06-01", "谭小明", 2],
        ["2025-06-02", "张三", 2],
        ["2025-02-30", "李桂芳", 2],
        ["2025-06-03", "谭小敏", 1],
        ["2025-06-04", "张三", 3],
        ["去年春天", "李桂芳", 2],
    ])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run) == [
        "读取工作表“台账”，表头在第 2 行",
        "l.xlsx:5 日期: “2025-02-30”这一天不存在。请核对年月日",
        "l.xlsx:8 日期: “去年春天”不是有效的日期。请写成 2024-03-05 的形式",
        "l.xlsx:4 姓名: “张三”不是已知的志愿者（第 4、7 行）。请改正姓名，或先为此人建档："
        "showcase new volunteer 编号，或 showcase import roster 花名册.xlsx",
        "l.xlsx:6 姓名: “谭小敏”不是已知的志愿者（您是否想写“谭小明”？）（第 6 行）。请改正姓名，或先为此人建档："
        "showcase new volunteer 编号，或 showcase import roster 花名册.xlsx",
        "发现 4 处错误、0 处提醒：没有写入任何文件。改正后重新导入即可",
    ]
    assert records(project) == before


def test_unknown_names_in_english(project):
    xlsx(project.path("l.xlsx"), [HEADER, ["2025-06-02", "张三", 2]])
    run = project.run("import", "ledger", "l.xlsx", lang="en")
    assert run.code == 1
    assert ("l.xlsx:2 姓名: '张三' is not a known volunteer (rows 2). Correct the name, or create their record "
            "first: showcase new volunteer ID, or showcase import roster ROSTER.xlsx") in lines(run)


def test_duplicates_within_the_file_and_against_the_ledger_are_skipped(project):
    xlsx(project.path("l.xlsx"), [
        HEADER,
        ["2025-06-01", "谭小明", 2, "政策法规宣传", "", "", "上午"],
        ["2025/6/1", "谭小明", "2小时", "policy-outreach", "", "", "上午（重复录入）"],
        ["2025-03-01", "谭小明", 5, "政策法规宣传", "科技助农", 10, "入村宣讲"],
        ["2025-06-02", "李桂芳", 1, "", "", "", ""],
    ])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    assert lines(run)[1:3] == [
        "l.xlsx:3 [提醒] 与第 2 行重复（日期、志愿者、时长、类别、项目、人次都相同），已跳过",
        "l.xlsx:4 [提醒] 这条记录已在 data/records/2025.csv 第 2 行，已跳过",
    ]
    assert summary(run) == "读取 4 行，新写入 2 行，跳过重复 2 行，改动 1 个文件：data/records/2025.csv"
    text = project.read(MINI_2025)
    assert text.count("2025-06-01,alice,2,policy-outreach,,,,上午\n") == 1
    assert text.count("2025-03-01,alice,5,") == 1


def test_ambiguous_names_need_an_id_or_a_unit(project):
    project.write("data/volunteers/dave.yml", "name: 李桂芳\norganization: unit\nconsent: {publish: false}\n")
    xlsx(project.path("l.xlsx"), [HEADER, ["2025-06-01", "李桂芳", 2], ["2025-06-02", "李 桂芳", 1]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run)[1] == ("l.xlsx:2 姓名: 有 2 名志愿者都叫“李桂芳”：bob（孟溪镇）、dave（县医院），无法确定是谁"
                             "（第 2、3 行）。请在表里加一列“编号”填写志愿者编号，或加一列“单位”")
    # A unit column decides (a unit above the volunteer's own counts too) …
    xlsx(project.path("l.xlsx"), [HEADER + ["单位"], ["2025-06-01", "李桂芳", 2, "", "", "", "", "县医院"],
                                  ["2025-06-02", "李桂芳", 1, "", "", "", "", "青溪县"]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert "l.xlsx:3 姓名: 有 2 名志愿者都叫“李桂芳”" in run.text
    xlsx(project.path("l.xlsx"), [HEADER + ["单位"], ["2025-06-01", "李桂芳", 2, "", "", "", "", "县医院"],
                                  ["2025-06-02", "李桂芳", 1, "", "", "", "", "孟溪镇"]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    text = project.read(MINI_2025)
    assert "2025-06-01,dave,2,,,,,\n" in text and "2025-06-02,bob,1,,,,,\n" in text
    # … and so does an id column, checked against the name.
    xlsx(project.path("l.xlsx"), [["编号", "姓名", "日期", "时长"], ["dave", "李桂芳", "2025-06-03", 1],
                                  ["bob", "谭小明", "2025-06-04", 1]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run)[1] == "l.xlsx:3 姓名: 编号 bob 是“李桂芳”，但姓名写的是“谭小明”（第 3 行）。请核对编号和姓名"


def test_excel_serials_numbers_as_text_and_hour_forms(project):
    xlsx(project.path("l.xlsx"), [
        ["序号"] + HEADER,
        [1, 45809, "谭小明", "2", "", "", "12", ""],            # serial in a number cell; hours typed as text
        [2, "45810", "谭小明", "90分钟", "", "", "", ""],        # serial typed as text
        [3, 20250603, "谭小明", "1小时30分", "", "", "", ""],    # 20250603 typed as a number
        [4, "2025年6月4日", "谭小明", "一个半小时", "", "", "", ""],
        [5, "2025.6.5", "谭小明", "45分钟", "", "", "", ""],
        [6, None, None, None, None, None, None, None],          # pre-numbered empty rows
        [7, None, None, None, None, None, None, None],
        ["合计", None, None, 7.75, None, None, None, None],
    ])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    assert summary(run) == "读取 5 行，新写入 5 行，跳过重复 0 行，改动 1 个文件：data/records/2025.csv"
    text = project.read(MINI_2025)
    for row in ("2025-06-01,alice,2,,,12,,", "2025-06-02,alice,1.5,,,,,", "2025-06-03,alice,1.5,,,,,",
                "2025-06-04,alice,1.5,,,,,", "2025-06-05,alice,0.75,,,,,"):
        assert row + "\n" in text


def test_bad_hours_category_and_project_messages(project):
    xlsx(project.path("l.xlsx"), [
        HEADER,
        ["2025-06-01", "谭小明", "很久", "", "", "", ""],
        ["2025-06-02", "谭小明", 30, "", "", "", ""],
        ["2025-06-03", "谭小明", 1, "政策宣传", "", "", ""],
        ["2025-06-04", "谭小明", 1, "", "科技扶贫", "", ""],
        ["2025-06-05", "谭小明", 1, "", "", "十来个", ""],
        ["2030-01-01", "谭小明", 1, "", "", "", ""],
        ["1900-01-05", "谭小明", 1, "", "", "", ""],
        ["", "谭小明", 1, "", "", "", ""],
    ])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run)[1:-1] == [
        "l.xlsx:2 时长: “很久”不是时长。请写成 2、1.5、2小时、90分钟 或 1小时30分",
        "l.xlsx:3 时长: 一次服务 30 小时不合常理（一天最多 24 小时）。请核对，或拆成几天记录",
        "l.xlsx:6 服务人次: “十来个”不是人次。请只写整数，如 12",
        "l.xlsx:7 日期: 日期 2030-01-01 还没有到（今天是 2026-11-24）。请核对日期",
        "l.xlsx:8 日期: 日期 1900-01-05 太早了，多半是填错了或单元格格式不对。请核对",
        "l.xlsx:9 日期: “日期”这一格是空的。请补上",
        "l.xlsx:4 服务类别: “政策宣传”不是已知的服务类别（您是否想写“政策法规宣传”？）（第 4 行）。请改正，或先建立这个服务类别",
        "l.xlsx:5 项目: “科技扶贫”不是已知的项目（第 5 行）。请改正，或先建立这个项目",
    ]


def test_every_problem_of_a_row_is_listed_in_one_run(project):
    xlsx(project.path("l.xlsx"), [HEADER, ["2025-02-30", "无名氏", "很久", "政策宣传", "", "十个", ""]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run)[1:-1] == [
        "l.xlsx:2 日期: “2025-02-30”这一天不存在。请核对年月日",
        "l.xlsx:2 时长: “很久”不是时长。请写成 2、1.5、2小时、90分钟 或 1小时30分",
        "l.xlsx:2 服务人次: “十个”不是人次。请只写整数，如 12",
        "l.xlsx:2 姓名: “无名氏”不是已知的志愿者（第 2 行）。请改正姓名，或先为此人建档："
        "showcase new volunteer 编号，或 showcase import roster 花名册.xlsx",
        "l.xlsx:2 服务类别: “政策宣传”不是已知的服务类别（您是否想写“政策法规宣传”？）（第 2 行）。请改正，或先建立这个服务类别",
    ]
    assert lines(run)[-1] == "发现 5 处错误、0 处提醒：没有写入任何文件。改正后重新导入即可"


def test_csv_in_gbk_and_utf8_with_bom(project):
    text = "日期,姓名,服务时长（小时）,服务类别\n2025-06-01,谭小明,2,医疗保健\n"
    project.path("gbk.csv").write_bytes(text.encode("gbk"))
    run = project.run("import", "ledger", "gbk.csv")
    assert run.code == 0, run.text
    assert lines(run)[0] == "读取 gbk.csv，表头在第 1 行"
    project.path("bom.csv").write_bytes(text.replace("2025-06-01", "2025-06-02").encode("utf-8-sig"))
    assert project.run("import", "ledger", "bom.csv").code == 0
    out = project.read(MINI_2025)
    assert "2025-06-01,alice,2,healthcare,,,,\n" in out and "2025-06-02,alice,2,healthcare,,,,\n" in out


def test_ledger_columns_in_site_yml_map_other_headers(project):
    project.append("data/site.yml", "ledger_columns:\n  服务日期: date\n  志愿者: name\n  工时（分钟）: minutes\n"
                                    "  活动地点: ignore\n")
    xlsx(project.path("l.xlsx"), [["服务日期", "志愿者", "工时（分钟）", "活动地点", "联系电话"],
                                  ["2025-06-01", "谭小明", 150, "村委会", "138"]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    assert lines(run)[1] == ("l.xlsx:1 [提醒] 这些列没有导入：联系电话。如果其中有需要的内容，请在 data/site.yml 的 "
                             "ledger_columns 里写明它对应哪个字段")
    assert "2025-06-01,alice,2.5,,,,,\n" in project.read(MINI_2025)


def test_a_wrong_field_in_ledger_columns_is_pointed_at(project):
    project.append("data/site.yml", "ledger_columns:\n  服务日期: date\n  工时: huors\n")
    xlsx(project.path("l.xlsx"), [HEADER, ["2025-06-01", "谭小明", 1]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run)[1] == (
        "data/site.yml:11 ledger_columns: ledger_columns 里“工时”对应的“huors”不是台账字段（您是否想写“hours”？）。"
        "可用的有：date, volunteer, name, organization, hours, minutes, category, project, beneficiaries, "
        "points, note, checkin, checkout, activity, ignore")


def test_a_missing_column_names_what_was_found(project):
    xlsx(project.path("l.xlsx"), [["日期", "姓名", "服务地点"], ["2025-06-01", "谭小明", "村委会"]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert ("l.xlsx:1 表头（第 1 行）里没有“时长”列。找到的列：日期、姓名、服务地点。如果本单位用的是别的列名，"
            "请在 data/site.yml 里写明，例如 ledger_columns: {服务日期: date, 志愿者姓名: name, 服务时长: hours}"
            ) in lines(run)


def test_files_that_cannot_be_read_are_usage_errors(project):
    run = project.run("import", "ledger", "没有这个文件.xlsx")
    assert (run.code, lines(run)) == (2, ["找不到文件“没有这个文件.xlsx”。请检查文件名和所在文件夹（可以把文件拖进命令行窗口，得到完整路径）"])
    project.write("old.doc", "not a spreadsheet")
    run = project.run("import", "ledger", "old.doc")
    assert (run.code, lines(run)) == (2, ["不能导入“old.doc”：只能导入 Excel（.xlsx、.xls）、WPS（.et）、LibreOffice（.ods）的"
                                          "表格或 .csv 文件。请在 Excel 或 WPS 里“另存为”Excel 工作簿（.xlsx）"])
    project.write("old.xls", "not really a spreadsheet")
    run = project.run("import", "ledger", "old.xls")
    assert (run.code, lines(run)) == (2, ["“old.xls”不是 Excel、WPS 或 LibreOffice 的表格文件，读不出来。请用 Excel 或 WPS 打开，"
                                          "“另存为”Excel 工作簿（.xlsx）再导入；如果文件设了密码，请先取消密码"])
    project.write("web.xls", "<html><table><tr><td>日期</td></tr></table></html>")
    run = project.run("import", "ledger", "web.xls")
    assert run.code == 2 and lines(run)[0].startswith("“web.xls”名字是 .xls，其实是一张网页")
    project.write("fake.xlsx", "not a zip")
    run = project.run("import", "ledger", "fake.xlsx")
    assert run.code == 2
    assert lines(run)[0].startswith("“fake.xlsx”不是有效的 .xlsx 文件（BadZipFile）。")


def test_dry_run_writes_nothing(project):
    before = records(project)
    xlsx(project.path("l.xlsx"), [HEADER, ["2025-06-01", "谭小明", 1]])
    run = project.run("import", "ledger", "l.xlsx", "--dry-run")
    assert run.code == 0
    assert lines(run)[-1] == "试运行（--dry-run）：没有写入任何文件"
    assert records(project) == before


def test_a_target_file_with_errors_is_not_rewritten(project):
    project.append(MINI_2025, "2025-05-02,carol,2,healthcare,,,,义诊,多余\n")
    before = records(project)
    xlsx(project.path("l.xlsx"), [HEADER, ["2025-06-01", "谭小明", 1]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run)[1:3] == [
        "data/records/2025.csv:6 这一行有 9 列，但表头有 8 列。请检查是否多了或少了逗号",
        "data/records/2025.csv 导入需要改写这个文件，但它有错误（见上面）。请先改正，可运行 showcase validate 查看",
    ]
    assert records(project) == before


def test_all_files_of_an_import_are_written_or_none(tmp_path, monkeypatch):
    from showcase.officer import atomic

    a, b = tmp_path / "a.csv", tmp_path / "sub" / "b.csv"
    a.write_bytes(b"old")
    (tmp_path / "sub").write_bytes(b"a file where a folder should be")
    with pytest.raises(OSError):
        atomic.write_files({a: b"new", b: b"new"})
    assert a.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "sub"]


@pytest.mark.parametrize("value,hours", [
    ("2", 2), (1.5, 1.5), ("2小时", 2), ("90分钟", 1.5), ("1小时30分", 1.5), ("1小时30分钟", 1.5),
    ("半小时", 0.5), ("1个半小时", 1.5), ("两小时", 2), ("四十五分钟", 0.75), ("1:30", 1.5), ("2h", 2),
    ("１．５", 1.5), ("2 小时", 2),
])
def test_hours_as_officers_write_them(value, hours):
    from showcase.officer.importer import parse_hours

    assert parse_hours(value) == pytest.approx(hours)


# -- the roster -------------------------------------------------------------------------

ZHANG_SAN = """\
# 志愿者：张三。由花名册 roster-libreoffice.xlsx 第 3 行导入；文件名 zhang-san.yml 就是编号。
name: 张三
gender: 男
status: 党员
organization: town
post: 政策法规宣传员
specialties: [政策宣讲, 苗语]
# 本人同意公开之前，网站上不会出现此人。取得本人同意后把 publish 改成 true；同意公开照片再把 photo 改成 true。
consent: {publish: false, photo: false}
private:   # 仅内部留存，不会出现在网站上
  phone: '13800000001'
  id_number: 52262219900307123X
"""


def test_roster_creates_records_with_private_fields_under_private(project):
    name = copy_fixture(project, "roster-libreoffice.xlsx")
    alice = project.read("data/volunteers/alice.yml")
    run = project.run("import", "roster", name)
    assert run.code == 0, run.text
    assert lines(run) == [
        "roster-libreoffice.xlsx:2 [提醒] 这些列没有导入：民族（网站用不到，或列名认不出来；能识别的列名见 docs/import.md）",
        "roster-libreoffice.xlsx:5 身份证号: [提醒] 身份证号被 Excel 存成了数字（522622199003070000），后几位可能已经丢失，"
        "这一项没有导入。请把这一列设为“文本”格式、重新输入后再导入",
        "roster-libreoffice.xlsx:4 [提醒] 谭小明 已有档案 data/volunteers/alice.yml，没有改动。要用花名册更新已有档案，请加 --update",
        "新建 data/volunteers/zhang-san.yml（张三）",
        "新建 data/volunteers/ouyang-nana.yml（欧阳娜娜）",
        "新建的档案都写了 consent: {publish: false}：取得本人同意后改成 true，此人才会出现在网站上",
        "读取 3 人，新建 2 份档案，更新 0 份，未改动 1 份，用时 " + run.out.split("用时 ")[1].strip(),
    ]
    assert project.read("data/volunteers/zhang-san.yml") == ZHANG_SAN
    assert "id_number" not in project.read("data/volunteers/ouyang-nana.yml")
    assert project.read("data/volunteers/alice.yml") == alice
    assert project.messages() == []
    model = project.model()
    assert "zhang-san" not in model.volunteers or not model.volunteers["zhang-san"].record.consent_publish


def test_roster_update_changes_only_the_roster_fields_and_keeps_comments(project):
    project.edit("data/volunteers/alice.yml", "base_hours: 90", "base_hours: 90   # 2025 年以前的时长")
    name = copy_fixture(project, "roster-libreoffice.xlsx")
    run = project.run("import", "roster", name, "--update")
    assert run.code == 0, run.text
    assert "更新 data/volunteers/alice.yml：private.phone、gender、post" in lines(run)
    assert project.read("data/volunteers/alice.yml") == (
        "name: 谭小明\nstatus: 党员\norganization: village\nteams: [team-a]\npost: 村级宣讲员\n"
        "categories: [policy-outreach]\nbase_hours: 90   # 2025 年以前的时长\npoints: 3\n"
        "motto: 把群众的事当成自己的事\nstory: 谭小明走遍了全镇的村寨。\nfeatured: true\ngender: 男\n"
        "consent: {publish: true, photo: false}\nprivate:\n  phone: '13800000002'\n")
    after = {p: project.read(f"data/volunteers/{p}") for p in ("alice.yml", "zhang-san.yml", "ouyang-nana.yml")}
    run = project.run("import", "roster", name, "--update")
    assert run.code == 0, run.text
    assert summary(run) == "读取 3 人，新建 0 份档案，更新 0 份，未改动 3 份"
    assert {p: project.read(f"data/volunteers/{p}") for p in after} == after
    assert project.messages() == []


def test_roster_errors_write_nothing(project):
    xlsx(project.path("r.xlsx"), [["姓名", "单位", "性别"], ["张三", "火星村", "男"], ["李四", "", "女"],
                                  ["王五", "县医院", "男"], ["王五", "县医院", "男"]])
    run = project.run("import", "roster", "r.xlsx")
    assert run.code == 1
    assert lines(run) == [
        "r.xlsx:3 单位: “单位”这一格是空的。请补上",
        "r.xlsx:2 单位: “火星村”不是已知的组织（第 2 行）。请改正，或先建立这个组织",
        "r.xlsx:5 与第 4 行是同一个人（编号、身份证号或姓名加单位相同）。如果确实是两个人，请加一列“编号”分别填写；否则删掉一行",
        "发现 3 处错误、0 处提醒：没有写入任何文件。改正后重新导入即可",
    ]
    assert sorted(p.name for p in project.path("data/volunteers").iterdir()) == ["alice.yml", "bob.yml", "carol.yml"]


def test_roster_namesakes_get_numbered_ids(project):
    xlsx(project.path("r.xlsx"), [["姓名", "单位"], ["李桂芳", "县医院"], ["王芳", "孟溪镇"], ["王芳", "县医院"]])
    run = project.run("import", "roster", "r.xlsx")
    assert run.code == 0, run.text
    assert lines(run)[0] == (
        "r.xlsx:2 [提醒] 已有一位 李桂芳（data/volunteers/bob.yml，孟溪镇），单位不同，所以按另一个人新建了 li-guifang.yml。"
        "如果是同一个人，请删掉 li-guifang.yml，在花名册加一列“编号”填 bob，再用 --update 导入")
    names = sorted(p.name for p in project.path("data/volunteers").iterdir())
    assert names == ["alice.yml", "bob.yml", "carol.yml", "li-guifang.yml", "wang-fang-2.yml", "wang-fang.yml"]


# -- showcase new ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind,folder,record_id", [
    ("volunteer", "volunteers", "zhang-san"), ("team", "teams", "team-b"),
    ("project", "projects", "proj-b"), ("honor", "honors", "2026"),
])
def test_new_scaffolds_a_valid_commented_record(project, kind, folder, record_id):
    run = project.run("new", kind, record_id, "--name", "新名字")
    assert run.code == 0, run.text
    path = f"data/{folder}/{record_id}.yml"
    assert lines(run) == [f"已新建 {path}。请按文件里的注释填写，然后运行 showcase validate 检查"]
    text = project.read(path)
    assert all("#" in line for line in text.splitlines() if line and not line.startswith(" ")), text
    assert project.messages() == []
    again = project.run("new", kind, record_id)
    assert (again.code, lines(again)) == (1, [f"{path} 已经存在，没有改动。请换一个编号，或直接编辑这个文件"])
    assert project.read(path) == text


def test_new_volunteer_is_private_until_consent(project):
    assert project.run("new", "volunteer", "zhang-san", "--name", "张三").code == 0
    text = project.read("data/volunteers/zhang-san.yml")
    assert "name: 张三 " in text and "consent: {publish: false, photo: false}" in text
    assert "zhang-san" not in project.model().volunteers or \
        not project.model().volunteers["zhang-san"].record.consent_publish


@pytest.mark.parametrize("args,message", [
    (("volunteer", "张三"), "编号“张三”不合规：只能用小写拼音或英文字母、数字和连字符，例如 zhang-san"),
    (("team", "Team_A"), "编号“Team_A”不合规：只能用小写拼音或英文字母、数字和连字符，例如 team-a"),
    (("honor", "24"), "荣誉名单的编号是年份（如 2025），“24”不是"),
    (("person", "x"), "不能新建“person”。可以新建：volunteer（志愿者）、team（服务队）、project（服务项目）、"
                      "honor（荣誉名单，编号写年份）"),
])
def test_new_refuses_bad_ids_and_kinds(project, args, message):
    run = project.run("new", *args)
    assert (run.code, lines(run)) == (2, [message])


def test_the_commands_are_listed_in_help(project):
    run = project.run("--help")
    assert re.search(r"^\s+import\s", run.out, re.M) and re.search(r"^\s+new\s", run.out, re.M)
    run = project.run("import", "--help")
    assert "ledger" in run.out and "roster" in run.out


def test_the_import_page_lists_every_header_the_importers_know():
    from conftest import REPO
    from showcase.officer.importer import COLUMNS
    from showcase.officer.roster import ROSTER_COLUMNS

    page = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    missing = [h for h in {**COLUMNS, **ROSTER_COLUMNS} if h not in page]
    assert missing == []


def test_roster_messages_in_english(project):
    xlsx(project.path("r.xlsx"), [["姓名", "单位"], ["谭小明", "寨杆村"], ["张三", "孟溪镇"]])
    run = project.run("import", "roster", "r.xlsx", lang="en")
    assert run.code == 0, run.text
    assert lines(run) == [
        "r.xlsx:2 [warning] 谭小明 already has a record, data/volunteers/alice.yml; it was not changed. "
        "To update records from the roster, add --update",
        "created data/volunteers/zhang-san.yml (张三)",
        "new records say consent: {publish: false}: set it to true once the person has agreed, "
        "or they stay off the site",
        "2 people read, 1 records created, 0 updated, 1 left as they were, " + run.out.split(", ")[-1].strip(),
    ]


def test_a_broken_volunteer_file_stops_the_import_with_its_line(project):
    project.write("data/volunteers/dave.yml", "name: 李四\norganization: [unit\n")
    xlsx(project.path("l.xlsx"), [HEADER, ["2025-06-01", "谭小明", 1]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run)[-1] == ("data/ 里的这些文件有 1 处错误，要先改正才能导入或新建档案"
                              "（showcase validate 可以列出全部错误）")
    assert lines(run)[0].startswith("data/volunteers/dave.yml:")
