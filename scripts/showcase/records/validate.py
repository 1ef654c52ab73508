"""Records, second step: turn raw parsed files into typed records, reporting every problem.

All problems are collected before anything is built, so the officer fixes a
whole batch at once. Ids of every kind are gathered first, so a reference can
be checked (and a typo answered with the nearest id) while converting.
"""

from __future__ import annotations

import re

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from . import ledger as ledger_mod
from ..text import messages as msg
from . import photofile, published
from . import schema as S
from .load import RawData, RawDoc, read_front_matter
from ..text.messages import Problem
from .types import (Award, Category, Highlight, HonorList, Organization, Outcome, Pairing, Project,
    Rating, Recipient, Records, Site, Src, Story, Team, Volunteer, Wish)
from .schema import Context, convert
from .yamlio import Mapping, Sequence

# The 18 service items of SPEC, used when data/categories.yml is absent.
DEFAULT_CATEGORIES = (
    ("employment", "创业就业", "material/briefcase-outline"),
    ("healthcare", "医疗保健", "material/medical-bag"),
    ("environment", "环境卫生", "material/broom"),
    ("work-safety", "安全生产检查", "material/hard-hat"),
    ("opinion-survey", "民意调查", "material/clipboard-text-outline"),
    ("science-outreach", "科普宣传", "material/flask-outline"),
    ("mediation", "民事调解", "material/handshake-outline"),
    ("youth-care", "青少年帮教关爱", "material/school-outline"),
    ("disaster-relief", "抗灾救援", "material/lifebuoy"),
    ("poverty-relief", "扶贫帮困", "material/hand-heart-outline"),
    ("public-order", "综治维稳", "material/shield-check-outline"),
    ("culture-sports", "文体活动", "material/music-note"),
    ("convenience", "便民服务", "material/tools"),
    ("traffic-safety", "交通安全宣传", "material/traffic-light-outline"),
    ("womens-rights", "妇女权益维护", "material/human-female"),
    ("policy-outreach", "政策法规宣传", "material/bullhorn-outline"),
    ("legal-aid", "法律援助", "material/scale-balance"),
    ("family-education", "家庭教育", "material/home-heart"),
)

MIN_NOTICE_WORKING_DAYS = 5
FUTURE_STORY_DAYS = 366  # a story dated further ahead than this is refused: a mistyped year


def working_days(start: date, end: date) -> int:
    """Working days from start to end, both included: the State Council's holidays and make-up
    workdays (调休) where chinesecalendar knows the year, Monday to Friday where it does not yet.
    Counting stops a year on: enough to compare with the minimum, and no hang on a silly window."""
    count, day, end = 0, start, min(end, start + timedelta(days=366))
    while day <= end:
        try:
            count += chinese_calendar.is_workday(day)
        except NotImplementedError:
            count += day.weekday() < 5
        day += timedelta(days=1)
    return count


