"""The annual report (年度报告): one view per year, plain data a page, a poster or a PDF prints.

`view(planner, year)` picks from the model's annual figures (model/annual.py) field by
field: numbers, labels, rows and links, and only the published people. The page template
(theme/showcase/annual.html) formats the numbers; a PDF template could print the same dict.
"""

from __future__ import annotations

from ..model.annual import SOURCES, Annual
from ..text import fmt
from . import charts as geometry
from . import links

# figure key -> (label key, unit key)
LABELS = {
    "hours": ("hours", "hours_unit"), "services": ("services", "services_unit"),
    "beneficiaries": ("people_served", ""), "volunteers_active": ("volunteers_active", "people_unit"),
    "new_volunteers": ("new_volunteers", "people_unit"), "teams_active": ("teams_active", ""),
    "projects_active": ("projects_active", ""), "honors": ("honors_count", ""),
    "stories": ("stories_count", ""),
}


def annual(planner) -> Annual:
    """The model's annual figures, computed once per planner."""
    if getattr(planner, "_annual", None) is None:
        planner._annual = Annual(planner.m)
    return planner._annual


def years(planner) -> list[int]:
    return annual(planner).years()


def _change(value) -> dict | None:
    """{"kind": "new"} or {"kind": "up"|"down"|"same", "pct": 4.1}, or None (nothing to compare)."""
    if value is None:
        return None
    if value == "new":
        return {"kind": "new", "pct": None}
    return {"kind": "up" if value > 0 else "down" if value < 0 else "same", "pct": abs(value)}


def view(planner, year: int) -> dict:
    m, t, lang = planner.m, planner.t, planner.lang
    a = annual(planner)
    y = a.year(year)
    all_years = a.years()
    figures = []
    for key in SOURCES:
        value = y.figures[key]
        if value is None:
            continue
        label, unit = LABELS[key]
        figures.append({"key": key, "label": t(label), "unit": t(unit) if unit else "",
                        "value": value, "before": y.before[key], "change": _change(y.change[key]),
                        "digits": 1 if key == "hours" else 0})
    ticks = [fmt.month_tick(year, r[0], lang) for r in y.months]  # ("3月", "2026年"): the year is the page's
    months = [{"month": r[0], "label": tick[0], "name": fmt.month(year, r[0], lang), "hours": r[1],
               "services": r[2], "beneficiaries": r[3]} for tick, r in zip(ticks, y.months)]
    categories = [{"id": r[0], "name": m.categories[r[0]].record.name, "hours": r[1], "services": r[2],
                   "beneficiaries": r[3]} for r in y.categories]
    top_depth = 1 if len(m.roots()) == 1 else 0
    organizations = [{"id": r[0], "name": m.organizations[r[0]].record.name, "depth": r[1], "hours": r[2],
                      "path": links.organization(r[0])} for r in y.organizations]
    units = [o for o in organizations if o["depth"] == top_depth and o["hours"]]
    charts = {
        "months": geometry.columns([(mo["name"], mo["hours"]) for mo in months],
                                   ticks=[(tick, "") for tick, _ in ticks]) if months else None,
        "categories": geometry.bars([(c["name"], c["hours"]) for c in categories if c["hours"]]) if categories else None,
        "organizations": geometry.bars([(o["name"], o["hours"]) for o in units], label_width=120) if units else None,
    }
    projects = [{"rank": i + 1, "name": m.projects[r[0]].record.name, "path": links.project(r[0]),
                 "hours": r[1], "services": r[2], "beneficiaries": r[3]} for i, r in enumerate(y.projects)]
    show_joined = "joined" in planner.show
    new_people = []
    if show_joined:
        for vid in y.new_volunteers:
            ref = planner.person_ref(vid)
            if ref:
                ref = dict(ref, joined=m.volunteers[vid].record.joined)
                new_people.append(ref)
    honors = next((h for h in planner.honor_lists() if h["year"] == year), None)
    index = all_years.index(year)
    return {
        "year": year, "previous": y.previous,
        "title": t("annual_title", year=year),
        "site": planner.site_view(),
        "intro": (t("annual_intro", site=m.site.name, year=year, previous=y.previous) if y.previous
                  else t("annual_intro_first", site=m.site.name, year=year)),
        "figures": figures,
        "known": {"beneficiaries": a.known("beneficiaries", year)},
        "months": months, "categories": categories, "organizations": organizations, "charts": charts,
        "projects": projects,
        "new_volunteers": new_people,
        "honors": honors,
        "stories": [planner.story_ref(s) for s in y.stories],
        "years": [{"year": other, "path": links.annual(other)} for other in all_years],
        "newer": links.annual(all_years[index - 1]) if index > 0 else None,
        "older": links.annual(all_years[index + 1]) if index + 1 < len(all_years) else None,
        "poster": links.poster_annual(year) if planner.posters else None,
        "pdf": links.annual_pdf(year) if planner.printed else None,  # the A4 report (site/printed.py)
        "path": links.annual(year),
    }


def index_view(planner) -> dict:
    """The list of reports, newest first, with each year's hours and services when known."""
    a = annual(planner)
    rows = []
    for year in a.years():
        f = a.figures(year)
        rows.append({"year": year, "path": links.annual(year), "title": planner.t("annual_title", year=year),
                     "hours": f["hours"], "services": f["services"], "new_volunteers": f["new_volunteers"],
                     "honors": f["honors"], "stories": f["stories"]})
    return {"reports": rows}
