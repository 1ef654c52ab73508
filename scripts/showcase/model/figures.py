"""The model: the derived figures, computed once from validated records.

Nothing here knows about MkDocs or HTML: any renderer can use the model. Totals
count every volunteer (consented or not); only what names a person is limited
to those who agreed to be published.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from ..records.types import Award, HonorList, Organization, Records, Recipient, Volunteer


def star_level(hours: float, thresholds) -> int:
    """Stars earned by `hours`: one per threshold reached (default 100/300/600/1000/1500)."""
    return bisect_right(list(thresholds), hours + 1e-9)


def notice_state(award: Award, today: date) -> str:
    """'pending' before the public notice opens, 'notice' while open, 'final' after."""
    if award.notice is None:
        return "final"
    start, end = award.notice
    if today < start:
        return "pending"
    return "notice" if today <= end else "final"


@dataclass
class HonorRef:
    """One honor as seen from its recipient."""

    honors: HonorList
    award: Award
    recipient: Recipient
    state: str

    @property
    def year(self) -> int:
        return self.honors.year


@dataclass
class Figures:
    """Service figures of any group of ledger rows."""

    hours: float = 0.0
    services: int = 0
    beneficiaries: int = 0

    def add(self, hours: float, services: int, beneficiaries: int) -> None:
        self.hours += hours
        self.services += services
        self.beneficiaries += beneficiaries


@dataclass
class VolunteerFacts:
    record: Volunteer
    hours: float = 0.0           # base_hours + ledger
    ledger_hours: float = 0.0
    services: int = 0
    beneficiaries: int = 0
    points: float = 0.0
    star: int = 0
    first_service: date | None = None
    last_service: date | None = None
    hours_by_year: dict = field(default_factory=dict)
    honors: list = field(default_factory=list)      # HonorRef, newest first, pending ones left out
    teams: list = field(default_factory=list)       # team ids
    projects: list = field(default_factory=list)    # project ids
    categories: list = field(default_factory=list)  # declared, then served, by hours
    wishes: list = field(default_factory=list)      # wishes claimed
    pairings: list = field(default_factory=list)
    stories: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def published(self) -> bool:
        return self.record.consent_publish

    @property
    def show_photo(self) -> bool:
        return bool(self.record.photo and self.record.consent_photo and self.published)


@dataclass
class TeamFacts:
    record: object
    members: list = field(default_factory=list)  # volunteer ids, leader first
    hours: float = 0.0                           # members' total hours
    services: int = 0
    projects: list = field(default_factory=list)
    honors: list = field(default_factory=list)
    pairings: list = field(default_factory=list)
    stories: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record.id


@dataclass
class ProjectFacts:
    record: object
    figures: Figures = field(default_factory=Figures)
    volunteers: list = field(default_factory=list)  # leader, declared, then ledger participants
    stories: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record.id


@dataclass
class OrgFacts:
    record: Organization
    path: list = field(default_factory=list)       # ancestor ids, top first, self last
    children: list = field(default_factory=list)   # org ids
    volunteers: list = field(default_factory=list)  # direct members
    teams: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    # Rolled up over the whole subtree:
    total_volunteers: int = 0
    total_teams: int = 0
    total_projects: int = 0
    figures: Figures = field(default_factory=Figures)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def depth(self) -> int:
        return len(self.path) - 1


@dataclass
class CategoryFacts:
    record: object
    figures: Figures = field(default_factory=Figures)
    volunteers: int = 0
    projects: list = field(default_factory=list)


@dataclass
class Totals:
    volunteers: int = 0
    published_volunteers: int = 0
    party_members: int = 0
    teams: int = 0
    projects: int = 0
    brand_projects: int = 0
    hours: float = 0.0
    ledger_hours: float = 0.0
    services: int = 0
    points: float = 0.0
    beneficiaries: int = 0
    ledger_rows: int = 0
    economic_value: float = 0.0
    pairings: int = 0
    pairing_funds: float = 0.0
    wishes: int = 0
    wishes_done: int = 0
    wishes_claimed: int = 0
    wish_value_done: float = 0.0
    honors: int = 0
    stars: list = field(default_factory=lambda: [0] * 6)  # volunteers per star level


@dataclass
class Model:
    records: Records
    today: date
    volunteers: dict = field(default_factory=dict)
    teams: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    organizations: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    months: dict = field(default_factory=dict)   # (year, month) -> Figures
    years: dict = field(default_factory=dict)    # year -> Figures
    totals: Totals = field(default_factory=Totals)
    _published: list | None = field(default=None, repr=False)
    _org_tree: list | None = field(default=None, repr=False)

    @property
    def site(self):
        return self.records.site

    def published(self) -> list:
        """Volunteers who agreed to be shown (computed once; the model does not change)."""
        if self._published is None:
            self._published = [v for v in self.volunteers.values() if v.published]
        return self._published

    def roots(self) -> list:
        return [o for o in self.organizations.values() if not o.record.parent]

    def children(self, facts) -> list:
        """An organisation's own units, by name."""
        return sorted((self.organizations[c] for c in facts.children), key=lambda o: o.record.name)

    def org_tree(self) -> list:
        """Every organisation with its depth, as the tree is shown: top units by name, each
        followed by its own units (computed once; the model does not change)."""
        if self._org_tree is None:
            rows: list = []
            stack = [(o, 0) for o in reversed(sorted(self.roots(), key=lambda o: o.record.name))]
            while stack:
                facts, depth = stack.pop()
                rows.append((facts, depth))
                stack.extend((c, depth + 1) for c in reversed(self.children(facts)))
            self._org_tree = rows
        return self._org_tree

    def org_path_names(self, org_id: str) -> list[str]:
        facts = self.organizations.get(org_id)
        return [self.organizations[i].record.name for i in facts.path] if facts else []


