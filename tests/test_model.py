"""Derived figures of the mini project, worked out by hand.

Volunteers (base hours + ledger rows of data/records/2025.csv):
  alice  90 + 5 + 6   = 101   → 1 star (≥100); points 3 + 2 rows × 1 = 5
  bob   295 + 4       = 299   → 1 star (<300); points 0 + explicit 3 = 3
  carol  10 + 2.5     = 12.5  → 0 stars;       points 1
Total 412.5 h × 20 元/h = 8,250 元.
"""

from datetime import date

import pytest

from showcase.model.figures import notice_state, star_level
from showcase.records.types import Award
from showcase.records.validate import working_days


def test_volunteer_figures(project):
    m = project.model()
    alice, bob, carol = (m.volunteers[v] for v in ("alice", "bob", "carol"))
    assert (alice.hours, alice.services, alice.beneficiaries, alice.points, alice.star) == (101, 2, 10, 5, 1)
    assert (bob.hours, bob.services, bob.beneficiaries, bob.points, bob.star) == (299, 1, 20, 3, 1)
    assert (carol.hours, carol.star, carol.points) == (12.5, 0, 1)
    assert alice.first_service == date(2025, 3, 1) and alice.last_service == date(2025, 4, 2)
    assert alice.hours_by_year == {2025: 11}


def test_relations_both_ways(project):
    m = project.model()
    assert m.volunteers["alice"].teams == ["team-a"]
    assert m.volunteers["bob"].teams == ["team-a"]
    assert m.teams["team-a"].members == ["alice", "bob"]  # leader first
    assert m.teams["team-a"].hours == 400
    # leader, then ledger participants
    assert m.projects["proj-a"].volunteers == ["bob", "alice"]
    assert m.volunteers["alice"].projects == ["proj-a"]
    assert [h.award.title for h in m.volunteers["alice"].honors] == ["优秀党员志愿者"]
    assert [h.award.title for h in m.teams["team-a"].honors] == ["优秀志愿服务队"]
    assert [w.wish for w in m.volunteers["alice"].wishes] == ["一台收音机"]
    assert [s.title for s in m.volunteers["alice"].stories] == ["谭小明的故事"]


def test_project_and_category_figures(project):
    m = project.model()
    f = m.projects["proj-a"].figures
    assert (f.hours, f.services, f.beneficiaries) == (9, 2, 30)
    # the ledger names one category by its Chinese name: it counts under its id
    assert m.categories["policy-outreach"].figures.hours == 11
    assert m.categories["poverty-relief"].figures.hours == 4
    assert m.categories["healthcare"].figures.hours == 2.5
    assert m.volunteers["alice"].categories == ["policy-outreach"]


def test_organisation_totals_roll_up_the_tree(project):
    m = project.model()
    o = m.organizations
    assert (o["village"].total_volunteers, o["village"].figures.hours) == (1, 101)
    assert (o["town"].total_volunteers, o["town"].figures.hours) == (2, 400)
    assert (o["unit"].total_volunteers, o["unit"].figures.hours) == (1, 12.5)
    assert (o["county"].total_volunteers, o["county"].figures.hours) == (3, 412.5)
    assert o["county"].figures.services == 4 and o["county"].figures.beneficiaries == 30
    assert o["village"].path == ["county", "town", "village"]
    assert o["county"].total_teams == 1 and o["county"].total_projects == 1


def test_totals(project):
    t = project.model().totals
    assert (t.volunteers, t.published_volunteers, t.party_members) == (3, 2, 2)
    assert (t.hours, t.ledger_hours, t.services, t.beneficiaries) == (412.5, 17.5, 4, 30)
    assert t.points == 9
    assert t.economic_value == 8250
    assert (t.pairings, t.pairing_funds) == (2, 1500)
    assert (t.wishes, t.wishes_done, t.wish_value_done) == (2, 1, 100)
    assert t.stars == [1, 2, 0, 0, 0, 0]
    assert t.honors == 3


def test_months_and_years(project):
    m = project.model()
    assert {k: v.hours for k, v in m.months.items()} == {(2025, 3): 5, (2025, 4): 10, (2025, 5): 2.5}
    assert m.years[2025].services == 4


@pytest.mark.parametrize("hours,stars", [(0, 0), (99.9, 0), (100, 1), (299, 1), (300, 2),
                                         (600, 3), (999, 3), (1000, 4), (1500, 5), (99999, 5)])
def test_star_levels_national_thresholds(hours, stars):
    assert star_level(hours, (100, 300, 600, 1000, 1500)) == stars


def test_custom_star_thresholds_from_site_yml(project):
    project.edit("data/site.yml", "star_hours: [100, 300, 600, 1000, 1500]", "star_hours: [10, 50, 100]")
    m = project.model()
    assert m.volunteers["carol"].star == 1
    assert m.volunteers["alice"].star == 3
    assert m.totals.stars == [0, 1, 0, 2]


def test_points_per_service_from_site_yml(project):
    project.edit("data/site.yml", "points_per_service: 1", "points_per_service: 2")
    m = project.model()
    assert m.volunteers["alice"].points == 3 + 2 * 2
    assert m.volunteers["bob"].points == 3  # explicit points in the ledger row win


def test_notice_state():
    award = Award("优秀", [], notice=(date(2026, 11, 20), date(2026, 12, 4)))
    assert notice_state(award, date(2026, 11, 19)) == "pending"
    assert notice_state(award, date(2026, 11, 20)) == "notice"
    assert notice_state(award, date(2026, 12, 4)) == "notice"
    assert notice_state(award, date(2026, 12, 5)) == "final"
    assert notice_state(Award("优秀", []), date(2026, 1, 1)) == "final"


@pytest.mark.parametrize("start,end,days", [
    ("2026-11-23", "2026-11-27", 5),   # Monday to Friday
    ("2026-11-20", "2026-11-26", 5),   # Friday to Thursday, a weekend between
    ("2026-11-21", "2026-11-27", 5),   # Saturday to Friday
    ("2026-11-23", "2026-11-26", 4),
    ("2026-11-28", "2026-11-29", 0),   # a weekend
    ("2026-11-20", "2026-12-04", 11),
    ("2025-09-29", "2025-10-10", 4),   # National Day week: 9-29, 9-30, 10-9, 10-10
    ("2025-10-11", "2025-10-11", 1),   # a Saturday made a workday (调休)
    ("2027-03-01", "2027-03-07", 5),   # a year the calendar does not know yet: Monday to Friday
])
def test_working_days(start, end, days):
    assert working_days(date.fromisoformat(start), date.fromisoformat(end)) == days


def test_pending_honor_lists_are_not_shown(project):
    project.edit("data/honors/2025.yml", "year: 2025\n", "year: 2025\nnotice: {from: 2026-12-01, to: 2026-12-10}\n")
    m = project.model()
    assert m.volunteers["alice"].honors == []
    assert m.totals.honors == 0


def test_model_does_not_import_mkdocs():
    import subprocess
    import sys

    code = ("import sys; import showcase.model.pipeline, showcase.model.figures, showcase.model.stats, showcase.site.pages;"
            "print(any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
