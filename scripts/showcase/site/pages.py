"""The site: which pages the site has, and the data each one shows.

The plan is plain data (a list of PageSpec). Each page's context is a view
model: dicts, lists, text, numbers and dates picked field by field from the
records and the model, never a record itself, so no template can reach a
`private` field or an unpublished person (the engine renders our templates in a
sandbox that refuses record objects too). Templates in the package's theme/
turn each context into markup, and the MkDocs plugin hands the pages to the
engine. Only volunteers who agreed to be published are named anywhere.
"""

from __future__ import annotations

import dataclasses
import html
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import format_datetime
from typing import Callable

from ..text import fmt, ui
from ..text.han import all_han
from . import annual, links, markup, printed, sharing
from ..model import stats as stats_mod
from . import charts as geometry
from ..images.avatar import colour_index, initial
from ..model.figures import HonorRef, Model, VolunteerFacts, notice_state


MAX_CARDS = 24  # cards on a team, project or organisation page; the grid's filters show the rest


@dataclass
class PageSpec:
    path: str                    # output path in the site, e.g. volunteers/tan.html
    title: str
    template: str                # content template, e.g. showcase/volunteer.html
    build: Callable[[], dict]    # the template's data, computed when the page renders
    kind: str
    description: str = ""
    in_nav: bool = False
    image: dict | None = None    # what the link-preview image shows (title, subtitle, picture)
    search: str = ""             # words the search index holds for this page (none: not indexed)
    updated: date | None = None  # the latest date of the records it shows: the sitemap's lastmod


def _outcome(o) -> dict:
    return {"label": o.label, "value": o.value, "unit": o.unit}


def _given_name(name: str) -> str:
    """小明 of 谭小明, so the given name alone finds the person too."""
    return name[1:] if 3 <= len(name) <= 4 and all_han(name) else ""


@dataclass
class Plan:
    pages: list = field(default_factory=list)
    files: dict = field(default_factory=dict)  # extra files: site path -> text (CSV, JSON, JS)