def _ordered_union(*groups) -> list:
    seen, out = set(), []
    for group in groups:
        for item in group:
            if item and item not in seen:
                seen.add(item)
                out.append(item)
    return out


def build(records: Records, today: date) -> Model:
    """All derived figures in one pass over each record kind and the folded ledger."""
    m = Model(records, today)
    site, ledger = records.site, records.ledger
    t = m.totals
    t.stars = [0] * (len(site.star_hours) + 1)

    for cid, cat in records.categories.items():
        m.categories[cid] = CategoryFacts(cat)
    for oid, org in records.organizations.items():
        m.organizations[oid] = OrgFacts(org)
    for facts in m.organizations.values():
        path, node, seen = [], facts.record, set()
        while node is not None and node.id not in seen:
            seen.add(node.id)
            path.append(node.id)
            node = records.organizations.get(node.parent) if node.parent else None
        facts.path = list(reversed(path))
        if facts.record.parent in m.organizations:
            m.organizations[facts.record.parent].children.append(facts.id)

    # Volunteers: base hours plus the ledger.
    for vid, vol in records.volunteers.items():
        f = VolunteerFacts(vol)
        row = ledger.volunteers.get(vid)
        if row:
            f.ledger_hours, f.services, f.beneficiaries = row[0], row[1], row[2]
            f.points = vol.points + row[3] + row[4] * site.points_per_service
            f.first_service, f.last_service = row[5], row[6]
        else:
            f.points = vol.points
        f.hours = vol.base_hours + f.ledger_hours
        f.star = star_level(f.hours, site.star_hours)
        m.volunteers[vid] = f
    for (vid, year), hours in ledger.volunteer_years.items():
        if vid in m.volunteers:
            by_year = m.volunteers[vid].hours_by_year
            by_year[year] = by_year.get(year, 0.0) + hours
    served: dict = {}
    for (vid, cid), hours in ledger.volunteer_categories.items():
        served.setdefault(vid, []).append((hours, cid))
    for vid, f in m.volunteers.items():
        by_hours = [cid for _, cid in sorted(served.get(vid, []), key=lambda hc: (-hc[0], hc[1]))]
        f.categories = [c for c in _ordered_union(f.record.categories, by_hours) if c in m.categories]
        for cid in f.categories:
            m.categories[cid].volunteers += 1

    # Teams: members named on either side.
    for tid, team in records.teams.items():
        m.teams[tid] = TeamFacts(team)
    team_members: dict = {tid: [] for tid in records.teams}
    for vid, vol in records.volunteers.items():
        for tid in vol.teams:
            if tid in team_members:
                team_members[tid].append(vid)
    for tid, tf in m.teams.items():
        team = tf.record
        tf.members = _ordered_union([team.leader], team.members, team_members[tid])
        for vid in tf.members:
            if vid in m.volunteers:
                vf = m.volunteers[vid]
                vf.teams.append(tid)
                tf.hours += vf.hours
                tf.services += vf.services

    # Projects: ledger rows, declared people and ledger participants.
    participants: dict = {}
    for (vid, pid), _services in sorted(ledger.volunteer_projects.items(),
                                        key=lambda kv: (-kv[1], kv[0])):
        participants.setdefault(pid, []).append(vid)
    for pid, proj in records.projects.items():
        pf = ProjectFacts(proj)
        row = ledger.projects.get(pid)
        if row:
            pf.figures.add(*row)
        pf.volunteers = [v for v in _ordered_union([proj.leader], proj.volunteers, participants.get(pid, []))
                         if v in m.volunteers]
        for vid in pf.volunteers:
            m.volunteers[vid].projects.append(pid)
        for tid in proj.teams:
            if tid in m.teams:
                m.teams[tid].projects.append(pid)
        if proj.category in m.categories:
            m.categories[proj.category].projects.append(pid)
        m.projects[pid] = pf

    for cid, row in ledger.categories.items():
        if cid in m.categories:
            m.categories[cid].figures.add(*row)
    for (year, month), row in sorted(ledger.months.items()):
        m.months[(year, month)] = Figures(*row)
        m.years.setdefault(year, Figures()).add(*row)

    # Honors, newest year first; lists not yet in public notice are not shown anywhere.
    for honors in sorted(records.honors, key=lambda h: -h.year):
        for award in honors.awards:
            state = notice_state(award, today)
            if state == "pending":
                continue
            for r in award.recipients:
                target = m.volunteers if r.kind == "volunteer" else m.teams
                if r.id in target:
                    target[r.id].honors.append(HonorRef(honors, award, r, state))
                    t.honors += 1

    for wish in records.wishes:
        t.wishes += 1
        if wish.status == "已完成":
            t.wishes_done += 1
            t.wish_value_done += wish.value or 0
        elif wish.status == "已认领":
            t.wishes_claimed += 1
        if wish.claimed_by in m.volunteers:
            m.volunteers[wish.claimed_by].wishes.append(wish)
    for pairing in records.pairings:
        t.pairings += 1
        t.pairing_funds += pairing.funds or 0
        if pairing.volunteer in m.volunteers:
            m.volunteers[pairing.volunteer].pairings.append(pairing)
        if pairing.team in m.teams:
            m.teams[pairing.team].pairings.append(pairing)
    for story in records.stories:
        for vid in story.volunteers:
            if vid in m.volunteers:
                m.volunteers[vid].stories.append(story)
        for tid in story.teams:
            if tid in m.teams:
                m.teams[tid].stories.append(story)
        for pid in story.projects:
            if pid in m.projects:
                m.projects[pid].stories.append(story)

    # Organisations: direct members, then sums up the tree.
    for vf in m.volunteers.values():
        org = m.organizations.get(vf.record.organization)
        if org:
            org.volunteers.append(vf.id)
    for tf in m.teams.values():
        if tf.record.organization in m.organizations:
            m.organizations[tf.record.organization].teams.append(tf.id)
    for pf in m.projects.values():
        if pf.record.organization in m.organizations:
            m.organizations[pf.record.organization].projects.append(pf.id)
    for org in m.organizations.values():
        for ancestor in org.path:
            a = m.organizations[ancestor]
            a.total_volunteers += len(org.volunteers)
            a.total_teams += len(org.teams)
            a.total_projects += len(org.projects)
            for vid in org.volunteers:
                vf = m.volunteers[vid]
                a.figures.add(vf.hours, vf.services, vf.beneficiaries)

    # Headline totals.
    t.volunteers = len(m.volunteers)
    t.teams, t.projects = len(m.teams), len(m.projects)
    t.brand_projects = sum(1 for p in records.projects.values() if p.brand)
    t.ledger_rows = ledger.rows
    for vf in m.volunteers.values():
        t.published_volunteers += vf.published
        t.party_members += vf.record.status in ("党员", "预备党员")
        t.hours += vf.hours
        t.ledger_hours += vf.ledger_hours
        t.services += vf.services
        t.points += vf.points
        t.beneficiaries += vf.beneficiaries
        t.stars[vf.star] += 1
    t.economic_value = t.hours * site.hour_value_yuan
    return m
