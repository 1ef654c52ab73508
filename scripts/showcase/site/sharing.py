"""What a shared link and a search engine read of each page: its description and the date its
records last changed (the sitemap's lastmod).

Dates come from the records only, never from the build clock, so two builds of the same records
give the same sitemap, and a page's date moves only when something it shows changed: a ledger
row, a highlight, an honor, a story. A date after the build's `today` (a project's planned end)
is not a change yet and is left out.
"""

from __future__ import annotations

from datetime import date

from ..model.figures import Model, VolunteerFacts, notice_state


def _latest(dates, today: date) -> date | None:
    kept = [d for d in dates if d is not None and d <= today]
    return max(kept) if kept else None


class LastChanged:
    """The latest record date behind each page (None: nothing dated)."""

    def __init__(self, m: Model):
        self.m = m
        self.today = m.today
        self._volunteers: dict = {}

    def honor_dates(self, award) -> list:
        """An award's dates that the site has shown: its own, and its notice window's (the list's
        when the award has none) opening and close once reached (公示中, then final)."""
        out = [award.date]
        if award.notice:
            out += [d for d in award.notice if d <= self.today]
        return out

    def volunteer(self, vf: VolunteerFacts) -> date | None:
        if vf.id not in self._volunteers:
            r = vf.record
            dates = [vf.last_service, r.joined, *(h.date for h in r.highlights)]
            for ref in vf.honors:
                dates += self.honor_dates(ref.award)
            dates += [s.date for s in vf.stories] + [p.start for p in vf.pairings]
            dates += [w.done or w.posted for w in vf.wishes]
            self._volunteers[vf.id] = _latest(dates, self.today)
        return self._volunteers[vf.id]

    def people(self, ids) -> list:
        vols = self.m.volunteers
        return [self.volunteer(vols[v]) for v in ids if v in vols]

    def team(self, tf) -> date | None:
        dates = [tf.record.founded, *self.people(tf.members), *(s.date for s in tf.stories),
                 *(p.start for p in tf.pairings)]
        for ref in tf.honors:
            dates += self.honor_dates(ref.award)
        return _latest(dates, self.today)

    def project(self, pf) -> date | None:
        p = pf.record
        return _latest([p.start, p.end, self.m.records.ledger.project_last.get(pf.id),
                        *(s.date for s in pf.stories)], self.today)

    def organization(self, of) -> date | None:
        m = self.m
        subtree = [o for o in m.organizations.values() if of.id in o.path]
        dates = []
        for o in subtree:
            dates += self.people(o.volunteers)
            dates += [self.team(m.teams[t]) for t in o.teams]
            dates += [self.project(m.projects[p]) for p in o.projects]
        return _latest(dates, self.today)

    def honor_year(self, honors) -> date | None:
        dates = []
        for award in honors.awards:
            if notice_state(award, self.today) != "pending":
                dates += self.honor_dates(award)
        return _latest(dates, self.today)

    def all_volunteers(self) -> date | None:
        return _latest([self.volunteer(v) for v in self.m.published()], self.today)

    def all_teams(self) -> date | None:
        return _latest([self.team(t) for t in self.m.teams.values()], self.today)

    def all_projects(self) -> date | None:
        return _latest([self.project(p) for p in self.m.projects.values()], self.today)

    def all_organizations(self) -> date | None:
        return _latest([self.all_volunteers(), self.all_teams(), self.all_projects()], self.today)

    def all_honors(self) -> date | None:
        return _latest([self.honor_year(h) for h in self.m.records.honors], self.today)

    def ledger(self) -> date | None:
        """The newest ledger row (each file's dates are kept newest first)."""
        return _latest([days[0][0] for _, days in self.m.records.ledger.dates if days], self.today)

    def stats(self) -> date | None:
        return _latest([self.ledger(), self.all_volunteers(), self.all_teams(), self.all_projects(),
                        self.wishes()], self.today)

    def wishes(self) -> date | None:
        return _latest([w.done or w.posted for w in self.m.records.wishes], self.today)

    def stories(self) -> date | None:
        return _latest([s.date for s in self.m.records.stories], self.today)
