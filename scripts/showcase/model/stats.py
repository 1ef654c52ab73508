"""The statistics as raw figures (numbers and ids), one table per chart.

Everything comes from the model, which folded the ledger once; this module only
arranges it. The site turns the tables into charts, data tables and downloads
(site/charts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .figures import Model


@dataclass
class Series:
    """A named table of rows: the figures behind one chart."""

    id: str
    columns: list          # column keys
    rows: list             # list of lists, raw values
    chart: dict = field(default_factory=dict)


def _round(x: float) -> float:
    return round(x, 1)


def collect(m: Model) -> dict:
    """Every statistic, raw (numbers, ids), ready for formatting or export."""
    t = m.totals
    org_rows = [[o.id, o.record.name, depth, o.total_volunteers, _round(o.figures.hours),
                 o.figures.services, o.figures.beneficiaries] for o, depth in m.org_tree()]

    categories = sorted(m.categories.values(), key=lambda c: (-c.figures.hours, c.record.name))
    top = sorted(m.published(), key=lambda v: (-v.hours, v.record.name))[:10]
    return {
        "totals": {
            "volunteers": t.volunteers, "party_members": t.party_members, "teams": t.teams,
            "projects": t.projects, "hours": _round(t.hours), "services": t.services,
            "points": _round(t.points), "beneficiaries": t.beneficiaries,
            "economic_value": round(t.economic_value, 2), "pairings": t.pairings,
            "pairing_funds": round(t.pairing_funds, 2), "wishes": t.wishes,
            "wishes_done": t.wishes_done, "wishes_claimed": t.wishes_claimed,
            "honors": t.honors, "ledger_rows": t.ledger_rows,
        },
        "by_year": Series("by_year", ["year", "hours", "services", "beneficiaries"], [
            [y, _round(f.hours), f.services, f.beneficiaries] for y, f in sorted(m.years.items())]),
        "by_month": Series("by_month", ["month", "hours", "services", "beneficiaries"], [
            [f"{y}-{mo:02d}", _round(f.hours), f.services, f.beneficiaries]
            for (y, mo), f in sorted(m.months.items())]),
        "by_org": Series("by_org", ["id", "name", "depth", "volunteers", "hours", "services",
                                    "beneficiaries"], org_rows),
        "by_category": Series("by_category", ["id", "name", "hours", "services", "volunteers"], [
            [c.record.id, c.record.name, _round(c.figures.hours), c.figures.services, c.volunteers]
            for c in categories]),
        "stars": Series("stars", ["stars", "volunteers"], [[i, n] for i, n in enumerate(t.stars)]),
        "top": Series("top", ["rank", "id", "name", "hours", "services"], [
            [i + 1, v.id, v.record.name, _round(v.hours), v.services] for i, v in enumerate(top)]),
        "wishes": Series("wishes", ["status", "count"], [
            ["已完成", t.wishes_done], ["已认领", t.wishes_claimed],
            ["待认领", t.wishes - t.wishes_done - t.wishes_claimed]]),
    }
