"""Privacy: personal data in free text stops the build with a masked preview;
beneficiaries are described, not named; unconsented people leave no trace."""

import pytest

from showcase.records import privacy

VALID_ID = "110101199003077571"      # checksum digit 1 is right
WRONG_ID = "110101199003077578"      # same number, wrong checksum digit


def only(project, lang="zh"):
    messages = project.messages(lang)
    assert len(messages) == 1, messages
    return messages[0]


@pytest.mark.parametrize("text,found", [
    ("联系电话13812345678", [("phone", "138****5678")]),
    ("电话：138-1234-5678。", [("phone", "138****5678")]),
    (f"身份证号{VALID_ID}", [("id_number", "110101********7571")]),
    ("身份证号44030420010101123X".replace("123X", "1236"), [("id_number", "440304********1236")]),
    ("请发邮件 zhang.san@example.com", [("email", "z***@example.com")]),
    (f"号码 {WRONG_ID}", []),            # 18 digits but not a valid ID: a figure, not a person
    ("帮扶资金 452600 元，植树 3000 棵，2025年3月5日", []),
    ("工号 1381234567890", []),          # 13 digits: not a mobile number
    ("电话 +86 138 1234 5678", [("phone", "138****5678")]),
    ("电话+8613812345678", [("phone", "138****5678")]),
    ("电话１３８１２３４５６７８", [("phone", "138****5678")]),   # full-width digits
    ("身份证号１１０１０１１９９００３０７７５７１", [("id_number", "110101********7571")]),
    ("邮箱 zhang＠example.com", [("email", "z***@example.com")]),
    ("12345678901234567", []),
    # split or spelled so that a plain pattern misses it (found in review)
    ("电话138\n1234\n5678", [("phone", "138****5678")]),      # a soft line break: the page joins it
    ("电话 139—1234—5678", [("phone", "139****5678")]),
    ("电话 139、1234、5678", [("phone", "139****5678")]),
    ("电话 138  -  1234  -  5678", [("phone", "138****5678")]),
    ("电话一三八一二三四五六七八", [("phone", "138****5678")]),  # Chinese numerals
    ("电话幺三八幺二三四五六七八", [("phone", "138****5678")]),
    ("身份证 110105 19491231 002X", [("id_number", "110105********002X")]),
    ("身份证 110105-19491231-002X", [("id_number", "110105********002X")]),
    ("邮箱 王芳@qq.com", [("email", "王***@qq.com")]),
    ("邮箱 wang@qq。com", [("email", "w***@qq。com")]),
    ("分别为 120、350、1800 人", []),          # a list of figures stays a list of figures
    ("2024-03-05—2024-12-31", []),
    ("服务 138 户 1234 人 5678 次", []),
    ("一二三四五六七", []),
])
def test_find(text, found):
    assert privacy.find(text) == found


def test_phone_number_in_a_motto_stops_the_build(project):
    project.edit("data/volunteers/alice.yml", "motto: 把群众的事当成自己的事", "motto: 有事请打13812345678")
    assert only(project) == ("data/volunteers/alice.yml:9 motto: 这里有手机号码（138****5678），不能出现在公开的网站上。"
                             "请删掉它；如果本人同意公开，请在这个文件里加一行 allow_contact: true")
    assert "13812345678" not in " ".join(project.messages("en"))
    run = project.run("build")
    assert run.code == 1 and "138****5678" in run.err and "13812345678" not in run.text


def test_allow_contact_lets_it_through(project):
    project.edit("data/volunteers/alice.yml", "motto: 把群众的事当成自己的事", "motto: 有事请打13812345678")
    project.append("data/volunteers/alice.yml", "allow_contact: true\n")
    assert project.messages() == []


def test_id_number_in_a_citation(project):
    project.edit("data/honors/2025.yml", "citation: 十年如一日宣讲政策。", f"citation: 身份证{VALID_ID}")
    assert only(project) == ("data/honors/2025.yml:8 recipients.citation: 这里有身份证号码（110101********7571），"
                             "不能出现在公开的网站上。请删掉它；如果本人同意公开，请在这个文件里加一行 allow_contact: true")


def test_email_in_a_story_body(project):
    project.append("content/stories/2025-06-01-tan.md", "\n联系：tan@example.com\n")
    assert only(project).startswith("content/stories/2025-06-01-tan.md:12 body: 这里有电子邮箱（t***@example.com）")


def test_phone_number_in_a_ledger_note(project):
    project.edit("data/records/2025.csv", ",入村宣讲", ",联系人13912345678")
    assert only(project).startswith("data/records/2025.csv:2 note: 这里有手机号码（139****5678）")


def test_phone_number_in_highlights_and_team_description(project):
    project.edit("data/volunteers/alice.yml", "featured: true", "featured: true\nhighlights:\n  - {date: 2020-01-01, text: 热线 13700001111}")
    project.append("data/teams/team-a.yml", "description: 报名请打 13600002222\n")
    assert project.messages() == [
        "data/volunteers/alice.yml:13 highlights.text: 这里有手机号码（137****1111），不能出现在公开的网站上。"
        "请删掉它；如果本人同意公开，请在这个文件里加一行 allow_contact: true",
        "data/teams/team-a.yml:5 description: 这里有手机号码（136****2222），不能出现在公开的网站上。"
        "请删掉它；如果本人同意公开，请在这个文件里加一行 allow_contact: true",
    ]


def test_beneficiary_named_is_warned(project):
    project.edit("data/wishes.yml", "requester: 孤寡老人（太平村）", "requester: 王秀英")
    assert only(project) == ("data/wishes.yml:8 requester: [提醒] “王秀英”像是一个人的姓名。"
                             "这里只写身份描述（例如“孤寡老人（石桥村）”），不写姓名")
    project.edit("data/pairings.yml", "partner: 脱贫户（寨杆村）", "partner: 李大爷")
    assert any("“李大爷”像是一个人的姓名" in m for m in project.messages())


def test_private_fields_and_unconsented_people_never_reach_the_site(project):
    run = project.run("build")
    assert run.code == 0, run.text
    site = project.path("site")
    assert not (site / "volunteers/carol.html").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".xml", ".csv"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            for secret in ("王秘密", "carol", "13912345678", "青溪县某街"):
                assert secret not in text, (path, secret)
    # the honor roll names only people who consented (a list naming carol is refused: test_hostile_yaml.py)
    roll = (site / "honors/2025.html").read_text(encoding="utf-8")
    assert "谭小明" in roll and "王秘密" not in roll