class _Validator:
    def __init__(self, raw: RawData, today: date, cache_dir: Path | None):
        self.raw = raw
        self.today = today
        self.cache_dir = cache_dir
        self.problems: list[Problem] = []
        self.ids: dict[str, set] = {}
        self.aliases: dict[str, dict] = {}
        self.names: dict[str, dict] = {}
        self.volunteer_records: dict[str, Volunteer] = {}

    # -- helpers ---------------------------------------------------------------

    def ctx(self, rel: str) -> Context:
        return Context(rel, self.problems, self.ids, self.aliases, self.names,
                       self.raw.paths.photos, self.today)

    def problem(self, rel, line, field_name, code, severity="error", **params):
        self.problems.append(Problem(rel, line, field_name, code, params, severity))

    def mapping(self, doc: RawDoc | None) -> Mapping | None:
        if doc is None or doc.data is None:
            return None
        if not isinstance(doc.data, Mapping):
            self.problem(doc.rel, getattr(doc.data, "line", 1), None, "yaml.not_mapping",
                         actual=S.describe(doc.data))
            return None
        return doc.data

    def sequence(self, doc: RawDoc | None) -> Sequence:
        if doc is None or doc.data is None:
            return Sequence()
        if not isinstance(doc.data, Sequence):
            self.problem(doc.rel, getattr(doc.data, "line", 1), None, "yaml.not_list",
                         actual=S.describe(doc.data))
            return Sequence()
        return doc.data

    def items(self, doc: RawDoc | None):
        """(line, mapping) for each list item of a list file, reporting non-mappings."""
        seq = self.sequence(doc)
        for i, item in enumerate(seq):
            if isinstance(item, Mapping):
                yield item
            else:
                self.problem(doc.rel, seq.line_of(i), None, "yaml.not_mapping", actual=S.describe(item))

    def unique(self, kind: str, seen: dict, value: str, rel: str, line: int) -> bool:
        if value in seen:
            self.problem(rel, line, "id", "id.duplicate", value=value, first=seen[value])
            return False
        seen[value] = f"{rel}:{line}"
        return True

    def file_ids(self, docs: list[RawDoc]) -> list[RawDoc]:
        good = []
        for doc in docs:
            if S.reserved(doc.stem):
                self.problem(doc.rel, None, None, "id.reserved_file", name=doc.path.name, value=doc.stem,
                             reserved=S.reserved_names())
            elif S.ID_RE.match(doc.stem):
                good.append(doc)
            else:
                self.problem(doc.rel, None, None, "file.name", name=doc.path.name)
        return good

    # -- gathering ids -----------------------------------------------------------

    def gather_ids(self) -> None:
        raw = self.raw
        orgs = raw.organizations.data if raw.organizations else None
        self.ids["organization"] = {
            str(o["id"]) for o in (orgs if isinstance(orgs, list) else [])
            if isinstance(o, dict) and isinstance(o.get("id"), (str, int))}
        cats = raw.categories.data if raw.categories else None
        if raw.categories is None:
            self.ids["category"] = {c[0] for c in DEFAULT_CATEGORIES}
            self.aliases["category"] = {c[1]: c[0] for c in DEFAULT_CATEGORIES}
        else:
            good = [c for c in (cats if isinstance(cats, list) else []) if isinstance(c, dict)]
            self.ids["category"] = {str(c["id"]) for c in good if isinstance(c.get("id"), (str, int))}
            self.aliases["category"] = {str(c["name"]): str(c["id"]) for c in good
                                        if isinstance(c.get("name"), str) and "id" in c}
        for kind in ("volunteers", "teams", "projects"):
            setattr(raw, kind, self.file_ids(getattr(raw, kind)))
            self.ids[kind[:-1]] = {d.stem for d in getattr(raw, kind)}
        self.names["volunteer"] = {
            d.data["name"]: d.stem for d in raw.volunteers
            if isinstance(d.data, dict) and isinstance(d.data.get("name"), str)}
        self.aliases["volunteer_names"] = self.names["volunteer"]
        site = raw.site.data if raw.site else None
        ratings = site.get("ratings") if isinstance(site, dict) else None
        self.ids["rating"] = {str(r["id"]) for r in (ratings if isinstance(ratings, list) else [])
                              if isinstance(r, dict) and isinstance(r.get("id"), str)}

    # -- record kinds ------------------------------------------------------------

    def site(self) -> Site:
        data = self.mapping(self.raw.site)
        if data is None:
            return Site(name="")
        rel = self.raw.site.rel
        vals = convert(data, S.SITE, self.ctx(rel))
        rules = vals.get("rules", {})
        site = Site(name=vals.get("name", ""), src=Src(rel, data.line, vals["_lines"]))
        for key in ("short_name", "logo", "slogan", "description", "locale", "name_en", "slogan_en",
                    "description_en"):
            if key in vals:
                setattr(site, key, vals[key])
        if "languages" in vals:
            site.languages = tuple(vals["languages"])
        if "url" in vals:
            url = vals["url"].strip()
            if S.web_address(url) and S.placeholder_address(url):
                self.problem(rel, vals["_lines"]["url"], "url", "site.url_placeholder", "warning", value=url)
            elif S.web_address(url):
                site.url = url if url.endswith("/") else url + "/"
            else:
                self.problem(rel, vals["_lines"]["url"], "url", "site.url", value=url)
        if "star_hours" in rules:
            hours = rules["star_hours"]
            if not hours or any(b <= a for a, b in zip(hours, hours[1:])):
                self.problem(rel, rules["_lines"]["star_hours"], "rules.star_hours", "site.star_hours")
            else:
                site.star_hours = tuple(hours)
        if "hour_value_yuan" in rules:
            site.hour_value_yuan = rules["hour_value_yuan"]
        if "points_per_service" in rules:
            site.points_per_service = rules["points_per_service"]
        if "public_fields" in rules:
            site.public_fields = tuple(rules["public_fields"])
        seen: dict = {}
        for r in vals.get("ratings", []):
            if "id" in r and self.unique("rating", seen, r["id"], rel, r["_line"]):
                site.ratings.append(Rating(
                    id=r["id"], name=r.get("name", r["id"]), stars=r.get("stars", []),
                    max_score=r.get("max_score", 100), commend_at=r.get("commend_at", 95),
                    months=r.get("months", [6, 12]), src=Src(rel, r["_line"], r["_lines"])))
        if isinstance(vals.get("ledger_columns"), dict):
            site.ledger_columns = dict(vals["ledger_columns"])
        site.contact = _contact(vals.get("contact"))
        return site

    def organizations(self) -> dict:
        doc = self.raw.organizations
        out: dict[str, Organization] = {}
        seen: dict = {}
        for item in self.items(doc):
            vals = convert(item, S.ORGANIZATION, self.ctx(doc.rel))
            if "id" in vals and S.reserved(vals["id"]):
                self.problem(doc.rel, vals["_lines"]["id"], "id", "id.reserved", value=vals["id"],
                             reserved=S.reserved_names())
                continue
            if "id" not in vals or not self.unique("organization", seen, vals["id"], doc.rel, item.line):
                continue
            out[vals["id"]] = Organization(
                id=vals["id"], name=vals.get("name", vals["id"]), level=vals.get("level"),
                parent=vals.get("parent"), short_name=vals.get("short_name"),
                description=vals.get("description"), name_en=vals.get("name_en"),
                src=Src(doc.rel, item.line, vals["_lines"]))
        self.check_tree(out, doc)
        return out

    def check_tree(self, orgs: dict, doc: RawDoc | None) -> None:
        reported: set = set()
        for org in orgs.values():
            path, node = [], org
            while node is not None and node.id not in path:
                path.append(node.id)
                node = orgs.get(node.parent) if node.parent else None
            if node is not None:  # walked back into the path: a cycle
                cycle = path[path.index(node.id):]
                if not reported.intersection(cycle):
                    reported.update(cycle)
                    first = orgs[cycle[0]]
                    self.problem(doc.rel, first.src.line_of("parent"), "parent", "org.cycle",
                                 path=" → ".join(cycle + [cycle[0]]))
        if orgs and all(o.parent for o in orgs.values()) and not reported:
            self.problem(doc.rel, 1, None, "org.no_root")

    def categories(self) -> dict:
        doc = self.raw.categories
        if doc is None:
            return {cid: Category(cid, name, icon) for cid, name, icon in DEFAULT_CATEGORIES}
        out: dict[str, Category] = {}
        seen: dict = {}
        for item in self.items(doc):
            vals = convert(item, S.CATEGORY, self.ctx(doc.rel))
            if "id" in vals and self.unique("category", seen, vals["id"], doc.rel, item.line):
                out[vals["id"]] = Category(vals["id"], vals.get("name", vals["id"]), vals.get("icon"),
                                           Src(doc.rel, item.line, vals["_lines"]), vals.get("name_en"))
        return out

    def volunteers(self) -> dict:
        out = {}
        for doc in self.raw.volunteers:
            data = self.mapping(doc)
            if data is None:
                continue
            ctx = self.ctx(doc.rel)
            vals = convert(data, S.VOLUNTEER, ctx)
            consent = vals.get("consent", {})
            written = data.get("consent")
            given = written.get("publish") if isinstance(written, Mapping) else None
            if "publish" not in consent and given in (None, ""):  # a wrong value has its own message
                line = consent.get("_line", data.line)
                ctx.problem(line, "consent.publish", "consent.missing", severity="warning")
            fields = {k: v for k, v in vals.items() if not k.startswith("_") and k not in
                      ("consent", "highlights", "base_hours", "points", "private")}
            private = {k: v for k, v in vals.get("private", {}).items() if not k.startswith("_")}
            out[doc.stem] = Volunteer(
                id=doc.stem,
                **{"name": "", "organization": "", **fields},
                base_hours=float(vals.get("base_hours", 0)),
                points=float(vals.get("points", 0)),
                highlights=sorted((Highlight(h["date"], h["text"], h["_line"])
                                   for h in vals.get("highlights", []) if "date" in h and "text" in h),
                                  key=lambda h: h.date),
                consent_publish=consent.get("publish", False),
                consent_photo=consent.get("photo", False),
                private=private,
                src=Src(doc.rel, data.line, vals["_lines"]),
            )
        self.volunteer_records = out
        return out

    def teams(self, volunteers: dict) -> dict:
        out = {}
        declared: dict = {}  # team id -> volunteers naming it in their own file
        for v in volunteers.values():
            for tid in v.teams:
                declared.setdefault(tid, set()).add(v.id)
        for doc in self.raw.teams:
            data = self.mapping(doc)
            if data is None:
                continue
            vals = convert(data, S.TEAM, self.ctx(doc.rel))
            fields = {k: v for k, v in vals.items() if not k.startswith("_")}
            team = Team(id=doc.stem, **{"name": "", "organization": "", **fields},
                        src=Src(doc.rel, data.line, vals["_lines"]))
            out[team.id] = team
            if team.leader:
                members = set(team.members) | declared.get(team.id, set())
                if team.leader not in members:
                    self.problem(doc.rel, team.src.line_of("leader"), "leader",
                                 "team.leader_not_member", value=team.leader)
                self.named_leader(doc.rel, team.src, team.leader, volunteers)
        return out

    def named_leader(self, rel: str, src, leader: str, volunteers: dict) -> None:
        """SPEC: a leader is named on the team's (or project's) public page, so must have consented;
        leaving the leader out would misstate who leads it."""
        person = volunteers.get(leader)
        if person is not None and not person.consent_publish:
            self.problem(rel, src.line_of("leader"), "leader", "leader.no_consent", value=leader,
                         name=person.name, file=person.src.path)

    def projects(self, volunteers: dict) -> dict:
        out = {}
        for doc in self.raw.projects:
            data = self.mapping(doc)
            if data is None:
                continue
            vals = convert(data, S.PROJECT, self.ctx(doc.rel))
            fields = {k: v for k, v in vals.items() if not k.startswith("_") and k != "outcomes"}
            project = Project(
                id=doc.stem, **{"name": "", "organization": "", **fields},
                outcomes=[Outcome(o["label"], o["value"], o.get("unit"), o["_line"], o.get("label_en"),
                                  o.get("unit_en"))
                          for o in vals.get("outcomes", []) if "label" in o and "value" in o],
                src=Src(doc.rel, data.line, vals["_lines"]))
            if project.start and project.end and project.end < project.start:
                self.problem(doc.rel, project.src.line_of("end"), "end", "field.date_order",
                             later="end", later_value=project.end.isoformat(),
                             earlier="start", earlier_value=project.start.isoformat())
            if project.leader:
                self.named_leader(doc.rel, project.src, project.leader, volunteers)
            out[project.id] = project
        return out

    def notice(self, value, rel: str, line: int) -> tuple | None:
        if not value or "from" not in value or "to" not in value:
            return None
        start, end = value["from"], value["to"]
        if end < start:
            self.problem(rel, value["_lines"].get("to", line), "notice.to", "field.date_order",
                         later="notice.to", later_value=end.isoformat(),
                         earlier="notice.from", earlier_value=start.isoformat())
            return None
        days = working_days(start, end)
        if days < MIN_NOTICE_WORKING_DAYS:
            self.problem(rel, line, "notice", "honor.notice_short", days=days,
                         start=start.isoformat(), end=end.isoformat())
        return (start, end)

    def recipient(self, item, line: int, ctx: Context, award: dict) -> Recipient | None:
        vol_ids, team_ids = self.ids["volunteer"], self.ids["team"]
        if isinstance(item, (str, int)) and not isinstance(item, bool):
            item_map = {"id": str(item)}
            lines = {}
        elif isinstance(item, Mapping):
            item_map = convert(item, S.RECIPIENT, ctx, prefix="recipients.")
            lines = item_map["_lines"]
            line = item.line
        else:
            ctx.problem(line, "recipients", "field.type", expected=msg.type_("id"), actual=S.describe(item))
            return None
        given = [k for k in ("id", "volunteer", "team") if k in item_map]
        if len(given) != 1:
            if len(given) > 1 or isinstance(item, str) or not any(
                    k in item for k in ("id", "volunteer", "team")):
                ctx.problem(line, "recipients", "recipient.who")
            return None
        key = given[0]
        rid = str(item_map[key]).strip()
        if key == "id":
            in_v, in_t = rid in vol_ids, rid in team_ids
            if in_v and in_t:
                ctx.problem(lines.get("id", line), "recipients", "ref.ambiguous", value=rid)
                return None
            if not (in_v or in_t):
                guess = self.names["volunteer"].get(rid) or S.closest(rid, vol_ids | team_ids)
                ctx.problem(lines.get("id", line), "recipients", "ref.unknown", **msg.unknown(rid, "recipient", guess))
                return None
            key = "volunteer" if in_v else "team"
        score = item_map.get("score")
        if score is not None and not award.get("rating"):
            ctx.problem(lines.get("score", line), "recipients.score", "honor.score_without_rating")
        return Recipient(rid, key, item_map.get("citation"), score, line, item_map.get("citation_en"))

    def honors(self) -> list:
        out, seen_years = [], {}
        for doc in self.raw.honors:
            data = self.mapping(doc)
            if data is None:
                continue
            ctx = self.ctx(doc.rel)
            vals = convert(data, S.HONORS, ctx)
            year = vals.get("year")
            if year is None:
                continue
            if doc.stem.isdigit() and int(doc.stem) != year:
                ctx.problem(vals["_lines"]["year"], "year", "honor.year", file_year=doc.stem, year=year)
            if year in seen_years:
                ctx.problem(vals["_lines"]["year"], "year", "id.duplicate", value=year,
                            first=seen_years[year])
                continue
            seen_years[year] = doc.rel
            list_notice = self.notice(vals.get("notice"), doc.rel, vals["_lines"].get("notice", 1))
            awards = []
            raw_awards = vals.get("awards")
            if raw_awards is not None and not isinstance(raw_awards, Sequence):
                ctx.problem(vals["_lines"]["awards"], "awards", "yaml.not_list", actual=S.describe(raw_awards))
                raw_awards = None
            for i, raw_award in enumerate(raw_awards or []):
                line = raw_awards.line_of(i)
                if not isinstance(raw_award, Mapping):
                    ctx.problem(line, "awards", "yaml.not_mapping", actual=S.describe(raw_award))
                    continue
                a = convert(raw_award, S.AWARD, ctx, prefix="awards.")
                recipients, seen = [], set()
                rec_list = a.get("recipients")
                if rec_list is not None and not isinstance(rec_list, Sequence):
                    ctx.problem(a["_lines"]["recipients"], "awards.recipients", "yaml.not_list",
                                actual=S.describe(rec_list))
                    rec_list = None
                for j, item in enumerate(rec_list or []):
                    r = self.recipient(item, rec_list.line_of(j), ctx, a)
                    if r is None:
                        continue
                    if (r.kind, r.id) in seen:
                        ctx.problem(r.line, "recipients", "honor.recipient_duplicate", value=r.id)
                        continue
                    person = self.volunteer_records.get(r.id) if r.kind == "volunteer" else None
                    if person is not None and not person.consent_publish:
                        # SPEC: a public list names only those who agreed; dropping them would
                        # hide an awardee from the 公示, so the list is refused instead.
                        ctx.problem(r.line, "recipients", "honor.no_consent", value=r.id,
                                    name=person.name, file=person.src.path)
                        continue
                    seen.add((r.kind, r.id))
                    recipients.append(r)
                notice = self.notice(a.get("notice"), doc.rel, a["_lines"].get("notice", line)) or list_notice
                awards.append(Award(a.get("title", ""), recipients, a.get("issuer"), a.get("date"),
                                    notice, a.get("rating"), line, a.get("title_en")))
            out.append(HonorList(year, awards, list_notice, vals.get("title"),
                                 vals.get("allow_contact", False), Src(doc.rel, data.line, vals["_lines"]),
                                 _contact(vals.get("contact"))))
        return sorted(out, key=lambda h: h.year)

    def wishes(self) -> list:
        doc = self.raw.wishes
        out = []
        for item in self.items(doc):
            vals = convert(item, S.WISH, self.ctx(doc.rel))
            if not all(k in vals for k in ("wish", "requester", "status")):
                continue
            fields = {k: v for k, v in vals.items() if not k.startswith("_")}
            out.append(Wish(**fields, line=item.line, src=Src(doc.rel, item.line, vals["_lines"])))
        return out

    def pairings(self) -> list:
        doc = self.raw.pairings
        out = []
        for item in self.items(doc):
            ctx = self.ctx(doc.rel)
            vals = convert(item, S.PAIRING, ctx)
            if ("volunteer" in item) == ("team" in item):
                ctx.problem(item.line, "volunteer", "pairing.who")
                continue
            if not all(k in vals for k in ("partner", "kind")) or not (vals.get("volunteer") or vals.get("team")):
                continue
            fields = {k: v for k, v in vals.items() if not k.startswith("_")}
            out.append(Pairing(**fields, line=item.line, src=Src(doc.rel, item.line, vals["_lines"])))
        return out

    def stories(self) -> list:
        out = []
        content = self.raw.paths.content
        for doc in self.raw.stories:
            if S.reserved(doc.stem):
                self.problem(doc.rel, None, None, "id.reserved_file", name=doc.path.name, value=doc.stem,
                             reserved=S.reserved_names())
                continue
            data = self.mapping(doc)
            if data is None:
                continue
            vals = convert(data, S.STORY, self.ctx(doc.rel))
            if "title" not in vals or "date" not in vals:
                continue
            self.story_date(doc.rel, vals["date"], vals["_lines"]["date"])
            fields = {k: v for k, v in vals.items()
                      if not k.startswith("_") and k not in ("template", "hide", "search", "description")}
            if "summary" not in fields and "description" in vals:
                fields["summary"] = vals["description"]
            out.append(Story(path=doc.path.relative_to(content).as_posix(), **fields, body=doc.body,
                             body_line=doc.body_line, src=Src(doc.rel, data.line, vals["_lines"])))
        return sorted(out, key=lambda s: (s.date, s.path), reverse=True)

    def story_date(self, rel: str, day: date, line: int) -> None:
        """A story dated after today is published at once, first in the list and the feed: a few
        days ahead may be meant (written before the event), so it is a warning naming the date;
        more than a year ahead is a mistyped year (2062 for 2026) that would head the list for
        decades, so it is an error."""
        if day <= self.today:
            return
        if day > self.today + timedelta(days=FUTURE_STORY_DAYS):
            self.problem(rel, line, "date", "story.future_far", value=day.isoformat(),
                         today=self.today.isoformat())
        else:
            self.problem(rel, line, "date", "story.future", "warning", value=day.isoformat(),
                         today=self.today.isoformat())

    def pages(self) -> None:
        """The other hand-written pages of content/ (not stories, which stories() reads): UTF-8 or GBK
        text, front matter that is YAML, and only the keys MkDocs and the theme read, each checked."""
        paths = self.raw.paths
        stories = {doc.path for doc in self.raw.stories}
        for path in published.pages(paths.content):
            if path in stories or path.parent.name == "stories":  # a language's stories: its own check
                continue
            rel = paths.rel(path)
            data, _, _ = read_front_matter(path, rel, self.problems)
            if isinstance(data, Mapping):
                convert(data, S.PAGE, self.ctx(rel))
            elif data is not None:
                self.problem(rel, 2, None, "yaml.not_mapping", actual=S.describe(data))

    def ledger(self):
        paths = self.raw.paths
        category_of = dict(self.aliases.get("category", {}))
        category_of.update({c: c for c in self.ids.get("category", ())})
        files = self.raw.ledger_files
        ledger = ledger_mod.read(files, [paths.rel(p) for p in files], category_of, self.cache_dir)
        self.problems.extend(ledger_mod.check(ledger, self.ids, category_of,
                                              self.aliases.get("volunteer_names", {}), self.today))
        return ledger

    def privacy(self, records: Records) -> None:
        """Personal data and names of people without consent in anything that will be published."""
        self.problems.extend(published.check(self.raw, records))

    def run(self) -> Records:
        self.gather_ids()
        site = self.site()
        organizations = self.organizations()
        categories = self.categories()
        volunteers = self.volunteers()
        records = Records(
            site=site, organizations=organizations, categories=categories,
            volunteers=volunteers, teams=self.teams(volunteers), projects=self.projects(volunteers),
            honors=self.honors(), wishes=self.wishes(), pairings=self.pairings(),
            stories=self.stories(), ledger=self.ledger())
        self.pages()
        self.privacy(records)
        self.notice_contacts(records)
        return records

    def notice_contacts(self, records: Records) -> None:
        """A 公示 that is open or to come must say how to object: a list with a notice window and
        no contact (neither its own nor site.yml's) is told, naming the field to write."""
        if records.site.contact:
            return
        for h in records.honors:
            if h.contact:
                continue
            windows = [a.notice for a in h.awards if a.notice] + ([h.notice] if h.notice else [])
            if any(end >= self.today for _, end in windows):
                self.problem(h.src.path, h.src.line, "contact", "honor.no_contact", "warning",
                             site=self.raw.site.rel if self.raw.site else "data/site.yml")


def _contact(value) -> dict:
    """The contact mapping's written fields, as plain text."""
    if not isinstance(value, dict):
        return {}
    return {k: str(value[k]).strip() for k in ("office", "phone", "email", "address")
            if value.get(k) not in (None, "") and str(value[k]).strip()}


def validate(raw: RawData, today: date, cache_dir: Path | None = None) -> tuple[Records, list[Problem]]:
    """Typed records and every problem found; records are only usable without errors."""
    v = _Validator(raw, today, cache_dir)
    records = v.run()
    v.problems += photofile.content_images(raw.paths)  # images beside the pages, published as files
    return records, v.problems
