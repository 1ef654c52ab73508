"""The check-in exports of volunteer platforms (志愿汇, 中国志愿服务网, i志愿) imported as ledger rows:
姓名, 活动名称, 签到时间, 签退时间 (and sometimes 服务时长) become date and hours. What the officer
sees: the rows written to data/records, and for a bad row its file, row, column and the fix."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from conftest import FIXTURES
from test_import import lines, records, summary, xlsx

MINI_2025 = "data/records/2025.csv"
HEAD = ["序号", "姓名", "手机号", "活动名称", "签到时间", "签退时间"]


def test_a_platform_export_becomes_ledger_rows(project):
    """An .xls as a platform exports it (made by LibreOffice, see tests/fixtures/import/README.md):
    a title row, a phone column, times as date-time cells and as text, one 服务时长."""
    shutil.copy(FIXTURES / "import" / "checkin-export.xls", project.path("签到记录.xls"))
    run = project.run("import", "ledger", "签到记录.xls")
    assert run.code == 0, run.text
    assert lines(run)[:2] == [
        "读取工作表“签到记录”，表头在第 2 行",
        "签到记录.xls:2 [提醒] 这些列没有导入：手机号。如果其中有需要的内容，请在 data/site.yml 的 ledger_columns "
        "里写明它对应哪个字段"]
    assert summary(run) == "读取 3 行，新写入 3 行，跳过重复 0 行，改动 1 个文件：data/records/2025.csv"
    text = project.read(MINI_2025)
    # 08:30–11:45 is 3.25 h; the activity 科技助农 is the project proj-a
    assert "2025-06-03,alice,3.25,,proj-a,,,\n" in text
    # 14:00–17:20 is 3.33 h, but the platform credited 3 (a break taken off): its 服务时长 wins
    assert "2025-06-05,bob,3,,,,,端午节慰问孤寡老人\n" in text
    # 09:00–12:10 is 3.17 h (hundredths, as the ledger keeps them); an activity that is no project is the note
    assert "2025-06-07,carol,3.17,,,,,义诊进社区\n" in text
    assert "138000" not in text  # the phone column stays out
    assert project.messages() == []
    again = project.run("import", "ledger", "签到记录.xls")
    assert again.code == 0 and summary(again) == "读取 3 行，新写入 0 行，跳过重复 3 行，改动 0 个文件"


def test_times_alone_are_on_the_day_of_the_date_column(project):
    xlsx(project.path("l.xlsx"), [["日期", "姓名", "签到", "签退"], ["2025-06-10", "谭小明", "8:30", "10:00"],
                                  [datetime(2025, 6, 11), "谭小明", "2025/6/11 14:00", "2025/6/11 14:45:30"]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 0, run.text
    text = project.read(MINI_2025)
    assert "2025-06-10,alice,1.5,,,,,\n" in text and "2025-06-11,alice,0.76,,,,,\n" in text


def test_every_bad_row_is_named_with_its_column_and_nothing_is_written(project):
    before = records(project)
    xlsx(project.path("签到.xlsx"), [
        HEAD + ["服务时长"],
        [1, "谭小明", "", "科技助农", "2025-06-03 08:30", "", None],                       # never signed out
        [2, "谭小明", "", "科技助农", "2025-06-04 11:00", "2025-06-04 09:00", None],       # out before in
        [3, "李桂芳", "", "夜间巡逻", "2025-06-05 22:00", "2025-06-06 02:00", None],       # across midnight
        [4, "李桂芳", "", "集中服务", "2025-06-06 08:00", "2025-06-08 09:00", None],       # over 24 hours
        [5, "王秘密", "", "义诊", "2025-06-07", "2025-06-07 12:00", None],                 # no time of day
        [6, "王秘密", "", "义诊", "2025-06-08 09:00", "2025-06-08 11:00", 5],              # credited more than the span
        [7, "王秘密", "", "义诊", "2025-02-30 09:00", "2025-02-30 11:00", None],           # no such day
        [8, "谭小明", "", "科技助农", "2025-06-09 08:00", "2025-06-09 10:00", 2],          # good: not written either
    ])
    run = project.run("import", "ledger", "签到.xlsx")
    assert run.code == 1
    assert lines(run)[1:] == [
        "签到.xlsx:1 [提醒] 这些列没有导入：手机号。如果其中有需要的内容，请在 data/site.yml 的 ledger_columns "
        "里写明它对应哪个字段",
        "签到.xlsx:2 签退时间: 签到时间是 2025-06-03 08:30，但“签退时间”这一格是空的，算不出服务了多久。"
        "请补上签退时间（忘了签退的，按实际离开的时间补写），或删掉这一行",
        "签到.xlsx:3 签退时间: 签退时间 2025-06-04 09:00 早于签到时间 2025-06-04 11:00。请核对这两个时间",
        "签到.xlsx:4 签退时间: 签到 2025-06-05 22:00，签退 2025-06-06 02:00：跨了天（共 4 小时），一行只能记一天之内的服务。"
        "请核对签退时间；确实连续服务的，请按天拆成几行",
        "签到.xlsx:5 签退时间: 签到 2025-06-06 08:00，签退 2025-06-08 09:00：跨了天（共 49 小时），一行只能记一天之内的服务。"
        "请核对签退时间；确实连续服务的，请按天拆成几行",
        "签到.xlsx:6 签到时间: “2025-06-07”不是签到或签退时间。请写成 2026-03-05 08:30 的形式（日期和时间都要有）",
        "签到.xlsx:7 服务时长: 服务时长 5 小时，比签到（2025-06-08 09:00）到签退（2025-06-08 11:00）的 2 小时还长。"
        "请核对服务时长，或签到、签退时间",
        "签到.xlsx:8 签到时间: “2025-02-30 09:00”这一天不存在。请核对年月日",
        "签到.xlsx:8 签退时间: “2025-02-30 11:00”这一天不存在。请核对年月日",
        "发现 8 处错误、1 处提醒：没有写入任何文件。改正后重新导入即可",
    ]
    assert records(project) == before


def test_a_missing_checkout_column_is_named(project):
    xlsx(project.path("l.xlsx"), [["姓名", "活动名称", "签到时间"], ["谭小明", "科技助农", "2025-06-03 08:30"]])
    run = project.run("import", "ledger", "l.xlsx")
    assert run.code == 1
    assert lines(run)[1].startswith("l.xlsx:1 表头（第 1 行）里没有“签退时间”列。找到的列：姓名、活动名称、签到时间。")


def test_checkin_messages_in_english(project):
    xlsx(project.path("l.xlsx"), [HEAD, [1, "谭小明", "", "科技助农", "2025-06-04 11:00", "2025-06-04 09:00"]])
    run = project.run("import", "ledger", "l.xlsx", lang="en")
    assert run.code == 1
    assert ("l.xlsx:2 签退时间: the check-out time 2025-06-04 09:00 is before the check-in time 2025-06-04 11:00. "
            "Check both times") in lines(run)


@pytest.mark.parametrize("value,expected", [
    ("2026-03-05 08:30", datetime(2026, 3, 5, 8, 30)), ("2026/3/5 8:30:00", datetime(2026, 3, 5, 8, 30)),
    ("2026年3月5日 8:30", datetime(2026, 3, 5, 8, 30)), ("2026-03-05T08:30:15", datetime(2026, 3, 5, 8, 30, 15)),
    (datetime(2026, 3, 5, 8, 30), datetime(2026, 3, 5, 8, 30)), (46086.5, datetime(2026, 3, 5, 12, 0)),
    ("２０２６－０３－０５　０８：３０", datetime(2026, 3, 5, 8, 30)),
])
def test_check_in_times_as_platforms_write_them(value, expected):
    from showcase.officer.importer import parse_stamp

    assert parse_stamp(value) == expected
