"""Where each generated page lives, and relative links between pages.

Every link is relative and names the file itself (`…/index.html`), so the site
works under any sub-path (GitHub Pages project sites) and from file:// (a USB
stick), with no server to resolve directories.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache


def relative(from_path: str, to_path: str) -> str:
    """URL of `to_path` (site-relative, may carry #fragment) as seen from page `from_path`."""
    target, _, fragment = to_path.partition("#")
    url = _relative(posixpath.dirname(from_path), target) if target else posixpath.basename(from_path)
    return f"{url}#{fragment}" if fragment else url


@lru_cache(maxsize=200_000)
def _relative(base: str, target: str) -> str:
    # pages share a handful of folders, so the same answers are asked for again and again
    return posixpath.relpath(target, base or ".")


def volunteer(vid: str) -> str:
    return f"volunteers/{vid}.html"


def volunteers_page(number: int = 1) -> str:
    return "volunteers/index.html" if number <= 1 else f"volunteers/page/{number}.html"


def team(tid: str) -> str:
    return f"teams/{tid}.html"


def project(pid: str) -> str:
    return f"projects/{pid}.html"


def organization(oid: str) -> str:
    return f"organizations/{oid}.html"


def honors(year: int | None = None) -> str:
    return "honors/index.html" if year is None else f"honors/{year}.html"


def story(path: str) -> str:
    """A story's page from its path under content/ (e.g. stories/2025-08-20-x.md)."""
    return posixpath.splitext(path)[0] + ".html"


def poster(vid: str) -> str:
    return f"posters/volunteers/{vid}.png"


def poster_honors(year: int) -> str:
    return f"posters/honors/{year}.png"


def honors_pdf(year: int, kind: str) -> str:
    """A printed document of a year's honors: kind "notice" (公示), "roll" (光荣榜), "list" (正式名单)."""
    return f"honors/{year}-{kind}.pdf"


def volunteer_pdf(vid: str) -> str:
    """A volunteer's printed service record (志愿服务记录), beside their page."""
    return f"volunteers/{vid}.pdf"


def annual(year: int | None = None) -> str:
    """The annual report (年度报告) of a year, or the list of them."""
    return "annual/index.html" if year is None else f"annual/{year}.html"


def poster_annual(year: int) -> str:
    return f"posters/annual/{year}.png"


def annual_pdf(year: int) -> str:
    """The annual report printed on A4, beside its page."""
    return f"annual/{year}.pdf"


def social(page_path: str) -> str:
    """The link-preview image of a page."""
    return "images/social/" + posixpath.splitext(page_path)[0] + ".png"


def to_source(path: str) -> str:
    """The virtual Markdown source that MkDocs turns into `path`."""
    return posixpath.splitext(path)[0] + ".md"


STATS = "stats/index.html"
STORIES = "stories/index.html"
WISHES = "wishes/index.html"
TEAMS = "teams/index.html"
PROJECTS = "projects/index.html"
ORGANIZATIONS = "organizations/index.html"
HOME = "index.html"
