"""What the printed documents (A4 PDF) show, as plain data for the paper stage.

Built from the published views of `pages.Planner` (honor lists as shown, a volunteer's page
context), never from records: a document names no one the site does not name and holds no
`private` field. Every word is the catalogue's, every number formatted by `text/fmt`.

- the 公示 notice of each year whose awards are in their notice window (made while the window is
  open: SPEC's "the notice of a list in its notice window"; after it the formal list replaces it);
- the 正式名单 of the awards whose window has closed;
- the 光荣榜 of each year with final awards (citations, scores);
- the 志愿服务记录 of each published volunteer.
"""

from __future__ import annotations

import re
from datetime import date

from ..text import fmt, ui
from ..text.catalogue import tr
from . import links

# "2026 年度" in a title reads "2026年度" in an official document's title
_SPACE_BY_HAN = re.compile(r"(?<=[0-9\u4e00-\u9fff])\s+(?=[0-9\u4e00-\u9fff])")


def _tight(text: str, lang: str) -> str:
    return _SPACE_BY_HAN.sub("", text) if lang == "zh" else text


def window(start: date, end: date, lang: str) -> str:
    """2026年11月20日至12月4日 / November 20, 2026 – December 4, 2026."""
    if lang == "zh":
        tail = f"{end.month}月{end.day}日" if end.year == start.year else fmt.day(end, lang)
        return f"{fmt.day(start, lang)}至{tail}"
    return f"{fmt.day(start, lang)} – {fmt.day(end, lang)}"


def kinds(year_view: dict) -> list[str]:
    """The documents a year of honors (a view of Planner.honor_lists) has."""
    awards = year_view["awards"]
    out = []
    if any(a["state"] == "notice" for a in awards):
        out.append("notice")
    if any(a["state"] == "final" and a["notice"] for a in awards):
        out.append("list")
    if any(a["state"] == "final" for a in awards):
        out.append("roll")
    return out


def honor_links(year_view: dict) -> list[dict]:
    """The links to a year's documents for its page: label and site path."""
    return [{"kind": k, "path": links.honors_pdf(year_view["year"], k)} for k in kinds(year_view)]


