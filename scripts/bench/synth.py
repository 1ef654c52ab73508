"""A synthetic organisation of any size, for the benchmark and scale tests.

Deterministic for a given seed: N volunteers over a county → townships →
villages tree, N/20 teams, N/10 projects, ten years of honors, 20 ledger rows
per volunteer per year, stories, micro-wishes, pairings, and phone-size photos
for a chosen share of volunteers. Text is Chinese and about as long as real
records, so page sizes are realistic.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

VERSION = 8  # bump when the generated data changes, so benchmarks regenerate it
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国志远晓燕海涛德海春花雨菲宇冬梅兵辉鹏飞雪琳欣怡浩然子涵思远"
POSTS = ("政策法规宣传员", "便民服务员", "科技推广员", "卫生健康服务员", "法律援助员", "文艺宣传员",
         "矛盾调解员", "交通安全劝导员", "环境监督员", "关爱帮扶员", "网格员", "家庭教育指导员")
SPECIALTIES = ("政策宣讲", "家电维修", "理发", "食用菌种植", "茶叶种植", "全科医疗", "法律咨询", "二胡",
               "广场舞", "摄影", "短视频", "心理疏导", "急救", "电商销售", "刺绣", "书法")
STATUSES = ("党员", "党员", "党员", "预备党员", "入党积极分子", "共青团员", "群众")
CATEGORIES = ("employment", "healthcare", "environment", "work-safety", "opinion-survey",
              "science-outreach", "mediation", "youth-care", "disaster-relief", "poverty-relief",
              "public-order", "culture-sports", "convenience", "traffic-safety", "womens-rights",
              "policy-outreach", "legal-aid", "family-education")
STORY = ("{name}是{org}的一名志愿者。多年来，{he}坚持利用业余时间开展{post}工作，走村入户宣传惠民政策，"
         "帮助群众解决急难愁盼问题。在{he}的带动下，身边越来越多的人加入了志愿服务队伍。\n\n"
         "{he}常说：“群众的小事就是我们的大事。”")
UNITS = (("植树", "棵"), ("受益群众", "人次"), ("帮扶资金", "元"), ("巡护河道", "公里"),
         ("成活率", "%"), ("培训", "人次"))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def generate(root: Path, n: int = 10000, seed: int = 1, photo_share: float = 0.0,
             years: int = 10, rows_per_year: int = 20, end_year: int = 2025) -> dict:
    """Write a project (mkdocs.yml, data/, content/) for n volunteers into root; returns counts."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    data, content = root / "data", root / "content"
    for sub in ("volunteers", "teams", "projects", "honors", "records", "photos"):
        (data / sub).mkdir(parents=True)
    (content / "stories").mkdir(parents=True)

    (data / "site.yml").write_text(
        "name: 合成县党员志愿服务总队\nrules:\n  hour_value_yuan: 25\n", encoding="utf-8")
    towns = 20
    villages_per_town = max(2, n // 500)
    orgs = ["- id: county\n  name: 合成县\n  level: 县\n"]
    villages = []
    for t in range(towns):
        orgs.append(f"- id: town-{t:02d}\n  name: 第{t + 1}镇\n  level: 乡镇\n  parent: county\n")
        for v in range(villages_per_town):
            vid = f"village-{t:02d}-{v:03d}"
            villages.append(vid)
            orgs.append(f"- id: {vid}\n  name: 第{t + 1}镇{v + 1}村\n  level: 村（社区）\n  parent: town-{t:02d}\n")
    (data / "organizations.yml").write_text("".join(orgs), encoding="utf-8")

    vids = [f"v{i:06d}" for i in range(n)]
    names = {v: _name(rng) for v in vids}
    org_of = {v: rng.choice(villages) for v in vids}
    team_ids = [f"team-{i:05d}" for i in range(max(1, n // 20))]
    team_members = {t: [] for t in team_ids}
    for i, v in enumerate(vids):
        team_members[team_ids[i % len(team_ids)]].append(v)
    teams_of = {v: [t] for t, members in team_members.items() for v in members}
    photo_every = int(1 / photo_share) if photo_share else 0

    for i, v in enumerate(vids):
        post = rng.choice(POSTS)
        he = rng.choice(("他", "她"))
        lines = [f"name: {names[v]}", f"status: {rng.choice(STATUSES)}", f"organization: {org_of[v]}",
                 f"teams: [{teams_of[v][0]}]", f"post: {post}",
                 f"specialties: [{', '.join(rng.sample(SPECIALTIES, 2))}]",
                 f"categories: [{', '.join(rng.sample(CATEGORIES, 2))}]",
                 f"joined: {date(2005 + rng.randrange(18), 1 + rng.randrange(12), 1 + rng.randrange(28))}",
                 f"base_hours: {int(rng.expovariate(1 / 120))}", "motto: 把群众的事当成自己的事",
                 "story: |"]
        lines += ["  " + line if line else "" for line in
                  STORY.format(name=names[v], org=org_of[v], he=he, post=post).splitlines()]
        lines += ["highlights:", f"  - {{date: {end_year - 3}-06-30, text: 被评为优秀志愿者}}",
                  f"  - {{date: {end_year - 1}-03-05, text: 加入{teams_of[v][0]}}}"]
        if photo_every and i % photo_every == 0:
            lines.append(f"photo: {v}.jpg")
        # one in fifty unpublished, never those with a photo (version 2 hid every photo this way)
        lines.append("consent: {publish: true, photo: true}" if i % 50 != 25 else "consent: {publish: false}")
        (data / "volunteers" / f"{v}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    consented = {v for i, v in enumerate(vids) if i % 50 != 25}

    def leader_first(people: list) -> list:
        """A leader is named on the page, so is one who consented (SPEC); the others follow."""
        lead = next((p for p in people if p in consented), people[0])
        return [lead] + [p for p in people if p != lead]

    for t, members in team_members.items():
        members = leader_first(members)
        # a team whose members all withheld consent names no leader (at N = 2,000 teams 25 and 75: their
        # members are every 100th volunteer from the 25th and the 75th, and every 50th from the 25th withholds)
        leader = f"leader: {members[0]}\n" if members[0] in consented else ""
        (data / "teams" / f"{t}.yml").write_text(
            f"name: {t[5:]}号志愿服务队\norganization: {org_of[members[0]]}\n{leader}"
            f"members: [{', '.join(members)}]\nschedule: 每周六上午\n"
            "description: 常年开展便民服务、政策宣传和关爱帮扶。\n", encoding="utf-8")

    project_ids = [f"project-{i:05d}" for i in range(max(1, n // 10))]
    # each volunteer serves in one or two projects, as people do
    home = {v: rng.sample(project_ids, min(len(project_ids), 1 + (i % 2))) for i, v in enumerate(vids)}
    for i, p in enumerate(project_ids):
        people = leader_first(rng.sample(vids, min(5, n)))
        outcomes = "\n".join(f"  - {{label: {label}, value: {rng.randrange(10, 100000)}, unit: '{unit}'}}"
                             for label, unit in rng.sample(UNITS, 3))
        (data / "projects" / f"{p}.yml").write_text(
            f"name: 第{i + 1}号服务项目\ncategory: {rng.choice(CATEGORIES)}\norganization: {org_of[people[0]]}\n"
            f"teams: [{teams_of[people[0]][0]}]\nleader: {people[0]}\nvolunteers: [{', '.join(people[1:])}]\n"
            f"start: {end_year - rng.randrange(years)}-03-01\nstatus: 进行中\n"
            "summary: 围绕群众需求，常态化开展志愿服务。\n"
            f"outcomes:\n{outcomes}\n", encoding="utf-8")

    for y in range(end_year - years + 1, end_year + 1):
        # an honor names only those who consented (a list naming anyone else is refused)
        winners = rng.sample(sorted(consented), max(1, n // 100))
        teams = rng.sample(team_ids, max(1, len(team_ids) // 10))
        recipients = "\n".join(f"      - {{id: {w}, citation: 长期坚持志愿服务，事迹突出。}}" for w in winners)
        team_lines = "\n".join(f"      - team: {t}" for t in teams)
        (data / "honors" / f"{y}.yml").write_text(
            f"year: {y}\nawards:\n  - title: 优秀党员志愿者\n    issuer: 县委组织部\n    date: {y}-12-28\n"
            f"    recipients:\n{recipients}\n  - title: 优秀志愿服务队\n    recipients:\n{team_lines}\n",
            encoding="utf-8")

    rows_total = 0
    for y in range(end_year - years + 1, end_year + 1):
        start = date(y, 1, 1)
        lines = ["date,volunteer,hours,category,project,beneficiaries,note"]
        days = [(start + timedelta(days=d)).isoformat() for d in range(365)]
        hours = ("1", "1.5", "2", "2.5", "3", "4", "6")
        for v in vids:
            for _ in range(rows_per_year):
                proj = rng.choice(home[v]) if rng.random() < 0.3 else ""
                lines.append(f"{rng.choice(days)},{v},{rng.choice(hours)},{rng.choice(CATEGORIES)},{proj},"
                             f"{rng.randrange(0, 30)},入户走访")
        rows_total += len(lines) - 1
        (data / "records" / f"{y}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    wishes = [f"- wish: 一台收音机\n  requester: 孤寡老人（{rng.choice(villages)}）\n  status: 已完成\n"
              f"  claimed_by: {rng.choice(vids)}\n  value: 120\n  done: {end_year}-03-10\n"
              for _ in range(max(1, n // 20))]
    (data / "wishes.yml").write_text("".join(wishes), encoding="utf-8")
    pairings = [f"- volunteer: {rng.choice(vids)}\n  partner: 脱贫户（{rng.choice(villages)}）\n  kind: 一帮一\n"
                f"  funds: {rng.randrange(1000, 20000)}\n" for _ in range(max(1, n // 20))]
    (data / "pairings.yml").write_text("".join(pairings), encoding="utf-8")

    shown = [v for i, v in enumerate(vids) if i % 50 != 25]  # a story names only those who consented
    for i in range(max(1, n // 100)):
        v = rng.choice(shown)
        (content / "stories" / f"{end_year}-{i:04d}.md").write_text(
            f"---\ntitle: {names[v]}的志愿故事\ndate: {end_year}-06-{1 + i % 28:02d}\ntags: [志愿服务]\n"
            f"volunteers: [{v}]\n---\n\n# {names[v]}的志愿故事\n\n" +
            STORY.format(name=names[v], org=org_of[v], he="他", post="便民服务") + "\n", encoding="utf-8")
    (content / "index.md").write_text("# 合成县党员志愿服务总队\n\n合成数据，用于性能测试。\n", encoding="utf-8")

    photos = 0
    if photo_every:
        photos = _photos(data / "photos", [v for i, v in enumerate(vids) if i % photo_every == 0], seed)

    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(end=f"{end_year + 1}-01-15"),
                                     encoding="utf-8")
    return {"volunteers": n, "teams": len(team_ids), "projects": len(project_ids),
            "organizations": len(orgs), "ledger_rows": rows_total, "photos": photos}


def _photos(folder: Path, ids: list[str], seed: int) -> int:
    """Phone-size JPEGs (4032×3024), different for each id and cheap to make."""
    from PIL import Image, ImageDraw

    base = Image.linear_gradient("L").resize((4032, 3024))
    for i, v in enumerate(ids):
        rng = random.Random(seed * 7919 + i)
        im = Image.merge("RGB", (base, base.rotate(90 * (i % 4), expand=False), Image.new("L", base.size, rng.randrange(256))))
        draw = ImageDraw.Draw(im)
        for _ in range(6):
            x, y = rng.randrange(3500), rng.randrange(2500)
            draw.ellipse((x, y, x + 500, y + 500), fill=tuple(rng.randrange(256) for _ in range(3)))
        im.save(folder / f"{v}.jpg", "JPEG", quality=85)
    return len(ids)


# The engine's settings, the same for the synthetic organisation and the bench's bare site
ENGINE_YML = """use_directory_urls: false
theme:
  name: material
  language: zh
  font: false
  features: [navigation.tabs]
plugins:
  - search:
      lang: zh
"""
MKDOCS_YML = """site_name: 合成县党员志愿服务总队
site_url: https://bench-zhiyuan.github.io/showcase/
docs_dir: content
""" + ENGINE_YML + """  - showcase:
      today: "{end}"
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--photo-share", type=float, default=0.0)
    args = ap.parse_args()
    print(generate(args.dest, args.n, args.seed, args.photo_share))


if __name__ == "__main__":
    main()
