"""Which images the site needs, and what each shows: photo jobs from the
records, posters of people and honor lists, and a preview card per page.

It connects the model and the page plan to the image pipeline; like them it
knows nothing of MkDocs.
"""

from __future__ import annotations

from pathlib import Path

from ..text import fmt, ui
from . import links
from ..images import PhotoJob, job
from ..text.messages import Problem
from ..model.figures import Model
from .pages import Plan, Planner


def photo_jobs(m: Model, photos: Path, rel_root: str = "data/photos") -> list[PhotoJob]:
    """One job per photo a page shows: faces square, project photos 4:3; nobody unconsented."""
    jobs, seen = [], set()

    def add(key: str, shape: str, focus=None):
        if (key, shape) not in seen:
            seen.add((key, shape))
            jobs.append(PhotoJob(key, photos / key, f"{rel_root}/{key}", shape, focus))

    for vf in m.published():
        if vf.show_photo and "photo" in m.site.public_fields:
            add(vf.record.photo, "square", vf.record.photo_focus)
    for pf in m.projects.values():
        for photo in pf.record.photos:
            add(photo, "wide")
    for story in m.records.stories:  # the cover a feed reader shows beside the story
        if story.cover:
            add(story.cover, "wide")
    for tf in m.teams.values():
        if tf.record.logo:
            add(tf.record.logo, "square")
    if m.site.logo:  # the organisation's logo: the header's and the browser tab's
        add(m.site.logo, "square", (0.5, 0.5))
    return jobs


def sort_results(results, keep_going: bool) -> tuple[dict, list, list[Problem]]:
    """Pictures by shape and key, the files to publish, and the problems (as warnings with keep_going)."""
    pictures: dict = {"square": {}, "wide": {}}
    outputs, problems = [], []
    shape_of = {}
    for r in results:
        shape_of.setdefault(r.key, [])
    for r in results:
        if r.problem:
            code, params, severity = r.problem
            rel = f"data/photos/{r.key}"
            if severity == "error":
                problems.append(Problem(rel, None, None, code, params, "warning" if keep_going else "error"))
                if keep_going:
                    problems.append(Problem(rel, None, None, "photo.skipped", {}, "warning"))
                continue
            problems.append(Problem(rel, None, None, code, params, "warning"))
        if r.picture:
            shape = "wide" if abs(r.picture["width"] / r.picture["height"] - 1) > 0.01 else "square"
            pictures[shape][r.key] = r.picture
            outputs.extend(r.outputs)
    return pictures, outputs, problems


def _face(vf, pictures: dict, files: dict) -> dict:
    picture = pictures["square"].get(vf.record.photo) if vf.show_photo else None
    photo = files.get(picture["jpeg"][-1]["path"]) if picture else None
    return {"id": vf.id, "name": vf.record.name, "photo": photo}


def _url(site_url: str | None, path: str) -> str | None:
    return site_url.rstrip("/") + "/" + path if site_url else None


def poster_jobs(m: Model, planner: Planner, lang: str, site_url: str | None, pictures: dict,
                files: dict) -> list:
    """A poster per published volunteer and per honor list shown."""
    t = ui.translator(lang)
    site = m.site.name
    footer = t("poster_footer", site=site, date=fmt.day(m.today, lang))
    cards = []
    for vf in m.published():
        r = vf.record
        org = m.organizations.get(r.organization)
        cards.append(job(links.poster(vf.id), "volunteer", site=site, title=t("poster_title"),
                         name=r.name, stars=vf.star, star_label=ui.stars(vf.star, lang) if vf.star else "",
                         org=org.record.name if org else "", post=r.post or "", motto=r.motto or "",
                         figures=[(t("hours"), fmt.number(vf.hours, lang), t("hours_unit")),
                                  (t("services"), fmt.number(vf.services, lang, 0), ""),
                                  (t("points"), fmt.number(vf.points, lang), "")],
                         face=_face(vf, pictures, files), url=_url(site_url, links.volunteer(vf.id)),
                         qr_caption=t("poster_scan"), footer=footer))
    for year in planner.honor_lists():
        awards = [{"title": a["title"], "names": [x["name"] for x in a["recipients"]]} for a in year["awards"]]
        cards.append(job(links.poster_honors(year["year"]), "honors", site=site,
                         title=year["title"] or t("year_honors", year=year["year"]), awards=awards,
                         notice=t("notice_badge") if year["notice"] else "",
                         more=t("poster_more_awards"),
                         url=_url(site_url, year["path"]), qr_caption=t("poster_scan_honors"),
                         footer=footer))
    for year in planner.annual_years():
        r = planner.annual_view(year)
        # a poster shows what was done: a true 0 stays on the page, not on the poster
        figures = [(f["label"], fmt.number(f["value"], lang, f["digits"]), f["unit"]) for f in r["figures"] if f["value"]]
        cards.append(job(links.poster_annual(year), "annual", site=site, year=year,
                         title=t("annual_poster_title"), figures=figures, url=_url(site_url, r["path"]),
                         qr_caption=t("poster_scan_annual"), footer=footer))
    return cards


def social_jobs(m: Model, plan: Plan, pictures: dict, files: dict, extra_pages: dict) -> dict:
    """A link-preview card for every generated page, and for the hand-written ones in `extra_pages`
    (path → title); keyed by page path."""
    cards = {}
    for spec in plan.pages:
        image = spec.image or {"title": spec.title, "subtitle": ""}
        face = None
        if image.get("face") and image["face"] in m.volunteers:
            face = _face(m.volunteers[image["face"]], pictures, files)
        elif image.get("photo") and image["photo"] in pictures["wide"]:
            face = {"id": spec.path, "name": spec.title,
                    "photo": files.get(pictures["wide"][image["photo"]]["jpeg"][-1]["path"])}
        cards[spec.path] = job(links.social(spec.path), "social", site=m.site.name, title=image["title"],
                               subtitle=image.get("subtitle") or "", face=face)
    for path, title in extra_pages.items():
        cards[path] = job(links.social(path), "social", site=m.site.name, title=title,
                          subtitle=m.site.slogan or "", face=None)
    return cards
