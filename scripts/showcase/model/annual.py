"""The annual report's figures (年度报告): one year's service beside the year before.

Everything comes from the model and the folded ledger (months, (volunteer, year),
(project, year) and (category, year) totals); this module only selects and adds.
A figure the records cannot know for a year is None, never a 0: the ledger's
figures before its first year, honors before the first honor list, stories before
the first story, new volunteers when no one's `joined` is written. A 0 they know
stays a 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .figures import Model, notice_state

# The figures of a year, in the order a report shows them, and where each comes from.
SOURCES = {
    "hours": "ledger", "services": "ledger", "beneficiaries": "ledger",
    "volunteers_active": "ledger", "new_volunteers": "joined", "teams_active": "ledger",
    "projects_active": "ledger", "honors": "honors", "stories": "stories",
}
TOP_PROJECTS = 10


@dataclass
class Year:
    """One year's report, raw: numbers and ids, no words."""

    year: int
    previous: int | None                          # the year before, when it has a report too
    figures: dict = field(default_factory=dict)   # key -> number, or None (not known)
    before: dict = field(default_factory=dict)    # key -> the year before's number, or None
    change: dict = field(default_factory=dict)    # key -> None, "new" or a percentage (float)
    months: list = field(default_factory=list)    # [month, hours, services, beneficiaries]
    categories: list = field(default_factory=list)  # [category id, hours, services, beneficiaries]
    organizations: list = field(default_factory=list)  # [org id, depth, hours] over each subtree
    projects: list = field(default_factory=list)  # [project id, hours, services, beneficiaries], top first
    new_volunteers: list = field(default_factory=list)  # ids of the published who joined, by date
    stories: list = field(default_factory=list)   # Story records dated in the year, newest first


def _honor_years(m: Model) -> dict:
    """year -> honors shown (recipients of awards past 'pending' whom the model knows)."""
    years: dict = {}
    for h in m.records.honors:
        for award in h.awards:
            if notice_state(award, m.today) == "pending":
                continue
            n = sum(1 for r in award.recipients
                    if (m.volunteers if r.kind == "volunteer" else m.teams).get(r.id) is not None
                    and (r.kind != "volunteer" or m.volunteers[r.id].published))
            years[h.year] = years.get(h.year, 0) + n
    return years


class Annual:
    """The annual figures of every year, computed once from a model."""

    def __init__(self, m: Model):
        self.m = m
        self.honors = _honor_years(m)
        self.story_years: dict = {}
        for s in m.records.stories:
            self.story_years[s.date.year] = self.story_years.get(s.date.year, 0) + 1
        self.joined: dict = {}
        for vf in m.volunteers.values():
            if vf.record.joined:
                self.joined[vf.record.joined.year] = self.joined.get(vf.record.joined.year, 0) + 1
        self.active: dict = {}  # year -> volunteers with a ledger row that year
        for vf in m.volunteers.values():
            for y in vf.hours_by_year:
                self.active[y] = self.active.get(y, 0) + 1
        ledger = m.records.ledger
        self.project_years: dict = {}
        for (pid, y), row in ledger.project_years.items():
            if pid in m.projects:
                self.project_years.setdefault(y, []).append((pid, row))
        self.category_years: dict = {}
        for (cid, y), row in ledger.category_years.items():
            if cid in m.categories:
                self.category_years.setdefault(y, []).append((cid, row))
        self.first = {"ledger": min(m.years, default=None), "joined": min(self.joined, default=None),
                      "honors": min(self.honors, default=None),
                      "stories": min(self.story_years, default=None)}

        self._years = sorted(set(m.years) | set(self.honors) | set(self.story_years) | set(self.joined),
                             reverse=True)

    def years(self) -> list[int]:
        """Every year that has ledger rows, honors shown, stories or new volunteers, newest first."""
        return list(self._years)

    def known(self, key: str, year: int) -> bool:
        first = self.first[SOURCES[key]]
        if first is None or year < first:
            return False
        if key == "beneficiaries":
            return self.m.records.ledger.beneficiary_rows > 0
        return True

    def figures(self, year: int) -> dict:
        m = self.m
        f = m.years.get(year)
        teams = sum(1 for tf in m.teams.values()
                    if any(year in m.volunteers[v].hours_by_year for v in tf.members if v in m.volunteers))
        values = {
            "hours": round(f.hours, 1) if f else 0.0, "services": f.services if f else 0,
            "beneficiaries": f.beneficiaries if f else 0, "volunteers_active": self.active.get(year, 0),
            "new_volunteers": self.joined.get(year, 0), "teams_active": teams,
            "projects_active": len(self.project_years.get(year, [])),
            "honors": self.honors.get(year, 0), "stories": self.story_years.get(year, 0),
        }
        return {k: (v if self.known(k, year) else None) for k, v in values.items()}

    def year(self, year: int) -> Year:
        m = self.m
        # the year before is compared only when it has a report of its own (records of its own)
        previous = year - 1 if year - 1 in self.years() else None
        out = Year(year, previous, figures=self.figures(year))
        out.before = self.figures(year - 1) if previous else {k: None for k in SOURCES}
        out.change = {k: change(out.figures[k], out.before[k]) for k in SOURCES}
        last = m.today.month if year == m.today.year else 12
        if year in m.years:
            out.months = [[mo, *_row(m.months.get((year, mo)))] for mo in range(1, last + 1)]
        out.categories = sorted(([cid, round(r[0], 1), r[1], r[2]] for cid, r in self.category_years.get(year, [])),
                                key=lambda r: (-r[1], m.categories[r[0]].record.name, r[0]))
        out.projects = sorted(([pid, round(r[0], 1), r[1], r[2]] for pid, r in self.project_years.get(year, [])),
                              key=lambda r: (-r[1], m.projects[r[0]].record.name, r[0]))[:TOP_PROJECTS]
        if year in m.years:
            org_hours: dict = {}
            for of in m.organizations.values():
                for vid in of.volunteers:
                    h = m.volunteers[vid].hours_by_year.get(year)
                    if h:
                        for ancestor in of.path:
                            org_hours[ancestor] = org_hours.get(ancestor, 0.0) + h
            out.organizations = [[o.id, depth, round(org_hours.get(o.id, 0.0), 1)]
                                 for o, depth in m.org_tree()]
        joined = [v for v in m.published() if v.record.joined and v.record.joined.year == year]
        out.new_volunteers = [v.id for v in sorted(joined, key=lambda v: (v.record.joined, v.record.name, v.id))]
        out.stories = sorted((s for s in m.records.stories if s.date.year == year),
                             key=lambda s: (s.date, s.title), reverse=True)
        return out


def _row(f) -> list:
    return [round(f.hours, 1), f.services, f.beneficiaries] if f else [0.0, 0, 0]


def change(now, before):
    """None (no comparison), "new" (from 0 to more) or the change in percent, one decimal."""
    if now is None or before is None:
        return None
    if before == 0:
        return "new" if now else None
    return round((now - before) * 100 / before, 1)