class Planner:
    """Builds the page list and the views that templates receive."""

    def __init__(self, m: Model, lang: str = "zh", per_page: int = 24, pictures=None,
                 feed: bool = False, posters: bool = False, printed: bool = False,
                 print_records: bool = False):
        self.m = m
        self.lang = lang
        self.per_page = per_page
        self.feed = feed  # an RSS feed exists (it needs the site's absolute URL)
        self._annual_views: dict = {}  # year -> annual_view
        self.show = set(m.site.public_fields)
        self._filters = None
        self.t = ui.translator(lang)
        # {"square": {photo: picture}, "wide": {photo: picture}}, from the image stage
        pictures = pictures or {}
        self.pictures = pictures.get("square", {})
        self.wide = pictures.get("wide", {})
        self.posters = posters
        self.printed = printed  # the printed honor documents are made (site/printed.py)
        self.print_records = printed and print_records  # and each volunteer's service record
        self.dates = sharing.LastChanged(m)
        self._annual = None  # the model's annual figures (site/annual.py), computed when first asked

    # -- small views -------------------------------------------------------------

    def org_name(self, oid: str | None) -> str:
        o = self.m.organizations.get(oid) if oid else None
        return o.record.name if o else ""

    def person_ref(self, vid: str) -> dict | None:
        """A link to a volunteer, or None when they are not published."""
        vf = self.m.volunteers.get(vid)
        if vf is None or not vf.published:
            return None
        return {"id": vid, "name": vf.record.name, "path": links.volunteer(vid),
                "post": vf.record.post, "org": self.org_name(vf.record.organization)}

    def people(self, ids) -> list[dict]:
        return [p for p in (self.person_ref(v) for v in ids) if p]

    def face(self, vf: VolunteerFacts) -> dict:
        """Photo (when both consents allow it) or the generated avatar."""
        picture = (self.pictures.get(vf.record.photo)
                   if vf.show_photo and "photo" in self.show else None)
        return {"picture": picture, "initial": initial(vf.record.name),
                "colour": colour_index(vf.id), "name": vf.record.name}

    def top_honor(self, vf: VolunteerFacts) -> str | None:
        final = [h for h in vf.honors if h.state == "final"]
        return f"{final[0].year} {final[0].award.title}" if final else None

    def card(self, vf: VolunteerFacts) -> dict:
        r = vf.record
        org = self.m.organizations.get(r.organization)
        show = self.show
        return {
            "id": vf.id, "name": r.name, "path": links.volunteer(vf.id), "face": self.face(vf),
            "star": vf.star if "hours" in show else 0,
            "org": org.record.name if org and "organization" in show else "",
            "post": r.post if "post" in show else None,
            "hours": vf.hours if "hours" in show else None,
            "status": r.status if "status" in show else None, "honor": self.top_honor(vf),
            "orgs": org.path if org and "organization" in show else [],
            "categories": vf.categories if "categories" in show else [],
        }

    def cards_of(self, ids) -> dict:
        """Cards of the published among `ids`, at most MAX_CARDS: a page never grows without bound."""
        people = [self.m.volunteers[v] for v in ids if v in self.m.volunteers and self.m.volunteers[v].published]
        return {"cards": [self.card(v) for v in people[:MAX_CARDS]], "total": len(people)}

    def honor_view(self, ref: HonorRef) -> dict:
        return {"year": ref.year, "title": ref.award.title, "issuer": ref.award.issuer,
                "date": ref.award.date, "state": ref.state, "path": links.honors(ref.year),
                "citation": ref.recipient.citation if ref.state == "final" else None,
                "score": ref.recipient.score if ref.state == "final" else None}

    def team_ref(self, tid: str) -> dict | None:
        tf = self.m.teams.get(tid)
        return {"id": tid, "name": tf.record.name, "path": links.team(tid)} if tf else None

    def project_ref(self, pid: str) -> dict | None:
        pf = self.m.projects.get(pid)
        return {"id": pid, "name": pf.record.name, "path": links.project(pid)} if pf else None

    def story_ref(self, story) -> dict:
        return {"title": story.title, "date": story.date, "path": links.story(story.path),
                "summary": story.summary, "tags": story.tags}

    def pairing_view(self, p) -> dict:
        partner_org = self.m.organizations.get(p.partner) if p.kind == "结对共建" else None
        return {"partner": partner_org.record.name if partner_org else p.partner,
                "partner_path": links.organization(p.partner) if partner_org else None,
                "kind": p.kind, "start": p.start, "help": p.help, "funds": p.funds,
                "outcome": p.outcome,
                "who": self.person_ref(p.volunteer) if p.volunteer else self.team_ref(p.team)}

    def wish_view(self, w) -> dict:
        return {"wish": w.wish, "requester": w.requester, "status": w.status, "value": w.value,
                "done": w.done, "posted": w.posted,
                "by": self.person_ref(w.claimed_by) if w.claimed_by else None}

    def site_view(self) -> dict:
        """What templates may show of the organisation (site.yml), in the site's language."""
        site = self.m.site
        return {"name": site.name, "short_name": site.short_name, "slogan": site.slogan,
                "description": site.description}

    def category_names(self, ids) -> list[str]:
        return [self.m.categories[c].record.name for c in ids if c in self.m.categories]

    # -- pages -------------------------------------------------------------------

    def plan(self) -> Plan:
        plan = Plan()
        self.volunteer_pages(plan)
        self.team_pages(plan)
        self.project_pages(plan)
        self.organization_pages(plan)
        self.honor_pages(plan)
        self.stats_page(plan)
        self.wish_page(plan)
        self.stories_page(plan)
        self.annual_pages(plan)
        empty = set(self.empty_sections())
        for spec in plan.pages:
            if spec.path in empty:  # still made (a link to it never breaks), outside the navigation
                spec.in_nav, spec.template = False, "showcase/empty.html"
                spec.build = (lambda title=spec.title: {"heading": title})
        return plan

    def empty_sections(self) -> list[str]:
        """The index pages of the sections with nothing to show (no published volunteer, no wish,
        no story, no honor list shown…): they leave the navigation and the home page."""
        m = self.m
        has = {links.volunteers_page(1): bool(m.published()), links.TEAMS: bool(m.teams),
               links.PROJECTS: bool(m.projects), links.ORGANIZATIONS: bool(m.organizations),
               links.honors(): bool(self.honor_lists()), links.STATS: True,
               links.WISHES: bool(m.records.wishes), links.STORIES: bool(m.records.stories)}
        return [path for path, shown in has.items() if not shown]

    def known(self) -> dict:
        """Which figures the records can know. One they cannot (people served when no ledger row
        fills 服务人次, the value of the hours without hour_value_yuan, party members when no one's
        status is written) is left out rather than shown as a big 0; a 0 they know is shown."""
        m = self.m
        return {"beneficiaries": m.records.ledger.beneficiary_rows > 0,
                "economic_value": m.site.hour_value_yuan > 0,
                "party_members": any(v.record.status for v in m.volunteers.values()),
                "pairing_funds": bool(m.records.pairings),
                "wishes": bool(m.records.wishes),
                "top": bool(m.published())}

    def volunteer_pages(self, plan: Plan) -> None:
        people = sorted(self.m.published(), key=lambda v: (-v.hours, v.record.name, v.id))
        cards = [self.card(v) for v in people]
        pages = max(1, -(-len(cards) // self.per_page))
        about = self.describe("volunteers", count=len(cards),
                              hours=fmt.number(sum(v.hours for v in people), self.lang))
        updated = self.dates.all_volunteers()
        for n in range(1, pages + 1):
            chunk = cards[(n - 1) * self.per_page: n * self.per_page]
            plan.pages.append(PageSpec(
                links.volunteers_page(n), self.t("volunteers") if n == 1 else
                f'{self.t("volunteers")} · {self.t("page_n", n=n)}',
                "showcase/volunteers.html",
                (lambda chunk=chunk, n=n: {"cards": chunk, "number": n, "pages": pages,
                                           "total": len(cards), "filters": self.filters()}),
                "volunteers", in_nav=(n == 1), description=about, updated=updated))
        plan.files["volunteers/cards.js"] = self.cards_script(cards)
        for vf in people:
            plan.pages.append(PageSpec(
                links.volunteer(vf.id), vf.record.name, "showcase/volunteer.html",
                (lambda vf=vf: self.volunteer_context(vf)), "volunteer",
                description=self.describe_volunteer(vf), updated=self.dates.volunteer(vf),
                # name (the title), given name, post and unit: what people search for,
                # in about 150 bytes a person, so 10,000 people fit a phone's download
                search=" ".join(filter(None, [
                    _given_name(vf.record.name), vf.record.post, self.org_name(vf.record.organization)])),
                image={"title": vf.record.name, "subtitle": vf.record.post or "", "face": vf.id}))

    def describe(self, what: str, **params) -> str:
        """A section's description for link previews and search engines (ui.share_<what>)."""
        return self.t(f"share_{what}", site=self.m.site.name, **params)

    def describe_volunteer(self, vf: VolunteerFacts) -> str:
        """Name, unit, post, hours and motto, each only when the site shows it."""
        r, show = vf.record, self.show
        parts = [r.name, self.org_name(r.organization) if "organization" in show else "",
                 r.post if "post" in show else "",
                 self.t("share_hours", hours=fmt.number(vf.hours, self.lang)) if "hours" in show else "",
                 r.motto if "motto" in show else ""]
        return "，".join(p for p in parts if p) if self.lang == "zh" else " · ".join(p for p in parts if p)

    def filters(self) -> dict:
        """Choices of the volunteer grid's filters (the same on every page of the grid)."""
        if self._filters is None:
            self._filters = self._filter_choices()
        return self._filters

    def _filter_choices(self) -> dict:
        m = self.m
        orgs = [{"id": o.id, "name": o.record.name, "depth": depth}
                for o, depth in m.org_tree() if o.total_volunteers]
        used = {c for v in m.published() for c in v.categories}
        return {
            "per_page": self.per_page,  # the script pages filtered cards as the static pages do
            "orgs": orgs,
            "categories": [{"id": c.record.id, "name": c.record.name}
                           for c in m.categories.values() if c.record.id in used],
            "stars": list(range(len(m.site.star_hours), -1, -1)),
            "star_labels": [ui.stars(n, self.lang) for n in range(len(m.site.star_hours) + 1)],
            "statuses": sorted({v.record.status for v in m.published() if v.record.status},
                               key=lambda s: ("党员", "预备党员", "入党积极分子", "共青团员", "群众").index(s)),
        }

    def cards_script(self, cards: list[dict]) -> str:
        """All cards as compact data for filtering across pages without a server."""
        rows = [[c["id"], c["name"], c["star"], None if c["hours"] is None else round(c["hours"], 1),
                 c["status"] or "",
                 c["orgs"], c["categories"], c["org"], c["post"] or "", c["honor"] or "",
                 c["face"]["initial"], c["face"]["colour"],
                 (c["face"]["picture"] or {}).get("thumb", "")] for c in cards]
        data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        return f"window.SHOWCASE_CARDS={data};\n"

    def volunteer_summary(self, vf: VolunteerFacts) -> dict:
        """The facts of a profile that its printed record shows too (site/printed.py)."""
        r = vf.record
        show = self.show
        person = {"name": r.name,
                  "motto": r.motto if "motto" in show else None,
                  "pledge": r.pledge if "pledge" in show else None,
                  "specialties": list(r.specialties) if "specialties" in show else [],
                  "joined": r.joined if "joined" in show else None}
        figures = ({"hours": vf.hours, "services": vf.services, "beneficiaries": vf.beneficiaries}
                   if "hours" in show else {})
        if "points" in show:
            figures["points"] = vf.points
        return {"person": person, "figures": figures, "card": self.card(vf), "show": sorted(show),
                "honors": [self.honor_view(h) for h in vf.honors],
                "projects": [p for p in (self.project_ref(p) for p in vf.projects) if p]}

    def volunteer_context(self, vf: VolunteerFacts) -> dict:
        r, show = vf.record, self.show
        org = self.m.organizations.get(r.organization) if "organization" in show else None
        return {
            **self.volunteer_summary(vf), "face": self.face(vf),
            "org_path": [{"name": self.m.organizations[o].record.name, "path": links.organization(o)}
                         for o in (org.path if org else [])],
            "story_html": markup.to_html(r.story) if "story" in self.show else "",
            "highlights": [{"date": h.date, "text": h.text} for h in r.highlights] if "highlights" in show else [],
            "teams": [t for t in (self.team_ref(t) for t in vf.teams) if t] if "teams" in show else [],
            "categories": self.category_names(vf.categories) if "categories" in show else [],
            "wishes": [self.wish_view(w) for w in vf.wishes],
            "pairings": [self.pairing_view(p) for p in vf.pairings],
            "stories": [self.story_ref(s) for s in vf.stories],
            "next_star": self.m.site.star_hours[vf.star] if vf.star < len(self.m.site.star_hours) else None,
            "poster": links.poster(vf.id) if self.posters else None,
            "pdf": links.volunteer_pdf(vf.id) if self.print_records else None,
        }

    def team_pages(self, plan: Plan) -> None:
        teams = sorted(self.m.teams.values(), key=lambda t: (-len(t.members), t.record.name))
        plan.pages.append(PageSpec(
            links.TEAMS, self.t("teams"), "showcase/teams.html",
            lambda: {"teams": [self.team_summary(t) for t in teams]}, "teams", in_nav=True,
            description=self.describe("teams", count=len(teams)), updated=self.dates.all_teams()))
        for tf in teams:
            plan.pages.append(PageSpec(
                links.team(tf.id), tf.record.name, "showcase/team.html",
                (lambda tf=tf: self.team_context(tf)), "team",
                description=markup.plain(tf.record.description, 120) or self.t(
                    "share_team", org=self.org_name(tf.record.organization), members=len(tf.members)),
                updated=self.dates.team(tf),
                search=" ".join(filter(None, [self.org_name(tf.record.organization),
                                              markup.plain(tf.record.description, 200)])),
                image={"title": tf.record.name, "subtitle": self.org_name(tf.record.organization)}))

    def team_summary(self, tf) -> dict:
        return {"ref": self.team_ref(tf.id), "org": self.org_name(tf.record.organization),
                "members": len(tf.members), "hours": tf.hours,
                "leader": self.person_ref(tf.record.leader) if tf.record.leader else None,
                "description": markup.plain(tf.record.description, 80),
                "categories": self.category_names(tf.record.categories)}

    def team_context(self, tf) -> dict:
        t = tf.record
        return {
            "team": {"name": t.name, "founded": t.founded, "schedule": t.schedule},
            "figures": {"hours": tf.hours, "services": tf.services},
            "org": {"name": self.org_name(t.organization), "path": links.organization(t.organization)},
            "leader": self.person_ref(t.leader) if t.leader else None,
            "members": self.cards_of(tf.members),
            "member_count": len(tf.members),
            "description_html": markup.to_html(t.description),
            "categories": self.category_names(t.categories),
            "projects": [self.project_ref(p) for p in tf.projects],
            "honors": [self.honor_view(h) for h in tf.honors],
            "pairings": [self.pairing_view(p) for p in tf.pairings],
            "stories": [self.story_ref(s) for s in tf.stories],
        }

    def project_pages(self, plan: Plan) -> None:
        projects = sorted(self.m.projects.values(),
                          key=lambda p: (not p.record.brand, p.record.status == "已完成",
                                         -(p.record.start.toordinal() if p.record.start else 0),
                                         p.record.name))
        plan.pages.append(PageSpec(
            links.PROJECTS, self.t("projects"), "showcase/projects.html",
            lambda: {"projects": [self.project_summary(p) for p in projects]}, "projects", in_nav=True,
            description=self.describe("projects", count=len(projects)), updated=self.dates.all_projects()))
        for pf in projects:
            plan.pages.append(PageSpec(
                links.project(pf.id), pf.record.name, "showcase/project.html",
                (lambda pf=pf: self.project_context(pf)), "project",
                description=pf.record.summary or markup.plain(pf.record.body, 120) or self.t(
                    "share_project", name=pf.record.name, org=self.org_name(pf.record.organization)),
                updated=self.dates.project(pf),
                search=" ".join(filter(None, [self.org_name(pf.record.organization),
                                              pf.record.summary, markup.plain(pf.record.body, 200)])),
                image={"title": pf.record.name, "subtitle": self.org_name(pf.record.organization),
                       "photo": pf.record.photos[0] if pf.record.photos else None}))

    def project_summary(self, pf) -> dict:
        p = pf.record
        return {"ref": self.project_ref(pf.id), "summary": p.summary, "brand": p.brand,
                "status": p.status, "start": p.start, "end": p.end,
                "org": self.org_name(p.organization),
                "category": self.category_names([p.category])[0] if p.category in self.m.categories else "",
                "outcomes": [_outcome(o) for o in p.outcomes[:2]],
                "picture": self.wide.get(p.photos[0]) if p.photos else None}

    def project_context(self, pf) -> dict:
        p = pf.record
        return {
            "p": {"name": p.name, "brand": p.brand, "status": p.status, "summary": p.summary,
                  "start": p.start, "end": p.end},
            "figures": {"hours": pf.figures.hours, "services": pf.figures.services,
                        "beneficiaries": pf.figures.beneficiaries},
            "org": {"name": self.org_name(p.organization), "path": links.organization(p.organization)},
            "category": self.category_names([p.category])[0] if p.category in self.m.categories else "",
            "leader": self.person_ref(p.leader) if p.leader else None,
            "teams": [self.team_ref(t) for t in p.teams],
            "volunteers": self.cards_of(pf.volunteers),
            "volunteer_count": len(pf.volunteers),
            "body_html": markup.to_html(p.body),
            "outcomes": [_outcome(o) for o in p.outcomes],
            "photos": [self.wide[ph] for ph in p.photos if ph in self.wide],
            "stories": [self.story_ref(s) for s in pf.stories],
        }

    def organization_pages(self, plan: Plan) -> None:
        m = self.m
        rows = [{"id": o.id, "name": o.record.name, "level": o.record.level, "depth": depth,
                 "path": links.organization(o.id), "volunteers": o.total_volunteers,
                 "hours": o.figures.hours, "services": o.figures.services,
                 "teams": o.total_teams, "projects": o.total_projects} for o, depth in m.org_tree()]
        plan.pages.append(PageSpec(
            links.ORGANIZATIONS, self.t("organizations"),
            "showcase/organizations.html", lambda: {"rows": rows}, "organizations", in_nav=True,
            description=self.describe("organizations", count=len(rows)),
            updated=self.dates.all_organizations()))
        for of in m.organizations.values():
            plan.pages.append(PageSpec(
                links.organization(of.id), of.record.name, "showcase/organization.html",
                (lambda of=of: self.organization_context(of)), "organization",
                description=of.record.description or of.record.name, updated=self.dates.organization(of),
                search=" ".join(self.m.org_path_names(of.id)),
                image={"title": of.record.name, "subtitle": of.record.level or ""}))

    def organization_context(self, of) -> dict:
        m = self.m
        people = sorted((m.volunteers[v] for v in of.volunteers if m.volunteers[v].published),
                        key=lambda v: (-v.hours, v.record.name))
        o = of.record
        return {
            "o": {"id": o.id, "name": o.name, "level": o.level, "description": o.description},
            "figures": {"volunteers": of.total_volunteers, "hours": of.figures.hours,
                        "services": of.figures.services, "teams": of.total_teams},
            "path": [{"name": m.organizations[o].record.name, "path": links.organization(o)}
                     for o in of.path],
            "children": [{"name": c.record.name, "path": links.organization(c.id),
                          "volunteers": c.total_volunteers, "hours": c.figures.hours}
                         for c in m.children(of)],
            "volunteers": self.cards_of([v.id for v in people]),
            "teams": [self.team_ref(t) for t in of.teams],
            "projects": [self.project_ref(p) for p in of.projects],
        }

    def honor_lists(self) -> list[dict]:
        """Each year's awards as shown: unpublished recipients left out, notice state applied."""
        years = []
        for h in sorted(self.m.records.honors, key=lambda h: -h.year):
            awards = []
            for a in h.awards:
                state = notice_state(a, self.m.today)
                if state == "pending":
                    continue
                recipients = []
                for r in a.recipients:
                    if r.kind == "volunteer":
                        ref = self.person_ref(r.id)
                        if ref is None:
                            continue
                        vf = self.m.volunteers[r.id]
                        entry = {"name": ref["name"], "path": ref["path"], "org": ref["org"],
                                 "post": vf.record.post, "face": self.face(vf)}
                    else:
                        tf = self.m.teams.get(r.id)
                        entry = {"name": tf.record.name, "path": links.team(r.id),
                                 "org": self.org_name(tf.record.organization), "post": None,
                                 "face": None}
                    if state == "final":
                        entry.update(citation=r.citation, score=r.score)
                    recipients.append(entry)
                awards.append({"title": a.title, "issuer": a.issuer, "date": a.date,
                               "state": state, "notice": a.notice, "recipients": recipients,
                               "rating": a.rating})
            if awards:
                years.append({"year": h.year, "title": h.title, "awards": awards,
                              "path": links.honors(h.year),
                              "notice": any(a["state"] == "notice" for a in awards)})
        return years

    def honor_pages(self, plan: Plan) -> None:
        years = self.honor_lists()
        plan.pages.append(PageSpec(
            links.honors(), self.t("honors"), "showcase/honors.html",
            lambda: {"years": years, "annual": {y: links.annual(y) for y in self.annual_years()}},
            "honors", in_nav=True,
            description=self.describe("honors", years=self.t("share_separator").join(str(y["year"]) for y in years)),
            updated=self.dates.all_honors()))
        lists = {h.year: h for h in self.m.records.honors}
        for y in years:
            title = self.t("year_honors", year=y["year"])
            awards = self.t("share_separator").join(dict.fromkeys(a["title"] for a in y["awards"]))
            plan.pages.append(PageSpec(
                y["path"], y["title"] or title, "showcase/honor_year.html",
                (lambda y=y: {"year": y, "poster": links.poster_honors(y["year"]) if self.posters else None,
                              "pdfs": printed.honor_links(y) if self.printed else [],
                              "annual": links.annual(y["year"]) if y["year"] in self.annual_years() else None}),
                "honor_year", description=self.t("share_honor_year", title=y["title"] or title, awards=awards),
                updated=self.dates.honor_year(lists[y["year"]]),
                image={"title": y["title"] or title, "subtitle": self.m.site.name}))

    def stats_page(self, plan: Plan) -> None:
        s = stats_mod.collect(self.m)
        plan.files["stats/figures.csv"] = geometry.to_csv(s)
        plan.files["stats/figures.json"] = geometry.to_json(s)
        def context():
            months = [tuple(map(int, r[0].split("-"))) for r in s["by_month"].rows]  # "2025-01"
            month_names = [fmt.month(y, mo, self.lang) for y, mo in months]
            charts = {
                "by_year": geometry.columns([(str(r[0]), r[1]) for r in s["by_year"].rows]),
                "by_month": geometry.columns(
                    [(name, r[1]) for name, r in zip(month_names, s["by_month"].rows)],
                    ticks=[fmt.month_tick(y, mo, self.lang) for y, mo in months]),
                "by_category": geometry.bars([(r[1], r[2]) for r in s["by_category"].rows if r[2]]),
                # the units directly under the top (a county's townships): comparable figures
                "by_org": geometry.bars([(r[1], r[4]) for r in s["by_org"].rows
                                          if r[2] == (1 if len(self.m.roots()) == 1 else 0)],
                                         label_width=120),
                "stars": geometry.bars([(ui.star_label(r[0], self.lang), r[1]) for r in s["stars"].rows],
                                        label_width=90),
                "top": geometry.bars([(r[2], r[3]) for r in s["top"].rows], label_width=90),
                "wishes": geometry.bars([(ui.value(r[0], self.lang), r[1]) for r in s["wishes"].rows],
                                         label_width=90),
            }
            tables = {k: {"columns": v.columns, "rows": v.rows} for k, v in s.items() if k != "totals"}
            reports = set(self.annual_years())
            return {"s": dict(tables, totals=s["totals"]), "charts": charts, "month_names": month_names,
                    "known": self.known(),
                    "annual": {y: links.annual(y) for y in reports},
                    "annual_index": links.annual() if reports else None}

        totals = self.m.totals
        plan.pages.append(PageSpec(links.STATS, self.t("stats"),
                                   "showcase/stats.html", context, "stats", in_nav=True,
                                   description=self.describe(
                                       "stats", volunteers=fmt.number(totals.volunteers, self.lang, 0),
                                       hours=fmt.number(totals.hours, self.lang),
                                       services=fmt.number(totals.services, self.lang, 0)),
                                   updated=self.dates.stats()))

    def annual_view(self, year: int) -> dict:
        """Everything the annual report of `year` shows, as one plain dict (page, poster, PDF);
        made once a build (its readers never change it)."""
        if year not in self._annual_views:
            self._annual_views[year] = annual.view(self, year)
        return self._annual_views[year]

    def annual_context(self, year: int) -> dict:
        r = self.annual_view(year)
        return {"r": r, "pdf": r["pdf"]}

    def annual_years(self) -> list[int]:
        """The years with a report: ledger rows, honors shown, stories or new volunteers."""
        return annual.years(self)

    def annual_pages(self, plan: Plan) -> None:
        years = self.annual_years()
        if not years:
            return
        plan.pages.append(PageSpec(links.annual(), self.t("annual"), "showcase/annual_index.html",
                                   lambda: annual.index_view(self), "annual_index",
                                   search=self.t("annual")))
        for year in years:
            title = self.t("annual_title", year=year)
            plan.pages.append(PageSpec(
                links.annual(year), title, "showcase/annual.html",
                (lambda year=year: self.annual_context(year)), "annual",
                description=self.t("annual_intro_first", site=self.m.site.name, year=year),
                search=self.t("annual_link", year=year),
                image={"title": title, "subtitle": self.m.site.name}))

    def wish_page(self, plan: Plan) -> None:
        wishes = sorted(self.m.records.wishes,
                        key=lambda w: (("待认领", "已认领", "已完成").index(w.status),
                                       -(w.posted or w.done or self.m.today).toordinal()))
        plan.pages.append(PageSpec(
            links.WISHES, self.t("wishes"), "showcase/wishes.html",
            lambda: {"wishes": [self.wish_view(w) for w in wishes]}, "wishes", in_nav=True,
            description=self.describe("wishes", count=len(wishes), done=self.m.totals.wishes_done),
            updated=self.dates.wishes()))

    def feed_context(self) -> dict:
        """Stories for the RSS feed, newest first, with RFC 822 dates.

        A feed reader shows an RSS <description> as HTML: its text is escaped here as HTML and
        again by the template as XML, so a summary of `<svg onload=…>` is read as those words.
        Titles and categories are plain text in RSS, escaped once (by the template)."""
        stories = []
        for s in self.m.records.stories:
            ref = self.story_ref(s)
            ref["rfc822"] = format_datetime(datetime(s.date.year, s.date.month, s.date.day,
                                                     tzinfo=timezone.utc))
            ref["summary_escaped"] = html.escape(s.summary) if s.summary else ""
            ref["cover"] = self.cover(s)
            stories.append(ref)
        site = self.site_view()
        return {"stories": stories, "description_escaped": html.escape(site["description"] or site["name"])}

    def cover(self, story) -> dict | None:
        """A story's cover as published (the largest JPEG of the photo, stripped like every photo;
        site/visuals.py photo_jobs): its path in the site and size, or None without one."""
        picture = self.wide.get(story.cover) if story.cover else None
        if not picture:
            return None
        big = picture["jpeg"][-1]
        return {"path": big["path"], "width": big["width"], "height": big["height"]}

    def stories_page(self, plan: Plan) -> None:
        stories = [self.story_ref(s) for s in self.m.records.stories]
        tags = sorted({t for s in self.m.records.stories for t in s.tags})
        plan.pages.append(PageSpec(
            links.STORIES, self.t("stories"), "showcase/stories.html",
            lambda: {"stories": stories, "tags": tags, "feed": self.feed}, "stories", in_nav=True,
            description=self.describe("stories", count=len(stories)), updated=self.dates.stories()))

    # -- hand-written pages --------------------------------------------------------

    def home_context(self) -> dict:
        m = self.m
        featured = sorted((v for v in m.published() if v.record.featured),
                          key=lambda v: (-v.hours, v.record.name))[:8]
        honors = self.honor_lists()[:1]
        return {"totals": dataclasses.asdict(m.totals), "featured": [self.card(v) for v in featured],
                "stories": [self.story_ref(s) for s in m.records.stories[:3]],
                "honors": honors, "site": self.site_view(), "known": self.known()}

    def story_context(self, story) -> dict:
        return {"volunteers": self.people(story.volunteers),
                "teams": [t for t in (self.team_ref(t) for t in story.teams) if t],
                "projects": [p for p in (self.project_ref(p) for p in story.projects) if p],
                "story": {"title": story.title, "date": story.date, "author": story.author,
                          "tags": list(story.tags)}}