class Printed:
    """The documents of one language's site: (site path, template kind, data) triples."""

    def __init__(self, planner, address: str | None = None, records: bool = True):
        self.p = planner
        self.m = planner.m
        self.lang = planner.lang
        self.address = address.rstrip("/") + "/" if address else None
        self.records = records

    def tr(self, key: str, **params) -> str:
        return tr(key, self.lang, **params)

    def documents(self) -> list[tuple[str, str, dict]]:
        out = []
        for y in self.p.honor_lists():
            for kind in kinds(y):
                out.append((links.honors_pdf(y["year"], kind), kind, getattr(self, kind)(y)))
        for year in self.p.annual_years():
            out.append((links.annual_pdf(year), "annual", self.annual(self.p.annual_view(year))))
        if self.records:
            by_category = self._category_hours()
            for vf in sorted(self.m.published(), key=lambda v: v.id):
                out.append((links.volunteer_pdf(vf.id), "record", self.record(vf, by_category.get(vf.id, []))))
        return out

    # -- honors ----------------------------------------------------------------------

    def _base(self, title: str) -> dict:
        return {"lang": self.lang, "site": self.m.site.name, "title": title}

    def _list_title(self, y: dict) -> str:
        return _tight(y["title"] or self.p.t("year_honors", year=y["year"]), self.lang)

    def _contact(self, year: int) -> dict:
        h = next((h for h in self.m.records.honors if h.year == year), None)
        return (h.contact if h and h.contact else None) or self.m.site.contact or {}

    def _headers(self) -> list[str]:
        return [self.tr(k) for k in ("paper.number", "paper.name", "paper.unit", "paper.post")]

    def _rows(self, award: dict) -> list[list[str]]:
        return [[r["name"], r["org"] or "", r["post"] or ""] for r in award["recipients"]]

    def _issuer(self, awards: list[dict]) -> str:
        issuers = {a["issuer"] for a in awards if a["issuer"]}
        return issuers.pop() if len(issuers) == 1 else self.m.site.name

    def _sections(self, awards: list[dict], windows: bool) -> list[dict]:
        shared = len({a["notice"] for a in awards}) == 1
        return [{"title": a["title"], "rows": self._rows(a),
                 "note": "" if shared and not windows or not a["notice"] else
                 self.tr("paper.list_window", window=window(*a["notice"], self.lang))}
                for a in awards]

    def notice(self, y: dict) -> dict:
        awards = [a for a in y["awards"] if a["state"] == "notice"]
        count = sum(len(a["recipients"]) for a in awards)
        windows = sorted({a["notice"] for a in awards})
        contact = self._contact(y["year"])
        lines = [self.tr(f"paper.{k}", value=contact[k]) for k in ("phone", "email", "address") if contact.get(k)]
        data = self._base(self.tr("paper.notice_title", title=self._list_title(y)))
        data.update(
            opening=self.tr("paper.notice_opening", count=count), headers=self._headers(),
            sections=self._sections(awards, windows=False) if len(windows) == 1 else self._sections(awards, True),
            window=self.tr("paper.notice_window", window="；".join(window(s, e, self.lang) for s, e in windows)),
            object=self.tr("paper.notice_object", office=contact.get("office") or self.tr("paper.the_office")),
            contact=lines, issuer=self._issuer(awards), date=fmt.day(windows[0][0], self.lang))
        return data

    def list(self, y: dict) -> dict:
        awards = [a for a in y["awards"] if a["state"] == "final" and a["notice"]]
        count = sum(len(a["recipients"]) for a in awards)
        dates = [a["date"] for a in awards if a["date"]]
        data = self._base(self.tr("paper.list_title", title=self._list_title(y)))
        data.update(opening=self.tr("paper.list_opening", count=count), headers=self._headers(),
                    sections=self._sections(awards, windows=True), issuer=self._issuer(awards),
                    date=fmt.day(max(dates), self.lang) if dates else "")
        return data

    def roll(self, y: dict) -> dict:
        sections = []
        for a in y["awards"]:
            if a["state"] != "final":
                continue
            note = " · ".join(x for x in (a["issuer"], fmt.day(a["date"], self.lang) if a["date"] else "") if x)
            people = [{"name": r["name"], "line": " · ".join(x for x in (r["org"], r["post"]) if x),
                       "citation": r.get("citation") or "",
                       "score": f'{self.tr("paper.score")} {fmt.number(r["score"], self.lang)}'
                       if r.get("score") is not None else ""} for r in a["recipients"]]
            sections.append({"title": a["title"], "note": note, "people": people})
        return dict(self._base(self.tr("paper.roll_title", year=y["year"])), sections=sections)

    # -- the annual report -------------------------------------------------------------

    def annual(self, r: dict) -> dict:
        """The annual report's page (site/annual.py's view) as tables: figures beside the year
        before, months (with a bar each: the page's chart), categories, units, top projects, new
        volunteers, honors and stories. Only what the page shows, so only published names."""
        t, lang = self.p.t, self.lang
        num = lambda v, digits=1: fmt.number(v, lang, digits)  # noqa: E731

        def change(c):
            if not c:
                return ""
            if c["kind"] == "new":
                return t("annual_new")
            sign = {"up": "+", "down": "−"}.get(c["kind"], "")
            return f'{sign}{num(c["pct"])}%'

        def unit(f):
            return f'{num(f["value"], f["digits"])}{t("unit_gap") + f["unit"] if f["unit"] else ""}'

        figures = {"headers": [t("annual_indicator"), t("annual_year_n", year=r["year"])], "rows": []}
        if r["previous"]:
            figures["headers"] += [t("annual_year_n", year=r["previous"]), t("annual_change")]
        for f in r["figures"]:
            row = [f["label"], unit(f)]
            if r["previous"]:
                row += [num(f["before"], f["digits"]) if f["before"] is not None else "", change(f["change"])]
            figures["rows"].append(row)
        served = r["known"]["beneficiaries"]
        tables = []

        def table(title, headers, rows, bars=None):
            if rows:
                tables.append({"title": title, "headers": headers, "rows": rows, "bars": bars or []})

        top = max((mo["hours"] for mo in r["months"]), default=0) or 1
        table(t("annual_by_month"), [t("month"), t("hours"), t("services")] + ([t("beneficiaries")] if served else []),
              [[mo["name"], num(mo["hours"]), num(mo["services"], 0)] + ([num(mo["beneficiaries"], 0)] if served else [])
               for mo in r["months"]], bars=[round(mo["hours"] / top, 4) for mo in r["months"]])
        table(t("by_category"), [t("categories"), t("hours"), t("services")],
              [[c["name"], num(c["hours"]), num(c["services"], 0)] for c in r["categories"]])
        table(t("by_org"), [t("organization"), t("hours")],
              [["\u3000" * max(o["depth"] - 1, 0) + o["name"], num(o["hours"])] for o in r["organizations"]])
        table(t("annual_top_projects"), [t("rank"), t("project"), t("hours"), t("services")],
              [[str(p["rank"]), p["name"], num(p["hours"]), num(p["services"], 0)] for p in r["projects"]])
        lists = []
        if r["new_volunteers"]:
            lists.append((t("new_volunteers"), [" · ".join(x for x in (p["name"], p["org"]) if x)
                                               for p in r["new_volunteers"]]))
        if r["honors"]:
            lists.append((t("annual_honors"), [f'{a["title"]}：' + t("sep").join(x["name"] for x in a["recipients"])
                                              for a in r["honors"]["awards"]]))
        if r["stories"]:
            lists.append((t("annual_stories"), [f'{fmt.day(s["date"], lang)} {s["title"]}' for s in r["stories"]]))
        data = self._base(r["title"])
        data.update(intro=r["intro"], figures_title=t("annual_figures"), figures=figures, tables=tables,
                    lists=lists, url=self.address + r["path"] if self.address else None, scan=self.tr("paper.scan_page"),
                    as_of=self.tr("paper.as_of", site=self.m.site.name, date=fmt.day(self.m.today, lang)))
        return data

    # -- a volunteer's service record -----------------------------------------------------

    def _category_hours(self) -> dict:
        out: dict = {}
        for (vid, cid), hours in self.m.records.ledger.volunteer_categories.items():
            out.setdefault(vid, []).append((cid, hours))
        return out

    def record(self, vf, categories: list) -> dict:
        c = self.p.volunteer_summary(vf)
        card, person, figures = c["card"], c["person"], c["figures"]
        lang = self.lang
        facts = [(self.tr("paper.name"), person["name"])]
        for key, value in (("paper.unit", card["org"]), ("paper.post", card["post"]),
                           ("paper.status", ui.value(card["status"], lang) if card["status"] else None),
                           ("paper.joined", fmt.day(person["joined"], lang) if person["joined"] else None)):
            if value:
                facts.append((self.tr(key), value))
        by_year, by_category = [], []
        if figures:
            hours = lambda h: self.tr("paper.hours_value", value=fmt.number(h, lang))  # noqa: E731
            facts += [(self.tr("paper.hours"), hours(figures["hours"])),
                      (self.tr("paper.services"), fmt.number(figures["services"], lang, 0)),
                      (self.tr("paper.star"), ui.stars(card["star"], lang))]
            by_year = [(str(year), fmt.number(h, lang)) for year, h in sorted(vf.hours_by_year.items())]
            if vf.record.base_hours:
                by_year.insert(0, (self.tr("paper.base_hours"), fmt.number(vf.record.base_hours, lang)))
            if "categories" in c["show"]:
                names = {cid: cf.record.name for cid, cf in self.m.categories.items()}
                by_category = [(names[cid], fmt.number(h, lang))
                               for cid, h in sorted(categories, key=lambda ch: (-ch[1], ch[0])) if cid in names]
        honors = [f'{h["year"]} {h["title"]}' + (f'（{h["issuer"]}）' if h["issuer"] else "")
                  for h in c["honors"] if h["state"] == "final"]
        url = self.address + links.volunteer(vf.id) if self.address else None
        data = self._base(self.tr("paper.record_title"))
        data.update(
            facts=facts, by_year=by_year, by_category=by_category,
            by_year_title=self.tr("paper.by_year"), by_category_title=self.tr("paper.by_category"),
            by_year_headers=[self.tr("paper.year"), self.tr("paper.hours_col")],
            by_category_headers=[self.tr("paper.category"), self.tr("paper.hours_col")],
            lists=[(self.tr("paper.projects"), [p["name"] for p in c["projects"]]),
                   (self.tr("paper.honors"), honors)],
            none=self.tr("paper.none"), scan=self.tr("paper.scan"), url=url,
            as_of=self.tr("paper.as_of", site=self.m.site.name, date=fmt.day(self.m.today, lang)))
        return data
